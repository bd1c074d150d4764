"""The office creates a campaign from a template, edits a criterion, issues it and downloads
the plan; a unit registers; the office sees it in the overview; another unit cannot open
the first unit's registration."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign, Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_walks_from_plan_to_registration(page, accounts, people, district) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "noivu")
    page.goto("/phong-trao/tao/")
    page.get_by_label("Tạo từ").select_option("loc-ninh-2024-2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="UBND huyện Thử Nghiệm")
    page.get_by_role("button", name="Tạo").click()
    page.get_by_text("(bản nháp)").wait_for()
    campaign = Campaign.objects.get()

    # Edit a criterion: PAR ≥ 85 % instead of 90 %, applied to the draft.
    page.goto(f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/")
    page.get_by_label("Ngưỡng Chỉ số CCHC (%)").fill("85")
    page.get_by_role("button", name="Áp dụng cho phong trào").click()
    page.get_by_text("Đã áp dụng thay đổi").wait_for()
    campaign.refresh_from_db()
    par_90 = next(c for c in campaign.rules["schemes"][0]["criteria"] if c["key"] == "par_90")
    assert par_90["params"]["threshold"] == 85

    page.goto(f"/phong-trao/{campaign.pk}/")
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_text("Đã ban hành kế hoạch").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kế hoạch (.docx)").click()
    document = Document(BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in text and "./." in text
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "donvi_a")
    page.goto(f"/phong-trao/{campaign.pk}/")
    page.get_by_role("link", name="Đăng ký thi đua").click()
    page.get_by_label("Năm").select_option("2025")
    page.get_by_label("Phòng Nội vụ: Giấy khen UBND huyện").check()
    page.get_by_label("Nguyễn Văn An: Lao động tiên tiến").check()
    page.get_by_role("button", name="Nộp đăng ký").click()
    page.get_by_text("Đã nộp bản đăng ký thi đua.").wait_for()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.SUBMITTED
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "donvi_b")
    response = page.goto(f"/phong-trao/{campaign.pk}/dang-ky/{registration.pk}/phieu.docx")
    assert response is not None and response.status == 404
    page.goto(f"/phong-trao/{campaign.pk}/dang-ky/?nam=2025")
    assert "Nguyễn Văn An" not in page.content()
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, "noivu")
    page.goto(f"/phong-trao/{campaign.pk}/dang-ky/tong-hop/?nam=2025")
    assert "1 đã nộp" in page.content()
    assert page.locator("table.list").last.get_by_text("Đã nộp").count() == 1
