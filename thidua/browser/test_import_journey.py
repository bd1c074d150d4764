"""The office imports the province's Chỉ số CCHC table: from the menu to the import screen,
upload the table as the province sends it (title rows, a merged two-row header, a "Tổng
cộng" row, one commune under a name the product does not know), watch the background
worker check it, pick the right commune for the unknown name, check again, import, and see
the new year's ranking.

The real queue: the page queues each step as a row of django-tasks-db's table and the test
runs `thidua worker --batch` where the worker process would pick it up; the job page
notices by itself (static/js/import_progress.js)."""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from thidua.browser.conftest import click, shot, sign_in
from thidua.org.models import Unit
from thidua.scoring.models import ParScore

pytestmark = pytest.mark.django_db(transaction=True)


def _province_table(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xã, phường"
    ws["A1"] = "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"
    ws["A2"] = "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    ws.merge_cells("A2:E2")
    ws.append([])
    ws.append(["STT", "Cơ quan, đơn vị", "Kết quả", None, None])
    ws.append([None, None, "Thang điểm", "Tự chấm", "Tổng điểm đạt được"])
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:E4")
    ws.append([1, "Ủy ban nhân dân xã Tam Quan", 100, "88,5", "87,25"])
    ws.append([2, "UBND xã Mỹ An cũ", 100, "90", "91,75"])
    ws.append([3, "Phòng Nội vụ", 100, "84", "82,5"])
    ws.append([None, "Tổng cộng", None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def _worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def test_the_office_fixes_an_unmatched_name_and_sees_the_ranking(
    page, accounts, district, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    Unit.objects.create(
        code="XA-TQ", name="UBND xã Tam Quan", level="xa", group_id="xa", parent=district["root"]
    )
    table = tmp_path / "KQ Chi so CCHC 2026 (tinh gui).xlsx"
    _province_table(table)

    sign_in(page, "noivu")
    page.get_by_role("link", name="Nhập dữ liệu").first.click()
    page.get_by_label("Loại dữ liệu").select_option(label="Kết quả Chỉ số CCHC")
    page.get_by_label("Năm", exact=True).fill("2026")
    page.get_by_label("Tệp Excel (.xlsx, .xls, .ods)").set_input_files(str(table))
    shot(page, "import-1-upload")
    click(page, "Tải lên và kiểm tra")

    # queued: the worker has not taken it yet
    page.locator("progress").wait_for()
    page.get_by_text("Chờ xử lý…").wait_for()
    shot(page, "import-2-queued")
    _worker()

    # the page refreshed by itself: the unknown name, with the closest communes
    page.get_by_role("heading", name="Tên chưa khớp").wait_for()
    assert page.locator("progress").count() == 0
    page.get_by_role("cell", name="Không tìm thấy đơn vị “UBND xã Mỹ An cũ”").wait_for()
    page.get_by_text("UBND xã Mỹ An cũ").first.wait_for()
    assert page.get_by_role("button", name="Nhập dữ liệu").count() == 0
    shot(page, "import-3-unmatched")
    assert ParScore.objects.count() == 0

    picker = page.get_by_label("UBND xã Mỹ An cũ")
    assert "UBND xã Mỹ An — UBND huyện Thử Nghiệm" in picker.inner_text()
    picker.select_option(label="UBND xã Mỹ An — UBND huyện Thử Nghiệm")
    click(page, "Kiểm tra lại")
    page.get_by_text("Đã ghi các lựa chọn; đang kiểm tra lại tệp.").wait_for()
    _worker()

    page.get_by_role("button", name="Nhập dữ liệu").wait_for()
    rows = page.locator("table").last
    assert rows.get_by_role("row").count() == 4  # header + three rows, no "Tổng cộng"
    shot(page, "import-4-ready")
    assert ParScore.objects.count() == 0

    click(page, "Nhập dữ liệu")
    assert page.dialogs["seen"] and "Nhập 3 dòng" in page.dialogs["seen"][-1]
    page.locator("progress").wait_for()
    _worker()
    page.get_by_text("Đã nhập xong").wait_for()
    shot(page, "import-5-done")
    assert ParScore.objects.filter(year=2026).count() == 3

    page.get_by_role("link", name="Xếp hạng Chỉ số CCHC năm 2026").click()
    page.wait_for_url("**/chi-so-cchc/?year=2026")
    my_an = page.get_by_role("row", name="UBND xã Mỹ An")
    my_an.wait_for()
    assert "91,75" in my_an.inner_text()
    assert "87,25" in page.get_by_role("row", name="UBND xã Tam Quan").inner_text()
    shot(page, "import-6-ranking")
