"""Building spreadsheets in the tests, with openpyxl (our own data only)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

from thidua.imports.service import blank_workbook
from thidua.imports.template import DATA_SHEET, HEADER_ROW


def workbook(*sheets: tuple[str, Sequence[Sequence[Any]]], merges: Sequence[str] = ()) -> bytes:
    """An .xlsx of the given sheets (name, rows); `merges` apply to the first sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    for ref in merges:
        book.worksheets[0].merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filled_template(kind: str, rows: Sequence[Sequence[Any]]) -> bytes:
    """The product's template for `kind` with `rows` typed under its header."""
    book = load_workbook(io.BytesIO(blank_workbook(kind)))
    ws = book[DATA_SHEET]
    for i, row in enumerate(rows, start=HEADER_ROW + 1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
