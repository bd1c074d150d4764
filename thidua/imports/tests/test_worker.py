"""The real queue: a page queues the preview as a row of django-tasks-db's table, and
`thidua worker` (one-shot, --batch) runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from thidua.imports import tasks
from thidua.imports.models import ImportJob

# The worker checks its connection between tasks (close_old_connections), which closes one
# left inside a test's transaction: the worker runs here as in production, on committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_runs_the_preview_the_page_queued(login, district, media, par_table) -> None:
    client = login("office")
    response = client.post(
        reverse("imports:index"),
        {
            "kind": "par",
            "year": "2026",
            "file": SimpleUploadedFile("cchc.xlsx", par_table([("Phòng Nội vụ", 100, 90, 91)])),
        },
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    queued = DBTaskResult.objects.get()
    assert (job.state, job.task_id) == (ImportJob.State.QUEUED, str(queued.id))
    assert queued.task_path == "thidua.imports.tasks.check_import"

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY, (job.message, job.report)
    assert (job.done, job.total, job.report["created"]) == (1, 1, 1)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    # --batch returned: nothing is left waiting
    assert not DBTaskResult.objects.ready().exists()


def test_the_worker_says_why_it_has_nothing_to_do_with_the_immediate_backend(tmp_path) -> None:
    """THIDUA_TASKS_IMMEDIATE=1 puts the immediate backend in settings: tasks run in the
    request and the worker refuses to start, saying so (exit 2)."""
    env = {**os.environ, "THIDUA_TASKS_IMMEDIATE": "1", "THIDUA_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "thidua", "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "ImmediateBackend, not the database backend" in done.stderr
    assert "Unset THIDUA_TASKS_IMMEDIATE" in done.stderr


def test_a_task_that_died_leaves_the_job_failed_not_waiting(
    login, district, media, par_table
) -> None:
    """The worker recorded the task as failed without the task leaving the job's state
    (killed inside it): the page stops waiting and says so."""
    client = login("office")
    client.post(
        reverse("imports:index"),
        {
            "kind": "par",
            "file": SimpleUploadedFile("cchc.xlsx", par_table([("Phòng Nội vụ", 100, 90, 91)])),
        },
    )
    job = ImportJob.objects.get()
    status = reverse("imports:job-status", args=[job.pk])
    assert client.get(status).json()["running"] is True
    DBTaskResult.objects.filter(pk=job.task_id).update(status="FAILED")
    assert client.get(status).json()["state"] == "failed"
    job.refresh_from_db()
    assert job.message == tasks.UNEXPECTED
    entry = LogEntry.objects.get_for_object(job).filter(action=LogEntry.Action.UPDATE).last()
    assert entry is not None and entry.changes["state"][1] == "failed"
    assert "Thất bại" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
