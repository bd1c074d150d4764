"""`thidua backup ARCHIVE`: the database and MEDIA_ROOT's files in one .tar.gz with a
manifest (versions, migrations, checksums). Safe while the app runs (thidua/lib/backup.py)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into one .tar.gz archive."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["archive"])
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"{result.path}: {result.vendor} database and {result.files} file(s), "
            f"{result.bytes:,} bytes before compression"
        )
        for relative in result.missing:
            self.stderr.write(f"  a row names a file that is not there: {relative}")
