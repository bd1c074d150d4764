"""The registration table loses nothing: a refused submission comes back as typed, free-text
rows keep their marks however many people the unit has, and submitting asks first."""

from __future__ import annotations

from thidua.campaigns.models import Campaign, Registration, RegistrationLine
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import Person


def _campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def test_a_refused_submission_keeps_what_was_typed(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district, accounts)
    url = f"/phong-trao/{campaign.pk}/dang-ky/?nam=2025"
    data = {"nam": "2025", "t0-label": "Các tổ chuyên môn", "t0-section": "collective"}
    response = login("unit_a").post(url, {**data, "submit": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Bản đăng ký chưa có dòng nào được đánh dấu." in body
    assert 'value="Các tổ chuyên môn"' in body
    assert 'data-confirm="Nộp bản đăng ký thi đua?' in body


def test_free_text_rows_survive_an_unchanged_save(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district, accounts)
    for n in range(12):  # more rows above the free-text ones than the form used to read
        Person.objects.create(code=f"CB-X{n}", full_name=f"Người Số {n}", unit=district["a"])
    registration = Registration.objects.create(campaign=campaign, unit=district["a"], year=2025)
    RegistrationLine.objects.create(
        registration=registration,
        section="individual",
        label="Toàn thể công chức",
        marks=["hoan_thanh_nhiem_vu"],
    )
    client = login("unit_a")
    url = f"/phong-trao/{campaign.pk}/dang-ky/?nam=2025"
    body = client.get(url).content.decode()
    assert 'name="t0-label" value="Toàn thể công chức"' in body
    assert 'name="t0-hoan_thanh_nhiem_vu"' in body and 'name="t1-label"' in body
    data = {
        "nam": "2025",
        "t0-label": "Toàn thể công chức",
        "t0-section": "individual",
        "t0-hoan_thanh_nhiem_vu": "on",
        "save": "",
    }
    assert client.post(url, data).status_code == 302
    lines = list(registration.lines.values_list("label", "marks"))
    assert lines == [("Toàn thể công chức", ["hoan_thanh_nhiem_vu"])]


def test_a_free_text_row_too_long_is_refused_with_a_message(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district, accounts)
    url = f"/phong-trao/{campaign.pk}/dang-ky/?nam=2025"
    data = {"nam": "2025", "t0-label": "Tổ " * 4200, "t0-section": "collective"}
    response = login("unit_a").post(url, data, follow=True)
    body = response.content.decode()
    assert "Dòng ghi tên chung dài tối đa 300 ký tự (đang có 12599)" in body
    assert not RegistrationLine.objects.exists()
