"""Layouts offices really send: column numbers under the header, group headings, the header
repeated over pages, several sheets; progress and the cap on errors of a huge bad file."""

from __future__ import annotations

import io

import pytest

from thidua.imports.kinds.base import MAX_ERRORS
from thidua.imports.service import import_file, import_rows
from thidua.imports.tests.helpers import workbook
from thidua.scoring.models import ParScore, Rating

pytestmark = pytest.mark.django_db


def test_numbering_headings_and_a_repeated_header_are_not_data(communes, accounts):
    header = ["STT", "Tên đơn vị", "Năm", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm tối đa"]
    rows = [
        ["BẢNG TỔNG HỢP"],
        header,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I", "Khối xã"],
        [1, "Xã Ân Mỹ", 2025, "85,5", "80", 100],
        header,
        ["II.", "Khối phường"],
        [2, "Phường Hoài Hảo", 2025, "90", "88,75", 100],
        ["Ghi chú: điểm đã làm tròn"],
        [None, None, None, "Ân Mỹ, ngày 15 tháng 01 năm 2026"],
    ]
    report = import_file("par", io.BytesIO(workbook(("KQ", rows))), user=accounts["office"])
    assert report.ok, report.errors
    assert report.created == 2 and [o.row for o in report.outcomes] == [5, 8]


def test_every_data_sheet_is_read_and_others_are_ignored(communes, accounts):
    data = workbook(
        ("Bìa", [["BÁO CÁO KẾT QUẢ XẾP LOẠI"], ["Kính gửi: Phòng Nội vụ"]]),
        ("Xã", [["Đơn vị", "Năm", "Xếp loại"], ["Xã Ân Mỹ", 2025, "Xuất sắc"]]),
        ("Phường", [["Cơ quan, đơn vị", "Năm", "Mức xếp loại"], ["Phường Hoài Hảo", 2025, "Tốt"]]),
    )
    report = import_file("ratings", io.BytesIO(data), user=accounts["office"])
    assert report.ok, report.errors
    assert {o.sheet for o in report.outcomes} == {"Xã", "Phường"}
    assert report.notes == ["Trang “Bìa” không có bảng dữ liệu: đã bỏ qua."]
    assert Rating.objects.count() == 2


def test_progress_is_reported(communes, accounts):
    calls = []
    rows = [["Tên đơn vị", "Năm", "Thẩm định"], ["Xã Ân Mỹ", 2025, 80]]
    import_file(
        "par",
        io.BytesIO(workbook(("KQ", rows))),
        user=accounts["office"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (1, 1)


def test_a_huge_bad_file_keeps_a_bounded_list_of_errors(communes, accounts):
    rows = [{"unit_code": f"NOPE-{i}", "year": 2025, "score": 80} for i in range(MAX_ERRORS + 50)]
    report = import_rows("par", rows, user=accounts["office"])
    assert len(report.errors) == MAX_ERRORS + 1
    assert report.errors[-1].message == "… và 50 lỗi khác."
    assert report.rows == MAX_ERRORS + 50 and ParScore.objects.count() == 0


def test_absurd_cells_are_row_errors_with_short_messages(communes, accounts):
    rows = [
        ["Tên đơn vị", "Năm", "Thẩm định"],
        ["x" * 100_000, 2025, 80],
        ["Xã Ân Mỹ", "2025-01-05", "#DIV/0!"],
        ["Xã Tam Quan", True, 1e300],
    ]
    report = import_file("par", io.BytesIO(workbook(("KQ", rows))), user=accounts["office"])
    assert [e.row for e in report.errors] == [2, 3, 4]
    assert all(len(e.message) < 300 for e in report.errors)
    assert ParScore.objects.count() == 0


def test_duplicates_across_chunks_and_sheets_are_found(communes, accounts, monkeypatch):
    from thidua.imports import engine

    monkeypatch.setattr(engine, "CHUNK", 2)
    header = ["Tên đơn vị", "Năm", "Thẩm định"]
    data = workbook(
        ("A", [header, ["Xã Ân Mỹ", 2025, 80], ["Xã Tam Quan", 2025, 81], ["Hoài Hảo", 2025, 82]]),
        ("B", [header, ["an my", 2025, 83]]),
    )
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    [error] = report.errors
    assert (error.sheet, error.row, error.column) == ("B", 2, "Tên đơn vị")
    assert "trùng với dòng 2 của trang “A”" in error.message
    assert ParScore.objects.count() == 0


def test_a_formula_without_a_value_is_told_as_such(communes, accounts):
    # openpyxl writes "=Xã Ân Mỹ" as a formula and keeps no value for it: read for its
    # values, the cell is empty.
    header = ["Tên đơn vị", "Năm", "Thẩm định"]
    data = workbook(("KQ", [header, ["Xã Tam Quan", 2025, 81], ["=Xã Ân Mỹ", 2025, 80]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "Tên đơn vị", "Ô chứa công thức, không có giá trị: hãy ghi thành văn bản.")
    ]
    assert ParScore.objects.count() == 0


def test_an_empty_required_cell_is_still_empty(communes, accounts):
    header = ["Tên đơn vị", "Năm", "Thẩm định"]
    data = workbook(("KQ", [header, ["Xã Tam Quan", 2025, 81], [None, 2025, 80]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "Tên đơn vị", "Chưa ghi đơn vị.")
    ]


def test_a_huge_score_is_named_in_our_words_in_the_files_column_order(communes, accounts):
    header = ["Tên đơn vị", "Năm", "Điểm tối đa", "Thẩm định", "Tự chấm"]
    huge = 10**20
    data = workbook(("KQ", [header, ["Xã Ân Mỹ", 2025, huge, huge, huge]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Điểm tối đa"),
        (2, "Thẩm định"),
        (2, "Tự chấm"),
    ]
    assert report.errors[2].message == (
        "Điểm quá lớn: tối đa 8 chữ số (5 chữ số phần nguyên, 3 chữ số thập phân) ở cột “Tự chấm”."
    )
    assert report.created == 0 and ParScore.objects.count() == 0
