"""`thidua worker`: the background worker that runs the tasks the web pages queue.

django-tasks-db's `db_worker` with the product's defaults: every queue ("*"), so a task put
on a queue of its own later is not left waiting. Its options pass through (`--batch` runs
what is waiting and exits, `--max-tasks N`, `--interval S`, `--reload`, `--worker-id`).

The tasks themselves live in a `tasks.py` of their app, declared with django-tasks'
`@task()`: thidua/imports/tasks.py (the Excel import's preview and import),
thidua/notifications/tasks.py (e-mails, the periodic reminder scan: settings.WORKER_STARTUP
queues it as the worker starts); document builds and recomputed evaluations go beside
them in their own apps. Deploy it as a second service next to gunicorn (README,
"Triển khai / Deploy").
"""

from __future__ import annotations

import signal
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
)


class Command(db_worker.Command):
    help = (
        "Run the background worker (imports, and later reminders, documents, evaluations). "
        "Wraps django-tasks-db's db_worker; its options pass through."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        # db_worker's parser refuses a backend that is not the database's with a bare
        # "not a database backend": say why and what to do.
        backend = settings.TASKS.get("default", {}).get("BACKEND", "")
        if backend != "django_tasks_db.DatabaseBackend":
            self.stderr.write(
                f"The default task backend is {backend or 'not set'}, not the database "
                "backend: tasks run inside the web process and there is nothing to work on. "
                "Unset THIDUA_TASKS_IMMEDIATE to queue tasks for this worker."
            )
            sys.exit(2)
        super().run_from_argv(argv)

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args: Any, **options: Any) -> None:
        # The worker takes over SIGINT/SIGTERM to stop after the current task; put the
        # previous handlers back when it returns (--batch, --max-tasks, tests).
        previous = {number: signal.getsignal(number) for number in _SIGNALS}
        for path in getattr(settings, "WORKER_STARTUP", []):  # e.g. queue the reminder scan
            import_string(path)()
        try:
            super().handle(*args, **options)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
