"""Document numbers issued by the product (NĐ 30/2020): one register per issuing body and
year, restarting at 01 on 1 January; the Tờ trình numbered when the unit submits, the Biên
bản when the session is closed (in the council's own register), decisions sharing their
issuer's register; the documents print the number, a draft keeps the blank."""

from __future__ import annotations

import datetime as dt
import threading
from io import BytesIO

import pytest
from django.db import IntegrityError, connection, transaction
from docx import Document

from thidua.awards import composition, council, numbering, services
from thidua.awards.decisions import DecisionError, draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.numbering import IssuedNumber
from thidua.awards.records import Attachment, Attendance, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents import dossier_docs
from thidua.documents.minutes_docx import minutes_docx, minutes_identity

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 12, 22)


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _complete(campaign, unit, year: int = 2025, person=None) -> Dossier:  # type: ignore[no-untyped-def]
    """A draft dossier with a nomination and a file for every component."""
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=year)
    subject = {"person": person} if person is not None else {"unit": unit}
    Nomination.objects.create(dossier=dossier, form_id="giay_khen_chu_tich_xa", **subject)
    for component in campaign.template.dossier.components:
        Attachment.objects.create(
            dossier=dossier,
            component=component.key,
            original_name=f"{component.key}.pdf",
            path=f"test/{dossier.pk}-{component.key}.pdf",
            kind="pdf",
            size=10,
        )
    return dossier


def _submit(dossier: Dossier, accounts, on: dt.date) -> Dossier:  # type: ignore[no-untyped-def]
    return services.submit(
        dossier, user=accounts["office"], today=on, accept_late=True, reason="Hồ sơ giấy."
    )


def _number(dossier: Dossier) -> tuple[str, str, int]:
    issued = IssuedNumber.objects.get(dossier=dossier)
    return issued.text, issued.symbol, issued.year


def test_each_unit_has_its_own_sequence(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    a_2025 = _submit(_complete(campaign, district["a"]), accounts, DAY)
    b_2025 = _submit(_complete(campaign, district["b"]), accounts, DAY)
    a_2024 = _submit(_complete(campaign, district["a"], year=2024), accounts, DAY)
    assert _number(a_2025) == ("01", "TTr-PNV", 2025)
    assert _number(a_2024) == ("02", "TTr-PNV", 2025)  # the document's year, not the dossier's
    assert _number(b_2025) == ("01", "TTr-UBND", 2025)
    assert a_2025.state == State.SUBMITTED


def test_a_new_year_restarts_at_one(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    first = _submit(_complete(campaign, district["a"], year=2024), accounts, dt.date(2025, 12, 31))
    second = _submit(_complete(campaign, district["a"]), accounts, dt.date(2026, 1, 2))
    assert _number(first) == ("01", "TTr-PNV", 2025)
    assert _number(second) == ("01", "TTr-PNV", 2026)
    assert numbering.next_number(unit=district["a"], year=2026) == 2
    assert numbering.next_number(unit=district["a"], year=2027) == 1


def test_a_resubmission_keeps_the_number(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _submit(_complete(campaign, district["a"]), accounts, DAY)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.NEEDS_MORE)
    dossier.refresh_from_db()
    services.submit(dossier, user=accounts["unit_a"], today=DAY)
    assert IssuedNumber.objects.filter(unit=district["a"]).count() == 1
    assert _number(dossier)[0] == "01"


def test_the_register_refuses_a_number_twice(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _submit(_complete(campaign, district["a"]), accounts, DAY)
    other = _complete(campaign, district["a"], year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            unit=district["a"],
            year=2025,
            number=1,
            symbol="TTr-PNV",
            dossier=other,
            issued_on=DAY,
        )
    assert IssuedNumber.objects.get(number=1, unit=district["a"]).dossier_id == dossier.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer (BEGIN IMMEDIATE); the race is PostgreSQL's",
)
def test_two_concurrent_submissions_never_share_a_number(district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    first = _complete(campaign, district["a"])
    second = _complete(campaign, district["a"], year=2024)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def issue(dossier: Dossier) -> None:
        try:
            barrier.wait()
            numbering.issue_for_dossier(dossier, user=None, on=DAY)
        except BaseException as e:  # reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(
        IssuedNumber.objects.filter(unit=district["a"]).values_list("number", flat=True)
    )
    assert numbers == [1, 2]


def _closed_session(campaign, accounts, held_on: dt.date):  # type: ignore[no-untyped-def]
    body = campaign.issuing_unit.councils.first() or composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng", user=accounts["office"]
    )
    if not body.members.exists():
        for i in range(3):
            composition.add_member(
                body, full_name=f"Thành Viên {i}", role="uy_vien", user=accounts["office"]
            )
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=held_on,
        starts_at=dt.time(8),
        ends_at=dt.time(9),
        attendance={s.pk: Attendance.Mode.PAPER for s in body.members.all()},
        user=accounts["office"],
        today=held_on,
    )
    council.close_session(session, user=accounts["office"], today=held_on)
    return session


def _header_number(content: bytes) -> str:
    doc = Document(BytesIO(content))
    cells = [p.text for row in doc.tables[0].rows for c in row.cells for p in c.paragraphs]
    return next(t for t in cells if t.startswith("Số:"))


def test_the_minutes_take_the_councils_number_at_closing(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    first = _closed_session(campaign, accounts, dt.date(2025, 12, 10))
    second = _closed_session(campaign, accounts, dt.date(2025, 12, 20))
    assert [first.issued_number.text, second.issued_number.text] == ["01", "02"]
    assert second.issued_number.council_id == second.council_id
    assert second.issued_number.unit_id is None  # not the People's Committee's register
    text = _header_number(minutes_docx(second, **minutes_identity(second)))
    assert text == "Số: 02/BB-HĐTĐKT"


def test_the_to_trinh_prints_its_number_once_submitted(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _complete(campaign, district["a"])
    draft = dossier_docs.to_trinh_docx(dossier, today=DAY, number="")
    assert _header_number(draft) == "Số:      /TTr-PNV"
    _submit(_complete(campaign, district["a"], year=2024), accounts, DAY)  # took 01
    _submit(dossier, accounts, DAY)
    issued = numbering.number_of(dossier=dossier)
    assert issued is not None
    content = dossier_docs.to_trinh_docx(dossier, today=issued.issued_on, number=issued.text)
    assert _header_number(content) == f"Số: {issued.text}/TTr-PNV"
    assert issued.text == "02"


def test_a_decision_shares_its_issuers_register(campaign, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    """UBND xã Mỹ An's own Tờ trình took 01 of 2025: its decision may not be 01 too."""
    _submit(_complete(campaign, district["b"]), accounts, DAY)
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["a"], form_id="giay_khen_chu_tich_xa"
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    decision = draft_decision(
        campaign=campaign, title="khen thưởng", nominations=[nomination], user=accounts["office"]
    )
    assert numbering.next_number(unit=district["b"], year=2025) == 2
    with pytest.raises(DecisionError, match="đã được cấp cho văn bản 01/TTr-UBND"):
        sign_decision(
            decision,
            number="1",
            signed_on=DAY,
            user=accounts["leader"],
            money_mode="khong",
        )
    sign_decision(decision, number="2", signed_on=DAY, user=accounts["leader"], money_mode="khong")
    issued = IssuedNumber.objects.get(decision=decision)
    assert (issued.unit_id, issued.year, issued.text, issued.symbol) == (
        district["b"].pk,
        2025,
        "02",
        "QĐ-UBND",
    )
    assert numbering.next_number(unit=district["b"], year=2025) == 3


def test_backfill_numbers_documents_of_the_past_among_their_dates(
    campaign, district, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    """A dossier moved without the register (a loader, rows from before it) is numbered
    by its submission date: after the documents dated before it, skipping later ones."""
    from django.utils import timezone

    reviewed = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    nomination = Nomination.objects.create(
        dossier=reviewed, person=people["a"], form_id="giay_khen_chu_tich_xa"
    )
    Dossier.objects.filter(pk=reviewed.pk).update(state=State.REVIEWED)
    decision = draft_decision(
        campaign=campaign, title="khen thưởng", nominations=[nomination], user=accounts["office"]
    )
    sign_decision(
        decision,
        number="45",
        signed_on=dt.date(2025, 12, 1),
        user=accounts["leader"],
        money_mode="khong",
        today=DAY,
    )
    late = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2024)
    early = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    for dossier, day in ((early, 16), (late, 20)):
        stamp = timezone.make_aware(dt.datetime(2025, 11, day, 9))
        Dossier.objects.filter(pk=dossier.pk).update(state=State.SUBMITTED, submitted_at=stamp)
    assert numbering.backfill() == 2
    assert _number(early) == ("01", "TTr-UBND", 2025)
    assert _number(late) == ("02", "TTr-UBND", 2025)
    assert numbering.backfill() == 0  # once
    assert numbering.next_number(unit=district["b"], year=2025) == 46
