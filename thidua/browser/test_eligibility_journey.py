"""The office creates a campaign from a template, reads the verdicts and a candidate's
reasoning, tries a stricter threshold in the sandbox and downloads the Excel export; a unit
sees only its own candidates."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.scoring import models as m

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_walks_from_template_to_verdicts_and_what_if(page, accounts, people, district) -> None:  # type: ignore[no-untyped-def]
    m.ParScore.objects.create(unit=district["a"], year=2024, score=95)
    m.ParScore.objects.create(unit=district["b"], year=2024, score="89.995")
    sign_in(page, "noivu")
    page.get_by_role("link", name="Phong trào", exact=True).click()
    page.get_by_role("link", name="+ Tạo phong trào từ mẫu").click()
    page.get_by_label("Tạo từ").select_option("phu-my-2021-2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="UBND huyện Thử Nghiệm")
    page.get_by_role("button", name="Tạo").click()
    page.get_by_text("Đã tạo phong trào").wait_for()
    campaign = Campaign.objects.get()

    page.get_by_role("link", name="Xét khen thưởng").first.click()
    page.get_by_label("Năm").select_option("2024")
    page.get_by_role("button", name="Lọc").click()
    table = page.locator("table.results")
    assert "Phòng Nội vụ" in table.inner_text()
    assert "UBND xã Mỹ An" in table.inner_text()

    page.get_by_role("link", name="UBND xã Mỹ An").click()
    page.get_by_text("Xếp hạng 1/1 năm 2024 (89,995%)").wait_for()

    page.goto(f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/?nam=2024")
    page.get_by_label("Thứ hạng tối đa trong khối").fill("0")
    page.get_by_role("button", name="Xem thử").click()
    page.get_by_text("phải là một số nguyên từ 1 trở lên").wait_for()  # refused, named
    page.get_by_label("Điều kiện (biểu thức)").fill("par_top3 VÀ KHÔNG par_top3")
    page.get_by_label("Thứ hạng tối đa trong khối").fill("3")
    page.get_by_role("button", name="Xem thử").click()
    page.get_by_text("Đối tượng thay đổi kết quả (2)").wait_for()
    campaign.refresh_from_db()
    assert campaign.template.scheme("tap-the-hang-nam").expression == "par_top3"

    with page.expect_download() as download:
        page.goto(f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/?nam=2024")
        page.get_by_role("link", name="Tải Excel").click()
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]  # tập thể hằng năm; the candidate by name, never its code
    first_row = int(sheet.freeze_panes[1:])
    assert sheet.cell(row=first_row, column=2).value == "Phòng Nội vụ"

    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, "donvi_a")
    page.goto(f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/?nam=2024")
    text = page.locator("table.results").inner_text()
    assert "Phòng Nội vụ" in text and "UBND xã Mỹ An" not in text
