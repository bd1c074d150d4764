"""Đăng ký thi đua: a unit registers and submits before the deadline; after it the form is
locked unless the office reopens it; the office sees who registered; a unit never sees
another's registration; registrations feed the engine."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from thidua.campaigns.models import Campaign, Registration
from thidua.campaigns.registrations import REGISTERED_KEY
from thidua.campaigns.services import campaign_create_from_template, campaign_facts


def _issued(key: str, district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key=key, name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def open_campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return _issued("loc-ninh-2024-2025", district, accounts)  # no registration deadline


def test_a_unit_registers_and_submits(login, open_campaign, district, people) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    url = f"/phong-trao/{open_campaign.pk}/dang-ky/?nam=2025"
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page
    data = {
        "nam": "2025",
        f"u{district['a'].pk}-giay_khen_huyen": "on",
        f"p{people['a'].pk}-lao_dong_tien_tien": "on",
        f"p{people['a'].pk}-chien_si_thi_dua_co_so": "on",
        "t7-label": "Toàn thể công chức phòng",
        "t7-section": "individual",
        "t7-hoan_thanh_nhiem_vu": "on",
        "submit": "",
    }
    assert client.post(url, data).status_code == 302
    registration = Registration.objects.get(campaign=open_campaign, unit=district["a"], year=2025)
    assert registration.status == Registration.Status.SUBMITTED
    lines = {line.name: sorted(line.marks) for line in registration.lines.all()}
    assert lines == {
        "Phòng Nội vụ": ["giay_khen_huyen"],
        "Nguyễn Văn An": ["chien_si_thi_dua_co_so", "lao_dong_tien_tien"],
        "Toàn thể công chức phòng": ["hoan_thanh_nhiem_vu"],
    }
    # Every line is in the audit trail, attributed to the unit's account.
    entries = LogEntry.objects.filter(content_type__model="registrationline", action=0)
    assert entries.count() == 3
    assert {e.actor.username for e in entries} == {"donvi_a"}
    # Submitted: locked for the unit.
    again = client.post(
        url,
        {"nam": "2025", f"u{district['a'].pk}-bang_khen_thu_tuong": "on", "save": ""},
        follow=True,
    )
    assert "Bản đăng ký đã nộp" in again.content.decode()
    assert registration.lines.count() == 3


def test_it_refuses_registering_another_units_people(login, open_campaign, people) -> None:  # type: ignore[no-untyped-def]
    url = f"/phong-trao/{open_campaign.pk}/dang-ky/?nam=2025"
    response = login("unit_a").post(
        url, {"nam": "2025", f"p{people['b'].pk}-lao_dong_tien_tien": "on"}
    )
    assert response.status_code == 403
    assert not Registration.objects.filter(lines__isnull=False).exists()


def test_it_locks_after_the_deadline_until_the_office_reopens(
    login, district, accounts, people
) -> None:  # type: ignore[no-untyped-def]
    campaign = _issued("dinh-du-2024", district, accounts)  # registration deadline 26/04/2024
    url = f"/phong-trao/{campaign.pk}/dang-ky/?nam=2024"
    unit = login("unit_b")
    data = {"nam": "2024", f"u{district['b'].pk}-giay_khen_huyen": "on", "save": ""}
    late = unit.post(url, data, follow=True)
    assert "Đã quá hạn đăng ký (26/04/2024)" in late.content.decode()
    registration = Registration.objects.get(campaign=campaign, unit=district["b"])
    assert not registration.lines.exists()

    office = login("office")
    until = (dt.date.today() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    office.post(f"/phong-trao/{campaign.pk}/dang-ky/{registration.pk}/mo-lai/", {"until": until})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REOPENED
    assert unit.post(url, data).status_code == 302
    assert registration.lines.get().marks == ["giay_khen_huyen"]
    # The unit cannot reopen by itself.
    assert (
        unit.post(f"/phong-trao/{campaign.pk}/dang-ky/{registration.pk}/mo-lai/", {}).status_code
        == 403
    )


def test_the_office_sees_who_registered(login, open_campaign, district, people) -> None:  # type: ignore[no-untyped-def]
    login("unit_a").post(
        f"/phong-trao/{open_campaign.pk}/dang-ky/?nam=2025",
        {"nam": "2025", f"u{district['a'].pk}-giay_khen_huyen": "on", "submit": ""},
    )
    page = (
        login("office")
        .get(f"/phong-trao/{open_campaign.pk}/dang-ky/tong-hop/?nam=2025")
        .content.decode()
    )
    assert "1 đã nộp" in page and "1 chưa đăng ký" in page  # PNV submitted, the commune not
    book = load_workbook(
        BytesIO(
            login("office")
            .get(f"/phong-trao/{open_campaign.pk}/dang-ky/tong-hop/xuat-excel/?nam=2025")
            .content
        )
    )
    sheet = book.active
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=5) if row[1].value}
    assert rows["PNV"][3].value == "Đã nộp"
    assert rows["XA-AN"][3].value == "Chưa đăng ký"
    assert (
        login("unit_a").get(f"/phong-trao/{open_campaign.pk}/dang-ky/tong-hop/").status_code == 403
    )


def test_a_unit_cannot_open_another_units_form(login, open_campaign, district) -> None:  # type: ignore[no-untyped-def]
    login("unit_a").post(
        f"/phong-trao/{open_campaign.pk}/dang-ky/?nam=2025",
        {"nam": "2025", f"u{district['a'].pk}-giay_khen_huyen": "on", "submit": ""},
    )
    registration = Registration.objects.get(unit=district["a"])
    url = f"/phong-trao/{open_campaign.pk}/dang-ky/{registration.pk}/phieu.docx"
    assert login("unit_b").get(url).status_code == 404
    assert login("unit_a").get(url).status_code == 200


def test_registrations_feed_the_engine(login, open_campaign, district, people) -> None:  # type: ignore[no-untyped-def]
    login("unit_a").post(
        f"/phong-trao/{open_campaign.pk}/dang-ky/?nam=2024",
        {"nam": "2024", f"p{people['a'].pk}-lao_dong_tien_tien": "on", "submit": ""},
    )
    rules = open_campaign.rules
    scheme = rules["schemes"][0]
    scheme["criteria"].append(
        {
            "key": "da_dang_ky",
            "label": "Đã đăng ký thi đua",
            "primitive": "attestation",
            "params": {"key": REGISTERED_KEY, "label": "đăng ký thi đua", "years": "Y"},
        }
    )
    scheme["expression"] = f"{scheme['expression']} AND da_dang_ky"
    open_campaign.rules = rules
    open_campaign.save()
    open_campaign.refresh_from_db()
    facts = campaign_facts(open_campaign, open_campaign.template, 2024)
    assert facts.attested_years("CB-A", REGISTERED_KEY, [2024]) == [2024]
    assert facts.attested_years("PNV", REGISTERED_KEY, [2024]) == []


def test_a_commune_forwards_proposals_for_higher_forms_to_the_district(
    login, district, accounts, people
) -> None:  # type: ignore[no-untyped-def]
    parent = _issued("loc-ninh-2024-2025", district, accounts)
    child = campaign_create_from_template(
        key="loc-ninh-2024-2025",
        name="Thi đua CCHC xã Mỹ An",
        issuing_unit=district["b"],
        user=accounts["office"],
        parent=parent,
    )
    child.status = Campaign.Status.ISSUED
    child.save()
    login("unit_b").post(
        f"/phong-trao/{child.pk}/dang-ky/?nam=2025",
        {
            "nam": "2025",
            f"u{district['b_section'].pk}-giay_khen_huyen": "on",  # the district's form
            f"p{people['b'].pk}-lao_dong_tien_tien": "on",  # the commune's own title
            "submit": "",
        },
    )
    assert (
        login("unit_a")
        .post(f"/phong-trao/{child.pk}/dang-ky/chuyen-len/", {"nam": "2025"})
        .status_code
        == 403
    )
    login("office").post(f"/phong-trao/{child.pk}/dang-ky/chuyen-len/", {"nam": "2025"})
    forwarded = Registration.objects.get(campaign=parent, unit=district["b"], year=2025)
    assert forwarded.forwarded_from == child
    assert [(line.name, line.marks) for line in forwarded.lines.all()] == [
        ("Bộ phận Một cửa xã Mỹ An", ["giay_khen_huyen"])
    ]
    page = (
        login("office").get(f"/phong-trao/{parent.pk}/dang-ky/tong-hop/?nam=2025").content.decode()
    )
    assert "chuyển lên từ Thi đua CCHC xã Mỹ An" in page
