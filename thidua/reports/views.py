"""Thống kê: the dashboard with its charts (every role, each seeing what it may), the
charts' figures as one workbook (a sheet per chart), the statistical tables of a year and
the movement's summary report (office and leader)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.campaigns.access import get_campaign_for_user, visible_campaigns
from thidua.campaigns.models import Campaign
from thidua.lib import xlsx
from thidua.lib.http import CONTENT_TYPES, query_id, query_text, whole_number
from thidua.org.models import CompetitionGroup, User
from thidua.reports import charts, stats
from thidua.reports.figures import Chart, Filters, dashboard_charts
from thidua.scoring.selectors import par_years


def can_report(user: User) -> bool:
    """The summary report and the statistical tables: the office and the leaders."""
    return user.is_authenticated and (user.is_office or user.role == User.Role.LEADER)


def filters_of(request: HttpRequest) -> Filters:
    """The GET form's filters; a value that is not one of the choices is ignored."""
    year = whole_number(request.GET.get("nam"), low=1990, high=2100)
    code = query_text(request, "khoi", max_length=30)
    group = CompetitionGroup.objects.filter(code=code).first() if code else None
    campaign = None
    pk = query_id(request, "phong_trao")
    if pk is not None:
        campaign = visible_campaigns(request.user).filter(pk=pk).first()
    return Filters(year=year, group=group, campaign=campaign)


def _years() -> list[int]:
    from thidua.scoring.models import Award

    found = set(par_years()) | set(Award.objects.values_list("year", flat=True).distinct())
    return sorted(found, reverse=True)


def rows_of(chart: Chart) -> tuple[list[str], list[list[Any]]]:
    """The chart's figures as a table: one row per category, one column per series (and
    the chart's extra columns)."""
    header = [chart.category_label, *(name for name, _ in chart.series)]
    header += [name for name, _ in chart.extra_columns]
    rows = []
    for index, category in enumerate(chart.categories):
        row: list[Any] = [category]
        for _, values in chart.series:
            value = values[index]
            row.append(int(value) if value is not None and chart.unit != "percent" else value)
        row += [values[index] for _, values in chart.extra_columns]
        rows.append(row)
    return header, rows


def _table(chart: Chart) -> dict[str, Any]:
    header, rows = rows_of(chart)
    shown = []
    for row in rows:
        cells = [row[0]]
        for value in row[1 : 1 + len(chart.series)]:
            cells.append(charts.value_text(value, chart.unit))
        cells += row[1 + len(chart.series) :]
        shown.append(cells)
    return {"header": header, "rows": shown, "numeric": len(chart.series)}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = filters_of(request)
    found = dashboard_charts(request.user, filters)
    items = [
        {"chart": c, "svg": None if c.empty else charts.svg(c), "table": _table(c)} for c in found
    ]
    campaigns = visible_campaigns(request.user).exclude(status=Campaign.Status.DRAFT)
    context = {
        "items": items,
        "filters": filters,
        "years": _years(),
        "groups": CompetitionGroup.objects.all(),
        "campaigns": campaigns.order_by("-pk"),
        "can_report": can_report(request.user),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """Every chart's figures, one sheet per chart, with the filters applied."""
    filters = filters_of(request)
    book = xlsx.Export()
    title = "Thống kê thi đua, khen thưởng"
    for chart in dashboard_charts(request.user, filters):
        header, rows = rows_of(chart)
        lines = xlsx.heading(chart.title, request, filters.labels())
        book.sheet(chart.sheet_name, header, rows, heading=lines)
    return xlsx.response(book.content(), title)


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    if not can_report(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo được tải biểu thống kê.")
    filters = filters_of(request)
    if filters.year is None:
        years = _years()
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), this_year)
        filters = Filters(year=year, group=filters.group, campaign=filters.campaign)
    title = f"Thống kê công tác khen thưởng năm {filters.year}"
    heading = xlsx.heading(title, request, filters.labels()[1:])
    content = stats.workbook(stats.statistics(request.user, filters), heading)
    return xlsx.response(content, title)


@login_required
def summary_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Báo cáo tổng kết of a campaign: for the year of `?nam=`, else for the phase."""
    from thidua.reports.summary_docx import summary_docx

    campaign = get_campaign_for_user(request.user, pk)
    if not can_report(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo được tải báo cáo tổng kết.")
    year = whole_number(request.GET.get("nam"), low=1990, high=2100)
    content = summary_docx(campaign, year=year, user=request.user, today=timezone.localdate())
    stem = f"bao-cao-tong-ket-{campaign.pk}" + (f"-{year}" if year else "")
    response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
    return response
