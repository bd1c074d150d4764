"""Loading only what a template reads (rules.reads) changes no verdict: on the demo
district, every template and year evaluates the same with the narrowed facts as with all."""

from __future__ import annotations

import pytest

from thidua.demo.builder import load_demo
from thidua.rules.engine import evaluate
from thidua.rules.reads import template_reads
from thidua.rules.template import load_template, template_keys
from thidua.scoring.adapters import facts_from_db


@pytest.mark.django_db
def test_it_gives_the_same_results_as_loading_everything() -> None:
    load_demo()
    compared = 0
    for key in template_keys():
        template = load_template(key)
        for year in template.years:
            years = sorted({y for s in template.schemes for y in s.years_read(year)})
            everything = evaluate(template, facts_from_db(years), year)
            narrowed = evaluate(
                template, facts_from_db(years, reads=template_reads(template, year)), year
            )
            assert narrowed == everything, (key, year)
            compared += 1
    assert compared >= 9


def test_it_reads_only_the_years_the_criteria_name() -> None:
    reads = template_reads(load_template("thai-nguyen-2018-2020"), 2019)
    assert reads["ratings"] == {2019, 2020}  # annual schemes read 2019, phase ones 2020
    assert reads["par_scores"] == {2019, 2020}
    assert "initiatives" not in reads
    phu_my = template_reads(load_template("phu-my-2021-2025"), 2024)
    assert phu_my["par_scores"] == {2021, 2022, 2023, 2024, 2025}
    assert phu_my["awards"] == {2021, 2022, 2023, 2024, 2025}
    assert phu_my["ratings"] == {2024}
    assert phu_my["attestation_keys"] == {"tieu_bieu_giai_doan"}
