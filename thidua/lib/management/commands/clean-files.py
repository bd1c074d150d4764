"""`thidua clean-files`: the recovery sweep of stored files (thidua/lib/file_sweep.py).

Removes files under MEDIA_ROOT/uploads that no row names and that are older than
UPLOAD_ORPHAN_MINUTES (or --older-than), and lists the rows that name a missing file.
Exit status 1 when such a row exists (a monitoring cron sees it), else 0.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from thidua.lib.file_sweep import sweep


class Command(BaseCommand):
    help = (
        "Remove unreferenced uploaded files older than N minutes and report rows whose "
        "file is missing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="MINUTES",
            help="only files older than this (default: settings.UPLOAD_ORPHAN_MINUTES)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be removed, remove nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["older_than"] is not None and options["older_than"] < 0:
            self.stderr.write("--older-than must be 0 or more minutes.")
            sys.exit(2)
        report = sweep(older_than_minutes=options["older_than"], delete=not options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            verb = "would remove" if options["dry_run"] else "removed"
            self.stdout.write(
                f"{report.referenced} referenced file(s); {verb} {len(report.removed)} "
                f"unreferenced; {len(report.recent)} unreferenced but recent (kept); "
                f"{len(report.missing)} row(s) naming a missing file"
            )
            for relative in report.removed:
                self.stdout.write(f"  {verb}: {relative}")
            for label, pk, relative in report.missing:
                self.stdout.write(f"  missing: {label} #{pk}: {relative}")
        if report.missing:
            sys.exit(1)
