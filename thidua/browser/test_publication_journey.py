"""Publication (issue 11): the office publishes a signed decision on the honor board (with a
portrait), logs out, and reads the board as the public does, searching without diacritics;
then at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from thidua.awards.decisions import draft_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Decision, Nomination
from thidua.browser.conftest import shot, sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_decision(district, people, accounts) -> Decision:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    people["a"].position = "Chuyên viên"
    people["a"].birth_year = 1979
    people["a"].save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2024)
    nomination = Nomination.objects.create(
        dossier=dossier,
        person=people["a"],
        form_id="giay_khen_chu_tich_huyen",
        summary="Giải quyết 100% hồ sơ đúng hạn; số hóa hồ sơ một cửa.",
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    decision = draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng cá nhân năm 2024",
        nominations=[nomination],
        user=accounts["office"],
        today=dt.date(2024, 12, 20),
    )
    Decision.objects.filter(pk=decision.pk).update(
        status=Decision.Status.SIGNED, number="2150", signed_on=dt.date(2024, 12, 25)
    )
    return decision


def test_the_office_publishes_and_the_public_reads_the_board(
    page, district, people, accounts, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    decision = _signed_decision(district, people, accounts)
    portrait = tmp_path / "chan-dung.png"
    Image.new("RGB", (300, 400), "navy").save(portrait)

    sign_in(page, "noivu")
    page.goto(f"/quyet-dinh/{decision.pk}/")
    page.locator("main").get_by_role("link", name="Công bố", exact=True).click()
    page.get_by_role("button", name="Lập nội dung công bố").click()
    page.locator("tr", has_text="Nguyễn Văn An").get_by_role("link", name="Sửa, thêm ảnh").click()
    achievement = page.get_by_label("Thành tích")
    assert "100% hồ sơ" in achievement.input_value()  # drafted from the nomination
    achievement.fill("Giải quyết 100% hồ sơ đúng hạn; dẫn đầu số hóa hồ sơ một cửa.")
    page.get_by_label("Ảnh chân dung").set_input_files(str(portrait))
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Công bố", exact=True).click()
    assert any("Công bố công khai" in q for q in page.dialogs["seen"])
    page.get_by_text("Đã công bố").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto("/bang-vang/")
    assert page.get_by_role("button", name="Đăng xuất").count() == 0
    page.get_by_label("Tìm theo tên, đơn vị").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    card = page.locator(".board-card", has_text="Nguyễn Văn An")
    card.wait_for()
    assert page.locator(".board-card").count() == 1
    # The portrait is there (not a broken image), once the browser has loaded it.
    card.locator("img").evaluate(
        "img => img.complete ? null : new Promise(r => {"
        " img.addEventListener('load', r); img.addEventListener('error', r); })"
    )
    assert card.locator("img").evaluate("img => img.naturalWidth") > 0
    shot(page, "publication-board")
    card.get_by_role("link").click()
    page.get_by_text("dẫn đầu số hóa hồ sơ một cửa").wait_for()
    body = page.locator("main").inner_text()
    assert "Chuyên viên" in body and "Phòng Nội vụ" in body
    assert "1979" not in body and "CB-A" not in body

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/bang-vang/?q=NGUYEN")
    card = page.locator(".board-card", has_text="Nguyễn Văn An")
    assert card.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the board scrolls sideways at 390 px ({width} px)"
    shot(page, "publication-board-390")
