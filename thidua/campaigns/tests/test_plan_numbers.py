"""A plan number is digits, and one issuer's plans of one year never share it: refused at
creation (with the next free number) and at issue; issuing with the registration deadline
already past is allowed but said first."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import (
    campaign_create_from_template,
    campaign_problems,
    issue_warnings,
)
from thidua.campaigns.tests.test_ownership import KEY, _choices, _post


@pytest.fixture
def issued(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key=KEY,
        name="",
        issuing_unit=district["b"],
        user=accounts["office"],
        own=_choices(district["b"]),
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.ISSUED)
    return campaign


@pytest.mark.parametrize("number", ["abc/xyz", "12/KH-UBND", "12345", "0", "١٢"])
def test_a_number_is_digits_only(login, district, people, number) -> None:  # type: ignore[no-untyped-def]
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk), number=number)
    response = login("office").post("/phong-trao/tao/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số kế hoạch chỉ gồm chữ số" in body or "Số kế hoạch bắt đầu từ 1." in body
    assert "Những gì sẽ thay đổi" not in body
    assert not Campaign.objects.exists()


def test_a_number_the_issuer_used_that_year_is_refused(login, district, people, issued) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk))
    body = client.post("/phong-trao/tao/", data).content.decode()
    assert f"Số 12/KH-UBND năm 2026 đã dùng cho kế hoạch “{issued.name}”" in body
    assert "số còn trống tiếp theo là 13." in body
    assert Campaign.objects.count() == 1
    # Another year, or another issuer, may use it.
    other_year = client.post("/phong-trao/tao/", data | {"date": "15/01/2027"})
    assert "đã dùng cho kế hoạch" not in other_year.content.decode()
    other_unit = client.post("/phong-trao/tao/", data | {"issuing_unit": str(district["root"].pk)})
    assert "đã dùng cho kế hoạch" not in other_unit.content.decode()


def test_issuing_a_duplicate_number_is_refused(district, accounts, issued) -> None:  # type: ignore[no-untyped-def]
    second = campaign_create_from_template(
        key=KEY, name="", issuing_unit=district["b"], user=accounts["office"]
    )
    plan = second.plan | {"number": "012", "date": "2026-03-01"}
    Campaign.objects.filter(pk=second.pk).update(plan=plan)
    second.refresh_from_db()
    problems = " ".join(campaign_problems(second))
    assert "Số 12/KH-UBND năm 2026 đã dùng cho kế hoạch" in problems
    Campaign.objects.filter(pk=second.pk).update(plan=plan | {"number": "13"})
    second.refresh_from_db()
    assert "đã dùng cho kế hoạch" not in " ".join(campaign_problems(second))


def test_issuing_with_the_registration_deadline_past_is_said_first(
    login, district, accounts
) -> None:  # type: ignore[no-untyped-def]
    # Đình Dù 2024: units register by 26/04/2024.
    campaign = campaign_create_from_template(
        key="dinh-du-2024", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    registration = campaign.registration_deadline(2024)
    assert registration == dt.date(2024, 4, 26)
    assert issue_warnings(campaign, today=dt.date(2024, 4, 26)) == []
    [warning] = issue_warnings(campaign, today=dt.date(2024, 4, 27))
    assert "Hạn đăng ký thi đua đã qua (năm 2024: 26/04/2024; hôm nay 27/04/2024)" in warning
    Campaign.objects.filter(pk=campaign.pk).update(plan=campaign.plan | {"number": "5"})
    body = login("office").get(f"/phong-trao/{campaign.pk}/").content.decode()
    assert "Lưu ý: Hạn đăng ký thi đua đã qua" in body


def test_the_header_form_refuses_a_number_taken(login, district, accounts, issued) -> None:  # type: ignore[no-untyped-def]
    from thidua.campaigns.tests.test_plan_views import _header

    second = campaign_create_from_template(
        key=KEY,
        name="",
        issuing_unit=district["b"],
        user=accounts["office"],
        own=_choices(district["b"], number="13"),
    )
    url = f"/phong-trao/{second.pk}/ke-hoach/sua/"
    response = login("office").post(url, _header(second, number="12", date="15/01/2026"))
    assert "đã dùng cho kế hoạch" in response.content.decode()
    assert Campaign.objects.get(pk=second.pk).plan["number"] == "13"
