"""The import service: what the screen, the background worker, the command line and the API
call. One contract (issue 10):

- import_file(kind, source, ...) reads a spreadsheet (.xlsx, .xlsm, .xls, .ods, sniffed by
  content) and imports its rows;
- import_rows(kind, rows, ...) imports rows already keyed by FIELDS[kind]'s names (the API);
- both validate, match units and people, apply the user's rights and write all or nothing
  (a dry run writes nothing), and return an ImportReport;
- blank_workbook(kind) is the product's template for the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from thidua.imports.columns import FIELDS, Field
from thidua.imports.reader import NotASpreadsheet
from thidua.imports.report import KINDS, ImportReport

__all__ = [
    "FIELDS",
    "KINDS",
    "Field",
    "ImportReport",
    "NotASpreadsheet",
    "blank_workbook",
    "import_file",
    "import_rows",
]

Progress = Callable[[int, int | None], None]


def import_file(
    kind: str,
    source: Any,
    *,
    filename: str = "",
    year: int | None = None,
    user: Any = None,
    dry_run: bool = False,
    choices: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a spreadsheet. `source` is a path or a binary file object; raises
    NotASpreadsheet (a Vietnamese sentence) when its bytes are not a spreadsheet, ValueError
    for an unknown kind."""
    from thidua.imports.engine import run_file

    return run_file(
        kind,
        source,
        filename=filename,
        year=year,
        user=user,
        dry_run=dry_run,
        choices=choices,
        progress=progress,
    )


def import_rows(
    kind: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    year: int | None = None,
    user: Any = None,
    dry_run: bool = False,
    sheet: str = "API",
    choices: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import rows keyed by the kind's canonical field names (FIELDS[kind]): the same
    validation, matching, rights and all-or-nothing write as a file. Row numbers in the
    report count from 1."""
    from thidua.imports.engine import run_rows

    return run_rows(kind, rows, year=year, user=user, dry_run=dry_run, sheet=sheet, choices=choices)


def blank_workbook(kind: str) -> bytes:
    """The product's template for `kind` (.xlsx bytes)."""
    from thidua.imports.template import blank_workbook as build

    return build(kind)
