"""The one Excel writer every export uses: a streaming (write-only) workbook, a title block
above a bold, frozen header, widths that fit, real dates and numbers, and text that is never
a formula.

openpyxl writes a str beginning with "=" as a formula; a name such as
`=HYPERLINK("http://x","y")` typed into a unit's name must reach the office's download as the
text it is. Every str goes out as a string cell (data_type "s"); one that begins with a
character a spreadsheet reads as the start of a formula also gets the quote prefix, so
editing the cell in Excel or LibreOffice keeps it text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from itertools import chain, islice
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from thidua.lib.http import CONTENT_TYPES
from thidua.lib.vietnamese import fold

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
DECIMAL_FORMAT = "#,##0.00"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
SAMPLE_ROWS = 200  # rows held back to measure column widths before streaming the rest
MIN_WIDTH, MAX_WIDTH = 6, 60
# Characters a sheet's title may not hold (Excel), and its length.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry (openpyxl refuses them): a control character pasted
# into a name must not make the download fail.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class Column:
    """One column of an export: its Vietnamese header and how a row gives its value."""

    header: str
    value: Callable[[Any], Any]
    width: int | None = None  # fixed width (characters) instead of the measured one


def cell_value(value: Any) -> tuple[Any, str | None]:
    """A Python value as Excel holds it, with its number format: booleans as Có/Không,
    aware datetimes in local time (Excel has no time zones), Decimals as numbers."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("Có" if value else "Không"), None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, dt.date):
        return value, DATE_FORMAT
    if isinstance(value, Decimal | Fraction):
        return round(float(value), 6), DECIMAL_FORMAT
    if isinstance(value, int | float):
        return value, None
    return _ILLEGAL.sub("", str(value)), None


def _cell(sheet: Any, value: Any, *, font: Font | None = None, wrap: bool = True) -> WriteOnlyCell:
    value, number_format = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    wrapped = False
    if isinstance(value, str):
        cell.data_type = "s"  # never "f", whatever the text begins with
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        wrapped = wrap and ("\n" in value or len(value) > MAX_WIDTH)
    # Long text wraps (the row grows to it); the rest lines up at the top beside it.
    cell.alignment = _WRAP if wrapped else _TOP
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def keep_text(cell: Any) -> Any:
    """A cell of an ordinary (not write-only) workbook holding a str as that text, never as
    the formula openpyxl would make of "=…": for laid-out documents such as the trích
    ngang, which merge and border cells and so cannot stream."""
    if isinstance(cell.value, str):
        cell.value = _ILLEGAL.sub("", cell.value)
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _display_width(value: Any) -> int:
    value, number_format = cell_value(value)
    if value is None:
        return 0
    if number_format == DATE_FORMAT:
        return 10
    if number_format == DATETIME_FORMAT:
        return 16
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _widths(header: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[int]:
    widths = []
    for i, title in enumerate(header):
        longest_word = max((len(w) for w in title.split()), default=0)
        measured = max([longest_word, min(len(title), 24)] + [_display_width(r[i]) for r in sample])
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, measured + 3)))
    return widths


def _line_count(text: str, width: int) -> int:
    """How many lines `text` takes in a wrapped column `width` characters wide."""
    usable = max(width - 2, 1)
    total = 0
    for part in text.split("\n"):
        line, count = 0, 1
        for word in part.split():
            if line and line + 1 + len(word) > usable:
                count += 1
                line = len(word)
            else:
                line += len(word) + (1 if line else 0)
        total += count
    return total


def print_landscape(sheet: Any, header_row: int) -> None:
    """Printed: A4 landscape, every column on the page width, the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, never empty, not one of
    `taken` (compared as Excel does, ignoring case). A longer text keeps its part before a
    dash, or its whole words: a tab reads "Danh sách khen thưởng", never "… — Quyết đ"."""
    title = " ".join(_BAD_TITLE.sub(" ", text).split())
    if len(title) > SHEET_TITLE_MAX:
        head = title.split(" — ")[0]
        if len(head) > SHEET_TITLE_MAX:
            head = title[: SHEET_TITLE_MAX + 1].rsplit(" ", 1)[0][:SHEET_TITLE_MAX]
        title = head.rstrip(" ,;:-–—(")
    title = title or "Trang tính"
    used = {name.casefold() for name in taken}
    n, base = 1, title
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return title


class Export:
    """A workbook built sheet by sheet; rows stream out (write-only mode), so a list of
    300,000 rows never becomes 300,000 cells in memory."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        heading: Sequence[str] = (),
        widths: Sequence[int | None] = (),
    ) -> None:
        """A sheet named `title`: the `heading` lines (bold, the first larger), the header
        (bold, frozen below it), then `rows`. A fixed width in `widths` wins over the measured
        one for its column."""
        sheet = self.book.create_sheet(sheet_title(title, self.book.sheetnames))
        rows_iter: Iterator[Sequence[Any]] = iter(rows)
        sample = list(islice(rows_iter, SAMPLE_ROWS))
        measured = _widths(header, sample)
        final = []
        for i, width in enumerate(measured):
            fixed = widths[i] if i < len(widths) else None
            final.append(fixed or width)
            sheet.column_dimensions[get_column_letter(i + 1)].width = final[-1]
        header_row = len(heading) + 1 + (1 if heading else 0)
        sheet.freeze_panes = f"A{header_row + 1}"
        print_landscape(sheet, header_row)
        for n, line in enumerate(heading):
            sheet.append([_cell(sheet, line, font=_TITLE if n == 0 else _BOLD, wrap=False)])
        if heading:
            sheet.append([])
        header_cells = []
        for text in header:
            cell = _cell(sheet, text, font=_BOLD)
            cell.alignment = _HEADER_ALIGN
            header_cells.append(cell)
        self._append(sheet, header_row, header_cells, header, final, wrap_all=True)
        for index, row in enumerate(chain(sample, rows_iter), start=header_row + 1):
            self._append(sheet, index, [_cell(sheet, v) for v in row], row, final)

    @staticmethod
    def _append(
        sheet: Any,
        index: int,
        cells: list[WriteOnlyCell],
        values: Sequence[Any],
        widths: list[int],
        *,
        wrap_all: bool = False,
    ) -> None:
        """Append row `index`, as tall as its wrapped text: spreadsheets do not grow a
        row to its text when they open a file, so the height is written with the row (and
        forgotten after it: the sheet keeps no per-row state)."""
        lines = 1
        for value, cell, width in zip(values, cells, widths, strict=False):
            if isinstance(value, str) and (wrap_all or cell.alignment.wrap_text):
                lines = max(lines, _line_count(value, width))
        if lines > 1:
            sheet.row_dimensions[index].height = min(409, 15 * lines)
        sheet.append(cells)
        sheet.row_dimensions.pop(index, None)

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        objects: Iterable[Any],
        *,
        heading: Sequence[str] = (),
    ) -> None:
        """A sheet of `objects`, one row each, the values from `columns`."""
        self.sheet(
            title,
            [c.header for c in columns],
            ([c.value(obj) for c in columns] for obj in objects),
            heading=heading,
            widths=[c.width for c in columns],
        )

    def content(self) -> bytes:
        if not self.book.worksheets:
            self.book.create_sheet("Trang tính")
        buffer = BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def heading(title: str, request: HttpRequest | None, filters: Iterable[str] = ()) -> list[str]:
    """The title lines above a list's header: what it is, the filters applied, and who
    exported it when ("Xuất lúc 03/12/2026 09:15 bởi Đoàn Minh Nhật")."""
    lines = [title]
    applied = [f for f in filters if f]
    if applied:
        lines.append("Lọc: " + "; ".join(applied))
    now = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    user = getattr(request, "user", None)
    who = str(user) if user is not None and user.is_authenticated else ""
    lines.append(f"Xuất lúc {now}" + (f" bởi {who}" if who else ""))
    return lines


def file_name(title: str, *, today: dt.date | None = None) -> str:
    """`title` and today's date as an ASCII file name: "danh-sach-don-vi-2026-12-03.xlsx"."""
    day = (today or timezone.localdate()).isoformat()
    return f"{slugify(fold(title))[:80] or 'danh-sach'}-{day}.xlsx"


def response(content: bytes, title: str, *, today: dt.date | None = None) -> HttpResponse:
    """An .xlsx download named after `title` in Vietnamese (RFC 6266 `filename*`), with an
    ASCII name for clients that read only `filename`."""
    day = (today or timezone.localdate()).isoformat()
    ascii_name = file_name(title, today=today)
    clean = re.sub(r'[\x00-\x1f"\\/:*?<>|]', " ", title).strip() or "Danh sách"
    utf8_name = quote(f"{clean} {day}.xlsx", safe="")
    result = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    result["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
    )
    return result


def export(
    request: HttpRequest,
    title: str,
    columns: Sequence[Column],
    objects: Iterable[Any],
    *,
    filters: Iterable[str] = (),
) -> HttpResponse:
    """A list as a one-sheet download: the usual shape of a list page's "Tải Excel"."""
    book = Export()
    book.table(title, columns, objects, heading=heading(title, request, filters))
    return response(book.content(), title)
