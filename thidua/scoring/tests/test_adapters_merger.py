"""A unit formed by a merger reads its predecessors' collective facts for the years before
it existed (scoring.adapters, the rule in its docstring): with one predecessor its score,
rating and awards; with several the lowest score or rating when every one has it, an award
when every one received it. The explanation names whose score it is. A fixed number of
queries whatever the number of merged units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.org.models import Unit
from thidua.rules.engine import evaluate
from thidua.rules.template import template_from_dict
from thidua.scoring import models as m
from thidua.scoring.adapters import facts_from_db

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)
YEARS = range(2024, 2027)


def _template() -> Any:
    """A 2026 scheme for communes: PAR ≥ 70 % in each of 2024 and 2025."""
    return template_from_dict(
        {
            "key": "thu-2026",
            "title": "Kế hoạch thử năm 2026",
            "issuer": "Ủy ban nhân dân tỉnh Thử",
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "participants": {"groups": ["xa"], "individuals": False},
            "schemes": [
                {
                    "key": "tap-the",
                    "name": "Giấy khen tập thể",
                    "form": "giay_khen_chu_tich_xa",
                    "subject": "collective",
                    "scope": "annual",
                    "groups": ["xa"],
                    "criteria": [
                        {
                            "key": "par_70_2_nam",
                            "label": "Đơn vị 02 năm liên tục có Chỉ số CCHC đạt từ 70% trở lên",
                            "primitive": "par_percent",
                            "params": {"threshold": 70, "years": ["Y-2", "Y-1"]},
                        }
                    ],
                    "expression": "par_70_2_nam",
                }
            ],
        }
    )


def _old(code: str, name: str) -> Unit:
    return Unit.objects.create(
        code=code, name=name, level="xa", group_id="xa", valid_to=REFORM - dt.timedelta(days=1)
    )


def _new(code: str, name: str, olds: list[Unit]) -> Unit:
    unit = Unit.objects.create(code=code, name=name, level="xa", group_id="xa", valid_from=REFORM)
    unit.merged_from.set(olds)
    return unit


def _par(unit: Unit, year: int, score: int) -> None:
    m.ParScore.objects.create(
        unit=unit, year=year, score=Decimal(score), confirmed_at=timezone.now()
    )


def _candidate(code: str) -> dict[str, Any]:
    results = evaluate(_template(), facts_from_db(YEARS), 2026)
    (scheme,) = results["schemes"]
    return next(c for c in scheme["candidates"] if c["code"] == code)


def test_one_predecessor_its_scores_rating_and_awards(db: None) -> None:
    old = _old("ANHAO", "UBND xã Ân Hảo")
    new = _new("ANMY", "UBND xã Ân Mỹ", [old])
    _par(old, 2024, 85)
    _par(old, 2025, 78)
    m.Rating.objects.create(unit=old, year=2025, rating="HTXSNV", confirmed_at=timezone.now())
    m.Award.objects.create(unit=old, form_id="giay_khen_chu_tich_huyen", year=2024)
    facts = facts_from_db(YEARS)
    assert facts.par("ANMY", 2024).source == "UBND xã Ân Hảo"
    assert facts.rating("ANMY", 2025) == "HTXSNV"
    assert ("giay_khen_chu_tich_huyen", 2024) in {
        (a.form, a.year) for a in facts.awards if a.recipient == "ANMY"
    }
    # Its own years are its own: 2026 is not read from the predecessor.
    _par(new, 2026, 60)
    assert facts_from_db(YEARS).par("ANMY", 2026).source == ""

    candidate = _candidate("ANMY")
    (criterion,) = candidate["criteria"]
    assert criterion["verdict"] is True
    assert criterion["detail"] == (
        "Chỉ số CCHC năm 2024: 85,00% — số liệu của UBND xã Ân Hảo (≥ 70%); "
        "Chỉ số CCHC năm 2025: 78,00% — số liệu của UBND xã Ân Hảo (≥ 70%)"
    )


def test_several_predecessors_the_lowest_or_unknown(db: None) -> None:
    my_chau, my_duc = _old("MYCHAU", "UBND xã Mỹ Châu"), _old("MYDUC", "UBND xã Mỹ Đức")
    _new("ANMY", "UBND xã Ân Mỹ", [my_chau, my_duc])
    _par(my_chau, 2024, 92)
    _par(my_duc, 2024, 66)  # the lowest: below 70
    _par(my_chau, 2025, 90)  # Mỹ Đức has none for 2025: unknown
    for unit, rating in ((my_chau, "HTXSNV"), (my_duc, "HTTNV")):
        m.Rating.objects.create(unit=unit, year=2024, rating=rating, confirmed_at=timezone.now())
    m.Award.objects.create(unit=my_chau, form_id="giay_khen_chu_tich_huyen", year=2024)
    facts = facts_from_db(YEARS)
    assert facts.par("ANMY", 2024).score == Decimal(66)
    assert facts.par("ANMY", 2025) is None
    assert facts.rating("ANMY", 2024) == "HTTNV"
    assert not [a for a in facts.awards if a.recipient == "ANMY"]  # only one of the two had it

    (criterion,) = _candidate("ANMY")["criteria"]
    assert criterion["verdict"] is False
    assert (
        "66,00% — số liệu của UBND xã Mỹ Đức (thấp nhất trong 2 đơn vị hợp nhất)"
        in (criterion["detail"])
    )
    assert "Chỉ số CCHC năm 2025: chưa có số liệu" in criterion["detail"]


def test_the_queries_do_not_grow_with_the_merged_units(db: None) -> None:
    def queries(n: int) -> int:
        for i in range(n):
            olds = [_old(f"O{n}-{i}-{k}", f"UBND xã Cũ {n}-{i}-{k}") for k in range(2)]
            for old in olds:
                _par(old, 2024, 80)
                m.Rating.objects.create(
                    unit=old, year=2024, rating="HTTNV", confirmed_at=timezone.now()
                )
                m.Award.objects.create(unit=old, form_id="giay_khen_chu_tich_huyen", year=2024)
            _new(f"N{n}-{i}", f"UBND xã Mới {n}-{i}", olds)
        with CaptureQueriesContext(connection) as captured:
            facts_from_db(YEARS)
        return len(captured)

    assert queries(1) == queries(6)
