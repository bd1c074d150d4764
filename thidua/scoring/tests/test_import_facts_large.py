"""`import_facts` on a document larger than one SQL statement may bind: more people than
SQLite's variable limit, imported in batches, still one audit entry per row, idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.org.models import Person, Unit
from thidua.rules.facts import load_facts
from thidua.scoring import models as m
from thidua.scoring.services import import_facts

PEOPLE = 35_000
UNITS = 350
YEAR = 2024


def _document() -> dict[str, Any]:
    groups = ("phong", "xa", "bo_phan", "thon")
    units = [
        {"code": f"DV{i:04d}", "name": f"Đơn vị {i}", "group": groups[i % 4]} for i in range(UNITS)
    ]
    people = [
        {
            "code": f"CB{i:06d}",
            "name": f"Nguyễn Văn {i}",
            "unit": f"DV{i % UNITS:04d}",
            "position": "Chuyên viên",
            "key_leader": i % 20 == 0,
        }
        for i in range(PEOPLE)
    ]
    codes = [p["code"] for p in people]
    return {
        "format": "thidua-facts/1",
        "units": units,
        "people": people,
        "par_scores": [
            {"unit": u["code"], "year": year, "score": 70 + i % 30}
            for i, u in enumerate(units)
            for year in (YEAR - 1, YEAR)
        ],
        "ratings": [
            {"subject": code, "year": YEAR, "rating": ("HTXSNV", "HTTNV", "HTNV")[i % 3]}
            for i, code in enumerate(codes[::2])
        ]
        + [{"subject": u["code"], "year": YEAR, "rating": "HTTNV"} for u in units],
        "disciplines": [
            {"person": code, "date": f"{YEAR}-03-0{1 + i % 9}", "level": "khien_trach"}
            for i, code in enumerate(codes[::50])
        ],
        "reviews": [
            {"subject": code, "since": f"{YEAR}-05-01", "kind": "khieu_nai"}
            for code in codes[::100]
        ],
        # the same award twice for the first recipients: counted records
        "awards": [
            {"recipient": code, "form": "lao_dong_tien_tien", "year": YEAR}
            for code in codes[::10] + codes[:3]
        ],
        "initiatives": [
            {
                "code": f"SK-{YEAR}-{n:05d}",
                "unit": f"DV{n % UNITS:04d}",
                "authors": [codes[n * 7], codes[n * 7 + 1]],
                "year": YEAR,
                "scope": "co_so",
            }
            for n in range(PEOPLE // 70)
        ],
        "attestations": [
            {"subject": code, "year": YEAR, "key": "guong_mau"} for code in codes[::8]
        ],
    }


@pytest.mark.django_db
def test_it_imports_more_people_than_one_statement_binds(stock_sqlite_limit: int | None) -> None:
    if stock_sqlite_limit is not None:
        assert stock_sqlite_limit < PEOPLE  # the document really is over the limit
    facts = load_facts(_document())

    with CaptureQueriesContext(connection) as queries:
        first = import_facts(facts)

    assert first.created["people"] == PEOPLE
    assert first.created["units"] == UNITS
    assert Person.objects.count() == PEOPLE
    assert Unit.objects.count() == UNITS
    assert m.ParScore.objects.count() == 2 * UNITS
    assert m.Rating.objects.count() == PEOPLE // 2 + UNITS
    assert m.Discipline.objects.count() == PEOPLE // 50
    assert m.Review.objects.count() == PEOPLE // 100
    assert m.Award.objects.count() == PEOPLE // 10 + 3
    assert m.Award.objects.filter(person__code="CB000000").count() == 2
    assert m.Initiative.objects.count() == PEOPLE // 70
    assert m.Initiative.authors.through.objects.count() == 2 * (PEOPLE // 70)
    assert m.Attestation.objects.count() == PEOPLE // 8
    person = Person.objects.get(code="CB034998")
    assert person.unit.code == f"DV{34998 % UNITS:04d}"
    assert m.Rating.objects.get(person=person, year=YEAR).rating == "HTXSNV"
    # one audit entry per row written, and per initiative its authors (auditlog's m2m entry)
    written = sum(first.created.values()) - first.created["initiative authors"]
    assert LogEntry.objects.count() == written + first.created["initiatives"]
    # a fixed number of queries per batch of records: a query per row would be >= written
    assert len(queries) < written / 20

    entries = LogEntry.objects.count()
    second = import_facts(facts)

    assert sum(second.created.values()) == 0
    assert sum(second.updated.values()) == 0
    assert LogEntry.objects.count() == entries
    assert Person.objects.count() == PEOPLE
