"""Reading spreadsheets in streaming mode, whatever their format (sniffed by content, never
by the file's name).

.xlsx/.xlsm go through openpyxl in read-only mode (rows are parsed as they are asked for,
so a 200,000-row sheet is never held whole); .xls and .ods through python-calamine, which
reads a sheet at a time (those files are small: the old formats cap at 65,536 rows).
Every sheet yields (row number as the spreadsheet shows it, cell values).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from thidua.imports.values import Percent

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


class NotASpreadsheet(ValueError):
    """The bytes are not a spreadsheet; str(e) is a Vietnamese sentence."""

    def __init__(self, filename: str = "") -> None:
        name = f"“{Path(filename).name}”" if filename else "này"
        super().__init__(f"Tệp {name} không phải bảng tính Excel (.xlsx, .xls) hoặc .ods.")


Row = tuple[int, list[Any]]


@dataclass
class Sheet:
    name: str
    rows: Iterator[Row]
    total: int | None  # the number of rows the sheet says it has (for progress), if known
    # (row number, 0-based column) -> the cell's formula when it holds one, else None: a
    # second look for a cell read empty (a formula the file keeps no value for).
    formula: Callable[[int, int], str | None] | None = None


class _Formulas:
    """A sheet's formulas, read on demand from a second read-only view of the workbook
    that keeps formulas (data_only=False). Rows are asked for in increasing order, so one
    forward pass serves them all: reading stays streaming and costs nothing for a file
    whose cells all have values."""

    def __init__(self, handle: BinaryIO, title: str) -> None:
        self.handle, self.title = handle, title
        self.book: Any = None
        self.rows: Iterator[tuple[Any, ...]] | None = None
        self.number = 0
        self.current: tuple[Any, ...] = ()

    def __call__(self, number: int, column: int) -> str | None:
        try:
            if self.rows is None or number < self.number:
                self._open()
            assert self.rows is not None
            while self.number < number:
                self.current = next(self.rows, ())
                self.number += 1
        except Exception:  # a second look never turns an error into a crash
            return None
        if column >= len(self.current):
            return None
        cell = self.current[column]
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", "") == "f" and isinstance(value, str):
            return value
        return None

    def _open(self) -> None:
        from openpyxl import load_workbook

        if self.book is None:
            self.book = load_workbook(self.handle, read_only=True, data_only=False)
        self.rows = iter(self.book[self.title].iter_rows())
        self.number = 0

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def sniff(handle: BinaryIO) -> str:
    """'xlsx', 'xls' or 'ods' from the file's bytes; raises NotASpreadsheet otherwise."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if head == OLE2:
        return "xls"
    if head.startswith(ZIP):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME:
                    return "ods"
                if "content.xml" in names and "mimetype" not in names:
                    return "ods"
        except (zipfile.BadZipFile, OSError, KeyError):
            pass
        finally:
            handle.seek(0)
    raise NotASpreadsheet()


@contextmanager
def open_binary(source: Any) -> Iterator[BinaryIO]:
    """A seekable binary handle on a path or a file object (an upload, bytes)."""
    if isinstance(source, bytes | bytearray):
        yield io.BytesIO(source)
    elif isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield handle
    else:
        if hasattr(source, "seekable") and not source.seekable():
            source = io.BytesIO(source.read())
        yield source


@contextmanager
def open_sheets(source: Any, filename: str = "") -> Iterator[list[Sheet]]:
    """The visible sheets of a spreadsheet, each read lazily while the block runs; raises
    NotASpreadsheet (naming `filename`) when the bytes are not one or cannot be read."""
    with open_binary(source) as handle:
        try:
            kind = sniff(handle)
        except NotASpreadsheet:
            raise NotASpreadsheet(filename) from None
        try:
            book, sheets = _xlsx_book(handle) if kind == "xlsx" else _calamine_book(handle)
        except Exception as e:  # any parser's error on broken bytes
            raise NotASpreadsheet(filename) from e
        try:
            yield [Sheet(s.name, _guard_rows(s.rows, filename), s.total, s.formula) for s in sheets]
        finally:
            for s in sheets:
                if isinstance(s.formula, _Formulas):
                    s.formula.close()
            book.close()


def _guard_rows(rows: Iterator[Row], filename: str) -> Iterator[Row]:
    """A damaged file fails where it is read: the failure is the file's, not a crash."""
    try:
        yield from rows
    except Exception as e:
        raise NotASpreadsheet(filename) from e


def _lean_iterparse(source: Any, events: Any = None, parser: Any = None) -> Iterator[Any]:
    """openpyxl's sheet parser clears each <row> once read but leaves the empty element in
    <sheetData> (some 80 bytes a row: 16 MB at 200,000 rows); this drops it as well, so
    reading a sheet takes the same memory whatever its length. Same events as openpyxl's
    (the end of each element)."""
    from openpyxl.xml.constants import SHEET_MAIN_NS

    row_tag = f"{{{SHEET_MAIN_NS}}}row"
    open_elements = []
    for event, element in _ORIGINAL_ITERPARSE(source, events=("start", "end")):
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        yield "end", element
        if element.tag == row_tag and open_elements:
            open_elements[-1].remove(element)


def _use_lean_iterparse() -> None:
    global _ORIGINAL_ITERPARSE
    from openpyxl.worksheet import _reader

    if _reader.iterparse is not _lean_iterparse:
        _ORIGINAL_ITERPARSE = _reader.iterparse
        _reader.iterparse = _lean_iterparse


_ORIGINAL_ITERPARSE: Any = None


def _xlsx_book(handle: BinaryIO) -> tuple[Any, list[Sheet]]:
    from openpyxl import load_workbook

    _use_lean_iterparse()

    book = load_workbook(handle, read_only=True, data_only=True)
    sheets = []
    for ws in book.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible" or not hasattr(ws, "iter_rows"):
            continue  # hidden sheets (the template's lists), chart sheets
        try:
            total = ws.max_row
        except Exception:
            total = None
        sheets.append(Sheet(ws.title, _xlsx_rows(ws), total, _Formulas(handle, ws.title)))
    return book, sheets


def _xlsx_rows(ws: Any) -> Iterator[Row]:
    # Read-only worksheets fill the gaps between stored rows with empty ones, so the
    # running count is the row number the spreadsheet program shows.
    for number, cells in enumerate(ws.iter_rows(), start=1):
        yield number, [_xlsx_value(cell) for cell in cells]


def _xlsx_value(cell: Any) -> Any:
    """The cell's value; a number shown as a percentage keeps that (85,5 % is 0.855)."""
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and "%" in (getattr(cell, "number_format", "") or ""):
        return Percent(value)
    return value


def _calamine_book(handle: BinaryIO) -> tuple[Any, list[Sheet]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(handle)
    sheets = []
    for meta in book.sheets_metadata:
        if str(getattr(meta, "visible", "Visible")).lower().rsplit(".", 1)[-1] != "visible":
            continue
        if "work" not in str(getattr(meta, "typ", "WorkSheet")).lower():
            continue
        sheet = book.get_sheet_by_name(meta.name)
        sheets.append(Sheet(meta.name, _calamine_rows(sheet), sheet.total_height))
    return book, sheets


def _calamine_rows(sheet: Any) -> Iterator[Row]:
    # Calamine's rows start at the sheet's first row but its columns at the first used
    # column: put the columns back where the spreadsheet program shows them.
    _, first_col = sheet.start or (0, 0)
    pad = [None] * first_col
    for number, values in enumerate(sheet.iter_rows(), start=1):
        yield number, [*pad, *(None if v == "" else v for v in values)]
