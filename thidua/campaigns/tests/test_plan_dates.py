"""The plan's prose follows the period form: exact old dates replaced in the same writing,
a date several things share goes to the paragraph that names the one that moved, text the
office wrote differently untouched; the saved page lists the passages that changed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from thidua.campaigns.models import Campaign
from thidua.campaigns.plan_dates import follow_period
from thidua.campaigns.services import campaign_create_from_template, template_sources
from thidua.rules.template import template_keys


def _section(plan: dict[str, Any], heading: str) -> str:
    return next(s["text"] for s in plan["sections"] if s["heading"].startswith(heading))


def test_a_moved_deadline_moves_in_the_paragraph_that_names_it() -> None:
    rules, plan = template_sources("loc-ninh-2024-2025")
    new = copy.deepcopy(rules)
    new["deadlines"][0]["day"] = 15  # the dossiers: 30/11 -> 15/11; the report stays 30/11
    followed = follow_period(rules, new, plan)
    commendation = _section(followed.plan, "III.")
    assert (
        "gửi về UBND huyện (qua Phòng Nội vụ) trước **ngày 15 tháng 11 hàng năm**" in commendation
    )
    implementation = _section(followed.plan, "V.")
    assert "ngày 30 tháng 11 hàng năm" in implementation  # the report's deadline did not move
    assert followed.changes == [("Phần “III. CÔNG TÁC KHEN THƯỞNG”", "30 tháng 11", "15 tháng 11")]
    assert followed.unresolved == []


def test_the_period_and_the_days_before_follow() -> None:
    rules, plan = template_sources("loc-ninh-2024-2025")
    new = copy.deepcopy(rules)
    new["period"]["end"] = "2025-12-31"
    new["deadlines"][2]["days_before"] = 7
    followed = follow_period(rules, new, plan)
    assert "đến ngày 31 tháng 12 năm 2025." in _section(followed.plan, "II.")
    assert "chậm nhất **7 ngày** trước khi" in _section(followed.plan, "III.")
    # The decree's date and the other plans' dates are not the period's.
    assert "ngày 31 tháng 12 năm 2023" in _section(followed.plan, "III.")


def test_text_written_differently_is_left_alone() -> None:
    rules, plan = template_sources("loc-ninh-2024-2025")
    plan["sections"][0]["text"] += "\n\nHạn chót 30-11 hằng năm; ngày 30.11.2025."
    new = copy.deepcopy(rules)
    new["deadlines"][0]["day"] = new["deadlines"][1]["day"] = 15
    new["period"]["end"] = "2025-12-31"
    followed = follow_period(rules, new, plan)
    assert "Hạn chót 30-11 hằng năm; ngày 30.11.2025." in followed.plan["sections"][0]["text"]


def test_a_date_shared_by_a_moved_and_a_kept_deadline_is_reported_when_unclear() -> None:
    rules, plan = template_sources("loc-ninh-2024-2025")
    plan["sections"][0]["text"] += "\n\nMọi việc xong trước ngày 30/11."
    new = copy.deepcopy(rules)
    new["deadlines"][0]["day"] = 15
    followed = follow_period(rules, new, plan)
    assert "Mọi việc xong trước ngày 30/11." in followed.plan["sections"][0]["text"]
    assert len(followed.unresolved) == 1 and "“30/11”" in followed.unresolved[0]


@pytest.mark.parametrize("key", template_keys())
def test_every_seed_plan_follows_its_period_moved_two_years(key) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(key)
    new = copy.deepcopy(rules)
    for part in ("start", "end"):
        day = rules["period"][part]
        new["period"][part] = f"{int(day[:4]) + 2}{day[4:]}"
    for deadline in new["deadlines"]:
        if deadline.get("date"):
            deadline["date"] = f"{int(deadline['date'][:4]) + 2}{deadline['date'][4:]}"
    followed = follow_period(rules, new, plan)
    assert followed.changes, key
    first, last = int(rules["period"]["start"][:4]), int(rules["period"]["end"][:4])
    text = "\n".join(s["text"] for s in followed.plan["sections"])
    before = "\n".join(s["text"] for s in plan["sections"])
    if f"{first} - {last}" in before:
        assert f"{first + 2} - {last + 2}" in text, key
    # Nothing else changed: undoing the move gives the seed back.
    assert follow_period(new, rules, followed.plan).plan == plan, key


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )


def _data(**kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "start": "19/07/2024",
        "end": "30/11/2025",
        "deadline_0": "30/11",
        "deadline_1": "30/11",
        "deadline_2": "10",
    } | kw


def test_saving_the_period_form_rewrites_the_plan_and_says_where(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/thoi-han/", _data(deadline_0="15/11"), follow=True
    )
    body = response.content.decode()
    assert "Nội dung kế hoạch đã sửa theo thời hạn mới" in body
    assert "“30 tháng 11” → “15 tháng 11”" in body
    plan = Campaign.objects.get(pk=campaign.pk).plan
    assert "trước **ngày 15 tháng 11 hàng năm**" in _section(plan, "III.")


def test_saving_it_unchanged_touches_no_plan_text(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(f"/phong-trao/{campaign.pk}/thoi-han/", _data(), follow=True)
    body = response.content.decode()
    assert "Không có thay đổi nào" in body and "Nội dung kế hoạch đã sửa" not in body
    assert Campaign.objects.get(pk=campaign.pk).plan == campaign.plan
