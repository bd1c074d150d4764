"""The plan of a campaign: editing its parts, issuing and closing it, its documents and its
calendar of deadlines."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.campaigns import access, plan_numbers, services
from thidua.campaigns.forms import PlanHeaderForm, PlanSectionForm
from thidua.campaigns.models import Campaign
from thidua.campaigns.plan import PlanError, plan_from_dict
from thidua.documents.pdf import docx_or_pdf
from thidua.documents.plan_docx import plan_docx
from thidua.lib.calendar import ics_calendar
from thidua.lib.http import download
from thidua.rules.bounded import BoundError, loads_json
from thidua.rules.template import Template, TemplateError

# The frame of a plan written from scratch, to be filled in (NĐ 30's usual parts).
BLANK_SECTIONS = [
    {
        "heading": "I. MỤC ĐÍCH, YÊU CẦU",
        "role": "purpose",
        "text": "## 1. Mục đích\n\n(nội dung)\n\n## 2. Yêu cầu\n\n(nội dung)",
    },
    {"heading": "II. NỘI DUNG THI ĐUA", "role": "contents", "text": "(nội dung)"},
    {"heading": "III. KHEN THƯỞNG", "role": "commendation", "text": "(nội dung)"},
    {"heading": "IV. TỔ CHỨC THỰC HIỆN", "role": "implementation", "text": "(nội dung)"},
]

NOTHING_CHANGED = "Không có thay đổi nào: kế hoạch giữ nguyên."

SectionFormSet = forms.formset_factory(PlanSectionForm, extra=1, can_delete=True)


def _manage(request: HttpRequest, pk: int) -> Campaign:
    campaign = access.get_campaign_for_user(request.user, pk, manage=True)
    if campaign.status == Campaign.Status.CLOSED:
        raise PermissionDenied("Phong trào đã kết thúc: không sửa được nữa.")
    return campaign


def _save_plan(
    request: HttpRequest,
    campaign: Campaign,
    plan: dict[str, Any],
    part: str,
    reason: str,
    **extra: Any,
) -> str | None:
    """Validate and save the plan (and extra fields); the error message, or None."""
    try:
        plan_from_dict(plan)
    except PlanError as e:
        return f"{e}"
    campaign.plan = plan
    for name, value in extra.items():
        setattr(campaign, name, value)
    try:
        changed = services.campaign_change(
            campaign, user=request.user, part=part, reason=reason, fields=["plan", *extra]
        )
    except services.CampaignStateError as e:
        return str(e)
    messages.success(request, f"Đã lưu {part}." if changed else NOTHING_CHANGED)
    return None


def _number_taken(campaign: Campaign, plan: dict[str, Any]) -> str | None:
    """A new number (or year) another plan of the issuer already holds, refused."""
    stored = campaign.plan or {}
    unit, number = campaign.issuing_unit, str(plan.get("number") or "")
    if unit is None or not plan_numbers.digits(number):
        return None
    year = dt.date.fromisoformat(plan["date"]).year
    if (stored.get("number"), (stored.get("date") or "")[:4]) == (number, str(year)):
        return None  # kept as it was: issuing checks it
    other = plan_numbers.holder(unit, year, number, exclude=campaign.pk)
    if other is None:
        return None
    return plan_numbers.taken_message(unit, year, number, other, exclude=campaign.pk)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    others = access.visible_campaigns(request.user).exclude(pk=campaign.pk)
    initial = PlanHeaderForm.initial_from(campaign.name, campaign.parent_id, campaign.plan)
    form = PlanHeaderForm(request.POST or None, initial=initial, campaigns=others)
    if request.method == "POST" and form.is_valid():
        plan = {**campaign.plan, **form.plan_changes()}
        plan.setdefault("key", campaign.template_key or f"phong-trao-{campaign.pk}")
        plan.setdefault("doc_type", "KẾ HOẠCH")
        plan.setdefault("sections", BLANK_SECTIONS)
        error = _number_taken(campaign, plan) or _save_plan(
            request,
            campaign,
            plan,
            "thông tin chung của kế hoạch",
            form.cleaned_data["reason"],
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
        )
        if error is None:
            return redirect("campaigns:detail", pk=campaign.pk)
        form.add_error(None, error)
    return render(request, "campaigns/plan_edit.html", {"campaign": campaign, "form": form})


@login_required
def sections_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    initial = [
        {"heading": s.get("heading", ""), "role": s.get("role", "other"), "text": s.get("text", "")}
        for s in campaign.plan.get("sections", [])
    ]
    formset = SectionFormSet(request.POST or None, initial=initial, prefix="phan")
    reason = request.POST.get("reason", "")
    error = None
    if request.method == "POST" and formset.is_valid():
        sections = [
            {
                "heading": f["heading"].strip(),
                "role": f["role"],
                "text": f["text"].replace("\r\n", "\n").strip(),
            }
            for f in formset.cleaned_data
            if f and not f.get("DELETE") and f.get("heading")
        ]
        error = _save_plan(
            request,
            campaign,
            {**campaign.plan, "sections": sections},
            "các phần của kế hoạch",
            reason,
        )
        if error is None:
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/sections_edit.html",
        {"campaign": campaign, "formset": formset, "error": error, "reason": reason},
    )


@login_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every part of the rules — schemes, criteria, quotas, deadlines, dossier — as JSON,
    validated as typed (Vietnamese message with the path of the wrong value)."""
    campaign = _manage(request, pk)
    text = request.POST.get("rules") or json.dumps(campaign.rules, ensure_ascii=False, indent=2)
    reason = request.POST.get("reason", "")
    error = None
    if request.method == "POST":
        try:
            rules = loads_json(text)  # bounded: size, depth and digits before parsing
        except BoundError as e:
            error = f"Không đọc được nội dung: {e.message}"
        except json.JSONDecodeError as e:
            error = f"Không đọc được nội dung: {e.msg} (dòng {e.lineno}, cột {e.colno})."
        else:
            try:
                services.validate_rules(rules)
            except TemplateError as e:
                error = e.message + (f" (tại {e.path})" if e.path else "")
            else:
                campaign.rules = rules
                try:
                    changed = services.campaign_change(
                        campaign,
                        user=request.user,
                        part="quy định xét khen thưởng",
                        reason=reason,
                        fields=["rules"],
                    )
                except services.CampaignStateError as e:
                    error = str(e)
                else:
                    messages.success(
                        request,
                        "Đã lưu quy định xét khen thưởng."
                        if changed
                        else "Không có thay đổi nào: quy định xét giữ nguyên.",
                    )
                    return redirect("campaigns:detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/rules_edit.html",
        {"campaign": campaign, "text": text, "error": error, "reason": reason},
    )


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk, manage=True)
    action = request.POST.get("action")
    try:
        if action == "ban-hanh":
            warnings = services.issue_warnings(campaign)
            services.campaign_issue(campaign, user=request.user)
            if warnings:
                messages.success(request, "Đã ban hành kế hoạch.")
                for warning in warnings:
                    messages.warning(request, warning)
            else:
                messages.success(
                    request, "Đã ban hành kế hoạch: các đơn vị có thể đăng ký thi đua."
                )
        elif action == "ket-thuc":
            services.campaign_close(campaign, user=request.user)
            messages.success(request, "Đã kết thúc phong trào.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except services.CampaignStateError as e:
        messages.error(request, str(e))
    return redirect("campaigns:detail", pk=campaign.pk)


def _plan_or_404(campaign: Campaign) -> dict[str, Any]:
    if not campaign.plan:
        raise Http404("Phong trào chưa có nội dung kế hoạch.")
    return campaign.plan


@login_required
def plan_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan as .docx (NĐ 30/2020 layout), or PDF where LibreOffice is installed."""
    campaign = access.get_campaign_for_user(request.user, pk)
    content = plan_docx(_plan_or_404(campaign))
    back = reverse("campaigns:detail", args=[campaign.pk])
    return docx_or_pdf(request, content, f"ke-hoach-{campaign.pk}", fmt, back)


def deadline_rows(template: Template) -> list[dict[str, Any]]:
    """Every deadline of every year of the campaign, dated ones first in date order."""
    rows = []
    for year in template.years:
        for deadline in template.deadlines:
            due = deadline.due(year)
            if due is None and year != template.years[0]:
                continue  # an event-bound deadline is listed once
            rows.append({"year": year, "deadline": deadline, "due": due})
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or dt.date.max, r["deadline"].label))
    seen, unique = set(), []
    for row in rows:  # a fixed date repeats for every year: list it once
        key = (row["deadline"].key, row["due"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    return render(
        request,
        "campaigns/calendar.html",
        {"campaign": campaign, "rows": deadline_rows(campaign.template), "today": dt.date.today()},
    )


@login_required
def calendar_ics(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    events = [
        (
            f"{campaign.pk}-{row['deadline'].key}-{row['due']:%Y%m%d}",
            row["due"],
            row["deadline"].label,
        )
        for row in deadline_rows(campaign.template)
        if row["due"] is not None
    ]
    url = request.build_absolute_uri(reverse("campaigns:detail", args=[campaign.pk]))
    body = ics_calendar(name=campaign.name, events=events, url=url)
    return download(body, f"thoi-han-{campaign.pk}.ics")
