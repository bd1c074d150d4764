"""The import's two background tasks, run by `thidua worker` (django-tasks, database
backend): check a file (a dry run: the preview) and import it. Both call the import
service's `import_file` on the stored upload and keep the job up to date: its state and
report (JSON) on the row, its progress at most once a second (imports.progress).

A failure inside a task leaves the job "thất bại" with a Vietnamese message: the service
writes all or nothing, so nothing of the file is in the database then."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import default_task_backend, task

from thidua.imports import progress
from thidua.imports.models import ImportJob
from thidua.imports.report import ImportReport
from thidua.lib.audit import acting_as, log_update

logger = logging.getLogger(__name__)

State = ImportJob.State

# What the job keeps of a report: enough for the screen, bounded whatever the file's size.
MAX_OUTCOMES = 500
MAX_ERRORS = 1000
MAX_PICKS = 200
PROGRESS_EVERY_SECONDS = 1.0

UNEXPECTED = (
    "Có lỗi ngoài dự kiến khi xử lý tệp; chưa có dữ liệu nào được ghi. Hãy thử lại, nếu "
    "vẫn lỗi hãy báo quản trị hệ thống."
)
MISSING_FILE = "Không còn tệp đã tải lên trên máy chủ; hãy tải tệp lên lại."


def report_json(report: ImportReport) -> dict[str, Any]:
    """The report as the job stores it: counts, the first outcomes and errors, and for each
    unknown or ambiguous name (once, whatever the rows it is on) the records to pick from."""
    picks: dict[str, list[dict[str, str]]] = {}
    for error in report.errors:
        if error.value and error.suggestions and error.value not in picks:
            if len(picks) >= MAX_PICKS:
                break
            picks[error.value] = [{"ref": s.ref, "label": s.label} for s in error.suggestions]
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "error_count": len(report.errors),
        "errors": [
            {**error.as_dict(), "value": error.value} for error in report.errors[:MAX_ERRORS]
        ],
        "outcomes": [
            {"sheet": o.sheet, "row": o.row, "action": o.action, "summary": o.summary}
            for o in report.outcomes[:MAX_OUTCOMES]
        ],
        "picks": [{"value": value, "suggestions": found} for value, found in picks.items()],
        # What the reading found beside the rows: the year taken from the title, sheets
        # skipped because they hold no table.
        "notes": list(report.notes),
    }


class _Progress:
    """progress(done, total) for import_file: at most once a second, to the job's progress
    file (imports.progress: the service calls it inside its transaction, where a write to
    the job row would not be seen by the pages)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        progress.write(self.job_id, done, total)


@contextmanager
def _reads_only(job: ImportJob, *, dry_run: bool) -> Iterator[None]:
    """On SQLite, a preview's transaction begins DEFERRED, not IMMEDIATE (settings): the
    service checks the whole file inside one transaction, and IMMEDIATE would hold the
    database's only write lock for all of it, so every other write of the site (a login, a
    form) would wait and fail after 20 s. A preview of anything but units writes nothing,
    so it never takes the lock. PostgreSQL has no such lock; the import itself keeps
    IMMEDIATE."""
    if not dry_run or job.kind == "units" or connection.vendor != "sqlite":
        yield
        return
    if not hasattr(connection, "transaction_mode"):
        connection.get_connection_params()  # sets transaction_mode from OPTIONS
    previous = connection.transaction_mode
    connection.transaction_mode = None
    try:
        yield
    finally:
        connection.transaction_mode = previous


def _finish(job: ImportJob, state: str, *, message: str = "", report: Any = None) -> None:
    job.state = state
    job.message = message
    job.finished_at = timezone.now()
    fields = ["state", "message", "finished_at"]
    if report is not None:
        job.report = report
        job.done = job.total = report["rows"]
        fields += ["report", "done", "total"]
    if state == State.DONE:
        job.imported_at = job.finished_at
        fields.append("imported_at")
    job.save(update_fields=fields)
    progress.clear(job.pk)


def _run(job_id: int, *, dry_run: bool) -> str:
    from thidua.imports.service import NotASpreadsheet, import_file

    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        return "gone"
    # The view moved the job to the state this task expects; anything else is a task
    # queued twice or a job the office has moved on from.
    if job.state != (State.QUEUED if dry_run else State.IMPORTING):
        return f"skipped: {job.state}"
    if dry_run:
        job.state = State.CHECKING
        job.save(update_fields=["state"])
    ImportJob.objects.filter(pk=job.pk).update(done=0, total=None)
    progress.clear(job.pk)
    path = Path(settings.MEDIA_ROOT) / job.stored_path
    try:
        with (
            acting_as(job.created_by),
            _reads_only(job, dry_run=dry_run),
            path.open("rb") as source,
        ):
            report = import_file(
                job.kind,
                source,
                filename=job.original_name,
                year=job.year,
                user=job.created_by,
                dry_run=dry_run,
                choices=job.choices or None,
                progress=_Progress(job.pk),
            )
    except FileNotFoundError:
        _finish(job, State.FAILED, message=MISSING_FILE)
        return State.FAILED
    except NotASpreadsheet as e:
        _finish(job, State.FAILED, message=str(e))
        return State.FAILED
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _finish(job, State.FAILED, message=UNEXPECTED)
        return State.FAILED
    done = State.READY if dry_run else State.DONE
    state = done if report.ok else State.INVALID
    _finish(job, state, report=report_json(report))
    return state


def reconcile(job: ImportJob) -> None:
    """A job the worker finished without leaving its state (the task died, e.g. a second
    Ctrl-C or an out-of-memory kill inside it) is "thất bại", so the page stops waiting."""
    if not job.running or not job.task_id:
        return
    try:
        result = default_task_backend.get_result(job.task_id)
    except Exception:  # the immediate backend keeps no results; a result pruned since
        return
    if not result.is_finished:
        return
    before = copy.copy(job)
    failed = ImportJob.objects.filter(pk=job.pk, state=job.state).update(
        state=State.FAILED, message=UNEXPECTED, finished_at=timezone.now()
    )
    job.refresh_from_db()
    if failed:  # a queryset update: its entry is written here (the worker died)
        log_update(before, job, ["state", "message", "finished_at"])
    progress.clear(job.pk)


@task()
def check_import(job_id: int) -> str:
    """The preview: the whole file read and validated, nothing written."""
    return _run(job_id, dry_run=True)


@task()
def run_import(job_id: int) -> str:
    """The import itself, all or nothing, attributed to the office account that uploaded."""
    return _run(job_id, dry_run=False)
