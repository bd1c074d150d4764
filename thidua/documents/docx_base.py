"""The layout every administrative document of the product shares (NĐ 30/2020/NĐ-CP, Phụ lục I):
page, fonts, the two-column header (issuing body | Quốc hiệu, Tiêu ngữ), document type and
summary, body paragraphs from a small markup, "Nơi nhận" and the signature block.

Plans use it now; decisions, minutes and tờ trình will later. Every size, indent and
spacing is set as direct formatting on the paragraph or run (the font family on the Normal
style), so what a reader sees in Word is what the tests check.

Determinism: `document_bytes()` fixes the core properties (author, dates, revision) and
rewrites the .docx zip with a fixed timestamp (1980-01-01) for every entry, so the same
input gives byte-identical files — python-docx alone would stamp each zip entry with the
time of saving.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from thidua.lib.formatting import format_date_long

FONT = "Times New Roman"
BODY_SIZE = 14
HEADER_SIZE = 13  # superior, issuer, Quốc hiệu, number line, page number
MOTTO_SIZE = 14  # Tiêu ngữ
RECIPIENTS_TITLE_SIZE = 12
RECIPIENTS_SIZE = 11
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
LINE_SPACING = 1.15  # multiple of single; NĐ 30 allows single to 1,5
TITLE_SPACE_BEFORE = Pt(18)
ZERO = Length(0)


def _mm(value: float) -> Length:
    """`value` mm rounded up to whole twips (the unit of the file), so a 15 mm margin is
    not stored as 14,99 mm."""
    return Twips(math.ceil(value * 1440 / 25.4))


PAGE_WIDTH = Twips(11906)  # A4 as Word stores it: 210 × 297 mm
PAGE_HEIGHT = Twips(16838)
MARGIN_TOP = _mm(20)
MARGIN_BOTTOM = _mm(20)
MARGIN_LEFT = _mm(30)
MARGIN_RIGHT = _mm(15)
HEADER_DISTANCE = _mm(10)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Advance widths (1/1000 em) of printable ASCII in Times New Roman, taken from Liberation
# Serif, which is metric-compatible. Used only to size the short rules under the issuer,
# the Tiêu ngữ and the summary; Vietnamese letters measure as their base letter.
_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
    "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
    "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
    "500 500 444 480 200 480 541"
)
_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 "
    "667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 "
    "556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 "
    "500 500 444 394 220 394 520"
)
_WIDTHS = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _REGULAR.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _BOLD.split()), strict=True)),
}


def text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """The printed width of one line of `text` in Times New Roman at `size` pt."""
    table = _WIDTHS[bold]
    total = 0.0
    for ch in text:
        base = {"Đ": "D", "đ": "d"}.get(ch) or unicodedata.normalize("NFD", ch)[0]
        width = table.get(base, 556)
        if ch in "ƠơƯư" or (base in "OoUu" and "\u031b" in unicodedata.normalize("NFD", ch)):
            width = round(width * 1.1)  # the horn sticks out to the right
        total += width
    return Pt(total * size / 1000)


# -- page and styles -----------------------------------------------------------------------


def new_document(*, landscape: bool = False) -> DocxDocument:
    """An empty A4 document: margins, Times New Roman 14 pt black, page numbers from page 2."""
    doc = Document()
    page_setup(doc, landscape=landscape)
    _set_default_font(doc)
    _add_page_numbers(doc)
    return doc


def page_setup(doc: DocxDocument, *, landscape: bool = False) -> None:
    """A4, the NĐ 30 margins: also given to a template's sub-documents, whose tables are
    sized to the text width."""
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)


def text_width_of(doc: DocxDocument) -> Length:
    section = doc.sections[-1]
    return Length(section.page_width - section.left_margin - section.right_margin)


def _set_font_names(rpr: Any) -> None:
    """Explicit w:rFonts for the four script slots, without theme fonts (which win over
    the explicit names in Word and would bring back Calibri/Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _set_default_font(doc: DocxDocument) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_font_names(rpr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    _set_font_names(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True


def _add_page_numbers(doc: DocxDocument) -> None:
    """PAGE field centred in the top margin, 13 pt; page 1 gets its own, empty header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # creates the empty header
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(paragraph, "PAGE", "2", size=HEADER_SIZE)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str, *, size: float) -> None:
    """A complex field (begin, instruction, separate, cached result, end)."""

    def run_with(child: Any = None, text: str | None = None) -> None:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        if child is not None:
            run._r.append(child)

    def fld_char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(fld_char("begin"))
    run_with(instr)
    run_with(fld_char("separate"))
    run_with(text=placeholder)
    run_with(fld_char("end"))


# -- paragraphs ----------------------------------------------------------------------------


def _format(
    paragraph: Paragraph,
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    first_line: Length | None = FIRST_LINE_INDENT,
    space_before: Length = ZERO,
    space_after: Length = SPACE_AFTER,
    line_spacing: float = LINE_SPACING,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.first_line_indent = first_line
    fmt.space_before = space_before
    fmt.space_after = space_after
    fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


_INLINE = re.compile(r"\*\*\*|\*\*|\*")


def add_inline(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> None:
    """Runs for `text` with **bold**, *italic* and ***both***; unbalanced stars stay literal."""
    markers = _INLINE.findall(text)
    bolds = sum(m in ("**", "***") for m in markers)
    italics = sum(m in ("*", "***") for m in markers)
    if bolds % 2 or italics % 2:
        parts, markers = [text], []
    else:
        parts = _INLINE.split(text)
    in_bold = in_italic = False
    for index, part in enumerate(parts):
        if part:
            run = paragraph.add_run(part)
            if bold or in_bold:
                run.bold = True
            if italic or in_italic:
                run.italic = True
            if size is not None:
                run.font.size = Pt(size)
        if index < len(markers):
            marker = markers[index]
            if marker in ("**", "***"):
                in_bold = not in_bold
            if marker in ("*", "***"):
                in_italic = not in_italic


def _add_lines(paragraph: Paragraph, text: str, **run_options: Any) -> None:
    """Text whose "\\n" become line breaks inside one paragraph."""
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.add_run().add_break()
        add_inline(paragraph, line.strip(), **run_options)


def body_paragraph(
    doc: DocxDocument, text: str, *, bold: bool = False, italic: bool = False
) -> Paragraph:
    """14 pt, justified, first line indented 1,27 cm, 6 pt after, 1,15 lines."""
    paragraph = _format(doc.add_paragraph())
    add_inline(paragraph, text, bold=bold, italic=italic)
    return paragraph


def heading_paragraph(doc: DocxDocument, text: str) -> Paragraph:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU"): bold, as written, no first-line indent."""
    paragraph = _format(
        doc.add_paragraph(),
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first_line=Pt(0),
        space_before=Pt(6),
        keep_with_next=True,
    )
    add_inline(paragraph, text, bold=True)
    return paragraph


def parse_markup(text: str) -> list[tuple[str, str]]:
    """Blocks of section markup as (kind, text): kind is "h2" ("## "), "h3" ("### " and
    deeper), "item" (a "- " or "+ " line, text kept with its dash) or "para". Paragraphs
    are separated by a blank line; inside one, a line starting a heading or an item starts
    a new block and any other line continues the previous one."""
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        current: list[str] | None = None
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            heading = re.match(r"(#{1,6})\s+(.*)$", line)
            if heading:
                kind = "h2" if len(heading.group(1)) <= 2 else "h3"
                blocks.append((kind, heading.group(2).strip()))
                current = None
            elif line.startswith(("- ", "+ ")) or current is None:
                kind = "item" if line.startswith(("- ", "+ ")) else "para"
                blocks.append((kind, line))
                current = [line]
            else:
                kind, previous = blocks[-1]
                blocks[-1] = (kind, f"{previous} {line}")
    return blocks


def add_markup(doc: DocxDocument, text: str) -> list[Paragraph]:
    """Body paragraphs from section markup (see `parse_markup`); ## bold, ### bold italic."""
    paragraphs = []
    for kind, content in parse_markup(text):
        if kind == "h2":
            paragraph = _format(doc.add_paragraph(), keep_with_next=True)
            add_inline(paragraph, content, bold=True)
        elif kind == "h3":
            paragraph = _format(doc.add_paragraph(), keep_with_next=True)
            add_inline(paragraph, content, bold=True, italic=True)
        else:
            paragraph = body_paragraph(doc, content)
        paragraphs.append(paragraph)
    return paragraphs


def closing_paragraph(doc: DocxDocument, text: str) -> Paragraph:
    """The last body paragraph; "./." stays glued to the last word and the paragraph keeps
    with the signature block."""
    text = re.sub(r"\s+\./\.$", "./.", text.strip())
    paragraph = _format(doc.add_paragraph(), space_after=Pt(12), keep_with_next=True)
    add_inline(paragraph, text)
    return paragraph


# -- tables --------------------------------------------------------------------------------


def _table_borders(table: Table, *, visible: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        # tblBorders goes after tblW/jc/tblCellSpacing/tblInd; before shd, layout, cellMar.
        anchor = None
        for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
            anchor = tbl_pr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            tbl_pr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)


def _cell_margins(table: Table, left: Length, right: Length) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("left", left), ("right", right)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(value.twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def new_table(
    doc: DocxDocument,
    rows: int,
    widths: Sequence[Length],
    *,
    borders: bool = False,
    cell_margin: Length = ZERO,
) -> Table:
    """A fixed-layout table with the given column widths, centred, borderless by default."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert(1, tbl_w)
    tbl_w.set(qn("w:w"), str(sum(int(Length(w).twips) for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    _table_borders(table, visible=borders)
    _cell_margins(table, cell_margin, cell_margin)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def cell_paragraph(
    cell: _Cell,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
    space_before: Length = ZERO,
    space_after: Length = ZERO,
) -> Paragraph:
    """A single-spaced paragraph in a cell; `first` reuses the cell's initial empty one."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _format(
        paragraph,
        align=align,
        first_line=Pt(0),
        space_before=space_before,
        space_after=space_after,
        line_spacing=1.0,
    )
    _add_lines(paragraph, text, bold=bold, italic=italic, size=size)
    mark_size(paragraph, size)
    return paragraph


def mark_size(paragraph: Paragraph, size: float) -> None:
    """Size of the paragraph mark, so an empty paragraph is `size` pt tall."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        sect = ppr.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(rpr)
        else:
            ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size * 2)))
        rpr.append(el)


def _rule(cell: _Cell, width: Length, cell_width: Length, *, align_left: bool = False) -> None:
    """A solid 0,5 pt horizontal line `width` long, centred in the cell (or centred on a
    `width`-wide block at the left): the bottom border of a 1 pt paragraph indented from
    both sides."""
    paragraph = cell.add_paragraph()
    spare = max(0, int(cell_width) - int(width))
    left = 0 if align_left else spare // 2
    right = spare - left
    fmt = paragraph.paragraph_format
    fmt.left_indent = Length(left)
    fmt.right_indent = Length(right)
    fmt.first_line_indent = Pt(0)
    fmt.space_before = Pt(3)  # clear of the descenders and the marks below the line
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    successor = None
    for tag in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"):
        successor = ppr.find(qn(tag))
        if successor is not None:
            break
    if successor is not None:
        successor.addprevious(border)
    else:
        ppr.append(border)
    mark_size(paragraph, 1)


# -- header block --------------------------------------------------------------------------


def number_line(number: str, symbol: str) -> str:
    """ "Số: 158/KH-UBND"; an unnumbered draft keeps room for the number: "Số:      /KH-UBND"."""
    number = str(number or "").strip()
    if number.isascii() and number.isdigit() and len(number) == 1:
        number = f"0{number}"  # NĐ 30/2020: numbers below 10 take a leading zero ("05")
    return f"Số: {number}/{symbol}" if number else f"Số:{' ' * 6}/{symbol}"


date_text = format_date_long  # NĐ 30: "ngày 05 tháng 01 năm 2026", "ngày 19 tháng 7 năm 2024"


def place_date(place: str, value: dt.date | str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{place}, {date_text(value)}"


def header_block(
    doc: DocxDocument,
    superior: str,
    issuer: str,
    number_line: str | None,
    place_date: str,
) -> Table:
    """The two-column borderless header: superior over issuer (a short rule beneath) and the
    number line on the left; Quốc hiệu over Tiêu ngữ (a rule as wide as it) and place and
    date on the right. Row 1 holds the names, row 2 number and date so they line up."""
    width = text_width_of(doc)
    left = Length(int(width * 0.39))
    right = Length(int(width) - int(left))
    table = new_table(doc, 2, [left, right])
    names_left, names_right = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    first = True
    issuer_lines = [line.strip() for line in issuer.upper().split("\n") if line.strip()]
    for line in (superior or "").upper().split("\n"):
        if line.strip():
            cell_paragraph(names_left, line.strip(), size=HEADER_SIZE, first=first)
            first = False
    for line in issuer_lines:
        cell_paragraph(names_left, line, size=HEADER_SIZE, bold=True, first=first)
        first = False
    longest = max((text_width(line, HEADER_SIZE, bold=True) for line in issuer_lines), default=0)
    # NĐ 30: "đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ"
    if issuer_lines:
        _rule(names_left, Length(int(longest * 0.4)), left)

    cell_paragraph(names_right, NATIONAL_NAME, size=HEADER_SIZE, bold=True, first=True)
    cell_paragraph(names_right, MOTTO, size=MOTTO_SIZE, bold=True)
    _rule(names_right, text_width(MOTTO, MOTTO_SIZE, bold=True), right)

    if number_line:
        cell_paragraph(number_cell, number_line, size=HEADER_SIZE, first=True, space_before=Pt(6))
    cell_paragraph(
        date_cell, place_date, size=MOTTO_SIZE, italic=True, first=True, space_before=Pt(6)
    )
    for cell in (*table.rows[0].cells, *table.rows[1].cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def title_block(
    doc: DocxDocument, doc_type: str, summary: str, *, space_before: Length = TITLE_SPACE_BEFORE
) -> list[Paragraph]:
    """Document type (CAPITALS, 14 bold, centred), the summary beneath (14 bold, centred,
    "\\n" kept as line breaks) and a short rule under it."""
    kind = doc.add_paragraph()
    _format(
        kind,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=Pt(0),
        space_before=space_before,
        space_after=Pt(0),
        line_spacing=1.0,
        keep_with_next=True,
    )
    add_inline(kind, doc_type.upper(), bold=True, size=BODY_SIZE)
    paragraphs = [kind]
    if summary.strip():
        title = doc.add_paragraph()
        _format(
            title,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            first_line=Pt(0),
            space_after=Pt(0),
            line_spacing=1.0,
            keep_with_next=True,
        )
        _add_lines(title, summary.strip(), bold=True, size=BODY_SIZE)
        paragraphs.append(title)
    width = text_width_of(doc)
    rule = doc.add_paragraph()
    spare = int(width) - int(Mm(40))
    fmt = rule.paragraph_format
    fmt.left_indent = fmt.right_indent = Length(spare // 2)
    fmt.space_before = Pt(3)
    fmt.space_after = Pt(12)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(3)
    ppr = rule._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.find(qn("w:spacing")).addprevious(border)
    mark_size(rule, 2)
    return paragraphs


# -- closing blocks ------------------------------------------------------------------------


def _punctuate(items: Sequence[str]) -> list[str]:
    """ "- " before each recipient; ";" after those with no closing mark, "." after the last."""
    out = []
    for index, item in enumerate(items):
        text = re.sub(r"^[-–+]\s*", "", item.strip())
        if text and text[-1] not in ";.,:)":
            text += "." if index == len(items) - 1 else ";"
        out.append(f"- {text}")
    return out


punctuate = _punctuate


def recipients_and_signature(
    doc: DocxDocument,
    recipients: Sequence[str] | None,
    signer: dict[str, Any],
    *,
    as_given: bool = False,
) -> Table:
    """Nơi nhận on the left (title 12 bold italic, items 11), the signature on the right:
    authority lines in CAPITALS 14 bold, four empty lines to sign in, full name 14 bold.
    The row never splits across pages. `as_given` writes recipients and authority lines
    unchanged (no dash, punctuation or capitals): a template's tags and loops."""
    width = text_width_of(doc)
    left = Length(int(width * 0.48))
    right = Length(int(width) - int(left))
    table = new_table(doc, 1, [left, right])
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    recipients_cell, signer_cell = row.cells

    if recipients:
        cell_paragraph(
            recipients_cell,
            "Nơi nhận:",
            size=RECIPIENTS_TITLE_SIZE,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            first=True,
        )
        for item in recipients if as_given else _punctuate(recipients):
            paragraph = cell_paragraph(
                recipients_cell, item, size=RECIPIENTS_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT
            )
            # a wrapped recipient continues under its text, not under the dash
            paragraph.paragraph_format.left_indent = Mm(2.5)
            paragraph.paragraph_format.first_line_indent = -Mm(2.5)
    else:
        mark_size(recipients_cell.paragraphs[0], RECIPIENTS_SIZE)

    authority: Iterable[str] = signer.get("authority") or []
    first = True
    for line in authority:
        text = line if as_given else line.upper()
        cell_paragraph(signer_cell, text, size=BODY_SIZE, bold=True, first=first)
        first = False
    for _ in range(4):
        cell_paragraph(signer_cell, "", size=BODY_SIZE, first=first)
        first = False
    cell_paragraph(signer_cell, signer.get("name", ""), size=BODY_SIZE, bold=True, first=first)
    return table


# -- saving --------------------------------------------------------------------------------

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def document_bytes(
    doc: DocxDocument,
    *,
    created: dt.date | dt.datetime,
    title: str = "",
    author: str = "thidua",
) -> bytes:
    """The .docx bytes, reproducible: fixed core properties and zip entry timestamps."""
    if not isinstance(created, dt.datetime):
        created = dt.datetime(created.year, created.month, created.day)
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.created = created
    props.modified = created
    props.last_printed = created
    props.revision = 1
    props.title = title
    props.language = "vi-VN"
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped 1980-01-01 00:00 and deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
