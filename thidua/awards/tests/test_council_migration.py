"""Migration 0006: sessions written before councils had a composition keep working — a
council is made from the accounts that sat on them plus seats to complete, attendance follows
the old record, closed sessions keep their results, and the session can be closed after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("awards", "0004_decision_award_labels")]
AFTER = [("awards", "0007_council_drop_session_accounts")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():  # type: ignore[no-untyped-def]
    """Later migrations (of any app) must be applied again, or the next tests meet an old
    schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_old_sessions_get_a_council_and_attendance(district, accounts) -> None:  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Campaign = old.get_model("campaigns", "Campaign")
    Session = old.get_model("awards", "CouncilSession")
    campaign = Campaign.objects.create(name="Phong trào cũ", issuing_unit_id=district["root"].pk)
    open_one = Session.objects.create(
        campaign=campaign, held_on=dt.date(2025, 12, 1), total_members=5, present=1
    )
    open_one.members.set([accounts["council"].pk])
    closed = Session.objects.create(
        campaign=campaign,
        held_on=dt.date(2025, 11, 1),
        total_members=3,
        present=1,
        closed_at="2025-11-01T10:00:00Z",
    )
    closed.members.set([accounts["council"].pk])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from thidua.awards.records import Attendance, Council, CouncilSession

    (body,) = Council.objects.all()
    assert body.issuing_unit_id == district["root"].pk
    assert body.members.count() == 5  # the account + 4 seats to complete
    assert body.members.filter(user=accounts["council"]).count() == 1
    new_open = CouncilSession.objects.get(pk=open_one.pk)
    assert (new_open.council_id, new_open.status) == (body.pk, CouncilSession.Status.SCHEDULED)
    modes = sorted(new_open.attendance.values_list("mode", flat=True))
    assert modes == sorted([Attendance.Mode.SCREEN] + [Attendance.Mode.ABSENT] * 4)
    new_closed = CouncilSession.objects.get(pk=closed.pk)
    assert new_closed.status == CouncilSession.Status.CLOSED
    assert new_closed.attendance.count() == 3
