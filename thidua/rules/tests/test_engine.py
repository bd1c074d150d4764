"""The results document: candidates, years read, the evaluation year and its checks."""

from __future__ import annotations

import pytest

from thidua.rules import EvaluationError, evaluate, load_facts, load_template
from thidua.rules.tests.helpers import doc, par, person, run, scheme_of, unit


def _district() -> dict[str, object]:
    return doc(
        units=[unit("X1", "xa"), unit("P1"), unit("BP", "bo_phan"), unit("P2"), unit("TW", "tw")],
        people=[person("A", "BP"), person("B", "P2"), person("C", "X1"), person("D", "TW")],
        par_scores=[par("P1", 2024, 80), par("P2", 2024, 90), par("X1", 2024, 70)],
    )


def test_it_lists_every_subject_of_covered_groups_in_file_order() -> None:
    results = run("phu-my-2021-2025", _district(), 2024)
    collective = scheme_of(results, "tap-the-hang-nam")["candidates"]
    assert [(c["code"], c["group"]) for c in collective] == [
        ("X1", "xa"),
        ("P1", "phong"),
        ("P2", "phong"),
    ]
    individual = scheme_of(results, "ca-nhan-hang-nam")["candidates"]
    assert [(c["code"], c["group"]) for c in individual] == [("B", "phong"), ("C", "xa")]


def test_it_writes_the_document_header_and_years_read() -> None:
    results = run("phu-my-2021-2025", _district(), 2023)
    assert list(results) == ["format", "template", "year", "schemes"]
    assert (results["format"], results["template"], results["year"]) == (
        "thidua-results/1",
        "phu-my-2021-2025",
        2023,
    )
    assert [(s["key"], s["years"]) for s in results["schemes"]] == [
        ("tap-the-hang-nam", [2023]),
        ("tap-the-giai-doan", [2021, 2022, 2023, 2024, 2025]),
        ("ca-nhan-hang-nam", [2023]),
        ("ca-nhan-giai-doan", [2021, 2022, 2023, 2024, 2025]),
    ]
    first = results["schemes"][0]
    assert list(first) == ["key", "form", "subject", "years", "candidates"]
    assert list(first["candidates"][0]) == [
        "code",
        "group",
        "eligible",
        "selected",
        "rank",
        "note",
        "criteria",
    ]


def test_it_sets_selected_to_eligible_and_rank_to_null_without_a_quota() -> None:
    results = run("phu-my-2021-2025", _district(), 2024)
    for scheme in results["schemes"]:
        for c in scheme["candidates"]:
            assert c["selected"] is c["eligible"]
            assert c["rank"] is None and c["note"] is None


def test_it_evaluates_one_scheme_on_request() -> None:
    results = run("phu-my-2021-2025", _district(), 2024, "ca-nhan-giai-doan")
    assert [s["key"] for s in results["schemes"]] == ["ca-nhan-giai-doan"]


@pytest.mark.parametrize(
    ("key", "year", "scheme", "message"),
    [
        ("phu-my-2021-2025", 2020, None, "year 2020 is outside the period of template"),
        ("phu-my-2021-2025", 2026, "tap-the-giai-doan", "outside the period"),
        ("dinh-du-2024", 2023, None, "(2024–2024)"),
        ("tan-chau-2020", 2021, None, "outside the period"),
        ("thai-nguyen-2018-2020", 2021, None, "outside the period"),
        ("thai-nguyen-2018-2020", 2017, "tap-the-giai-doan", "outside the period"),
        ("phu-my-2021-2025", 2024, "ca-nhan", "unknown scheme 'ca-nhan' in template"),
    ],
)
def test_it_refuses_years_outside_the_period_and_unknown_schemes(
    key: str, year: int, scheme: str | None, message: str
) -> None:
    with pytest.raises(EvaluationError) as info:
        evaluate(load_template(key), load_facts(_district()), year, scheme)
    assert message in str(info.value)


def test_it_refuses_a_year_outside_a_phase_that_is_shorter_than_the_period() -> None:
    data = load_template("phu-my-2021-2025").to_dict()
    data["schemes"][1]["phase"] = {"start": 2022, "end": 2024, "reading": "all_years"}
    from thidua.rules import template_from_dict

    template = template_from_dict(data)
    facts = load_facts(_district())
    with pytest.raises(EvaluationError, match="outside the phase 2022–2024 of scheme"):
        evaluate(template, facts, 2021)
    assert len(evaluate(template, facts, 2021, "tap-the-hang-nam")["schemes"]) == 1
    assert scheme_of(evaluate(template, facts, 2023), "tap-the-giai-doan")["years"] == [
        2022,
        2023,
        2024,
    ]


def test_it_does_not_accept_a_boolean_for_the_year() -> None:
    with pytest.raises(EvaluationError):
        evaluate(load_template("tan-chau-2020"), load_facts(_district()), True)
