"""The database adapter gives the engine the same facts as the file, in a fixed number of
queries whatever the number of candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.org.models import Person, Unit
from thidua.rules.engine import evaluate
from thidua.rules.facts import parse_facts_json
from thidua.rules.template import load_template
from thidua.scoring import models as m
from thidua.scoring.adapters import facts_from_db

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def _by_code(results: dict) -> dict:
    return {(s["key"], c["code"]): c for s in results["schemes"] for c in s["candidates"]}


@pytest.mark.django_db
def test_it_evaluates_the_database_like_the_file() -> None:
    path = EXAMPLES / "phu-my-small.facts.json"
    if not path.exists():
        pytest.skip("shared/examples is not beside the repository")
    call_command("import-facts", str(path))
    template = load_template("phu-my-2021-2025")
    from_file = evaluate(template, parse_facts_json(path.read_bytes()), 2024)
    from_db = evaluate(template, facts_from_db(range(2021, 2026)), 2024)
    assert _by_code(from_db) == _by_code(from_file)
    expected = json.loads((EXAMPLES / "phu-my-small.results.json").read_text())
    assert _by_code(from_db) == _by_code(expected)


def _grow(n: int) -> None:
    unit = Unit.objects.create(code=f"U{n}", name=f"Đơn vị {n}", level="xa", group_id="xa")
    m.ParScore.objects.create(unit=unit, year=2024, score=50 + n)
    person = Person.objects.create(code=f"P{n}", full_name=f"Người Số {n}", unit=unit)
    m.Rating.objects.create(person=person, year=2024, rating="HTXSNV")
    m.Award.objects.create(person=person, form_id="lao_dong_tien_tien", year=2023)
    initiative = m.Initiative.objects.create(
        code=f"SK{n}", title="x", unit=unit, year=2024, scope="huyen"
    )
    initiative.authors.add(person)


@pytest.mark.django_db
def test_it_uses_the_same_number_of_queries_for_more_candidates() -> None:
    _grow(1)
    with CaptureQueriesContext(connection) as few:
        facts_from_db([2024])
    for n in range(2, 30):
        _grow(n)
    with CaptureQueriesContext(connection) as many:
        facts = facts_from_db([2024])
    assert len(facts.people) == 29
    assert len(many) == len(few)


@pytest.mark.django_db
def test_it_leaves_out_units_that_no_longer_exist_in_the_years() -> None:
    import datetime as dt

    gone = Unit.objects.create(
        code="OLD", name="UBND xã Cũ", level="xa", group_id="xa", valid_to=dt.date(2025, 6, 30)
    )
    new = Unit.objects.create(
        code="NEW", name="UBND xã Mới", level="xa", group_id="xa", valid_from=dt.date(2025, 7, 1)
    )
    new.merged_from.add(gone)
    assert [u.code for u in facts_from_db([2024]).units] == ["OLD"]
    assert [u.code for u in facts_from_db([2026]).units] == ["NEW"]
    assert {u.code for u in facts_from_db([2025]).units} == {"OLD", "NEW"}


def _moved_by_a_merger(n: int, scope: Unit | None = None) -> Person:
    """A person of xã Cũ n, moved on 1/7/2025 to xã Mới n formed from it."""
    import datetime as dt

    old = Unit.objects.create(
        code=f"OLD{n}",
        name=f"UBND xã Cũ {n}",
        level="xa",
        group_id="xa",
        parent=scope,
        valid_to=dt.date(2025, 6, 30),
    )
    new = Unit.objects.create(
        code=f"NEW{n}",
        name=f"UBND xã Mới {n}",
        level="xa",
        group_id="xa",
        valid_from=dt.date(2025, 7, 1),
    )
    new.merged_from.add(old)
    person = Person.objects.create(
        code=f"M{n}", full_name=f"Người Chuyển {n}", unit=new, former_unit=old
    )
    m.Rating.objects.create(person=person, year=2024, rating="HTXSNV")
    m.Award.objects.create(person=person, form_id="lao_dong_tien_tien", year=2024)
    m.Discipline.objects.create(person=person, date=dt.date(2024, 5, 2), level="khien_trach")
    initiative = m.Initiative.objects.create(
        code=f"SKM{n}", title="x", unit=old, year=2024, scope="co_so"
    )
    initiative.authors.add(person)
    return person


@pytest.mark.django_db
def test_a_person_moved_by_a_merger_is_read_across_it() -> None:
    district = Unit.objects.create(code="HUYEN", name="UBND huyện", level="huyen", group_id="khac")
    person = _moved_by_a_merger(1, district)
    # 2024: a member of the former unit, with their own facts; also within the district.
    for facts in (
        facts_from_db([2024]),
        facts_from_db([2024], district.subtree().values_list("pk", flat=True)),
    ):
        assert facts.person_by_code["M1"].unit == "OLD1"
        assert [a.year for a in facts.awards_of["M1"]] == [2024]
        assert facts.disciplines and facts.initiatives[0].authors == ("M1",)
    # 2026: the former unit is gone, the person is the new commune's and keeps the award.
    later = facts_from_db([2024, 2026], [person.unit_id])
    assert later.person_by_code["M1"].unit == "NEW1"
    assert [a.year for a in later.awards_of["M1"]] == [2024]
    assert later.rating("M1", 2024) == "HTXSNV"


@pytest.mark.django_db
def test_reading_across_mergers_costs_no_query_per_person() -> None:
    _moved_by_a_merger(1)
    with CaptureQueriesContext(connection) as few:
        facts_from_db([2024])
    for n in range(2, 20):
        _moved_by_a_merger(n)
    with CaptureQueriesContext(connection) as many:
        facts = facts_from_db([2024])
    assert {p.unit for p in facts.people} == {f"OLD{n}" for n in range(1, 20)}
    assert len(many) == len(few)


@pytest.mark.django_db
def test_it_reads_only_appraised_par_scores() -> None:
    unit = Unit.objects.create(code="A", name="A", level="xa", group_id="xa")
    m.ParScore.objects.create(unit=unit, year=2024, self_score=95)
    facts = facts_from_db([2024])
    assert facts.par("A", 2024) is None
