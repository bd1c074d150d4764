"""The leader's dashboard (issue 11): opens Thống kê, filters by year, sees the charts
drawn by the app (SVG, their figures in a table), downloads the summary report and the
charts' workbook; the same page on a phone has no horizontal scroll."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from thidua.browser.conftest import shot, sign_in
from thidua.reports.tests.conftest import make_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_leader_reads_the_dashboard_and_downloads_the_report(  # type: ignore[no-untyped-def]
    page, district, people, accounts
) -> None:
    case = make_case(district, people, accounts)
    sign_in(page, "chutich")
    page.get_by_role("link", name="Thống kê").first.click()
    page.get_by_role("combobox", name="Năm").select_option("2024")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/thong-ke/?nam=2024**")
    ranking = page.locator("#chi-so-cchc")
    assert ranking.locator("svg[role=img]").count() == 1
    assert "Phòng Nội vụ" in ranking.locator("svg").text_content()
    ranking.get_by_text("Bảng số liệu").click()
    row = ranking.locator("tr", has_text="Phòng Nội vụ")
    assert "91,25" in row.inner_text() and "Xuất sắc" in row.inner_text()
    money = page.locator("#tien-thuong-theo-nam")
    money.get_by_text("Bảng số liệu").click()
    assert "2.340.000 đ" in money.locator("table").inner_text()
    assert page.locator("figure.chart svg").count() >= 6
    shot(page, "dashboard-leader-1280")

    name = f"Báo cáo tổng kết {case['campaign'].name} năm 2024 (.docx)"
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any(p.text == "BÁO CÁO" for p in doc.paragraphs)
    assert any("2.340.000 đ" in c.text for t in doc.tables for r in t.rows for c in r.cells)
    with page.expect_download() as download:
        page.get_by_text("Tải Excel (mỗi biểu đồ một trang tính)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#chi-so-cchc svg").bounding_box()
    assert box is not None and box["width"] <= 390
    shot(page, "dashboard-leader-390")
