"""Migration 0011: documents that became official before the register get their numbers —
signed decisions keep the typed ones, submitted dossiers are numbered in order of
submission among the dates of their unit's documents, closed sessions in the council's
own register; drafts get none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("awards", "0010_docs_recipients")]
AFTER = [("awards", "0011_issued_numbers")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():  # type: ignore[no-untyped-def]
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_documents_are_numbered_in_order(district) -> None:  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Campaign = old.get_model("campaigns", "Campaign")
    Dossier = old.get_model("awards", "Dossier")
    Decision = old.get_model("awards", "Decision")
    Council = old.get_model("awards", "Council")
    Session = old.get_model("awards", "CouncilSession")
    root, unit_a = district["root"].pk, district["a"].pk
    campaign = Campaign.objects.create(name="Phong trào cũ", issuing_unit_id=root)
    decision = Decision.objects.create(
        campaign=campaign, title="x", number="3", status="da_ky", signed_on=dt.date(2025, 12, 1)
    )
    later = Dossier.objects.create(
        campaign=campaign, unit_id=root, year=2024, submitted_at="2025-11-20T02:00:00Z"
    )
    earlier = Dossier.objects.create(
        campaign=campaign, unit_id=root, year=2025, submitted_at="2025-11-10T02:00:00Z"
    )
    own = Dossier.objects.create(
        campaign=campaign, unit_id=unit_a, year=2025, submitted_at="2025-12-30T02:00:00Z"
    )
    draft = Dossier.objects.create(campaign=campaign, unit_id=unit_a, year=2024)
    body = Council.objects.create(name="Hội đồng", issuing_unit_id=root)
    session = Session.objects.create(
        campaign=campaign,
        council=body,
        held_on=dt.date(2025, 12, 15),
        total_members=5,
        status="da_ket_thuc",
        closed_at="2025-12-15T04:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # Read with today's model: the later migrations (a revocation's number, …) carry the rows.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from thidua.awards.numbering import IssuedNumber

    def line(**document: int) -> tuple[str, str, int]:
        found = IssuedNumber.objects.get(**document)
        return found.text, found.symbol, found.year

    assert line(decision_id=decision.pk) == ("03", "QĐ-UBND", 2025)
    assert line(dossier_id=earlier.pk) == ("01", "TTr-UBND", 2025)
    assert line(dossier_id=later.pk) == ("02", "TTr-UBND", 2025)  # 03 is the decision's
    assert line(dossier_id=own.pk) == ("01", "TTr-PNV", 2025)
    assert line(session_id=session.pk) == ("01", "BB-HĐTĐKT", 2025)
    assert not IssuedNumber.objects.filter(dossier_id=draft.pk).exists()
    assert IssuedNumber.objects.get(session_id=session.pk).council_id == body.pk
