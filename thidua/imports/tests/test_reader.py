"""Files are read by their bytes: .xlsx, .xls and .ods alike; anything else is refused with
one clear sentence, whatever its name."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from thidua.imports.reader import open_sheets
from thidua.imports.service import NotASpreadsheet, import_file
from thidua.imports.tests.helpers import workbook
from thidua.scoring.models import ParScore

FILES = Path(__file__).parent / "files"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize("name", ["par_2025.xls", "par_2025.ods"])
@pytest.mark.django_db
def test_old_xls_and_ods_files_are_read(name, communes, accounts):
    # Made once by LibreOffice from a province-style table (our own data): title rows, a
    # merged two-row header, a name in capitals, a decimal comma, a blank and a total row.
    report = import_file("par", FILES / name, filename=name, user=accounts["office"])
    assert report.ok, report.errors
    assert (report.rows, report.created) == (2, 2)
    scores = {s.unit.code: (s.year, s.self_score, s.score) for s in ParScore.objects.all()}
    assert scores == {
        "XA-ANMY": (2025, Decimal("85.5"), Decimal("80.25")),
        "PNV": (2025, Decimal(91), Decimal("88.5")),
    }


def test_rows_keep_the_numbers_the_spreadsheet_shows():
    data = workbook(("A", [["x"], [], [None, None, "y"]]))
    with open_sheets(io.BytesIO(data)) as sheets:
        assert [(n, [v for v in values if v]) for n, values in sheets[0].rows] == [
            (1, ["x"]),
            (2, []),
            (3, ["y"]),
        ]


@pytest.mark.django_db
def test_a_pdf_named_xlsx_is_refused_with_a_clear_message():
    with pytest.raises(NotASpreadsheet) as caught:
        import_file("par", io.BytesIO(PDF), filename="ket-qua-cchc.xlsx")
    assert str(caught.value) == (
        "Tệp “ket-qua-cchc.xlsx” không phải bảng tính Excel (.xlsx, .xls) hoặc .ods."
    )


@pytest.mark.django_db
def test_a_word_file_and_a_broken_zip_are_refused():
    doc = io.BytesIO()
    Document().save(doc)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really/>")
    for data in (doc.getvalue(), broken.getvalue(), b"", b"STT;Ten don vi\n1;Xa An My\n"):
        with pytest.raises(NotASpreadsheet):
            import_file("par", io.BytesIO(data), filename="tep.xlsx")


@pytest.mark.django_db
def test_a_sheet_without_a_header_is_one_error_naming_the_columns():
    data = workbook(("Ghi chú", [["Danh sách gửi kèm công văn"], ["Xem tệp đính kèm"]]))
    report = import_file("ratings", io.BytesIO(data))
    [error] = report.errors
    assert "Không tìm thấy dòng tiêu đề" in error.message and "“Xếp loại”" in error.message


@pytest.mark.django_db
def test_a_percent_cell_is_read_as_the_percentage_it_shows(communes, accounts):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Tên đơn vị", "Năm", "Thẩm định"])
    ws.append(["Xã Ân Mỹ", 2025, 0.855])
    ws["C2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    report = import_file("par", io.BytesIO(out.getvalue()), user=accounts["office"])
    assert report.ok, report.errors
    assert ParScore.objects.get().score == Decimal("85.5")


@pytest.mark.django_db
def test_an_upload_is_read_as_it_comes(communes, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = workbook(("KQ", [["Tên đơn vị", "Năm", "Thẩm định"], ["Xã Ân Mỹ", 2025, 80]]))
    upload = SimpleUploadedFile("cchc.xlsx", data)
    report = import_file("par", upload, filename=upload.name, user=accounts["office"])
    assert report.ok and report.created == 1
    ods = SimpleUploadedFile("cchc.ods", (FILES / "par_2025.ods").read_bytes())
    report = import_file("par", ods, filename=ods.name, user=accounts["office"], dry_run=True)
    assert report.ok and report.rows == 2
