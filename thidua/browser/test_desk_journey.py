"""Each role opens its desk (the home page) and follows one item to where it is done
(issue 11): the office a dossier past its clock, the unit a returned dossier with the
office's reason, a council member its session with a ballot to cast, the leader a draft
decision to sign."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from thidua.awards.dossiers import Dossier, State, Transition
from thidua.awards.records import (
    Attendance,
    Ballot,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Nomination,
)
from thidua.browser.conftest import shot, sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.law.clocks import add_working_days

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _dossier(
    campaign: Campaign, unit: Any, state: str, since: dt.date, actor: Any, reason: str = ""
) -> Dossier:
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    moved = Transition.objects.create(
        dossier=dossier, source=State.DRAFT, target=state, actor=actor, reason=reason
    )
    at = timezone.make_aware(dt.datetime.combine(since, dt.time(9, 0)))
    Transition.objects.filter(pk=moved.pk).update(at=at)
    return dossier


def test_the_office_follows_a_dossier_past_its_clock(page, campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    since = today - dt.timedelta(days=30)
    dossier = _dossier(campaign, district["a"], State.SUBMITTED, since, accounts["office"])
    sign_in(page, "noivu")
    waiting = page.locator(".desk-item", has_text="Phòng Nội vụ —")
    assert "Quá hạn" in waiting.inner_text() and "ngày làm việc" in waiting.inner_text()
    shot(page, "desk-office")
    waiting.get_by_role("link").click()
    page.wait_for_url(f"**/ho-so/{dossier.pk}/")
    assert page.get_by_role("button", name="Nhận và thẩm định").is_visible()


def test_the_unit_follows_its_returned_dossier(page, campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    since = timezone.localdate() - dt.timedelta(days=3)
    dossier = _dossier(
        campaign, district["a"], State.NEEDS_MORE, since, accounts["office"], "Thiếu biên bản họp"
    )
    _dossier(campaign, district["b"], State.NEEDS_MORE, since, accounts["office"], "Thiếu tờ trình")
    sign_in(page, "donvi_a")
    todo = page.locator(".desk-item", has_text="Bổ sung hồ sơ")
    assert todo.count() == 1 and "Thiếu biên bản họp" in todo.inner_text()
    assert "Thiếu tờ trình" not in page.content()
    shot(page, "desk-unit")
    todo.get_by_role("link").click()
    page.wait_for_url(f"**/ho-so/{dossier.pk}/")
    assert page.get_by_role("button", name="Nộp lại sau khi bổ sung").is_visible()


def test_the_council_member_follows_a_ballot_to_its_session(  # type: ignore[no-untyped-def]
    page, campaign, district, people, accounts
) -> None:
    dossier = _dossier(
        campaign, district["a"], State.TO_COUNCIL, timezone.localdate(), accounts["office"]
    )
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["a"], form_id="lao_dong_tien_tien"
    )
    body = Council.objects.create(issuing_unit=district["root"], name="Hội đồng huyện")
    seat = CouncilMember.objects.create(
        council=body, full_name="Hội Đồng", user=accounts["council"]
    )
    held = add_working_days(timezone.localdate(), 3)
    session = CouncilSession.objects.create(
        campaign=campaign, council=body, held_on=held, total_members=1, present=1
    )
    Attendance.objects.create(session=session, member=seat, mode=Attendance.Mode.SCREEN)
    Ballot.objects.create(session=session, nomination=nomination)
    sign_in(page, "hoidong")
    item = page.locator(".desk-item", has_text="Nguyễn Văn An — Lao động tiên tiến")
    assert item.count() == 1
    shot(page, "desk-council")
    item.get_by_role("link").click()
    page.wait_for_url(f"**/phien-hop/{session.pk}/")
    assert page.get_by_role("button", name="Đồng ý").first.is_visible()


def test_the_leader_follows_a_decision_to_sign(page, campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = Decision.objects.create(campaign=campaign, title="Về việc tặng Giấy khen năm 2025")
    sign_in(page, "chutich")
    item = page.locator(".desk-item", has_text="Về việc tặng Giấy khen năm 2025")
    assert item.count() == 1
    assert page.get_by_role("link", name="Mở bảng thống kê").is_visible()
    shot(page, "desk-leader")
    item.get_by_role("link").click()
    page.wait_for_url(f"**/quyet-dinh/{decision.pk}/")
    assert "Về việc tặng Giấy khen năm 2025" in page.content()
