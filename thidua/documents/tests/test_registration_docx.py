"""The unit's registration form as a .docx, laid out like the table at the end of seed 001."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.documents.registration_docx import registration_docx

TITLES = "Danh hiệu thi đua"
FORMS = "Hình thức khen thưởng"
COLUMNS = [
    {"key": "stt", "label": "STT", "group": "", "number": 1},
    {"key": "name", "label": "Tập thể, cá nhân", "group": "", "number": 2},
    {"key": "htnv", "label": "Hoàn thành nhiệm vụ", "group": TITLES, "number": 3},
    {"key": "ldtt", "label": "Lao động tiên tiến", "group": TITLES, "number": 4},
    {"key": "cstd_cs", "label": "Chiến sỹ thi đua cấp cơ sở", "group": TITLES, "number": 5},
    {"key": "cstd_tinh", "label": "Chiến sỹ thi đua cấp tỉnh", "group": TITLES, "number": 6},
    {"key": "cstd_tq", "label": "Chiến sỹ thi đua toàn quốc", "group": TITLES, "number": 7},
    {"key": "gk_huyen", "label": "Giấy khen UBND huyện", "group": FORMS, "number": 8},
    {
        "key": "bk_tinh",
        "label": "Bằng khen UBND tỉnh, các Bộ, ngành, đoàn thể TW",
        "group": FORMS,
        "number": 9,
    },
    {"key": "bk_ttg", "label": "Bằng khen của Thủ tướng Chính phủ", "group": FORMS, "number": 10},
    {"key": "huan_chuong", "label": "Huân chương các loại", "group": FORMS, "number": 11},
]
ROWS = [
    {"section": "collective", "name": "UBND xã", "marks": {"gk_huyen"}},
    {"section": "collective", "name": "Các thôn", "marks": {"gk_huyen"}},
    {
        "section": "collective",
        "name": "Bộ phận tiếp nhận và trả kết quả",
        "marks": ["gk_huyen", "bk_tinh"],
    },
    {"section": "collective", "name": "Các ban ngành, đoàn thể", "marks": {"gk_huyen"}},
    {
        "section": "individual",
        "name": "Toàn thể cán bộ, công chức, người lao động UBND xã",
        "marks": {"gk_huyen", "bk_ttg"},
    },
]
KEYS = [c["key"] for c in COLUMNS]

# The form's wording is the office's template when it uploaded one: looked up in the database.
pytestmark = pytest.mark.django_db


def build(**changes: Any) -> bytes:
    arguments: dict[str, Any] = {
        "issuer": "ỦY BAN NHÂN DÂN\nXÃ ĐÌNH DÙ",
        "place": "Đình Dù",
        "date": "2024-04-16",
        "year": 2024,
        "basis": "Căn cứ Kế hoạch của UBND huyện Văn Lâm về việc phát động phong trào thi đua "
        "cải cách hành chính huyện Văn Lâm năm 2024.",
        "unit_name": "UBND xã Đình Dù",
        "columns": COLUMNS,
        "rows": ROWS,
    }
    arguments.update(changes)
    return registration_docx(**arguments)


@pytest.fixture(scope="module")
def doc(django_db_setup: None, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():  # no template uploaded: the product's
        return Document(io.BytesIO(build()))


@pytest.fixture(scope="module")
def table(doc: Any) -> Any:
    return doc.tables[1]


def texts(row: Any) -> list[str]:
    """One text per grid column (a merged cell repeats)."""
    return [cell.text for cell in row.cells]


def test_the_page_is_a4_landscape_with_nd30_margins(doc: Any) -> None:
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(0.5)
    assert abs(section.page_height - Mm(210)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_the_header_has_no_number_line(doc: Any) -> None:
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐÌNH DÙ",
    ]
    assert header.cell(1, 0).text == ""
    assert header.cell(1, 1).text == "Đình Dù, ngày 16 tháng 4 năm 2024"


def test_title_basis_and_the_unit_line(doc: Any) -> None:
    lines = [p for p in doc.paragraphs if p.text]
    assert lines[0].text == "ĐĂNG KÝ" and lines[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in lines[0].runs)
    assert lines[1].text == "Danh hiệu thi đua, khen thưởng trong cải cách hành chính năm 2024"
    assert lines[2].text.startswith("Căn cứ Kế hoạch của UBND huyện Văn Lâm")
    assert lines[2].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert lines[3].text == "UBND xã Đình Dù đăng ký thi đua như sau:"


def test_the_table_has_eleven_columns_and_borders(table: Any) -> None:
    assert len(table.columns) == 11
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}


def test_the_first_header_row_merges_the_two_groups(table: Any) -> None:
    top = table.rows[0]
    spans = [tc.grid_span for tc in top._tr.tc_lst]
    assert spans == [1, 1, 5, 4]
    assert texts(top) == ["STT", "Tập thể, cá nhân"] + [TITLES] * 5 + [FORMS] * 4
    for tc in top._tr.tc_lst[:2]:  # STT and the name run down over the labels row
        assert tc.vMerge == "restart"
    for tc in table.rows[1]._tr.tc_lst[:2]:
        assert tc.vMerge == "continue"


def test_the_second_header_row_has_the_nine_labels(table: Any) -> None:
    assert texts(table.rows[1])[2:] == [c["label"] for c in COLUMNS[2:]]


def test_the_third_row_numbers_the_columns(table: Any) -> None:
    assert texts(table.rows[2]) == [f"({n})" for n in range(1, 12)]
    for row in table.rows[:3]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page


def test_section_rows_and_marks_match_the_seed(table: Any) -> None:
    body = [texts(row) for row in table.rows[3:]]
    assert [row[:2] for row in body] == [
        ["I", "Tập thể"],
        ["", "UBND xã"],
        ["", "Các thôn"],
        ["", "Bộ phận tiếp nhận và trả kết quả"],
        ["", "Các ban ngành, đoàn thể"],
        ["II", "Cá nhân"],
        ["", "Toàn thể cán bộ, công chức, người lao động UBND xã"],
    ]
    marked = [[KEYS[i] for i, text in enumerate(row) if text == "x"] for row in body]
    assert marked == [
        [],
        ["gk_huyen"],
        ["gk_huyen"],
        ["gk_huyen", "bk_tinh"],
        ["gk_huyen"],
        [],
        ["gk_huyen", "bk_ttg"],
    ]
    section_row = table.rows[3]
    assert all(r.bold for r in section_row.cells[0].paragraphs[0].runs)
    mark = table.rows[4].cells[KEYS.index("gk_huyen")].paragraphs[0]
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_signature_defaults_to_the_peoples_committee(doc: Any) -> None:
    signature = doc.tables[-1].cell(0, 1).paragraphs
    assert [p.text for p in signature[:2]] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert doc.tables[-1].cell(0, 0).text == ""  # no Nơi nhận on a registration


def test_a_given_signer_is_used() -> None:
    doc = Document(io.BytesIO(build(signer={"authority": ["CHỦ TỊCH"], "name": "Trần Quang Huy"})))
    signature = doc.tables[-1].cell(0, 1).paragraphs
    assert signature[0].text == "CHỦ TỊCH"
    assert signature[-1].text == "Trần Quang Huy"
    assert all(r.bold for r in signature[-1].runs)


def test_it_is_reproducible() -> None:
    assert build() == build()


def test_an_unknown_mark_is_refused() -> None:
    with pytest.raises(ValueError, match="bk_xyz"):
        build(rows=[{"section": "collective", "name": "X", "marks": {"bk_xyz"}}])
    with pytest.raises(ValueError, match="section"):
        build(rows=[{"section": "group", "name": "X", "marks": set()}])


def test_it_takes_the_columns_of_the_plan_module() -> None:
    plan = pytest.importorskip("thidua.campaigns.plan")
    columns = plan.registration_columns()
    keys = [c["key"] for c in columns if c["group"]]
    rows = [{"section": "individual", "name": "Nguyễn Văn A", "marks": {keys[0], keys[-1]}}]
    table = Document(io.BytesIO(build(columns=columns, rows=rows))).tables[1]
    assert len(table.columns) == 11
    assert texts(table.rows[2]) == [f"({n})" for n in range(1, 12)]
    last = texts(table.rows[-1])
    assert last[1] == "Nguyễn Văn A" and last[2] == "x" and last[-1] == "x"


# -- a registration of the database --------------------------------------------------------


@pytest.fixture
def thon_registration(district, accounts):  # type: ignore[no-untyped-def]
    """A thôn of xã Mỹ An registering in the commune's 2026 campaign (after the reform)."""
    import datetime as dt

    from thidua.campaigns.models import Campaign, Registration
    from thidua.campaigns.services import campaign_create_from_template
    from thidua.org.models import Person, Unit

    campaign = campaign_create_from_template(
        key="dinh-du-2024", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.plan = {
        **campaign.plan,
        "number": "12",
        "symbol": "KH-UBND",
        "date": "2026-01-15",
        "title": "về việc kế hoạch phát động phong trào thi đua cải cách hành chính năm 2026.",
    }
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    thon = Unit.objects.create(
        code="XA-AN-T1", name="Thôn Ân Hậu", level="thon", group_id="khac", parent=district["b"]
    )
    Person.objects.create(
        code="TT1", full_name="Ngô Thị Thanh Hoa", unit=thon, position="Trưởng thôn"
    )
    registration = Registration.objects.create(campaign=campaign, unit=thon, year=2026)
    registration.submitted_at = dt.datetime(2026, 2, 3, 8, 0, tzinfo=dt.UTC)
    registration.save()
    registration.lines.create(section="collective", unit=thon, marks=["giay_khen_huyen"])
    return registration


def test_a_thons_form_speaks_for_the_thon_under_its_commune(thon_registration) -> None:  # type: ignore[no-untyped-def]
    from thidua.documents.registration_docx import registration_document

    doc = Document(io.BytesIO(registration_document(thon_registration)))
    header = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in header.paragraphs if p.text] == ["UBND XÃ MỸ AN", "THÔN ÂN HẬU"]
    texts = [p.text for p in doc.paragraphs]
    heading = " ".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "Mỹ An, ngày 03 tháng 02 năm 2026" in heading  # the day it was submitted
    basis = next(t for t in texts if t.startswith("Căn cứ"))
    assert basis.startswith(
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 15 tháng 01 năm 2026 của Ủy ban nhân dân xã Mỹ An "
        "về phát động phong trào"
    )
    assert basis.lower().count("kế hoạch") == 1 and ".," not in basis
    # the thôn's head signs, by name; no committee's "TM."
    signature = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["TRƯỞNG THÔN", "Ngô Thị Thanh Hoa"]
    # 2026: no district; the column is the commune chairman's Giấy khen
    labels = [c.text for c in doc.tables[1].rows[1].cells]
    assert "Giấy khen UBND huyện" not in labels
    assert "Giấy khen của Chủ tịch UBND xã Mỹ An" in labels
    # every row of the table stays whole
    for row in doc.tables[1].rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_long_labels_get_wider_columns(table: Any) -> None:
    """The marked columns share the width by their label's length: the header stays low."""
    widths = [cell.width for cell in table.rows[1].cells]
    labels = [c["label"] for c in COLUMNS]
    longest = labels.index("Bằng khen UBND tỉnh, các Bộ, ngành, đoàn thể TW")
    shortest = labels.index("Lao động tiên tiến")
    assert widths[longest] > widths[shortest] * 1.5
    assert sum(widths) <= Mm(297 - 30 - 15) + Mm(1)
