"""The real worker sends each reminder exactly once across restarts: `thidua worker
--batch` (whose start queues the reminder scan) run twice, with `thidua remind` and the
periodic scan run again between, in subprocesses on a database file of their own, e-mail
by Django's file backend; the messages on disk are counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CASE = "thidua.notifications.tests.worker_case"


def _messages(folder: Path) -> list[str]:
    """The To: of every message the file backend wrote."""
    found = []
    for path in sorted(folder.glob("*.log")):
        found += [
            line[4:].strip() for line in path.read_text().splitlines() if line.startswith("To: ")
        ]
    return found


def test_the_worker_sends_each_reminder_once_across_a_restart(tmp_path: Path) -> None:
    outbox = tmp_path / "mail"
    env = {
        **os.environ,
        "THIDUA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }
    env.pop("THIDUA_TASKS_IMMEDIATE", None)

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "thidua", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(function: str) -> str:
        return run("shell", "--no-imports", "-c", f"from {CASE} import {function}; {function}()")

    worker = ("worker", "--batch", "--no-startup-delay", "--no-reload")
    run("migrate", "--noinput")
    shell("build")
    run(*worker)  # its start queues the scan; the scan queues the e-mails; all run
    # The report (tomorrow): both units' accounts; the dossiers (in 3 days): unit B's only;
    # the office: a digest of each.
    expected = sorted(
        ["donvi_a@hoaphong.example.vn"]
        + ["donvi_b@hoaphong.example.vn"] * 2
        + ["noivu@hoaphong.example.vn"] * 2
    )
    assert sorted(_messages(outbox)) == expected
    assert json.loads(shell("counts")) == {"reminders": 5, "mails": 5, "sent": 5}

    run("remind")
    run("remind")
    shell("scan_due_now")  # the worker's own next scan is due
    run(*worker)  # restarted: the scan runs again, and again finds every claim taken
    run(*worker)
    assert sorted(_messages(outbox)) == expected
    assert json.loads(shell("counts")) == {"reminders": 5, "mails": 5, "sent": 5}
