"""The import screen (/nhap-du-lieu/): upload a spreadsheet, watch the background worker
check it, read the preview (what each row will do, every error), pick the right unit or
person for a name the file spells differently, import, and see where the data shows.

The office and administrators only (imports.access). Every step that runs the file is a
task for `thidua worker` (imports.tasks); the pages only queue it and show the job row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from thidua.imports import access, tasks
from thidua.imports.forms import PicksForm, UploadForm
from thidua.imports.models import ImportJob
from thidua.imports.report import KINDS
from thidua.lib import uploads
from thidua.lib.vietnamese import fold

State = ImportJob.State
XLSX = uploads.ALLOWED_KINDS["xlsx"][0]
HISTORY = 50

# Where imported data shows, per kind: (label, URL name, kwargs).
_WHERE: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "units": [("Danh sách đơn vị", "org:unit-list", {})],
    "people": [("Danh sách cá nhân", "org:person-list", {})],
    "par": [
        ("Xếp hạng Chỉ số CCHC", "scoring:par-ranking", {}),
        ("Kết quả Chỉ số CCHC", "scoring:fact-list", {"slug": "chi-so-cchc"}),
    ],
    "ratings": [("Xếp loại chất lượng", "scoring:fact-list", {"slug": "xep-loai"})],
    "awards": [("Khen thưởng đã nhận", "scoring:fact-list", {"slug": "khen-thuong"})],
    "disciplines": [("Kỷ luật", "scoring:fact-list", {"slug": "ky-luat"})],
    "initiatives": [("Sáng kiến", "scoring:fact-list", {"slug": "sang-kien"})],
    "attestations": [("Xác nhận", "scoring:fact-list", {"slug": "xac-nhan"})],
}
ACTIONS = {
    "create": "Thêm mới",
    "update": "Cập nhật",
    "unchanged": "Không đổi",
    "error": "Lỗi",
}


def where_it_shows(job: ImportJob) -> list[tuple[str, str]]:
    links = []
    for label, name, kwargs in _WHERE.get(job.kind, []):
        url = reverse(name, kwargs=kwargs)
        if job.year and name in ("scoring:par-ranking", "scoring:fact-list"):
            url += f"?year={job.year}"
            label = f"{label} năm {job.year}"
        links.append((label, url))
    return links


def _queue(job: ImportJob, task: Any) -> None:
    """Queue `task` for the job, after the job's new state is committed (the worker reads
    it). With the immediate backend the task has run when this returns."""
    result = task.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require_import(request.user)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with uploads.storing_upload(
                upload, allowed=uploads.SPREADSHEET_KINDS, max_bytes=settings.IMPORT_MAX_BYTES
            ) as (kind, relative):
                job = ImportJob.objects.create(
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                    original_name=(upload.name or "tep")[:255],
                    stored_path=relative,
                    file_kind=kind,
                    size=upload.size,
                    created_by=request.user,
                )
            _queue(job, tasks.check_import)
            return redirect("imports:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:HISTORY]
    templates = list(KINDS.items())
    return render(
        request,
        "imports/index.html",
        {"form": form, "jobs": jobs, "templates": templates, "actions": ACTIONS},
    )


@login_required
def blank_template(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_import(request.user)
    if kind not in KINDS:
        raise Http404("Không có mẫu cho loại dữ liệu này.")
    from thidua.imports.service import blank_workbook

    response = HttpResponse(blank_workbook(kind), content_type=XLSX)
    name = slugify(fold(KINDS[kind]))  # the kind's name in plain letters, not its key
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{name}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, pk)
    tasks.reconcile(job)
    job.read_progress()
    report = job.report or {}
    picks = PicksForm(report.get("picks", []), initial=_initial_picks(job, report))
    return render(request, "imports/job.html", _job_context(job, picks))


def _initial_picks(job: ImportJob, report: dict[str, Any]) -> dict[str, str]:
    """A name picked before and still in error shows what was picked."""
    initial = {}
    for i, pick in enumerate(report.get("picks", [])):
        chosen = job.choices.get(pick["value"])
        if chosen in {s["ref"] for s in pick["suggestions"]}:
            initial[f"chon_{i}"] = chosen
    return initial


def _job_context(job: ImportJob, picks: PicksForm) -> dict[str, Any]:
    report = job.report or {}
    return {
        "job": job,
        "report": report,
        "picks": picks,
        "actions": ACTIONS,
        "where": where_it_shows(job) if job.state == State.DONE else [],
        "more_errors": max(0, report.get("error_count", 0) - len(report.get("errors", []))),
        # rows with an error are in the errors' table, not among the outcomes
        "more_rows": max(
            0,
            sum(report.get(k, 0) for k in ("created", "updated", "unchanged"))
            - len(report.get("outcomes", [])),
        ),
        "State": State,
    }


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = access.get_job_for_user(request.user, pk)
    tasks.reconcile(job)
    response = JsonResponse(job.status())
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def job_picks(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's picks: the preview runs again with them."""
    job = access.get_job_for_user(request.user, pk)
    picks = PicksForm((job.report or {}).get("picks", []), request.POST)
    if job.state != State.INVALID:
        messages.error(request, "Lần nhập này không còn chờ chọn tên: xem trạng thái bên dưới.")
        return redirect("imports:job", pk=job.pk)
    if not picks.is_valid() or not picks.picks:
        if not picks.picks:
            messages.error(request, "Không có tên nào cần chọn: hãy sửa tệp rồi tải lên lại.")
            return redirect("imports:job", pk=job.pk)
        return render(request, "imports/job.html", _job_context(job, picks), status=400)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != State.INVALID:
            return redirect("imports:job", pk=job.pk)
        job.choices = {**job.choices, **picks.choices()}
        job.state = State.QUEUED
        job.message = ""
        job.save(update_fields=["choices", "state", "message"])
    _queue(job, tasks.check_import)
    messages.success(request, "Đã ghi các lựa chọn; đang kiểm tra lại tệp.")
    return redirect("imports:job", pk=job.pk)


@login_required
@require_POST
def job_import(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, pk)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != State.READY:
            messages.error(
                request,
                "Chỉ nhập được tệp đã kiểm tra không có lỗi; lần nhập này đang "
                f"“{job.get_state_display()}”.",
            )
            return redirect("imports:job", pk=job.pk)
        job.state = State.IMPORTING
        job.message = ""
        job.save(update_fields=["state", "message"])
    _queue(job, tasks.run_import)
    return redirect("imports:job", pk=job.pk)


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, pk)
    return uploads.serve(job.stored_path, download_name=job.original_name, kind=job.file_kind)
