"""`thidua import-facts FILE.json`: load a thidua-facts/1 document into the database, all or
nothing, refusing what RULES.md §1 refuses with the same messages."""

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from thidua.lib.audit import acting_as
from thidua.org.models import User
from thidua.rules.facts import FactsError, parse_facts_json
from thidua.scoring.services import ImportConflict, import_facts

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Nạp tệp dữ liệu thidua-facts/1 vào cơ sở dữ liệu (tất cả hoặc không gì cả)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE.json")
        parser.add_argument(
            "--user",
            default=None,
            help="account the changes are attributed to in the audit trail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                self._fail(f"no account named {options['user']!r}")
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as e:
            self._fail(f"cannot read {path}: {e.strerror or e}")
        try:
            facts = parse_facts_json(raw)
            del raw  # the records are all the import needs: not the file's bytes beside them
            with acting_as(actor):
                summary = import_facts(facts)
        except (FactsError, ImportConflict) as e:
            self._fail(f"{path}: {e}")
        for line in summary.lines():
            self.stdout.write(line)

    def _fail(self, message: str) -> None:
        self.stderr.write(f"thidua import-facts: error: {' '.join(message.split())}")
        sys.exit(BAD_INPUT)
