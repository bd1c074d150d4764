"""Finding the header of a sheet: the row (or two rows, under a merged parent header) among
the first ones whose cells best name the kind's columns, whatever title rows sit above it.

Read-only worksheets do not know merged cells: a merged parent header ("Điểm" over
"Tự đánh giá | Thẩm định | Tối đa") has its text in its first cell only, so the text is
carried rightwards over the empty cells that follow it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from thidua.imports.columns import Field
from thidua.imports.values import norm, text

SCAN_ROWS = 30
_TITLE_YEAR = re.compile(r"\bnam (19[9]\d|20\d\d|2100)\b")


@dataclass
class Header:
    first_row: int  # the row number of the header's first row
    last_row: int  # the row number of the header's last row: data starts below it
    columns: dict[str, int]  # field name -> column index (0-based)
    written: dict[str, str]  # field name -> the header as written in the file
    missing: list[Field] = field(default_factory=list)  # required columns not found
    title_year: int | None = None
    title: str = ""  # the title row that named the year


def _wordings(fields: Sequence[Field]) -> list[tuple[Field, set[str]]]:
    return [(f, {norm(w) for w in f.wordings}) for f in fields]


def _score(candidate: str, wordings: set[str]) -> int:
    if not candidate:
        return 0
    if candidate in wordings:
        return 3
    # "Tên đơn vị, địa phương", "Điểm thẩm định năm 2025": a wording the header starts with.
    if any(candidate.startswith(w + " ") for w in wordings if len(w) > 3):
        return 1
    return 0


def _columns(
    rows: Sequence[list[Any]], fields: Sequence[Field]
) -> tuple[dict[str, int], dict[str, str], int]:
    """Match the cells of one header row (or a parent row over a child row)."""
    parent_row = rows[0]
    child_row = rows[1] if len(rows) > 1 else None
    width = max(len(r) for r in rows)
    options: list[tuple[int, int, str, str]] = []  # (score, column, field name, written)
    carried, carried_raw = "", ""
    wordings = _wordings(fields)
    for col in range(width):
        raw_parent = text(parent_row[col]) if col < len(parent_row) else ""
        if raw_parent:
            carried, carried_raw = norm(raw_parent), raw_parent
        elif child_row is None:
            carried, carried_raw = "", ""
        candidates: list[tuple[str, str, int]] = []  # (normalised, written, bonus)
        if child_row is None:
            candidates.append((norm(raw_parent), raw_parent, 0))
        else:
            raw_child = text(child_row[col]) if col < len(child_row) else ""
            if raw_child:
                candidates.append(
                    (f"{carried} {norm(raw_child)}".strip(), f"{carried_raw} – {raw_child}", 1)
                )
                candidates.append((norm(raw_child), raw_child, 0))
            elif raw_parent:
                candidates.append((norm(raw_parent), raw_parent, 0))  # merged down
        for f, words in wordings:
            scored = [(_score(c, words) * 2 + b, w) for c, w, b in candidates if _score(c, words)]
            best = max(scored, default=None)
            if best:
                options.append((best[0], col, f.name, best[1]))
    options.sort(key=lambda o: (-o[0], o[1]))
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    total = 0
    for score, col, name, shown in options:
        if name in columns or col in columns.values():
            continue
        columns[name], written[name] = col, shown
        total += score
    return columns, written, total


def detect(sample: Sequence[tuple[int, list[Any]]], fields: Sequence[Field]) -> Header | None:
    """The best header among the sample's rows, or None when no row names any column."""
    best: tuple[tuple[int, int, int], Header] | None = None
    required = [f for f in fields if f.required]
    for i, (number, values) in enumerate(sample[:SCAN_ROWS]):
        if not any(text(v) for v in values):
            continue
        spans = [[values]]
        if i + 1 < len(sample):
            spans.append([values, sample[i + 1][1]])
        for span in spans:
            columns, written, total = _columns(span, fields)
            if not columns:
                continue
            missing = [f for f in required if f.name not in columns]
            # Most columns found, then fewest required ones missing, then the closer match;
            # a single row wins a tie (a second row that adds nothing is data).
            rank = (len(columns) - 2 * len(missing), total, -len(span))
            if best is None or rank > best[0]:
                header = Header(number, number + len(span) - 1, columns, written, missing)
                best = (rank, header)
    if best is None:
        return None
    header = best[1]
    for number, values in sample:
        if number >= header.first_row:
            break
        for v in values:
            found = _TITLE_YEAR.search(norm(v))
            if found:
                header.title_year, header.title = int(found.group(1)), text(v)
                break
        if header.title_year:
            break
    return header
