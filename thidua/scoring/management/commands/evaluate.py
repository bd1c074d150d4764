"""`thidua evaluate --template KEY --facts FILE.json --year Y [--scheme KEY] [--format json|table]`:
RULES.md §5, delegated whole to the pure engine (it needs no database)."""

import sys

from django.core.management.base import BaseCommand

from thidua.rules import cli


class Command(BaseCommand):
    help = "Xét điều kiện khen thưởng của một mẫu kế hoạch trên tệp dữ liệu thidua-facts/1."

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is ["thidua", "evaluate", ...]: the engine's own parser takes the rest, so the
        # errors and the exit status are exactly those of RULES.md §5.
        sys.exit(cli.main(["evaluate", *argv[2:]]))

    def handle(self, *args: object, **options: object) -> None:  # pragma: no cover
        raise SystemExit(cli.main(["evaluate", *map(str, args)]))
