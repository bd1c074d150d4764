"""The period and deadlines form: edits what it shows, one message per wrong input,
unchanged saves change nothing, an issued plan needs a reason (an amendment)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from thidua.campaigns.models import Amendment, Campaign
from thidua.campaigns.services import campaign_create_from_template


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )


def _data(**kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    # Lộc Ninh: two annual deadlines (30/11) and one 10 days before an event.
    return {
        "start": "19/07/2024",
        "end": "30/11/2025",
        "deadline_0": "30/11",
        "deadline_1": "30/11",
        "deadline_2": "10",
    } | kw


def test_it_shows_the_period_and_deadlines(login, campaign) -> None:  # type: ignore[no-untyped-def]
    body = login("office").get(f"/phong-trao/{campaign.pk}/thoi-han/").content.decode()
    assert 'value="19/07/2024"' in body and 'value="30/11"' in body
    assert "Hồ sơ đề nghị xét khen thưởng" in body


def test_saving_it_unchanged_changes_nothing(login, campaign) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.get_for_object(campaign).count()
    response = login("office").post(f"/phong-trao/{campaign.pk}/thoi-han/", _data(), follow=True)
    assert "Không có thay đổi nào" in response.content.decode()
    assert LogEntry.objects.get_for_object(campaign).count() == before


def test_it_saves_the_period_and_deadlines(login, campaign) -> None:  # type: ignore[no-untyped-def]
    data = _data(start="01/01/2026", end="31/12/2027", deadline_0="15/11", deadline_2="7")
    response = login("office").post(f"/phong-trao/{campaign.pk}/thoi-han/", data)
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.template.years == (2026, 2027)
    due = {d.key: d for d in campaign.template.deadlines}
    assert due["ho-so-de-nghi"].due(2027) == dt.date(2027, 11, 15)
    assert due["tham-dinh"].days_before == 7
    assert LogEntry.objects.get_for_object(campaign).count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("deadline_0", "31/02", "Tháng 2 chỉ có 28 ngày"),
        ("deadline_0", "29/02", "Ngày 29/02 không có trong mọi năm"),
        ("deadline_0", "31/04", "Tháng 4 chỉ có 30 ngày"),
        ("deadline_0", "15/13", "Tháng phải từ 1 đến 12"),
        ("deadline_0", "abc", "Nhập ngày, tháng theo dạng dd/mm, ví dụ 30/11."),
        ("end", "01/01/2024", "Ngày kết thúc trước ngày bắt đầu thực hiện."),
        ("start", "32/01/2026", "Ngày không hợp lệ"),
        ("deadline_2", "x", "Số ngày phải là một số nguyên"),
        ("deadline_2", "400", "Số ngày tối đa là 366."),
        ("deadline_2", "-1", "Số ngày không được là số âm."),
        ("start", "01/01/9999", "Ngày phải trong khoảng từ 01/01/1945 đến 31/12/2100."),
        ("deadline_2", "²", "Số ngày phải là một số nguyên"),
    ],
)
def test_a_wrong_input_is_one_message(login, campaign, field, value, message) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(f"/phong-trao/{campaign.pk}/thoi-han/", _data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).rules == campaign.rules


def test_an_issued_plan_changes_only_with_a_reason(login, campaign) -> None:  # type: ignore[no-untyped-def]
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.ISSUED)
    client = login("office")
    response = client.post(f"/phong-trao/{campaign.pk}/thoi-han/", _data(deadline_0="15/11"))
    assert "hãy ghi lý do sửa đổi" in response.content.decode()
    assert not Amendment.objects.exists()
    client.post(
        f"/phong-trao/{campaign.pk}/thoi-han/", _data(deadline_0="15/11", reason="Lùi hạn nộp")
    )
    assert Amendment.objects.get().reason == "Lùi hạn nộp"


def test_units_may_not_edit_it(login, campaign) -> None:  # type: ignore[no-untyped-def]
    # A draft is not shown to units at all (404); managing it is the office's.
    assert login("unit_b").get(f"/phong-trao/{campaign.pk}/thoi-han/").status_code in (403, 404)


def test_a_stored_29_february_never_breaks_the_calendar(login, campaign) -> None:  # type: ignore[no-untyped-def]
    # Stored before the form refused it (or loaded from a JSON file): the calendar and its
    # .ics read it as the last day of February in a common year.
    rules = campaign.rules
    rules["deadlines"][0] |= {"day": 29, "month": 2}
    Campaign.objects.filter(pk=campaign.pk).update(rules=rules)
    client = login("office")
    for url in (f"/phong-trao/{campaign.pk}/lich/", f"/phong-trao/{campaign.pk}/lich.ics"):
        assert client.get(url).status_code == 200
