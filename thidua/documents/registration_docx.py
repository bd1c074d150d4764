"""A unit's registration form (ĐĂNG KÝ danh hiệu thi đua, khen thưởng) as a .docx, laid out
like the form at the end of seed 001 (Đình Dù 2024).

The page is A4 landscape: the table has eleven columns (STT, name, five titles, four forms)
and reads poorly in 165 mm. The header and signature keep the NĐ 30/2020 layout; the
number line is left out, as on the seed.

The table: header row 1 "STT" | "Tập thể, cá nhân" (both merged down over row 2) | each
group's name merged across its columns; header row 2 the column labels; row 3 the column
numbers (1)…(11); then "I" | "Tập thể" and its rows, "II" | "Cá nhân" and its rows, with
"x" in the registered columns. The three header rows repeat on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import timezone
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of
from thidua.documents import templating

DEFAULT_AUTHORITY = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SECTIONS = (("collective", "I", "Tập thể"), ("individual", "II", "Cá nhân"))
TABLE_HEAD_SIZE = 12  # STT, name and group headings
LABEL_SIZE = 11  # the nine column labels, which wrap in narrow columns
TABLE_SIZE = 12


def registration_docx(
    *,
    issuer: str,
    place: str,
    date: dt.date | str,
    year: int,
    basis: str,
    unit_name: str,
    columns: Sequence[Mapping[str, Any]],
    rows: Iterable[Mapping[str, Any]],
    superior: str = "",
    signer: Mapping[str, Any] | None = None,
) -> bytes:
    """The registration form's bytes. `columns`: {key, label, group, number} in order — the
    ungrouped ones first (STT, then the name), then the titles and forms with their group
    ("Danh hiệu thi đua", "Hình thức khen thưởng"). `rows`: {section: "collective" |
    "individual", name, marks: column keys}. `signer`: {authority: [...], name}."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    columns = list(columns)
    rows = list(rows)
    ungrouped = [c for c in columns if not c.get("group")]
    if len(ungrouped) < 2:
        raise ValueError("columns need an STT column and a name column without a group")
    stt_key, name_key = ungrouped[0]["key"], ungrouped[1]["key"]
    markable = {c["key"] for c in columns if c.get("group")}
    for row in rows:
        if row.get("section") not in {s for s, _, _ in SECTIONS}:
            raise ValueError(f"unknown section {row.get('section')!r}")
        unknown = set(row.get("marks") or ()) - markable
        if unknown:
            raise ValueError(f"unknown column keys {sorted(unknown)}")

    signer = dict(signer or {})
    signer.setdefault("authority", list(DEFAULT_AUTHORITY))
    signer.setdefault("name", "")

    def context(tpl: Any) -> dict[str, Any]:
        return {
            "dau_van_ban": templating.subdoc(
                tpl,
                lambda d: base.header_block(
                    d, superior, issuer, None, base.place_date(place, date)
                ),
            ),
            "nam": year,
            "can_cu": basis,
            "don_vi": unit_name,
            "bang_dang_ky": templating.subdoc(
                tpl, lambda d: _table(d, columns, rows, stt_key, name_key)
            ),
            "tham_quyen": signer["authority"],
            "nguoi_ky": signer["name"],
        }

    return templating.render(TEMPLATE, context, created=date, title=f"Đăng ký thi đua năm {year}")


def _plan_date(campaign: Any) -> dt.date | None:
    value = (campaign.plan or {}).get("date")
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def columns_in_force(
    campaign: Any, columns: Sequence[Mapping[str, Any]], year: int
) -> list[dict[str, Any]]:
    """The form's columns as the levels in force on the plan's date say (LEGAL.md, the law
    tables): after 01/7/2025 there is no district, and the column of the district's Giấy
    khen is the commune chairman's — named for the campaign's issuer when it is one."""
    from thidua.law import lookup

    on = _plan_date(campaign) or dt.date(year, 1, 1)
    district = bool(lookup.authorities("giay_khen_chu_tich_huyen", on))
    body = issuer_of.of_campaign(campaign).name
    out = []
    for column in columns:
        column = dict(column)
        if column["key"] == "giay_khen_huyen" and not district:
            own = body if "xã" in issuer_of.committee_levels(body) else ""
            column["label"] = (
                "Giấy khen của Chủ tịch UBND " + own[len("Ủy ban nhân dân") :].strip()
                if own
                else "Giấy khen của Chủ tịch UBND cấp xã"
            )
        out.append(column)
    return out


def registration_document(registration: Any, *, today: dt.date | None = None) -> bytes:
    """A unit's registration as the form: the unit speaking for itself (its superior over
    it, as every document's header), dated at submission, citing the campaign's plan by its
    issuer, the columns of the levels in force, signed by the unit's head."""
    from thidua.campaigns.plan import registration_columns
    from thidua.campaigns.registrations import marks_table
    from thidua.documents.dossier_docs import head_signature

    campaign = registration.campaign
    unit = registration.unit
    who = issuer_of.of_unit(unit, fallback_place=(campaign.plan or {}).get("place", ""))
    submitted = registration.submitted_at
    on = timezone.localtime(submitted).date() if submitted else (today or timezone.localdate())
    return registration_docx(
        issuer=who.header,
        superior=who.superior,
        place=who.place,
        date=on,
        year=registration.year,
        basis=f"Căn cứ {issuer_of.plan_citation(campaign)},",
        unit_name=who.name,
        columns=columns_in_force(campaign, registration_columns(), registration.year),
        rows=marks_table(registration),
        signer=head_signature(unit),
    )


def _table(
    doc: Any,
    columns: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
    stt_key: str,
    name_key: str,
) -> None:
    keys = [c["key"] for c in columns]
    widths = _widths(base.text_width_of(doc), columns)
    table = base.new_table(doc, 3, widths, borders=True, cell_margin=Mm(1))
    _head(table, columns)
    for section, numeral, label in SECTIONS:
        section_row = table.add_row()
        section_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = section_row.cells
        _text(cells[keys.index(stt_key)], numeral, bold=True)
        _text(cells[keys.index(name_key)], label, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for key in keys:
            if key not in (stt_key, name_key):
                _text(cells[keys.index(key)], "")
        _keep_with_next(section_row)
        for row in rows:
            if row["section"] != section:
                continue
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = added.cells
            marks = set(row.get("marks") or ())
            for index, key in enumerate(keys):
                if key == name_key:
                    _text(cells[index], row["name"], align=WD_ALIGN_PARAGRAPH.LEFT)
                else:
                    _text(cells[index], "x" if key in marks else "")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width

    # The last row goes with the signature: a signature never stands alone on a page.
    _keep_with_next(table.rows[-1])
    spacer = doc.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    base.mark_size(spacer, 6)


def _write_template(doc: Any) -> None:
    """The product's template of the registration form: the fixed wording and tags."""
    doc.add_paragraph("{{p dau_van_ban }}")
    base.title_block(
        doc,
        "ĐĂNG KÝ",
        "Danh hiệu thi đua, khen thưởng trong cải cách hành chính năm {{ nam }}",
        space_before=Pt(12),
    )
    base.body_paragraph(doc, "{{ can_cu }}")
    base.body_paragraph(doc, "{{ don_vi }} đăng ký thi đua như sau:")
    doc.add_paragraph("{{p bang_dang_ky }}")
    base.recipients_and_signature(
        doc,
        None,
        {
            "authority": ["{%p for dong in tham_quyen %}", "{{ dong|upper }}", "{%p endfor %}"],
            "name": "{{ nguoi_ky }}",
        },
        as_given=True,
    )


def _specimen(tpl: Any) -> dict[str, Any]:
    return {
        "dau_van_ban": templating.subdoc(
            tpl,
            lambda d: base.header_block(
                d, "", "ỦY BAN NHÂN DÂN\nXÃ MẪU", None, "Mẫu, ngày 01 tháng 01 năm 2026"
            ),
        ),
        "nam": 2026,
        "can_cu": "Căn cứ Kế hoạch số 1/KH-UBND ngày 02/01/2026 của UBND xã Mẫu,",
        "don_vi": "Ủy ban nhân dân xã Mẫu",
        "bang_dang_ky": templating.subdoc(tpl, lambda d: d.add_paragraph("Bảng")),
        "tham_quyen": list(DEFAULT_AUTHORITY),
        "nguoi_ky": "Nguyễn Văn Mẫu",
    }


TEMPLATE = templating.TemplateKind(
    key="dang_ky",
    label="phiếu đăng ký thi đua",
    filename="mau-dang-ky-thi-dua.docx",
    tags=(
        (
            "dau_van_ban",
            "Phần đầu văn bản: đơn vị đăng ký, địa danh và ngày, Quốc hiệu và Tiêu ngữ. Đặt "
            "“{{p dau_van_ban }}” một mình trong một đoạn.",
        ),
        ("nam", "Năm đăng ký thi đua."),
        ("can_cu", "Câu căn cứ (kế hoạch phát động phong trào)."),
        ("don_vi", "Tên đơn vị đăng ký."),
        (
            "bang_dang_ky",
            "Bảng đăng ký (tập thể, cá nhân và các danh hiệu, hình thức); đặt "
            "“{{p bang_dang_ky }}” một mình trong một đoạn.",
        ),
        ("tham_quyen", "Các dòng thẩm quyền ký: “TM. ỦY BAN NHÂN DÂN”, “CHỦ TỊCH”."),
        ("nguoi_ky", "Họ và tên người ký."),
    ),
    build=_write_template,
    specimen=_specimen,
    landscape=True,
)


def _keep_with_next(row: Any) -> None:
    """A section row ("I Tập thể") stays on the page of its first row."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _widths(total: Length, columns: Sequence[Mapping[str, Any]]) -> list[Length]:
    """STT and the name fixed; the marked columns share the rest by their label's length
    (a long label, "Bằng khen UBND tỉnh, các Bộ, ngành, đoàn thể TW", wraps to as few
    lines as the short ones, so the header stays low)."""
    stt, name = Mm(12), Mm(52)
    rest = columns[2:] or [{"label": ""}]
    weights = [max(len(str(c.get("label", ""))), 24) for c in rest]
    room = int(total) - int(stt) - int(name)
    return [stt, name] + [Length(room * w // sum(weights)) for w in weights]


def _number(column: Mapping[str, Any], index: int) -> str:
    number = str(column.get("number") or index + 1)
    return number if number.startswith("(") else f"({number})"


def _text(
    cell: Any,
    text: str,
    *,
    size: float = TABLE_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    base.cell_paragraph(
        cell,
        text,
        size=size,
        bold=bold,
        italic=italic,
        align=align,
        first=True,
        space_before=Pt(1),
        space_after=Pt(1),
    )
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _head(table: Any, columns: Sequence[Mapping[str, Any]]) -> None:
    top, labels, numbers = table.rows[0], table.rows[1], table.rows[2]
    index = 0
    while index < len(columns):
        column = columns[index]
        group = column.get("group") or ""
        if not group:
            cell = top.cells[index].merge(labels.cells[index])
            _text(cell, column["label"], size=TABLE_HEAD_SIZE, bold=True)
            index += 1
            continue
        end = index
        while end + 1 < len(columns) and (columns[end + 1].get("group") or "") == group:
            end += 1
        for position in range(index, end + 1):
            _text(labels.cells[position], columns[position]["label"], size=LABEL_SIZE)
        cell = top.cells[index].merge(top.cells[end]) if end > index else top.cells[index]
        _text(cell, group, size=TABLE_HEAD_SIZE, bold=True)
        index = end + 1
    for position, column in enumerate(columns):
        _text(numbers.cells[position], _number(column, position), size=LABEL_SIZE)
    for row in (top, labels, numbers):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
