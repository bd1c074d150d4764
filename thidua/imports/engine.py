"""The import loop: sheets -> header -> data rows -> chunks of parsed rows -> the kind's
handler plans and writes each chunk, all inside one transaction that is rolled back on a
dry run or on any error.

Memory stays bounded whatever the file's size: rows are read as they come, processed a
chunk at a time, and the report keeps counts, the first outcomes and the errors up to a
cap. Duplicate keys across chunks are found from an array of 64-bit key hashes (a few
bytes per row) once every row has been read."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice
from typing import Any

from django.db import transaction

from thidua.imports import headers as h
from thidua.imports.columns import FIELDS, Field
from thidua.imports.kinds import HANDLERS
from thidua.imports.kinds.base import Context, Handler, Item, Problem, Row
from thidua.imports.reader import open_sheets
from thidua.imports.report import KINDS, ImportReport
from thidua.imports.values import norm, text
from thidua.lib.audit import acting_as

CHUNK = 2000
PROGRESS_EVERY = 2000

FOOTER_WORDS = {
    "tong cong",
    "cong",
    "tong",
    "tong so",
    "ghi chu",
    "nguoi lap bieu",
    "nguoi lap",
    "thu truong don vi",
    "thu truong co quan",
    "xac nhan cua thu truong",
}
_HEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])\s*[.)/:\-]\s*\S")
_ROMAN = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_NUMBER = re.compile(r"[\d.,\s%+-]+")
_NUMBERING = re.compile(r"^\(?(?:\d{1,2}|[a-z])\)?(?:\s*[=x*+/-]\s*\(?\d{1,2}\)?)*$")


def _handler(kind: str, ctx: Context) -> Handler:
    if kind not in HANDLERS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    return HANDLERS[kind](ctx)


def run_file(
    kind: str,
    source: Any,
    *,
    filename: str = "",
    year: int | None = None,
    user: Any = None,
    dry_run: bool = False,
    choices: Mapping[str, str] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    report = ImportReport(kind=kind, dry_run=dry_run)
    ctx = Context(report=report, user=user, year=year, choices=choices or {})
    handler = _handler(kind, ctx)
    with open_sheets(source, filename) as sheets:
        return _run(handler, ctx, lambda: _file_rows(handler, ctx, list(sheets)), progress)


def run_rows(
    kind: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    year: int | None = None,
    user: Any = None,
    dry_run: bool = False,
    sheet: str = "API",
    choices: Mapping[str, str] | None = None,
) -> ImportReport:
    report = ImportReport(kind=kind, dry_run=dry_run)
    ctx = Context(report=report, user=user, year=year, choices=choices or {})
    handler = _handler(kind, ctx)
    names = {f.name: f.name for f in FIELDS[kind]}
    places = {f.name: i for i, f in enumerate(FIELDS[kind])}

    def given() -> Iterator[Row]:
        for number, mapping in enumerate(rows, start=1):
            unknown = sorted(set(mapping) - set(names))
            cells = {k: mapping.get(k) for k in names if k in mapping}
            row = Row(sheet, number, cells, names, positions=places)
            if unknown:
                ctx.error(row, "", f"Trường không có trong loại dữ liệu này: {', '.join(unknown)}.")
                continue
            if not any(text(v) for v in row.cells.values()):
                continue
            yield row

    return _run(handler, ctx, given, None)


def _run(
    handler: Handler,
    ctx: Context,
    rows: Callable[[], Iterator[Row]],
    progress: Callable[[int, int | None], None] | None,
) -> ImportReport:
    report = ctx.report
    refusal = handler.refusal()
    if refusal:
        ctx.error(None, "", refusal)
        return report
    hashes: array[int] = array("q")
    numbers: array[int] = array("l")
    sheet_of: array[int] = array("h")
    key_of: array[int] = array("b")  # the row's key column, an index in subject_fields
    sheets: list[str] = []
    written: list[dict[str, str]] = []  # per sheet: its headers as written
    with acting_as(ctx.user), transaction.atomic():
        chunk: list[Item] = []
        in_chunk: dict[tuple[Any, ...], Row] = {}
        for row in rows():
            report.rows += 1
            try:
                values = handler.parse(row)
                key = handler.key(values)
            except Problem as p:
                ctx.error(row, p.field, p.message, p.value, p.suggestions)
                continue
            column = _key_column(handler, row)
            if key in in_chunk:
                ctx.error(row, handler.subject_fields[column], _duplicate_message(in_chunk[key]))
                continue
            in_chunk[key] = row
            if not sheets or sheets[-1] != row.sheet:
                sheets.append(row.sheet)
                written.append(row.written)
            key_of.append(column)
            hashes.append(hash(key))
            numbers.append(row.number)
            sheet_of.append(len(sheets) - 1)
            chunk.append(Item(row, values, key))
            if len(chunk) >= CHUNK:
                _flush(handler, ctx, chunk)
                chunk, in_chunk = [], {}
            if progress and report.rows % PROGRESS_EVERY == 0:
                progress(report.rows, ctx.total)
        _flush(handler, ctx, chunk)
        _duplicates(ctx, hashes, numbers, sheet_of, sheets, (handler, key_of, written))
        ctx.finish_errors()
        if progress:
            progress(report.rows, report.rows)
        if ctx.report.dry_run or ctx.report.errors:
            transaction.set_rollback(True)
    _refused_writes_nothing(report)
    return report


def _refused_writes_nothing(report: ImportReport) -> None:
    """A refused real import wrote nothing: its counts say so (a dry run keeps what it
    would write, the preview's “sẽ thêm”)."""
    if report.errors and not report.dry_run:
        report.created = report.updated = report.unchanged = 0
        report.outcomes.clear()


def _flush(handler: Handler, ctx: Context, chunk: list[Item]) -> None:
    if not chunk:
        return
    handler.plan(chunk)
    # A dry run plans every row and writes nothing (units, whose rows may be the parents of
    # later rows, are written as they are planned and rolled back).
    if not ctx.report.errors and not ctx.report.dry_run:
        handler.write()
    handler.reset()


def _key_column(handler: Handler, row: Row) -> int:
    """The first column naming the row's record (a duplicate's error is on it)."""
    names = handler.subject_fields
    given = [i for i, n in enumerate(names) if n in row.written and handler.given(row, n)]
    present = [i for i, n in enumerate(names) if n in row.written]
    return (given or present or [0])[0]


def _duplicate_message(first: Row) -> str:
    return f"Dòng này trùng với dòng {first.number} (cùng một bản ghi được ghi hai lần)."


def _duplicates(
    ctx: Context,
    hashes: array[int],
    numbers: array[int],
    sheet_of: array[int],
    sheets: list[str],
    keys: tuple[Handler, array[int], list[dict[str, str]]],
) -> None:
    """Rows of different chunks that name the same record: the later one is an error.

    The keys' hashes are checked a slice of hash values at a time, so the set in memory
    holds some 50,000 of them whatever the number of rows."""
    passes = max(1, len(hashes) // 50_000)
    for part in range(passes):
        first_at: dict[int, int] = {}
        for i, value in enumerate(hashes):
            if value % passes != part:
                continue
            first = first_at.setdefault(value, i)
            if first == i:
                continue
            handler, key_of, written = keys
            row = Row(sheets[sheet_of[i]], numbers[i], {}, written[sheet_of[i]])
            where = f"dòng {numbers[first]}"
            if sheet_of[first] != sheet_of[i]:
                where += f" của trang “{sheets[sheet_of[first]]}”"
            ctx.error(
                row,
                handler.subject_fields[key_of[i]],
                f"Dòng này trùng với {where} (cùng một bản ghi được ghi hai lần).",
            )


# Reading a file's sheets --------------------------------------------------------------


def _file_rows(handler: Handler, ctx: Context, sheets: list[Any]) -> Iterator[Row]:
    fields = FIELDS[handler.kind]
    ctx.total = sum(s.total or 0 for s in sheets) or None
    partial: tuple[int, str, h.Header] | None = None
    found = False
    ignored: list[str] = []
    blank: list[str] = []  # sheets without a single filled cell (in the rows looked at)
    for sheet in sheets:
        sample = list(islice(sheet.rows, h.SCAN_ROWS))
        if not any(_filled(v) for _, values in sample for v in values):
            blank.append(sheet.name)
        header = h.detect(sample, fields)
        usable = (
            header is not None
            and not header.missing
            and len(header.columns) >= 2
            and any(name in header.columns for name in handler.subject_fields)
        )
        if not usable:
            if header is not None and (partial is None or len(header.columns) > partial[0]):
                partial = (len(header.columns), sheet.name, header)
            guide = norm(sheet.name) in ("huong dan", "danh muc")  # the template's own
            if not guide and any(_filled(v) for _, values in sample for v in values):
                ignored.append(sheet.name)
            continue
        assert header is not None
        found = True
        if not _sheet_year(handler, ctx, sheet.name, header):
            continue
        rows = chain(sample, sheet.rows)
        yield from _data_rows(handler, sheet.name, header, rows, sheet.formula)
    if not found:
        # A file-level error, on the sheet it is about (row 0: no row).
        if sheets and len(blank) == len(sheets):
            names = ", ".join(f"“{name}”" for name in blank)
            ctx.error(Row(blank[0], 0, {}, {}), "", f"Tệp không có dữ liệu (trang {names} trống).")
        elif not sheets:
            ctx.error(None, "", "Tệp không có dữ liệu (không có trang tính nào).")
        else:
            named = partial[1] if partial else next(s.name for s in sheets if s.name not in blank)
            ctx.error(Row(named, 0, {}, {}), "", _no_header_message(handler, fields, partial))
    else:
        for name in ignored:
            ctx.report.notes.append(f"Trang “{name}” không có bảng dữ liệu: đã bỏ qua.")
        if ctx.report.rows == 0:
            ctx.report.notes.append("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")


def _sheet_year(handler: Handler, ctx: Context, sheet: str, header: h.Header) -> bool:
    """A kind that needs a year has one: a column, the year given, or the title's."""
    if not handler.year_field or handler.year_field in header.columns or ctx.year is not None:
        return True
    if header.title_year is not None:
        ctx.report.notes.append(
            f"Trang “{sheet}”: tệp không có cột năm, lấy năm {header.title_year} theo tiêu đề "
            f"“{header.title}”."
        )
        return True
    column = next(f.header for f in FIELDS[handler.kind] if f.name == handler.year_field)
    ctx.error(
        Row(sheet, header.last_row, {}, {}),
        "",
        f"Không rõ năm của dữ liệu: trang không có cột “{column}”, tiêu đề không ghi năm "
        "và chưa chọn năm khi nhập.",
    )
    return False


def _no_header_message(
    handler: Handler, fields: tuple[Field, ...], partial: tuple[int, str, h.Header] | None
) -> str:
    required = [f.header for f in fields if f.required]
    subjects = [f.header for f in fields if f.name in handler.subject_fields]
    wanted = ", ".join(f"“{c}”" for c in dict.fromkeys([*subjects[:2], *required]))
    if partial is not None and partial[2].missing:
        missing = ", ".join(f"“{f.header}”" for f in partial[2].missing)
        return f"Trang “{partial[1]}” thiếu cột {missing}."
    return f"Không tìm thấy dòng tiêu đề của bảng dữ liệu (cần các cột {wanted})."


def _data_rows(
    handler: Handler,
    sheet: str,
    header: h.Header,
    rows: Iterable[tuple[int, list[Any]]],
    formula: Any = None,
) -> Iterator[Row]:
    fields = {f.name: f for f in FIELDS[handler.kind]}
    essential = {n for n, f in fields.items() if f.required} | set(handler.essential_fields)
    required = [n for n in essential if n in header.columns]
    subjects = [n for n in handler.subject_fields if n in header.columns]
    wordings = {n: {norm(w) for w in fields[n].wordings} for n in header.columns}
    for number, values in rows:
        if number <= header.last_row:
            continue
        if not any(_filled(v) for v in values):
            continue
        cells = {
            name: values[col] if col < len(values) else None for name, col in header.columns.items()
        }
        if _not_data(values, cells, subjects, required, wordings):
            continue
        yield Row(sheet, number, cells, header.written, header.title_year, header.columns, formula)


def _not_data(
    values: list[Any],
    cells: dict[str, Any],
    subjects: list[str],
    required: list[str],
    wordings: dict[str, set[str]],
) -> bool:
    """Blank, total, notes, signature, numbering, heading and repeated-header rows."""
    first = next((v for v in values if v is not None and v != ""), None)
    subject_cells = [cells[n] for n in subjects]
    for candidate in (first, *subject_cells):
        if isinstance(candidate, str) and len(candidate) < 60:
            folded = norm(candidate)
            if folded in FOOTER_WORDS or folded.startswith(("ghi chu ", "tong cong ")):
                return True
    if not any(_filled(c) for c in subject_cells):
        if not any(_filled(cells[n]) for n in required):
            return True  # a signature, a place and date, a note: nothing the kind reads
        if all(isinstance(v, str) and not _NUMBER.fullmatch(v) for v in values if _filled(v)):
            return True  # "Ân Mỹ, ngày 15 tháng 01 năm 2026" under a column of scores
    repeated = sum(
        1 for n, c in cells.items() if isinstance(c, str) and len(c) < 60 and norm(c) in wordings[n]
    )
    if repeated >= 2:
        return True  # the header again (a table printed over several pages)
    filled = [text(v) for v in values if _filled(v)]
    short = len(filled) >= 3 and all(len(t) <= 7 for t in filled)
    if short and all(_NUMBERING.match(t.lower()) for t in filled):
        return True  # the column numbers under a header: (1) (2) (3) …
    others = [n for n, c in cells.items() if n not in subjects and _filled(c)]
    if others:
        return False
    subject_text = next((text(c) for c in subject_cells if _filled(c)), "")
    return bool(_HEADING.match(subject_text) or (values and _ROMAN.match(text(values[0]))))


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")
