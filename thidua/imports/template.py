"""The product's template for each kind: a title, a note, the Vietnamese headers (comments
say what each column takes), drop-down lists for the closed lists, and a "Hướng dẫn"
sheet. What the import reads back without any guessing."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.imports import columns as c
from thidua.imports.report import KINDS
from thidua.lib.xlsx import print_landscape
from thidua.org.models import CompetitionGroup, Person, Unit
from thidua.scoring import models as m

DATA_SHEET = "Dữ liệu"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
HEADER_ROW = 3
ROWS_WITH_LISTS = 5000

_LISTS: dict[str, Callable[[], list[str]]] = {
    c.RATING: lambda: [label for _, label in m.RatingLevel.choices],
    c.AWARD_FORM: lambda: list(m.AwardForm.objects.values_list("name", flat=True)),
    c.GROUP: lambda: list(CompetitionGroup.objects.values_list("name", flat=True)),
    c.LEVEL: lambda: [label for _, label in Unit.Level.choices],
    c.SCOPE: lambda: [label for _, label in m.InitiativeScope.choices],
    c.DISCIPLINE: lambda: [label for _, label in m.DisciplineLevel.choices],
    c.ATTESTATION: lambda: list(m.ATTESTATION_KEYS.values()),
    c.FIELD: lambda: [label for _, label in m.AwardField.choices],
    c.YES_NO: lambda: ["Có", "Không"],
    c.GENDER: lambda: [label for _, label in Person.Gender.choices],
}

GUIDES = {
    "units": "Mỗi dòng một đơn vị. Đơn vị đã có được nhận theo mã (không có mã: theo tên).",
    "people": "Mỗi dòng một cá nhân. Cá nhân đã có được nhận theo mã, hoặc theo họ tên và đơn vị.",
    "par": "Mỗi dòng kết quả của một đơn vị trong một năm. Tài khoản đơn vị chỉ nhập điểm tự "
    "đánh giá của đơn vị mình.",
    "ratings": "Mỗi dòng xếp loại của một cá nhân (ghi họ tên và đơn vị) hoặc một tập thể (chỉ "
    "ghi đơn vị) trong một năm.",
    "awards": "Mỗi dòng một khen thưởng đã nhận của một cá nhân hoặc một tập thể.",
    "disciplines": "Mỗi dòng một quyết định kỷ luật một cá nhân.",
    "initiatives": "Mỗi dòng một sáng kiến; nhiều tác giả cách nhau bằng dấu chấm phẩy (;).",
    "attestations": "Mỗi dòng một nội dung xác nhận cho một cá nhân hoặc một tập thể trong "
    "một năm.",
}


def blank_workbook(kind: str) -> bytes:
    if kind not in c.FIELDS:
        raise ValueError(f"unknown kind {kind!r}")
    fields = c.FIELDS[kind]
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    # The drop-down lists' hidden sheet, only for a kind that has lists.
    lists = book.create_sheet(LISTS_SHEET) if any(f.choices for f in fields) else None
    ws["A1"] = KINDS[kind].upper()
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _note(kind, fields)
    ws["A2"].font = Font(italic=True)
    # The note spans the table's width and wraps there (a row is not grown by LibreOffice).
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(fields))
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 15 * (1 + len(ws["A2"].value) // (16 * len(fields)))
    fill = PatternFill("solid", fgColor="DDEBF7")
    list_col = 0
    for index, f in enumerate(fields, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(HEADER_ROW, index, f.header + (" *" if f.required else ""))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if f.note:
            cell.comment = Comment(f.note, "thidua")
        ws.column_dimensions[letter].width = max(len(f.header) + 6, 14)
        if f.type.__name__ == "date":
            for row in range(HEADER_ROW + 1, HEADER_ROW + 201):
                ws.cell(row, index).number_format = "DD/MM/YYYY"
        if f.choices:
            assert lists is not None
            list_col += 1
            values = _LISTS[f.choices]()
            list_letter = get_column_letter(list_col)
            lists.cell(1, list_col, f.header)
            for i, value in enumerate(values, start=2):
                lists.cell(i, list_col, value)
            ref = (
                f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(values) + 1}"
            )
            rule = DataValidation(type="list", formula1=f"={ref}", allow_blank=True)
            rule.error = "Chọn một giá trị trong danh sách."
            rule.errorTitle = f.header
            rule.showErrorMessage = True
            ws.add_data_validation(rule)
            rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + ROWS_WITH_LISTS}")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    print_landscape(ws, HEADER_ROW)
    if lists is not None:
        lists.sheet_state = "hidden"
    _guide(book.create_sheet(GUIDE_SHEET), kind, fields)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _note(kind: str, fields: tuple[c.Field, ...]) -> str:
    """The line above the header: what a row needs, true for this kind (a kind whose
    record is named by one of several columns has no column that is required alone)."""
    from thidua.imports.kinds import HANDLERS

    handler = HANDLERS[kind]
    by_name = {f.name: f for f in fields}
    parts = []
    if any(f.required for f in fields):
        parts.append("Cột có dấu * là bắt buộc.")
    subjects = [by_name[n] for n in handler.subject_fields if n in by_name]
    if subjects and not any(f.required for f in subjects):
        named = " hoặc ".join(f"“{f.header}”" for f in subjects)
        parts.append(f"Mỗi dòng cần ghi {named}.")
    year = by_name.get(handler.year_field or "")
    if year is not None and not year.required:
        parts.append(f"Để trống cột “{year.header}” thì lấy năm chọn khi nhập.")
    parts.append("Xem cách ghi từng cột ở trang “Hướng dẫn”.")
    return " ".join(parts)


def _guide(ws: object, kind: str, fields: tuple[c.Field, ...]) -> None:
    lines = [
        f"Mẫu nhập {KINDS[kind][0].lower()}{KINDS[kind][1:]}",
        GUIDES[kind],
        "Ghi dữ liệu từ dòng 4 của trang “Dữ liệu”, không đổi tên các cột. Số thập phân "
        "dùng dấu phẩy (85,5); ngày ghi dạng dd/mm/yyyy.",
        "Nhập lại cùng một tệp không tạo bản ghi trùng: bản ghi đã có được giữ nguyên hoặc "
        "cập nhật.",
        "",
        "Các cột:",
    ]
    for f in fields:
        parts = (
            []
            if f.note.lower().startswith("không bắt buộc")
            else ["bắt buộc" if f.required else "không bắt buộc"]
        )
        if f.note:
            parts.append(f.note[0].lower() + f.note[1:])
        lines.append(f"• Cột “{f.header}” ({'; '.join(parts)}).")
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(i, 1, line)  # type: ignore[attr-defined]
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110  # type: ignore[attr-defined]
