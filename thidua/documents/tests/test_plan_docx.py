"""The plan as a .docx: NĐ 30/2020 layout (page, fonts, header, title, body, Nơi nhận,
signature, page numbers), the section markup, reproducibility, the command and the PDF."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.documents import docx_base, pdf
from thidua.documents.plan_docx import plan_docx

FONT = "Times New Roman"
TEMPLATE_KEYS = [
    "loc-ninh-2024-2025",
    "dinh-du-2024",
    "tan-chau-2020",
    "phu-my-2021-2025",
    "thai-nguyen-2018-2020",
]


def sample_plan(**changes: Any) -> dict[str, Any]:
    plan = {
        "key": "loc-ninh-2024-2025",
        "superior": "",
        "issuer": "ỦY BAN NHÂN DÂN\nHUYỆN LỘC NINH",
        "number": "158",
        "symbol": "KH-UBND",
        "place": "Lộc Ninh",
        "date": "2024-07-19",
        "doc_type": "KẾ HOẠCH",
        "title": "Phát động phong trào thi đua “Đẩy mạnh cải cách hành chính Nhà nước”\n"
        "huyện Lộc Ninh giai đoạn 2024 - 2025",
        "legal_bases": [
            "Thực hiện Kế hoạch số 230/KH-UBND ngày 10/7/2024 của UBND tỉnh Bình Phước,",
        ],
        "preamble": "Ủy ban nhân dân huyện ban hành Kế hoạch, cụ thể như sau:",
        "sections": [
            {
                "heading": "I. MỤC ĐÍCH, YÊU CẦU",
                "role": "purpose",
                "text": "## 1. Mục đích\n\na) Phát động phong trào thi đua.\n\n"
                "### Tiểu mục\n\nb) Nâng cao trách nhiệm (*đối với người đứng đầu*).",
            },
            {
                "heading": "III. CÔNG TÁC KHEN THƯỞNG",
                "role": "awards",
                "text": "Hồ sơ gửi trước **ngày 30 tháng 11 hàng năm**.\n\n"
                "- Tờ trình đề nghị khen thưởng;\n- Biên bản họp Hội đồng.",
            },
        ],
        "closing": "Trên đây là Kế hoạch phát động phong trào thi đua./.",
        "recipients": ["TTHU;", "TT. HĐND huyện;", "Lưu: VT."],
        "signer": {"authority": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "name": "Lê Thị Anh Tuyết"},
    }
    plan.update(changes)
    return plan


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def doc() -> Any:
    return open_docx(plan_docx(sample_plan()))


def body_paragraph(doc: Any, starts: str) -> Any:
    return next(p for p in doc.paragraphs if p.text.startswith(starts))


def cell_paragraph(doc: Any, text: str) -> Any:
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if paragraph.text == text:
                        return paragraph
    raise AssertionError(f"no cell paragraph {text!r}")


def runs(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.runs if r.text.strip()]


def size(paragraph: Any) -> float:
    sizes = {(r.font.size or paragraph.style.font.size).pt for r in runs(paragraph)}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def all_bold(paragraph: Any) -> bool:
    return all(r.bold for r in runs(paragraph))


def all_italic(paragraph: Any) -> bool:
    return all(r.italic for r in runs(paragraph))


def every_paragraph(doc: Any) -> list[Any]:
    out = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    section = doc.sections[0]
    out.extend(section.header.paragraphs)
    out.extend(section.first_page_header.paragraphs)
    return out


# -- page and fonts ------------------------------------------------------------------------


def test_it_is_a4_portrait_with_margins_within_nd30(doc: Any) -> None:
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_every_run_is_times_new_roman_black(doc: Any) -> None:
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.color.rgb == (0, 0, 0)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{slot}")) == FONT
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert not [a for a in defaults.attrib if a.endswith("Theme")]  # themes beat names
    for paragraph in every_paragraph(doc):
        for run in paragraph.runs:
            assert effective_font(run, paragraph) == FONT
            assert run.font.color.rgb in (None, (0, 0, 0))


def effective_font(run: Any, paragraph: Any) -> str | None:
    if run.font.name:
        return run.font.name
    style = paragraph.style
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None


# -- header --------------------------------------------------------------------------------


def test_the_header_table_has_two_columns_with_issuer_and_national_name(doc: Any) -> None:
    header = doc.tables[0]
    assert len(header.columns) == 2
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN", "HUYỆN LỘC NINH"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).text == "Số: 158/KH-UBND"
    assert header.cell(1, 1).text == "Lộc Ninh, ngày 19 tháng 7 năm 2024"
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_issuer_is_13_bold_and_the_superior_13_regular() -> None:
    doc = open_docx(plan_docx(sample_plan(superior="UBND TỈNH BÌNH PHƯỚC")))
    superior = cell_paragraph(doc, "UBND TỈNH BÌNH PHƯỚC")
    assert size(superior) == 13 and not any(r.bold for r in runs(superior))
    issuer = cell_paragraph(doc, "HUYỆN LỘC NINH")
    assert size(issuer) == 13 and all_bold(issuer)


def test_national_name_13_bold_motto_14_bold_with_rules_beneath(doc: Any) -> None:
    national = cell_paragraph(doc, docx_base.NATIONAL_NAME)
    assert size(national) == 13 and all_bold(national)
    motto = cell_paragraph(doc, docx_base.MOTTO)
    assert size(motto) == 14 and all_bold(motto)
    for cell in doc.tables[0].rows[0].cells:
        rules = [p for p in cell.paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None]
        assert len(rules) == 1 and rules[0].text == ""
    # the motto's rule is about as wide as the motto
    cell = doc.tables[0].cell(0, 1)
    rule = cell.paragraphs[-1].paragraph_format
    rule_width = cell.width - rule.left_indent - rule.right_indent
    assert abs(rule_width - docx_base.text_width(docx_base.MOTTO, 14, bold=True)) < Mm(2)


def test_number_line_13_centred_and_place_date_14_italic(doc: Any) -> None:
    number = cell_paragraph(doc, "Số: 158/KH-UBND")
    assert size(number) == 13 and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    place = cell_paragraph(doc, "Lộc Ninh, ngày 19 tháng 7 năm 2024")
    assert size(place) == 14 and all_italic(place)


def test_an_unnumbered_plan_keeps_room_for_the_number() -> None:
    doc = open_docx(plan_docx(sample_plan(number="", date="2024-04-05")))
    assert doc.tables[0].cell(1, 0).text == "Số:      /KH-UBND"
    assert doc.tables[0].cell(1, 1).text == "Lộc Ninh, ngày 05 tháng 4 năm 2024"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2018, 2, 27), "ngày 27 tháng 02 năm 2018"),
        (dt.date(2024, 7, 19), "ngày 19 tháng 7 năm 2024"),
        (dt.date(2024, 12, 1), "ngày 01 tháng 12 năm 2024"),
    ],
)
def test_dates_take_leading_zeros_for_days_below_10_and_months_1_2(day: dt.date, text: str) -> None:
    assert docx_base.date_text(day) == text


def test_document_type_and_summary_are_centred_14_bold(doc: Any) -> None:
    kind = body_paragraph(doc, "KẾ HOẠCH")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER and size(kind) == 14 and all_bold(kind)
    title = body_paragraph(doc, "Phát động phong trào")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and size(title) == 14
    assert all_bold(title)
    assert len(title._p.findall(f".//{qn('w:br')}")) == 1  # the "\n" of the title


# -- body ----------------------------------------------------------------------------------


def assert_body(paragraph: Any) -> None:
    fmt = paragraph.paragraph_format
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= fmt.first_line_indent <= Cm(1.27) + 1
    assert fmt.space_after >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert size(paragraph) == 14


def test_body_paragraphs_are_14_justified_indented_and_spaced(doc: Any) -> None:
    for starts in ("Thực hiện Kế hoạch số 230", "Ủy ban nhân dân huyện", "a) Phát động"):
        assert_body(body_paragraph(doc, starts))


def test_section_headings_are_bold_as_written_without_indent(doc: Any) -> None:
    heading = body_paragraph(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.text == "I. MỤC ĐÍCH, YÊU CẦU" and all_bold(heading)
    assert not heading.paragraph_format.first_line_indent
    assert heading.paragraph_format.keep_with_next


def test_the_markup_renders_subheadings_bold_and_inline_emphasis(doc: Any) -> None:
    sub = body_paragraph(doc, "1. Mục đích")
    assert sub.text == "1. Mục đích" and all_bold(sub) and not any(r.italic for r in sub.runs)
    subsub = body_paragraph(doc, "Tiểu mục")
    assert all_bold(subsub) and all_italic(subsub)
    deadline = body_paragraph(doc, "Hồ sơ gửi trước")
    assert deadline.text == "Hồ sơ gửi trước ngày 30 tháng 11 hàng năm."
    assert [(r.text, bool(r.bold)) for r in deadline.runs] == [
        ("Hồ sơ gửi trước ", False),
        ("ngày 30 tháng 11 hàng năm", True),
        (".", False),
    ]
    note = body_paragraph(doc, "b) Nâng cao")
    assert [r.text for r in note.runs if r.italic] == ["đối với người đứng đầu"]
    items = [p for p in doc.paragraphs if p.text.startswith("- ")]
    assert [p.text for p in items] == [
        "- Tờ trình đề nghị khen thưởng;",
        "- Biên bản họp Hội đồng.",
    ]
    for item in items:
        assert_body(item)


def test_markup_blocks_and_unbalanced_stars() -> None:
    assert docx_base.parse_markup("## A\nnext line\n\n- x\n- y\n\nplain\ncontinued") == [
        ("h2", "A"),
        ("para", "next line"),
        ("item", "- x"),
        ("item", "- y"),
        ("para", "plain continued"),
    ]
    doc = open_docx(plan_docx(sample_plan(preamble="Điểm 5 * 3 = 15 **đậm")))
    paragraph = body_paragraph(doc, "Điểm 5")
    assert paragraph.text == "Điểm 5 * 3 = 15 **đậm" and not any(r.bold for r in paragraph.runs)


def test_the_closing_ends_with_the_dot_slash_dot_on_its_last_word() -> None:
    doc = open_docx(plan_docx(sample_plan(closing="Trên đây là Kế hoạch ./.")))
    closing = body_paragraph(doc, "Trên đây là")
    assert closing.text == "Trên đây là Kế hoạch./."
    assert closing.paragraph_format.keep_with_next
    assert_body(closing)


# -- Nơi nhận and signature ----------------------------------------------------------------


def test_recipients_left_and_signature_right(doc: Any) -> None:
    block = doc.tables[-1]
    assert len(block.columns) == 2
    recipients, signature = block.rows[0].cells
    title, *items = recipients.paragraphs
    assert title.text == "Nơi nhận:" and size(title) == 12
    assert all_bold(title) and all_italic(title)
    assert [p.text for p in items] == ["- TTHU;", "- TT. HĐND huyện;", "- Lưu: VT."]
    assert {size(p) for p in items} == {11}
    lines = signature.paragraphs
    assert [p.text for p in lines[:2]] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    for line in lines[:2]:
        assert size(line) == 14 and all_bold(line)
    assert [p.text for p in lines[2:6]] == [""] * 4  # room to sign
    assert lines[-1].text == "Lê Thị Anh Tuyết" and all_bold(lines[-1]) and size(lines[-1]) == 14
    assert block.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


@pytest.mark.parametrize(
    ("issuer", "given", "printed"),
    [
        # a KH-UBND is the committee's: its chairman signs for it (QA #14)
        ("ỦY BAN NHÂN DÂN\nXÃ ÂN MỸ", ["CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("ỦY BAN NHÂN DÂN\nXÃ ÂN MỸ", ["PHÓ CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (
            "ỦY BAN NHÂN DÂN\nXÃ ÂN MỸ",
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ),
        ("PHÒNG NỘI VỤ", ["TRƯỞNG PHÒNG"], ["TRƯỞNG PHÒNG"]),
    ],
)
def test_a_committees_plan_is_signed_for_the_committee(
    issuer: str, given: list[str], printed: list[str]
) -> None:
    plan = sample_plan(issuer=issuer, signer={"authority": given, "name": "Nguyễn Văn Thành"})
    lines = [p.text for p in open_docx(plan_docx(plan)).tables[-1].rows[0].cells[1].paragraphs]
    assert [t for t in lines if t] == [*printed, "Nguyễn Văn Thành"]


def test_recipients_get_dashes_and_punctuation() -> None:
    doc = open_docx(plan_docx(sample_plan(recipients=["- Sở Nội vụ", "Lưu: VT, NV"])))
    items = [p.text for p in doc.tables[-1].cell(0, 0).paragraphs[1:]]
    assert items == ["- Sở Nội vụ;", "- Lưu: VT, NV."]


# -- page numbers --------------------------------------------------------------------------


def test_page_numbers_are_in_the_header_but_not_on_page_1(doc: Any) -> None:
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [el.text.strip() for el in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    paragraph = header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in paragraph.runs} == {13}
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert all(not p.text for p in first.paragraphs)
    assert not list(first._element.iter(qn("w:instrText")))


# -- reproducibility -----------------------------------------------------------------------


def test_two_builds_are_byte_identical_with_fixed_properties() -> None:
    first, second = plan_docx(sample_plan()), plan_docx(sample_plan())
    assert first == second
    props = open_docx(first).core_properties
    assert props.author == "thidua"
    assert props.created.date() == dt.date(2024, 7, 19)
    assert props.title.startswith("KẾ HOẠCH Phát động")


def test_it_accepts_the_plan_object_too() -> None:
    plan = types.SimpleNamespace(to_dict=sample_plan)
    assert plan_docx(plan) == plan_docx(sample_plan())


# -- the five templates --------------------------------------------------------------------


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_each_template_plan_renders(key: str) -> None:
    try:
        plan_module = importlib.import_module("thidua.campaigns.plan")
        plan = plan_module.load_plan(key).to_dict()
    except (ImportError, AttributeError, FileNotFoundError, LookupError) as exc:
        pytest.skip(f"plan loader or data not available yet: {exc}")
    doc = open_docx(plan_docx(plan))
    header = doc.tables[0]
    first_issuer_line = plan["issuer"].split("\n")[0].strip().upper()
    assert first_issuer_line in header.cell(0, 0).text
    assert header.cell(1, 0).text.startswith("Số:")
    assert plan["symbol"] in header.cell(1, 0).text
    assert header.cell(1, 1).text.startswith(plan["place"])
    assert any(p.text == plan["sections"][0]["heading"] for p in doc.paragraphs)
    closing = [p for p in doc.paragraphs if p.text.strip()][-1]
    assert closing.text.endswith("./.")
    signer_name = doc.tables[-1].cell(0, 1).paragraphs[-1]
    assert signer_name.text == plan["signer"]["name"]


# -- the command ---------------------------------------------------------------------------

command_module = importlib.import_module("thidua.documents.management.commands.plan-docx")


@pytest.fixture
def fake_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("thidua.campaigns.plan")

    def load_plan(key: str) -> Any:
        if key != "loc-ninh-2024-2025":
            raise KeyError(key)
        return types.SimpleNamespace(to_dict=sample_plan)

    module.load_plan = load_plan  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thidua.campaigns.plan", module)


def test_the_command_writes_the_docx(fake_loader: None, tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    out = io.StringIO()
    call_command(
        command_module.Command(),
        "--template",
        "loc-ninh-2024-2025",
        "-o",
        str(target),
        stdout=out,
    )
    assert target.read_bytes() == plan_docx(sample_plan())
    assert str(target) in out.getvalue()


def test_the_command_rejects_an_unknown_template(
    fake_loader: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command(command_module.Command(), "--template", "nope", "-o", str(tmp_path / "x"))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err and err.startswith("thidua plan-docx: error:")
    assert not (tmp_path / "x").exists()


def test_the_command_says_so_when_libreoffice_is_missing(
    fake_loader: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    out = io.StringIO()
    target = tmp_path / "plan.docx"
    call_command(
        command_module.Command(),
        "--template",
        "loc-ninh-2024-2025",
        "-o",
        str(target),
        "--pdf",
        stdout=out,
    )
    assert target.exists() and not target.with_suffix(".pdf").exists()
    assert "LibreOffice" in out.getvalue()


# -- PDF -----------------------------------------------------------------------------------


def test_to_pdf_is_none_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert not pdf.libreoffice_available()
    assert pdf.to_pdf(plan_docx(sample_plan())) is None


@pytest.mark.skipif(not pdf.libreoffice_available(), reason="LibreOffice is not installed")
def test_to_pdf_converts_with_libreoffice() -> None:
    data = pdf.to_pdf(plan_docx(sample_plan()))
    assert data is not None and data.startswith(b"%PDF")
