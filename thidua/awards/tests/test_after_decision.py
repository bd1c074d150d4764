"""After the decision (issue 11): the payment list (totals, words, .xlsx, .docx), the fund's
ledger (balance carried across years, a decision's payments recorded once), revocation
(the engine, the record, the ledger) and who sees what, with the two-unit personas."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.awards import fund, revocation
from thidua.awards.decisions import draft_decision, sign_decision
from thidua.awards.fund import FundEntry
from thidua.awards.payments import amount_in_words, payment_rows, payment_xlsx
from thidua.awards.tests.test_decisions import (
    _criterion,
    _individual,
    _nominate,
    _reviewed_dossier,
)
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template, evaluate_campaign
from thidua.documents.payment_docx import payment_docx
from thidua.org.models import Unit
from thidua.scoring.models import Award, ParScore, Rating, RatingLevel

SIGNED = dt.date(2025, 3, 5)
salaries = import_module("thidua.awards.migrations.0001_initial")


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


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _signed_decision(campaign, district, people, accounts, amounts=(710_000, 810_000)):  # type: ignore[no-untyped-def]
    """A Giấy khen to Nguyễn Văn An (unit A) and to unit A itself, amounts typed."""
    dossier = _reviewed_dossier(campaign, district["a"], 2024, accounts)
    nominations = [
        _nominate(dossier, "giay_khen_chu_tich_huyen", person=people["a"]),
        _nominate(dossier, "giay_khen_chu_tich_huyen", unit=district["a"]),
    ]
    decision = draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng thành tích cải cách hành chính năm 2024",
        nominations=nominations,
        user=accounts["office"],
        today=dt.date(2025, 3, 1),
    )
    awardees = list(decision.awards.order_by("pk"))
    sign_decision(
        decision,
        number="15",
        signed_on=SIGNED,
        user=accounts["leader"],
        money_mode="nhap_tay",
        money_reason="Theo Nghị định 98/2023/NĐ-CP, Điều 55",
        amounts={a.pk: str(v) for a, v in zip(awardees, amounts, strict=True)},
    )
    decision.refresh_from_db()
    return decision


# -- money in words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_520_000, "Một triệu năm trăm hai mươi nghìn đồng"),
        (710_000, "Bảy trăm mười nghìn đồng"),
        (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
        (21_010_000, "Hai mươi mốt triệu không trăm mười nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
        (0, "Không đồng"),
    ],
)
def test_amount_in_words_reads_as_vietnamese_accounting_writes(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


# -- the payment list ------------------------------------------------------------------------


def test_payment_list_totals_and_words_in_xlsx_and_docx(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    rows = payment_rows(decision)
    # collectives first, then people
    assert [(r.name, r.amount) for r in rows] == [
        ("Phòng Nội vụ", 810_000),
        ("Nguyễn Văn An", 710_000),
    ]

    sheet = load_workbook(io.BytesIO(payment_xlsx(decision))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(values) if r and r[0] == "STT")
    assert values[header][-1] == "Ký nhận"
    body = values[header + 1 :]
    assert body[0][:5] == (1, "Phòng Nội vụ", "UBND huyện Thử Nghiệm", body[0][3], 810_000)
    assert body[2][1] == "Tổng cộng" and body[2][4] == 1_520_000
    assert body[3][1] == "Bằng chữ: Một triệu năm trăm hai mươi nghìn đồng"

    text = _docx_text(payment_docx(decision))
    assert "DANH SÁCH CHI TIỀN THƯỞNG" in text
    assert "Quyết định số 15/QĐ-UBND ngày 05/03/2025" in text
    assert "Nguyễn Văn An" in text and "1.520.000" in text
    assert "Một triệu năm trăm hai mươi nghìn đồng" in text
    assert "Ký nhận" in text


def test_payment_list_pages_and_downloads(district, people, accounts, campaign, login) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    office = login("office")
    page = office.get(reverse("awards:payment-list", args=[decision.pk]))
    assert page.status_code == 200
    assert "Một triệu năm trăm hai mươi nghìn đồng" in page.content.decode()
    for name in ("awards:payment-list-xlsx", "awards:payment-list-docx"):
        assert office.get(reverse(name, args=[decision.pk])).status_code == 200
        # a unit account does not read the award chain's documents
        assert login("unit_a").get(reverse(name, args=[decision.pk])).status_code == 403


# -- the fund --------------------------------------------------------------------------------


def test_payments_of_a_decision_are_recorded_once(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)
    url = reverse("awards:payment-record", args=[decision.pk])
    assert login("leader").post(url, {"on": "10/03/2025"}).status_code == 403
    office = login("office")
    office.post(url, {"on": "10/03/2025"})
    office.post(url, {"on": "11/03/2025"})
    entries = FundEntry.objects.filter(decision=decision)
    assert [(e.kind, e.amount, e.on) for e in entries] == [("chi", 1_520_000, dt.date(2025, 3, 10))]
    with pytest.raises(fund.AlreadyPaid):
        fund.record_decision_payments(decision, on=dt.date(2025, 3, 12), user=accounts["office"])
    assert entries.count() == 1


def test_balance_is_carried_across_years_and_amounts_never_negative(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    root, office = district["root"], accounts["office"]
    fund.add_entry(
        issuer=root,
        kind="trich_lap",
        on=dt.date(2025, 1, 10),
        document="QĐ 1/QĐ-UBND",
        amount="10.000.000",
        user=office,
    )
    decision = _signed_decision(campaign, district, people, accounts)
    fund.record_decision_payments(decision, on=dt.date(2025, 3, 10), user=office)
    fund.add_entry(
        issuer=root,
        kind="trich_lap",
        on=dt.date(2026, 1, 5),
        document="QĐ 2/QĐ-UBND",
        amount="5000000",
        user=office,
    )
    y2025 = fund.totals(root, 2025)
    assert (y2025.carried, y2025.allocations, y2025.payments, y2025.balance) == (
        0,
        10_000_000,
        1_520_000,
        8_480_000,
    )
    y2026 = fund.totals(root, 2026)
    assert (y2026.carried, y2026.balance) == (8_480_000, 13_480_000)
    for bad in ("-5", "0", "abc", "", "1,5"):
        with pytest.raises(fund.FundError):
            fund.add_entry(
                issuer=root,
                kind="trich_lap",
                on=dt.date(2026, 1, 5),
                document="x",
                amount=bad,
                user=office,
            )
    with pytest.raises(fund.FundError):
        fund.add_entry(
            issuer=root,
            kind="trich_lap",
            on=dt.date(2026, 1, 5),
            document="x",
            amount="100",
            user=accounts["leader"],
        )

    page = login("leader").get(reverse("awards:fund") + f"?don_vi={root.pk}&nam=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert "8.480.000" in html and "13.480.000" in html
    assert login("leader").post(reverse("awards:fund"), {"kind": "trich_lap"}).status_code == 403
    assert login("unit_a").get(reverse("awards:fund")).status_code == 403
    # a bad amount posted by the office: a message, no row, no 500
    bad = login("office").post(
        reverse("awards:fund") + f"?don_vi={root.pk}",
        {"kind": "trich_lap", "on": "05/01/2026", "document": "x", "amount": "-1"},
    )
    assert bad.status_code == 200 and "không phải một số nguyên" in bad.content.decode()
    export = login("leader").get(reverse("awards:fund-xlsx") + f"?don_vi={root.pk}&nam=2026")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    cells = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == "Cộng trong năm"]
    assert cells and cells[0][-1] == 13_480_000


# -- revocation ------------------------------------------------------------------------------


def test_revocation_reaches_next_years_eligibility_the_record_and_the_ledger(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    pnv, person = district["a"], people["a"]
    rival = Unit.objects.create(
        code="PTC",
        name="Phòng Tài chính",
        level="co_quan",
        group_id="phong",
        parent=district["root"],
    )
    for year, ours, theirs in ((2024, "80", "90"), (2025, "82", "95")):
        ParScore.objects.create(unit=pnv, year=year, score=Decimal(ours))
        ParScore.objects.create(unit=rival, year=year, score=Decimal(theirs))
    Rating.objects.create(person=person, year=2025, rating=RatingLevel.HTXSNV)
    _signed_decision(campaign, district, people, accounts)
    before = _individual(evaluate_campaign(campaign, 2025), person.code)
    assert before["eligible"] is True  # by the Giấy khen of 2024

    award = Award.objects.get(person=person)
    office = accounts["office"]
    with pytest.raises(revocation.RevocationError, match="lý do"):
        revocation.draft_revocation(reason="  ", awards=[award], user=office)
    with pytest.raises(revocation.RevocationError):
        revocation.draft_revocation(reason="Khai man", awards=[award], user=accounts["leader"])
    draft = revocation.draft_revocation(
        reason="Hồ sơ khai không đúng thành tích",
        awards=[award],
        user=office,
        issuer=district["root"],
    )
    item = draft.items.get()
    assert item.money == 710_000 and item.certificate is True
    # a draft changes nothing yet
    award.refresh_from_db()
    assert award.revoked_on is None
    # nothing half-written: a bad date leaves the award and the draft as they were
    with pytest.raises(revocation.RevocationError):
        revocation.record_signed(
            draft, number="27", signed_on=dt.date(2025, 1, 1), signer_name="Lê Văn Chủ", user=office
        )
    award.refresh_from_db()
    draft.refresh_from_db()
    assert award.revoked_on is None and draft.status == "du_thao" and draft.number == ""

    revocation.record_signed(
        draft, number="27", signed_on=dt.date(2025, 6, 5), signer_name="Lê Văn Chủ", user=office
    )
    award.refresh_from_db()
    assert award.revoked_on == dt.date(2025, 6, 5)
    after = _individual(evaluate_campaign(campaign, 2025), person.code)
    assert after["eligible"] is False
    assert _criterion(after, "giay_khen_cchc_nam_truoc")["verdict"] is False
    with pytest.raises(revocation.RevocationError):  # once
        revocation.record_signed(
            draft, number="28", signed_on=dt.date(2025, 6, 5), signer_name="Lê Văn Chủ", user=office
        )

    note = "Đã thu hồi theo Quyết định số 27/QĐ-UBND ngày 05/06/2025"
    record = login("unit_a").get(reverse("scoring:person-record", args=[person.pk]))
    assert note in record.content.decode()
    listed = login("office").get(reverse("awards:register") + "?q=nguyen van an")
    assert note in listed.content.decode()

    revocation.record_recovery(item, money_on=dt.date(2025, 7, 1), user=office)
    recovery = FundEntry.objects.get(kind="thu_hoi")
    assert (recovery.amount, recovery.issuer_id, recovery.on) == (
        710_000,
        district["root"].pk,
        dt.date(2025, 7, 1),
    )
    with pytest.raises(revocation.RevocationError):
        revocation.record_recovery(item, money_on=dt.date(2025, 7, 2), user=office)
    assert fund.totals(district["root"], 2025).recoveries == 710_000


def test_revocation_pages_by_role(district, people, accounts, campaign, login) -> None:  # type: ignore[no-untyped-def]
    _signed_decision(campaign, district, people, accounts)
    award = Award.objects.get(person=people["a"])
    office = login("office")
    new = office.post(reverse("awards:revocation-new"), {"award": [award.pk], "reason": ""})
    assert new.status_code == 200 and "lý do" in new.content.decode()
    created = office.post(
        reverse("awards:revocation-new"),
        {"award": [award.pk], "reason": "Sai thành tích", "issuer": district["root"].pk},
    )
    draft = revocation.Revocation.objects.get()
    assert created.status_code == 302
    for persona in ("unit_a", "unit_b"):
        assert login(persona).get(reverse("awards:revocation", args=[draft.pk])).status_code == 403
        assert login(persona).get(reverse("awards:revocation-new")).status_code == 403
    assert login("leader").get(reverse("awards:revocation", args=[draft.pk])).status_code == 200
    signed = login("leader").post(
        reverse("awards:revocation-sign", args=[draft.pk]),
        {"number": "27", "signed_on": "05/06/2025", "signer_name": "X"},
    )
    assert signed.status_code == 302
    award.refresh_from_db()
    assert award.revoked_on is None  # the leader reads; the office records
    office.post(
        reverse("awards:revocation-sign", args=[draft.pk]),
        {"number": "abc", "signed_on": "05/06/2025", "signer_name": "X"},
    )
    award.refresh_from_db()
    assert award.revoked_on is None
    office.post(
        reverse("awards:revocation-sign", args=[draft.pk]),
        {"number": "27", "signed_on": "05/06/2025", "signer_name": "Lê Văn Chủ"},
    )
    award.refresh_from_db()
    assert award.revoked_on == dt.date(2025, 6, 5)


# -- the register and the units' decisions --------------------------------------------------


def test_register_a_unit_sees_its_own_and_search_ignores_diacritics(
    district, people, accounts, login
) -> None:  # type: ignore[no-untyped-def]
    Award.objects.create(person=people["a"], form_id="lao_dong_tien_tien", year=2024)
    Award.objects.create(person=people["b"], form_id="lao_dong_tien_tien", year=2024)
    Award.objects.create(unit=district["b_section"], form_id="giay_khen_chu_tich_huyen", year=2023)
    url = reverse("awards:register")
    a = login("unit_a").get(url).content.decode()
    assert "Nguyễn Văn An" in a and "Trần Thị Bình" not in a
    b = login("unit_b").get(url).content.decode()
    assert "Trần Thị Bình" in b and "Bộ phận Một cửa xã Mỹ An" in b and "Nguyễn Văn An" not in b
    found = login("office").get(url + "?q=tran thi binh").content.decode()
    assert "Trần Thị Bình" in found and "Nguyễn Văn An" not in found
    by_year = login("office").get(url + "?nam=2023").content.decode()
    assert "Bộ phận Một cửa" in by_year and "Trần Thị Bình" not in by_year
    # unit B may not filter on unit A
    assert login("unit_b").get(url + f"?don_vi={district['a'].pk}").status_code == 404
    export = login("unit_b").get(reverse("awards:register-xlsx"))
    text = str(
        list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    )
    assert "Trần Thị Bình" in text and "Nguyễn Văn An" not in text
    assert login("office").get(url + "?nam=abc&don_vi=x&page=999&hinh_thuc=zz").status_code == 200


def test_a_unit_sees_and_downloads_only_the_decisions_honouring_it(
    district, people, accounts, campaign, login
) -> None:  # type: ignore[no-untyped-def]
    decision = _signed_decision(campaign, district, people, accounts)  # unit A and its person
    listing = reverse("awards:unit-decisions")
    assert "15/QĐ-UBND" in login("unit_a").get(listing).content.decode()
    assert "15/QĐ-UBND" not in login("unit_b").get(listing).content.decode()
    docx_url = reverse("awards:unit-decision-docx", args=[decision.pk])
    got = login("unit_a").get(docx_url)
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert login("unit_b").get(docx_url).status_code == 404
    export = login("unit_b").get(reverse("awards:unit-decisions-xlsx"))
    assert "15" not in str(
        list(
            load_workbook(io.BytesIO(export.content))
            .worksheets[0]
            .iter_rows(min_row=5, values_only=True)
        )
    )


def test_every_change_is_in_the_audit_trail(district, people, accounts, campaign) -> None:  # type: ignore[no-untyped-def]
    from thidua.lib.audit import history

    _signed_decision(campaign, district, people, accounts)
    award = Award.objects.get(person=people["a"])
    office = accounts["office"]
    draft = revocation.draft_revocation(
        reason="Sai thành tích", awards=[award], user=office, issuer=district["root"]
    )
    item = draft.items.get()
    revocation.record_signed(
        draft, number="27", signed_on=dt.date(2025, 6, 5), signer_name="Lê Văn Chủ", user=office
    )
    revocation.record_recovery(item, money_on=dt.date(2025, 7, 1), user=office)
    assert history(item).filter(action=0).exists()  # created
    assert history(item).filter(action=1).exists()  # recovered
    assert history(draft).filter(action=1).exists()  # signed
    award.refresh_from_db()
    assert any("revoked_on" in (e.changes_dict or {}) for e in history(award))
    assert history(FundEntry.objects.get(kind="thu_hoi")).filter(action=0).exists()


@pytest.mark.parametrize("value", ["²", "9" * 25, "a\x00b", "x" * 5000, "-1"])
def test_absurd_inputs_get_a_message(district, people, accounts, campaign, login, value) -> None:  # type: ignore[no-untyped-def]
    _signed_decision(campaign, district, people, accounts)
    award = Award.objects.get(person=people["a"])
    office = login("office")
    office.post(
        reverse("awards:revocation-new"),
        {"award": [award.pk], "reason": "Sai", "issuer": district["root"].pk},
    )
    draft = revocation.Revocation.objects.get()
    for url, data in (
        (
            reverse("awards:revocation-sign", args=[draft.pk]),
            {"number": value, "signed_on": value, "signer_name": value, "symbol": value},
        ),
        (
            reverse("awards:revocation", args=[draft.pk]),
            {"reason": value, f"money-{draft.items.get().pk}": value},
        ),
        (
            reverse("awards:fund") + f"?don_vi={district['root'].pk}",
            {
                "kind": "trich_lap",
                "on": "05/01/2026",
                "document": value,
                "amount": value,
                "note": value,
            },
        ),
    ):
        assert office.post(url, data).status_code in (200, 302, 400), (url, value)
    award.refresh_from_db()
    assert award.revoked_on is None


def test_an_award_a_revocation_names_is_not_deleted_with_a_500(
    district, people, accounts, login
) -> None:  # type: ignore[no-untyped-def]
    award = Award.objects.create(person=people["a"], form_id="lao_dong_tien_tien", year=2024)
    revocation.draft_revocation(reason="Sai", awards=[award], user=accounts["office"])
    response = login("office").post(reverse("scoring:fact-delete", args=["khen-thuong", award.pk]))
    assert response.status_code == 302
    assert Award.objects.filter(pk=award.pk).exists()
