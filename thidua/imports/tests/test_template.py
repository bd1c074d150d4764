"""Each kind, from the product's own template: download it, fill it with openpyxl, import it,
find the records; importing it again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from thidua.imports.columns import FIELDS
from thidua.imports.report import KINDS
from thidua.imports.service import blank_workbook, import_file
from thidua.imports.template import DATA_SHEET, GUIDE_SHEET, HEADER_ROW
from thidua.imports.tests.helpers import filled_template
from thidua.org.models import Person, Unit
from thidua.scoring import models as m

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_template_has_headers_notes_lists_and_a_guide(kind, district):
    book = load_workbook(io.BytesIO(blank_workbook(kind)))
    assert book.sheetnames[0] == DATA_SHEET and GUIDE_SHEET in book.sheetnames
    ws = book[DATA_SHEET]
    headers = [ws.cell(HEADER_ROW, i + 1).value for i in range(len(FIELDS[kind]))]
    assert [h.removesuffix(" *") for h in headers] == [f.header for f in FIELDS[kind]]
    assert any(ws.cell(HEADER_ROW, i + 1).comment for i in range(len(headers)))
    listed = {f.header for f in FIELDS[kind] if f.choices}
    assert len(ws.data_validations.dataValidation) == len(listed)
    # An empty template writes nothing and says so.
    report = import_file(kind, io.BytesIO(blank_workbook(kind)), year=2025)
    assert report.ok and report.rows == 0
    assert report.notes == ["Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."]


def _import_twice(kind, rows, user, **kw):
    data = filled_template(kind, rows)
    first = import_file(kind, io.BytesIO(data), user=user, **kw)
    assert first.ok, first.errors
    again = import_file(kind, io.BytesIO(data), user=user, **kw)
    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.rows)
    return first


def test_units(district, accounts):
    rows = [
        [
            "XA-MOI",
            "UBND xã Mới",
            "UBND huyện Thử Nghiệm",
            "Khối UBND xã, phường, thị trấn",
            None,
            "Có",
            "01/07/2025",
            None,
            "xamoi@example.vn",
        ],
        [None, "Thôn Một", "UBND xã Mới", "Khối thôn, tổ dân phố", "Thôn, tổ dân phố", "Không"],
        [
            "PNV",
            "Phòng Nội vụ huyện",
            "UBND huyện Thử Nghiệm",
            "Khối cơ quan chuyên môn, phòng, ban",
        ],
    ]
    report = _import_twice("units", rows, accounts["office"])
    assert (report.created, report.updated) == (2, 1)
    assert [o.row for o in report.outcomes] == [4, 5, 6]
    assert report.outcomes[0].summary == (
        "UBND xã Mới: Khối UBND xã, phường, thị trấn, thuộc UBND huyện Thử Nghiệm"
    )
    new = Unit.objects.get(code="XA-MOI")
    assert new.parent == district["root"] and new.level == "xa"
    assert new.valid_from == dt.date(2025, 7, 1) and new.email == "xamoi@example.vn"
    hamlet = Unit.objects.get(name="Thôn Một")
    assert hamlet.parent == new and not hamlet.par_assessed and hamlet.path.startswith(new.path)
    assert Unit.objects.get(code="PNV").name == "Phòng Nội vụ huyện"
    entries = LogEntry.objects.get_for_model(Unit).filter(actor=accounts["office"])
    assert entries.count() == 3  # two created, one changed: each by the importer


def test_units_are_the_offices(district, accounts):
    data = filled_template("units", [["X", "UBND xã X", None, "Khối khác"]])
    report = import_file("units", io.BytesIO(data), user=accounts["unit_a"])
    assert not report.ok and "chỉ cơ quan thường trực" in report.errors[0].message
    assert not Unit.objects.filter(code="X").exists()


def test_people(district, people, accounts):
    rows = [
        ["CB-MOI", "nguyễn  thị   hoa", "Phòng Nội vụ", "Chuyên viên", "Nữ", 1990, "Không", "Có"],
        [None, "Lê Văn Tám", "Xã Mỹ An", "Công chức", "Nam", "1985"],
        ["CB-A", "Nguyễn Văn An", "Phòng Nội vụ", "Trưởng phòng"],
    ]
    report = _import_twice("people", rows, accounts["office"])
    assert (report.created, report.updated) == (2, 1)
    hoa = Person.objects.get(code="CB-MOI")
    assert [o.row for o in report.outcomes] == [4, 5, 6]
    assert hoa.full_name == "nguyễn thị hoa" and hoa.unit == district["a"] and hoa.cchc_role
    tam = Person.objects.get(full_name="Lê Văn Tám")
    assert tam.unit == district["b"] and tam.birth_year == 1985 and tam.code
    assert Person.objects.get(code="CB-A").position == "Trưởng phòng"
    entries = LogEntry.objects.get_for_model(Person).filter(actor=accounts["office"])
    assert entries.count() == 3


def test_par(district, accounts):
    rows = [[None, "Phòng Nội vụ", 2025, "85,5", "80", 100, "Đợt 1"]]
    _import_twice("par", rows, accounts["office"])
    score = m.ParScore.objects.get()
    assert (score.unit, score.self_score, score.score) == (district["a"], Decimal("85.5"), 80)


def test_ratings(people, accounts):
    rows = [
        [None, None, "Nguyễn Văn An", "Phòng Nội vụ", 2025, "Hoàn thành xuất sắc nhiệm vụ"],
        [None, "CB-B", None, None, 2025, "HTTNV"],
        [None, None, None, "Phòng Nội vụ", 2025, "Tốt"],
    ]
    _import_twice("ratings", rows, accounts["office"])
    got = {(r.subject_code, r.rating) for r in m.Rating.objects.all()}
    assert got == {("CB-A", "HTXSNV"), ("CB-B", "HTTNV"), ("PNV", "HTTNV")}


def test_awards(people, accounts):
    rows = [
        [
            None,
            None,
            "Nguyễn Văn An",
            "Phòng Nội vụ",
            "Chiến sĩ thi đua cơ sở",
            2024,
            None,
            "12/QĐ-UBND",
            "15/01/2025",
            "UBND huyện",
        ],
        [
            None,
            None,
            None,
            "Phòng Nội vụ",
            "Tập thể lao động xuất sắc",
            2024,
            "Cải cách hành chính",
        ],
    ]
    _import_twice("awards", rows, accounts["office"])
    person = m.Award.objects.get(person=people["a"])
    assert person.form_id == "chien_si_thi_dua_co_so" and person.decision_date == dt.date(
        2025, 1, 15
    )
    assert m.Award.objects.get(unit__code="PNV").field == "cchc"


def test_an_award_for_the_wrong_recipient_is_refused(people, accounts):
    rows = [[None, None, None, "Phòng Nội vụ", "Lao động tiên tiến", 2024]]
    report = import_file(
        "awards", io.BytesIO(filled_template("awards", rows)), user=accounts["office"]
    )
    assert "chỉ dành cho cá nhân" in report.errors[0].message


def test_disciplines(people, accounts):
    rows = [
        [None, "Trần Thị Bình", "Xã Mỹ An", "Khiển trách", "03/03/2024", "5/QĐ-UBND", "Vi phạm"]
    ]
    _import_twice("disciplines", rows, accounts["office"])
    d = m.Discipline.objects.get()
    assert (d.person, d.level, d.date) == (people["b"], "khien_trach", dt.date(2024, 3, 3))


def test_initiatives(people, accounts):
    rows = [
        [
            None,
            "Số hóa hồ sơ một cửa",
            "Phòng Nội vụ",
            "Nguyễn Văn An; Trần Thị Bình",
            2024,
            "Cấp cơ sở",
        ],
        ["SK-9", "Tổ công nghệ số cộng đồng", None, "CB-BS", 2023, "Cấp huyện"],
    ]
    _import_twice("initiatives", rows, accounts["office"])
    first = m.Initiative.objects.get(title="Số hóa hồ sơ một cửa")
    assert set(first.authors.all()) == {people["a"], people["b"]} and first.code
    assert m.Initiative.objects.get(code="SK-9").scope == "huyen"


def test_attestations(people, accounts):
    rows = [
        [None, None, None, "Xã Mỹ An", 2025, "Nội bộ đoàn kết", "Biên bản họp"],
        [None, "CB-A", None, None, 2025, "Gương mẫu, có phẩm chất đạo đức tốt"],
    ]
    _import_twice("attestations", rows, accounts["office"])
    assert {(a.subject_code, a.key) for a in m.Attestation.objects.all()} == {
        ("XA-AN", "noi_bo_doan_ket"),
        ("CB-A", "guong_mau"),
    }


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_templates_note_is_true_and_no_list_sheet_is_empty(kind, district):
    from thidua.imports.template import LISTS_SHEET

    book = load_workbook(io.BytesIO(blank_workbook(kind)))
    ws = book[DATA_SHEET]
    note = ws["A2"].value
    starred = [ws.cell(HEADER_ROW, i + 1).value.endswith(" *") for i in range(len(FIELDS[kind]))]
    assert ("dấu *" in note) == any(starred), note
    if LISTS_SHEET in book.sheetnames:
        assert book[LISTS_SHEET].max_row > 1
    else:
        assert not any(f.choices for f in FIELDS[kind])


def test_the_par_templates_note_says_what_a_row_needs(district):
    ws = load_workbook(io.BytesIO(blank_workbook("par")))[DATA_SHEET]
    assert ws["A2"].value == (
        "Mỗi dòng cần ghi “Mã đơn vị” hoặc “Tên đơn vị”. Để trống cột “Năm” thì lấy năm chọn "
        "khi nhập. Xem cách ghi từng cột ở trang “Hướng dẫn”."
    )
