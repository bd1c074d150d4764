"""`thidua import-xlsx KIND FILE [--year Y] [--dry-run] [--user USERNAME] [--format text|json]`:
the Excel import of the screen, from the command line. Exit 0 when imported (or a clean
dry run), 1 when refused (nothing written), 2 on bad usage."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from thidua.imports.report import KINDS, ImportReport, RowError
from thidua.imports.service import NotASpreadsheet, import_file
from thidua.org.models import User

REFUSED = 1
BAD_USAGE = 2


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise ValueError(f"--year: {text!r} is not a year") from None
    if not 1990 <= year <= 2100:
        raise ValueError(f"--year: {year} is outside 1990-2100")
    return year


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Command(BaseCommand):
    help = "Nhập dữ liệu từ bảng tính Excel (.xlsx, .xls) hoặc .ods, tất cả hoặc không gì cả."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=list(KINDS), metavar="KIND", help=", ".join(KINDS))
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--year", default=None, help="the data's year when the file has none")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--user", default=None, help="account the import acts as (its rights, the audit trail)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            year = _year(options["year"]) if options["year"] is not None else None
        except ValueError as e:
            self._fail(str(e))
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                self._fail(f"no account named {options['user']!r}")
            if not user.is_active:
                self._fail(f"account {options['user']!r} is disabled")
        if not path.is_file():
            self._fail(f"cannot read {path}: no such file")
        try:
            report = import_file(
                options["kind"],
                path,
                filename=path.name,
                year=year,
                user=user,
                dry_run=options["dry_run"],
            )
        except NotASpreadsheet as e:
            # A refusal like any other (exit 1, the report's shape): the file is not one.
            report = ImportReport(kind=options["kind"], dry_run=options["dry_run"])
            report.errors.append(RowError("", 0, "", str(e)))
        except OSError as e:
            self._fail(f"cannot read {path}: {e.strerror or e}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._text(report)
        if not report.ok:
            sys.exit(REFUSED)

    def _text(self, report: ImportReport) -> None:
        state = "dry run" if report.dry_run else ("imported" if report.ok else "refused")
        if not report.ok:
            state += ", nothing written"
        self.stdout.write(
            f"{report.kind}: {state}: {_count(report.rows, 'row')}, {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged, "
            f"{_count(len(report.errors), 'error')}"
        )
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for e in report.errors:
            where = []
            if e.sheet:
                where.append(f"Sheet '{e.sheet}'")
            if e.row:
                where.append(f"row {e.row}")
            if e.column:
                where.append(f"column '{e.column}'")
            prefix = ", ".join(where)
            self.stdout.write(f"{prefix}: {e.message}" if prefix else e.message)

    def _fail(self, message: str) -> None:
        self.stderr.write(f"thidua import-xlsx: error: {message}")
        sys.exit(BAD_USAGE)
