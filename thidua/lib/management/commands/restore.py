"""`thidua restore ARCHIVE`: replace the database and MEDIA_ROOT's files by an archive of
`thidua backup`, all or nothing; refused for another schema version or kind of database
(thidua/lib/backup.py). Stop the web server and the worker first."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.lib.backup import BackupError, check_compatible, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and the stored files by a backup archive (all or nothing)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="a .tar.gz written by `thidua backup`")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            manifest = read_manifest(archive)
            check_compatible(manifest)
            if options["interactive"]:
                answer = input(
                    f"This replaces the whole database and every stored file by the backup "
                    f"of {manifest['created_at']}. Type 'yes' to continue: "
                )
                if answer.strip() != "yes":
                    raise CommandError("Restore cancelled.")
            restore(archive)
        except BackupError as e:
            raise CommandError(str(e)) from None
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database and {files} file(s) "
            f"of {manifest['created_at']} (thidua {manifest['versions']['thidua']})."
        )
