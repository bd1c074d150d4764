"""The home page is the user's desk (one per role), and the data-gap lists it links to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.campaigns.access import served_units
from thidua.desks import members, office, unit
from thidua.lib import xlsx
from thidua.lib.http import whole_number
from thidua.org import access as org_access
from thidua.org.models import Person, Unit, User
from thidua.scoring.access import visible_facts
from thidua.scoring.models import ParScore, Rating

PAGE_SIZE = 50


def desk_context(user: User, today: dt.date) -> dict[str, Any]:
    """What the desk of ``user``'s role shows (the administrator sees the office's too)."""
    context: dict[str, Any] = {"today": today}
    if user.is_office:
        context["office"] = office.office_desk(user, today)
    if user.is_admin:
        context["admin"] = members.admin_desk(user)
    if user.role == User.Role.UNIT:
        context["unit_desk"] = unit.unit_desk(user, today)
    if user.role == User.Role.COUNCIL:
        context["council"] = members.council_desk(user, today)
    if user.role == User.Role.LEADER:
        context["leader"] = members.leader_desk(user, today)
    return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    today = timezone.localdate()
    context = desk_context(user, today)
    own = user.unit
    # An account of a unit that has ended (the district after 30/6/2025) reads its history.
    ended = own if own and own.valid_to and own.valid_to < today else None
    context["ended"] = ended
    context["successors"] = [u.name for u in ended.merged_into.order_by("name")] if ended else []
    return render(request, "home.html", context)


GAPS = {
    "chi-so-cchc": "Đơn vị chưa có kết quả Chỉ số CCHC",
    "xep-loai": "Cá nhân chưa có kết quả xếp loại",
}
UNIT_COLUMNS = (
    xlsx.Column("Tên đơn vị", lambda u: u.name),
    xlsx.Column("Đơn vị cấp trên", lambda u: u.parent.name if u.parent_id else None),
    xlsx.Column("Khối thi đua", lambda u: u.group.name),
)
PERSON_COLUMNS = (
    xlsx.Column("Họ và tên", lambda p: p.full_name),
    xlsx.Column("Chức vụ", lambda p: p.position),
    xlsx.Column("Đơn vị", lambda p: p.unit.name),
)


def gap_rows(user: User, kind: str, year: int, today: dt.date) -> Any:
    units = org_access.in_force(served_units(user), today)
    if kind == "chi-so-cchc":
        return (
            units.filter(par_assessed=True)
            .exclude(pk__in=visible_facts(user, ParScore).filter(year=year).values("unit_id"))
            .select_related("parent", "group")
            .order_by("path")
        )
    return (
        Person.objects.filter(unit__in=units)
        .exclude(
            pk__in=visible_facts(user, Rating)
            .filter(year=year, person__isnull=False)
            .values("person_id")
        )
        .select_related("unit")
        .order_by("unit__path", "full_name", "pk")
    )


@login_required
def gaps(request: HttpRequest, slug: str, xlsx_export: bool = False) -> HttpResponse:
    """Who lacks last year's data the engine reads (the office's desk links here)."""
    kind = slug
    if kind not in GAPS:
        raise Http404("Không có danh sách này.")
    user: User = request.user
    if not user.is_office:
        raise PermissionDenied("Chỉ cơ quan thường trực xem danh sách thiếu dữ liệu.")
    today = timezone.localdate()
    year = whole_number(request.GET.get("nam"), low=1990, high=2100) or today.year - 1
    rows = gap_rows(user, kind, year, today)
    title = f"{GAPS[kind]} năm {year}"
    if xlsx_export:
        columns = UNIT_COLUMNS if kind == "chi-so-cchc" else PERSON_COLUMNS
        return xlsx.export(request, title, columns, rows.iterator())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    fact = "chi-so-cchc" if kind == "chi-so-cchc" else "xep-loai"
    return render(
        request,
        "desks/gaps.html",
        {
            "title": title,
            "page": page,
            "is_units": isinstance(rows.model(), Unit),
            "kind": kind,
            "year": year,
            "fact": fact,
        },
    )
