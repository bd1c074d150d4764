"""Batched look-ups and bulk writes: more keys than a statement may bind, a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.lib.audit import bulk_create_logged, bulk_delete_logged, bulk_update_logged
from thidua.lib.batching import BATCH, chunked, filter_in, in_bulk
from thidua.org.models import Person, Unit
from thidua.scoring import models as m

KEYS = 40_000  # over SQLite's stock limit of 32,766 bound values


def test_chunked_keeps_the_order_and_the_last_short_chunk() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []


@pytest.fixture
def unit(db: None) -> Unit:
    return Unit.objects.create(code="DV", name="Đơn vị", level="xa", group_id="xa")


def _people(unit: Unit, n: int, prefix: str = "BT") -> list[Person]:
    return [Person(code=f"{prefix}{i:06d}", full_name=f"Lê Văn {i}", unit=unit) for i in range(n)]


def test_it_looks_up_more_keys_than_a_statement_binds(
    stock_sqlite_limit: int | None, unit: Unit
) -> None:
    Person.objects.bulk_create(_people(unit, 3), batch_size=500)
    wanted = [f"BT{i:06d}" for i in range(KEYS)] + ["BT000001"]  # a repeated key: once
    if stock_sqlite_limit is not None:
        assert stock_sqlite_limit < len(wanted)
    with CaptureQueriesContext(connection) as queries:
        found = in_bulk(Person.objects, wanted, field_name="code")
        codes = sorted(filter_in(Person.objects.values_list("code", flat=True), "code", wanted))
    assert sorted(found) == codes == ["BT000000", "BT000001", "BT000002"]
    assert found["BT000002"].full_name == "Lê Văn 2"
    assert len(queries) == 2 * -(-KEYS // BATCH)  # one query per BATCH keys


@pytest.mark.parametrize("rows", [10, 300])
def test_the_audit_entries_cost_no_query_per_row(rows: int, unit: Unit) -> None:
    """An entry's object_repr is str(rating), which names the person: the people are read
    once for the batch, not once per rating."""
    people = Person.objects.bulk_create(_people(unit, rows), batch_size=500)
    ratings = [m.Rating(person_id=p.pk, year=2025, rating="HTTNV") for p in people]
    with CaptureQueriesContext(connection) as queries:
        bulk_create_logged(m.Rating, ratings)
    assert len(queries) <= 12  # inserts in batches, the people, the entries
    entry = LogEntry.objects.get(object_pk=str(ratings[-1].pk), content_type__model="rating")
    assert entry.object_repr == f"Lê Văn {rows - 1} — 2025: HTTNV"

    for rating in ratings:
        rating.rating = "HTXSNV"
    with CaptureQueriesContext(connection) as queries:
        bulk_update_logged(m.Rating, ratings, ["rating"])
    assert len(queries) <= 12
    assert m.Rating.objects.filter(rating="HTXSNV").count() == rows


def test_bulk_writes_in_batches_log_every_row(unit: Unit) -> None:
    n = BATCH + 1  # two batches
    people = bulk_create_logged(Person, _people(unit, n))
    for person in people:
        person.position = "Chuyên viên"
    assert bulk_update_logged(Person, people, ["position"]) == n
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count() == n
    m.Rating.objects.bulk_create(
        [m.Rating(person_id=p.pk, year=2025, rating="HTTNV") for p in people], batch_size=500
    )
    removed = bulk_delete_logged(Person.objects.filter(code__startswith="BT"))
    assert removed == 2 * n  # the people and the ratings their deletion cascades to
    assert not Person.objects.exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE).count() == 2 * n
