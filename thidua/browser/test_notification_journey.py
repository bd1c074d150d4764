"""Notifications as a unit sees them: the office returns the unit's dossier for completion;
the unit's bell shows 1, its list says why and links to the dossier; the other unit's bell
stays empty."""

from __future__ import annotations

import pytest

from thidua.awards.dossiers import Dossier, State
from thidua.browser.conftest import SHOTS, sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Bổ sung biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị"


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_a_returned_dossier_rings_the_unit_s_bell(page, accounts, district) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.APPRAISING)

    sign_in(page, "noivu")
    page.goto(f"/ho-so/{dossier.pk}/")
    page.get_by_label("Lý do: Yêu cầu bổ sung").fill(REASON)
    page.get_by_role("button", name="Yêu cầu bổ sung", exact=True).click()
    page.get_by_text("Hồ sơ đã chuyển sang “Yêu cầu bổ sung”.").wait_for()
    _sign_out(page)

    sign_in(page, "donvi_b")
    assert page.locator(".bell-count").count() == 0
    _sign_out(page)

    sign_in(page, "donvi_a")
    bell = page.locator("a.bell")
    assert bell.locator(".bell-count").inner_text() == "1"
    assert bell.get_attribute("aria-label") == "Thông báo: 1 chưa đọc"
    bell.click()
    page.wait_for_url("**/thong-bao/")
    item = page.locator("tr[data-notification]")
    assert item.count() == 1
    assert "được yêu cầu bổ sung" in item.inner_text() and REASON in item.inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/notification-list.png", full_page=True)
    item.get_by_role("link").click()
    page.wait_for_url(f"**/ho-so/{dossier.pk}/")
    assert page.locator(".bell-count").count() == 0  # read on opening
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/thong-bao/")
    assert page.locator("a.bell").is_visible()  # the bell stays in view on a phone
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/notification-list-390.png", full_page=True)
