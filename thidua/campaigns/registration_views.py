"""Đăng ký thi đua: a unit fills and submits its table; the office follows who has and has
not registered, reopens a locked registration, exports the summary and prints the forms."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.campaigns import access
from thidua.campaigns.models import Registration
from thidua.campaigns.plan import registration_columns
from thidua.campaigns.registrations import (
    STATUS_FILTERS,
    RegistrationError,
    Row,
    column_keys,
    form_people,
    forward_to_parent,
    overview,
    overview_counts,
    overview_units,
    participation_refusal,
    registration_for,
    registration_reopen,
    registration_save,
    registration_submit,
    registrations_of,
    rows_for_form,
)
from thidua.lib import xlsx
from thidua.lib.forms import parse_date
from thidua.lib.http import MAX_ID, download, requested_year, whole_number
from thidua.lib.paging import paginate
from thidua.org.access import get_unit_for_user
from thidua.org.models import Unit, User


def _unit_of(request: HttpRequest) -> Unit:
    user: User = request.user
    if user.role != User.Role.UNIT or user.unit is None:
        raise PermissionDenied("Chỉ tài khoản đơn vị đăng ký thi đua cho đơn vị mình.")
    return user.unit


def _columns() -> list[dict[str, Any]]:
    return [c for c in registration_columns() if c.get("group")]


@login_required
def unit_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's own registration table for a year: fill, save, submit."""
    campaign = access.get_campaign_for_user(request.user, pk)
    unit = _unit_of(request)
    year = requested_year(request, campaign.template.years)
    today = timezone.localdate()
    # Looking creates nothing: the registration exists once the unit saves it.
    registration = Registration.objects.filter(campaign=campaign, unit=unit, year=year).first()
    if registration is None:
        registration = Registration(campaign=campaign, unit=unit, year=year)
    rows = None
    if request.method == "POST":
        try:
            registration = registration_for(campaign, unit, year)
            rows = _rows_from_post(request, unit, registration)
            registration_save(registration, rows, user=request.user, today=today)
            if "submit" in request.POST:
                registration_submit(registration, user=request.user, today=today)
                messages.success(request, "Đã nộp bản đăng ký thi đua.")
            else:
                messages.success(request, "Đã lưu bản đăng ký (chưa nộp).")
            return redirect(f"{request.path}?nam={year}")
        except RegistrationError as e:
            messages.error(request, str(e))
            if registration.pk:
                registration.refresh_from_db()
    form_rows = rows_for_form(unit, registration)
    if rows is not None:  # refused: the table again as it was typed, not as it is stored
        form_rows = _as_typed(form_rows, rows)
    refusal = participation_refusal(campaign, unit)
    return render(
        request,
        "campaigns/registration_form.html",
        {
            "campaign": campaign,
            "unit": unit,
            "year": year,
            "registration": registration,
            "rows": [r for r in form_rows if not r.label],
            "label_rows": [r for r in form_rows if r.label],
            "new_rows": range(NEW_LABEL_ROWS),
            "columns": _columns(),
            "open": registration.open_on(today) and refusal is None,
            "refusal": refusal,
            "deadline": campaign.registration_deadline(year),
        },
        status=200 if rows is None else 400,
    )


NEW_LABEL_ROWS = 3  # empty free-text rows offered under the stored ones
MAX_LABEL_ROWS = 100


def _as_typed(stored: list[Row], typed: list[Row]) -> list[Row]:
    """The form's rows with the marks that were posted in place of the stored ones."""
    marks = {(r.section, r.unit, r.person): r.marks for r in typed if not r.label}
    rows = [
        Row(r.section, r.unit, r.person, "", marks.get((r.section, r.unit, r.person), ()))
        for r in stored
        if not r.label
    ]
    return rows + [r for r in typed if r.label]


MAX_LABEL = 300  # a free-text row of the table names a group, it is not a paragraph


def _rows_from_post(request: HttpRequest, unit: Unit, registration: Registration) -> list[Row]:
    """Rows from the posted checkboxes, named `u<id>-<column>`, `p<id>-<column>` and, for a
    free-text row, `t<n>-label`, `t<n>-section`, `t<n>-<column>`. Units and people outside
    the user's unit are refused."""
    keys = column_keys()
    units = {u.pk: u for u in unit.subtree()}
    people = {p.pk: p for p in form_people(unit, registration)}
    marks: dict[tuple[str, int], set[str]] = {}
    for name in request.POST:
        prefix, _, column = name.partition("-")
        pk = whole_number(prefix[1:], low=1, high=MAX_ID)
        if column in keys and prefix[:1] in "up" and pk is not None:
            marks.setdefault((prefix[0], pk), set()).add(column)
    rows = []
    for (kind, pk), ticked in marks.items():
        if kind == "u":
            if pk not in units:
                raise PermissionDenied("Không được đăng ký cho đơn vị khác.")
            rows.append(Row("collective", units[pk], None, "", tuple(ticked)))
        else:
            if pk not in people:
                raise PermissionDenied("Không được đăng ký cho cá nhân của đơn vị khác.")
            rows.append(Row("individual", None, people[pk], "", tuple(ticked)))
    numbers = sorted(
        {int(name[1:-6]) for name in request.POST if re.fullmatch(r"t\d{1,3}-label", name)}
    )[:MAX_LABEL_ROWS]
    for n in numbers:
        label = " ".join(request.POST.get(f"t{n}-label", "").split())
        if len(label) > MAX_LABEL:
            raise RegistrationError(
                f"Dòng ghi tên chung dài tối đa {MAX_LABEL} ký tự (đang có {len(label)}): "
                "hãy ghi ngắn gọn."
            )
        if label:
            section = (
                "individual" if request.POST.get(f"t{n}-section") == "individual" else "collective"
            )
            ticked = tuple(k for k in keys if request.POST.get(f"t{n}-{k}"))
            rows.append(Row(section, None, None, label, ticked))
    rows.sort(key=lambda r: r.section != "collective")
    return rows


@login_required
def overview_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has and has not registered, with counts per title and form."""
    campaign = access.get_campaign_for_user(request.user, pk)
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo xem tổng hợp đăng ký.")
    year = requested_year(request, campaign.template.years)
    status = request.GET.get("trang_thai", "")
    if status not in STATUS_FILTERS:
        status = ""
    paged = paginate(request, overview_units(campaign, year, status))
    counts = overview_counts(campaign, year)
    return render(
        request,
        "campaigns/registration_overview.html",
        {
            **paged,
            "campaign": campaign,
            "year": year,
            "status": status,
            "status_filters": STATUS_FILTERS,
            "by_unit": registrations_of(campaign, year, paged["page"]),
            "counts": counts,
            "columns": _columns(),
            "deadline": campaign.registration_deadline(year),
            "can_manage": access.can_manage(request.user),
        },
    )


def _registration(request: HttpRequest, pk: int, registration_id: int) -> Registration:
    campaign = access.get_campaign_for_user(request.user, pk)
    registration = get_object_or_404(Registration, pk=registration_id, campaign=campaign)
    # A unit reaches its own registration (and its sub-units'); the office every one.
    get_unit_for_user(request.user, registration.unit_id)
    return registration


@require_POST
@login_required
def reopen(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    registration = _registration(request, pk, registration_id)
    if not access.can_manage(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được mở lại bản đăng ký.")
    until_text = request.POST.get("until", "").strip()
    until = parse_date(until_text) if until_text else None
    if until_text and until is None:
        messages.error(request, "Ngày mở lại không hợp lệ: nhập theo dạng dd/mm/yyyy.")
    else:
        registration_reopen(registration, user=request.user, until=until)
        messages.success(request, f"Đã mở lại bản đăng ký của {registration.unit}.")
    return redirect(f"/phong-trao/{pk}/dang-ky/tong-hop/?nam={registration.year}")


@require_POST
@login_required
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Send to the parent campaign the registrations for forms above this campaign's level."""
    campaign = access.get_campaign_for_user(request.user, pk, manage=True)
    year = requested_year(request, campaign.template.years)
    try:
        registration = forward_to_parent(campaign, year, user=request.user)
    except RegistrationError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Đã chuyển {registration.lines.count()} dòng đăng ký lên “{campaign.parent}”.",
        )
    return redirect(f"/phong-trao/{pk}/dang-ky/tong-hop/?nam={year}")


@login_required
def registration_document(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    """A unit's registration as the .docx form of seed 001."""
    from thidua.documents.registration_docx import registration_document

    registration = _registration(request, pk, registration_id)
    unit = registration.unit
    content = registration_document(registration)
    return download(content, f"dang-ky-{unit.code}-{registration.year}.docx")


@login_required
def export_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview page as a sheet: one row per participant, the counts per column."""
    campaign = access.get_campaign_for_user(request.user, pk)
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo xuất tổng hợp đăng ký.")
    year = requested_year(request, campaign.template.years)
    summary = overview(campaign, year)
    columns = _columns()
    header = ["STT", "Mã", "Đơn vị", "Trạng thái", "Nộp lúc", "Số dòng"]
    header += [c["label"] for c in columns]
    rows: list[list[Any]] = []
    total_lines = 0
    for i, unit in enumerate(summary.participants, start=1):
        registration = summary.by_unit.get(unit.pk)
        counts = {c["key"]: 0 for c in columns}
        lines = list(registration.lines.all()) if registration is not None else []
        for line in lines:
            for key in line.marks:
                counts[key] = counts.get(key, 0) + 1
        total_lines += len(lines)
        rows.append(
            [
                i,
                unit.code,
                unit.name,
                registration.get_status_display() if registration else "Chưa đăng ký",
                registration.submitted_at if registration else None,
                len(lines) if registration else None,
                *[counts[c["key"]] or None for c in columns],
            ]
        )
    rows.append([None, None, "Cộng", None, None, total_lines])
    rows[-1] += [summary.counts.get(c["key"], 0) for c in columns]
    title = f"Tổng hợp đăng ký thi đua năm {year}"
    book = xlsx.Export()
    book.sheet(
        f"Đăng ký {year}",
        header,
        rows,
        heading=xlsx.heading(f"{title} — {campaign.name}", request),
    )
    return xlsx.response(book.content(), title)
