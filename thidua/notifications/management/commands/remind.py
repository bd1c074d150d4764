"""`thidua remind`: send the reminders due today (each once, however often it runs) — for a
cron job or a systemd timer, beside or instead of the worker's own periodic scan. The
e-mails are queued for `thidua worker`; `--date dd/mm/yyyy` scans as on another day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.notifications import reminders


class Command(BaseCommand):
    help = "Send the deadline reminders due today (once each); e-mails go to the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="scan as on this day (dd/mm/yyyy)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--date must be a day as dd/mm/yyyy") from None
        told = reminders.scan(today)
        self.stdout.write(f"{told} reminder(s) sent")
