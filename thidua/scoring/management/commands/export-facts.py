"""`thidua export-facts [-o FILE.json]`: the database's facts as a thidua-facts/1 document,
the interchange form that `thidua evaluate` and `thidua import-facts` read."""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from thidua.rules.facts import facts_to_dict
from thidua.scoring.adapters import facts_from_db


class Command(BaseCommand):
    help = "Xuất dữ liệu thi đua ra tệp thidua-facts/1."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", default="-", metavar="FILE.json")
        parser.add_argument(
            "--years",
            default=None,
            metavar="2021-2025",
            help="only units in existence during these years (default: every unit)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = _years(options["years"]) if options["years"] else range(1990, 2101)
        text = json.dumps(
            facts_to_dict(facts_from_db(years, across_mergers=False)), ensure_ascii=False, indent=1
        )
        if options["output"] == "-":
            sys.stdout.write(text + "\n")
        else:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")


def _years(text: str) -> range:
    first, _, last = text.partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        sys.stderr.write(
            f"thidua export-facts: error: --years must look like 2024 or 2021-2025, not {text!r}\n"
        )
        sys.exit(2)
