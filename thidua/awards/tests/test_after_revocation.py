"""After a revocation: the payment list and the fund's payment leave the revoked award out;
a revocation's number is checked against its issuer's register; money movements cannot be
dated in the future."""

from __future__ import annotations

import datetime as dt
import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards import fund, revocation
from thidua.awards.fund import FundEntry
from thidua.awards.numbering import IssuedNumber
from thidua.awards.payments import payment_rows, payment_xlsx, total_of
from thidua.awards.tests.test_after_decision import _docx_text, _signed_decision
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.payment_docx import payment_docx
from thidua.scoring.models import Award

salaries = import_module("thidua.awards.migrations.0001_initial")
NOTE = "Đã thu hồi theo Quyết định số 27/QĐ-UBND ngày 05/06/2025"


@pytest.fixture(autouse=True)
def _salaries(db: None) -> None:
    salaries.forwards(django_apps, None)


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _revoke(person, district, accounts, number="27", on=dt.date(2025, 6, 5)):  # type: ignore[no-untyped-def]
    draft = revocation.draft_revocation(
        reason="Khai không đúng thành tích",
        awards=[Award.objects.get(person=person)],
        user=accounts["office"],
        issuer=district["root"],
    )
    return revocation.record_signed(
        draft, number=number, signed_on=on, signer_name="Lê Văn Chủ", user=accounts["office"]
    )


def test_the_payment_list_marks_a_revoked_awardee_and_pays_only_awards_in_force(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    _revoke(people["a"], district, accounts)
    rows = payment_rows(decision)
    assert [(r.name, r.amount, r.revoked) for r in rows] == [
        ("Phòng Nội vụ", 810_000, ""),
        ("Nguyễn Văn An", None, NOTE),
    ]
    assert total_of(rows) == 810_000
    page = login("office").get(reverse("awards:payment-list", args=[decision.pk])).content.decode()
    assert NOTE in page and "Tám trăm mười nghìn đồng" in page and "1.520.000" not in page
    sheet = load_workbook(io.BytesIO(payment_xlsx(decision))).worksheets[0]
    values = [r for r in sheet.iter_rows(values_only=True) if r and r[1]]
    assert ("Tổng cộng", 810_000) in [(r[1], r[4]) for r in values]
    assert NOTE in [r[4] for r in values]
    text = _docx_text(payment_docx(decision))
    assert NOTE in text and "Tám trăm mười nghìn đồng" in text

    entry = fund.record_decision_payments(
        decision, on=dt.date(2025, 6, 10), user=accounts["office"]
    )
    assert entry.amount == 810_000 and "1 tập thể, cá nhân" in entry.note


def test_paid_before_the_revocation_the_recovery_is_what_it_records(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    paid = fund.record_decision_payments(decision, on=dt.date(2025, 3, 10), user=accounts["office"])
    assert paid.amount == 1_520_000
    signed = _revoke(people["a"], district, accounts)
    assert signed.items.get().money == 710_000


def test_a_revocation_number_held_by_a_decision_is_refused_naming_it(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    _signed_decision(campaign, district, people, accounts)  # Quyết định 15, 05/03/2025
    with pytest.raises(
        revocation.RevocationError, match="Quyết định số 15/QĐ-UBND ngày 05/03/2025"
    ):
        _revoke(people["a"], district, accounts, number="15")
    assert Award.objects.get(person=people["a"]).revoked_on is None
    signed = _revoke(people["a"], district, accounts, number="27")
    line = IssuedNumber.objects.get(revocation=signed)
    assert (line.unit_id, line.year, line.number) == (district["root"].pk, 2025, 27)


def test_money_movements_cannot_be_dated_in_the_future(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    future = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(fund.FundError, match="tương lai"):
        fund.record_decision_payments(decision, on=future, user=accounts["office"])
    with pytest.raises(fund.FundError, match="tương lai"):
        fund.add_entry(
            issuer=district["root"],
            kind="trich_lap",
            on=future,
            document="QĐ 1",
            amount="1000",
            user=accounts["office"],
        )
    item = _revoke(people["a"], district, accounts).items.get()
    with pytest.raises(revocation.RevocationError, match="tương lai"):
        revocation.record_recovery(item, money_on=future, user=accounts["office"])
    assert not FundEntry.objects.exists()


def test_a_unit_still_sees_the_decision_of_a_person_who_later_moved(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    from thidua.awards.decisions import draft_decision, sign_decision
    from thidua.awards.tests.test_decisions import _nominate, _reviewed_dossier

    person = people["a"]
    dossier = _reviewed_dossier(campaign, district["a"], 2024, accounts)
    nomination = _nominate(dossier, "giay_khen_chu_tich_huyen", person=person)
    decision = draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng năm 2024",
        nominations=[nomination],
        user=accounts["office"],
        today=dt.date(2025, 3, 1),
    )
    sign_decision(
        decision,
        number="15",
        signed_on=dt.date(2025, 3, 5),
        user=accounts["leader"],
        money_mode="nhap_tay",
        money_reason="Theo Nghị định 98/2023/NĐ-CP, Điều 55",
        amounts={a.pk: "710000" for a in decision.awards.all()},
    )
    # the reform: unit A ends, its person moves to unit B
    district["a"].valid_to = dt.date(2025, 6, 30)
    district["a"].save()
    person.former_unit, person.unit = district["a"], district["b"]
    person.save()

    unit_a = login("unit_a")
    assert "15/QĐ-UBND" in unit_a.get(reverse("awards:unit-decisions")).content.decode()
    docx = unit_a.get(reverse("awards:unit-decision-docx", args=[decision.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "Nguyễn Văn An" in unit_a.get(reverse("awards:register")).content.decode()
    assert "Nguyễn Văn An" in unit_a.get("/").content.decode()  # the unit's desk
    # the present unit reads it too; an award of a year after the move is not the former's
    assert "15/QĐ-UBND" in login("unit_b").get(reverse("awards:unit-decisions")).content.decode()
    from thidua.awards.access import visible_awards

    later = Award.objects.create(
        person=person, form_id="giay_khen_chu_tich_huyen", year=2026, created_by=accounts["office"]
    )
    assert not visible_awards(accounts["unit_a"]).filter(pk=later.pk).exists()
    assert visible_awards(accounts["unit_b"]).filter(pk=later.pk).exists()


def test_the_office_defaults_to_the_body_it_serves_not_a_dissolved_one(
    district, accounts, campaign, client
) -> None:  # type: ignore[no-untyped-def]
    from thidua.org.models import User

    commune = district["b"]
    campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=commune, user=accounts["office"]
    )
    district["root"].valid_to = dt.date(2025, 6, 30)  # the reform dissolved the district
    district["root"].save()
    office = User.objects.create(username="vanphong_xa", role=User.Role.OFFICE, unit=commune)
    assert fund.served_body(office, list(fund.issuers_for(office))) == commune
    client.force_login(office)
    new = client.get(reverse("awards:revocation-new")).content.decode()
    assert f'<option value="{commune.pk}" selected>' in new
    assert f'<option value="{district["root"].pk}" selected>' not in new
    page = client.get(reverse("awards:fund")).content.decode()
    assert f"Quỹ thi đua, khen thưởng — {commune.name}" in page


def test_a_wrong_entry_is_reversed_with_a_reason_and_recorded_again(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    from auditlog.models import LogEntry

    decision = _signed_decision(campaign, district, people, accounts)
    wrong = fund.record_decision_payments(
        decision, on=dt.date(2025, 3, 20), user=accounts["office"]
    )
    office = login("office")
    url = reverse("awards:fund-reverse", args=[wrong.pk])
    assert login("leader").post(url, {"reason": "Sai ngày"}).status_code == 403
    office.post(url, {"reason": "  "})  # a reason is required
    wrong.refresh_from_db()
    assert not wrong.voided
    assert office.post(url, {"reason": "Ghi sai ngày chi"}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.voided and wrong.reversal.note == "Lý do hủy: Ghi sai ngày chi"
    assert fund.totals(district["root"], 2025).payments == 0
    assert fund.payment_of(decision) is None
    right = fund.record_decision_payments(
        decision, on=dt.date(2025, 3, 10), user=accounts["office"]
    )
    assert fund.totals(district["root"], 2025).payments == right.amount == 1_520_000
    with pytest.raises(fund.FundError, match="đã được hủy"):
        fund.reverse_entry(wrong, reason="lần nữa", user=accounts["office"])
    assert LogEntry.objects.get_for_object(wrong).filter(action=LogEntry.Action.UPDATE).exists()

    item = _revoke(people["a"], district, accounts).items.get()
    revocation.record_recovery(item, money_on=dt.date(2025, 6, 6), user=accounts["office"])
    recovery = FundEntry.objects.get(kind="thu_hoi", voided=False, reversal_of=None)
    fund.reverse_entry(recovery, reason="Sai ngày thu", user=accounts["office"])
    item.refresh_from_db()
    assert item.money_recovered_on is None
    revocation.record_recovery(item, money_on=dt.date(2025, 6, 7), user=accounts["office"])
    assert fund.totals(district["root"], 2025).recoveries == 710_000
