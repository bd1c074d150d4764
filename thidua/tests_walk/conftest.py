"""The demo district, loaded once for the walking tests, plus what the demo leaves out: a
unit's draft dossier with a nomination and files (one of them "Tài liệu khác"), a dossier
already voted on with a draft decision, an open council session with a ballot, and three
Excel imports of xã Ân Mỹ's office (a name to pick, ready, imported).

Loaded inside one transaction rolled back at the end, like `demo/tests/test_seed_demo.py`;
each test runs in a savepoint inside it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from io import StringIO
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from thidua.awards import council, decisions, services
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attendance, Council
from thidua.campaigns.models import Campaign, Registration
from thidua.imports.models import ImportJob
from thidua.org.models import Unit, User
from thidua.tests_walk.crawl import Crawl, crawl

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The district's accounts (its history, until 30/6/2025) and xã Ân Mỹ's (from 1/7/2025).
ROLES = (
    "quantri",
    "noivu",
    "donvi1",
    "donvi2",
    "hoidong1",
    "chutich",
    "vanphong",
    "donvixa",
    "hoidongxa1",
    "chutichxa",
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _dossier(campaign: Campaign, unit: Unit, year: int, state: str) -> Any:
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=year, state=state)
    dossier.nominations.create(
        unit=unit,
        form_id="giay_khen_chu_tich_huyen",
        scheme_key=campaign.template.schemes[0].key,
        summary="Hoàn thành xuất sắc nhiệm vụ năm",
    )
    return dossier


def build_awards_pipeline() -> dict[str, Any]:
    office = User.objects.get(username="noivu")
    unit1 = User.objects.get(username="donvi1").unit
    campaign = Campaign.objects.get(template_key="loc-ninh-2024-2025")
    year = max(campaign.template.years)
    # donvi1's registration still being written, so its table is an edit form to walk.
    Registration.objects.filter(campaign=campaign, unit=unit1).update(
        status=Registration.Status.DRAFT, submitted_at=None
    )
    # donvi1's draft dossier: a nomination, a required component and "Tài liệu khác".
    draft = Dossier.objects.create(campaign=campaign, unit=unit1, year=year)
    services.add_nomination(
        draft,
        user=office,
        unit=unit1,
        person=None,
        form_id="giay_khen_chu_tich_huyen",
        scheme_key=campaign.template.schemes[0].key,
        summary="Dẫn đầu khối",
    )
    for component, name in (("to-trinh", "to-trinh.pdf"), ("khac", "tai-lieu-khac.pdf")):
        services.attach(
            draft, component=component, upload=SimpleUploadedFile(name, PDF), user=office
        )
    # Two more 2024 dossiers (the demo's own award chain is of 2024, when the district still
    # decided Giấy khen): one voted on and passed, in a draft decision; one on the agenda of
    # a session still open. Units without a 2024 dossier of the demo.
    free = Unit.objects.filter(level="xa", path__startswith=campaign.issuing_unit.path).exclude(
        dossiers__campaign=campaign, dossiers__year=2024
    )
    first, second = free.order_by("path")[:2]
    body = Council.objects.get(issuing_unit=campaign.issuing_unit)  # not xã Ân Mỹ's (2026)
    attendance = {seat.pk: Attendance.Mode.PAPER for seat in body.members.all()}
    voted = _dossier(campaign, first, 2024, State.TO_COUNCIL)
    closed = council.open_session(
        campaign=campaign,
        council=body,
        held_on=dt.date(2024, 12, 20),
        starts_at=dt.time(8, 0),
        ends_at=dt.time(9, 0),
        attendance=attendance,
        user=office,
    )
    (ballot,) = council.put_on_agenda(closed, list(voted.nominations.all()), user=office)
    council.key_in(ballot, approve=len(attendance), reject=0, abstain=0, user=office)
    council.close_session(closed, user=office)
    decision = decisions.draft_decision(
        campaign=campaign,
        title="Về việc tặng Giấy khen",
        nominations=list(voted.nominations.all()),
        user=office,
        today=dt.date(2024, 12, 26),
    )
    waiting = _dossier(campaign, second, 2024, State.TO_COUNCIL)
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=dt.date(2024, 12, 28),
        starts_at=dt.time(8, 0),
        attendance=attendance,
        user=office,
    )
    council.put_on_agenda(session, list(waiting.nominations.all()), user=office)
    return {"draft": draft, "voted": voted, "decision": decision, "session": session}


def build_import_jobs(media: Any) -> list[ImportJob]:
    """Three imports of xã Ân Mỹ's office, as the worker leaves them: one with a name to
    pick, one checked and ready, one imported (rows written by hand: the walk is about the
    pages, the import itself has its own tests)."""
    office = User.objects.get(username="vanphong")
    unit = office.unit
    xlsx = io.BytesIO()
    openpyxl.Workbook().save(xlsx)
    report = {"ok": True, "dry_run": True, "rows": 1, "created": 1, "updated": 0}
    outcome = {"sheet": "Chỉ số CCHC", "row": 6, "action": "create", "summary": unit.name}
    jobs = []
    for state, extra in (
        (
            ImportJob.State.INVALID,
            {
                "ok": False,
                "created": 0,
                "error_count": 1,
                "errors": [
                    {
                        "sheet": "Chỉ số CCHC",
                        "row": 7,
                        "column": "Cơ quan, đơn vị",
                        "message": "Không có đơn vị “Xã Ân Mỹ cũ”.",
                        "value": "Xã Ân Mỹ cũ",
                    }
                ],
                "picks": [
                    {
                        "value": "Xã Ân Mỹ cũ",
                        "suggestions": [{"ref": f"unit:{unit.pk}", "label": unit.name}],
                    }
                ],
            },
        ),
        (ImportJob.State.READY, {}),
        (ImportJob.State.DONE, {"dry_run": False}),
    ):
        relative = f"imports/walk-{state}.xlsx"
        (media / "imports").mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(xlsx.getvalue())
        jobs.append(
            ImportJob.objects.create(
                kind="par",
                year=2026,
                original_name=f"chi-so-cchc-{state}.xlsx",
                stored_path=relative,
                file_kind="xlsx",
                size=len(xlsx.getvalue()),
                created_by=office,
                state=state,
                report={
                    **report,
                    "unchanged": 0,
                    "error_count": 0,
                    "errors": [],
                    "picks": [],
                    "outcomes": [outcome],
                    **extra,
                },
            )
        )
    return jobs


@pytest.fixture(scope="package")
def demo_district(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    media = tmp_path_factory.mktemp("media")
    unblocked = django_db_blocker.unblock()
    with (
        unblocked,
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        pipeline = build_awards_pipeline()
        build_import_jobs(media)
        yield pipeline
        transaction.set_rollback(True)


@pytest.fixture
def client_as(demo_district: dict[str, Any], db: None) -> Any:
    def _client(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return _client


_CRAWLS: dict[str, Crawl] = {}


@pytest.fixture
def crawled(client_as: Any) -> Any:
    """crawled("noivu") -> the crawl of the demo as that account, done once per run (every
    test starts from the same data: each one's changes are rolled back)."""

    def _crawled(username: str) -> Crawl:
        if username not in _CRAWLS:
            _CRAWLS[username] = crawl(client_as(username))
        return _CRAWLS[username]

    return _crawled
