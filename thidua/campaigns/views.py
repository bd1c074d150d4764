from __future__ import annotations

import hashlib
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thidua.campaigns import access, services
from thidua.campaigns.choices import issuing_units, person_label
from thidua.campaigns.exports import results_workbook
from thidua.campaigns.forms import CampaignFromTemplateForm, SchemeRulesForm
from thidua.campaigns.models import Campaign
from thidua.campaigns.ownership import OwnChoices, make_own
from thidua.campaigns.plan import PlanError, plan_from_dict
from thidua.lib import xlsx
from thidua.lib.http import query_text, requested_year
from thidua.org.access import in_force, visible_units
from thidua.org.models import CompetitionGroup, Person
from thidua.rules.engine import EvaluationError
from thidua.rules.expression import parse_expression, render_vietnamese
from thidua.rules.template import (
    COLLECTIVE,
    Scheme,
    Template,
    TemplateError,
    load_template,
    template_keys,
)

FILTERS = {"dat": True, "khong": False, "chua-ro": None}
CAMPAIGN_COLUMNS = (
    xlsx.Column("Tên phong trào", lambda c: c.name),
    xlsx.Column("Cơ quan ban hành", lambda c: c.issuing_unit.name if c.issuing_unit else None),
    xlsx.Column("Mẫu", lambda c: c.template_title or None),
    xlsx.Column("Trạng thái", lambda c: c.get_status_display()),
)
VERDICT_FILTER_LABELS = {
    "dat": "đủ điều kiện",
    "khong": "không đủ điều kiện",
    "chua-ro": "chưa rõ (thiếu dữ liệu)",
}


@login_required
def campaign_list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    campaigns = list(access.visible_campaigns(request.user).select_related("issuing_unit"))
    titles = {key: load_template(key).title for key in template_keys()}
    for c in campaigns:
        # The template by its title ("Kế hoạch … Lộc Ninh …"), never its key.
        c.template_title = titles.get(c.template_key, "") if c.template_key else ""
    if xlsx_export:
        return xlsx.export(request, "Danh sách phong trào thi đua", CAMPAIGN_COLUMNS, campaigns)
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaigns, "can_manage": access.can_manage(request.user)},
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được tạo phong trào thi đua.")
    campaigns = access.visible_campaigns(request.user)
    # An ended unit (the district after 30/6/2025) issues nothing more: not offered.
    # Only bodies that issue plans (People's Committees), not a thôn, a Hội or the police.
    units = issuing_units(in_force(visible_units(request.user), timezone.localdate()))
    form = CampaignFromTemplateForm(
        request.POST or None,
        units=units,
        campaigns=campaigns,
        people=Person.objects.filter(unit__in=units),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["template"]
        own = _own_choices(data) if form.making_own else None
        if own is not None and data["confirmed"] != _fingerprint(request.POST):
            # Show the office what making the template its own changes, before saving.
            if source.startswith("sao-"):
                copied = campaigns.get(pk=int(source.removeprefix("sao-")))
                rules, plan = copied.rules, copied.plan
            else:
                rules, plan = services.template_sources(source)
            made = make_own(rules, plan, own)
            signer = data["signer"]
            if signer.unit_id != own.issuing_unit.pk:
                made.warnings.append(
                    f"Người ký {person_label(signer)} không phải người của cơ quan ban hành "
                    f"“{own.issuing_unit.name}”: hãy chọn lãnh đạo của cơ quan ban hành."
                )
            confirm = CampaignFromTemplateForm(
                {**request.POST.dict(), "confirmed": _fingerprint(request.POST)},
                units=units,
                campaigns=campaigns,
                people=Person.objects.filter(unit__in=units),
            )
            return render(
                request,
                "campaigns/campaign_create.html",
                {"form": confirm, "made": made, "preview": True},
            )
        if source == "moi":
            campaign = services.campaign_create_blank(
                name=data["name"],
                issuing_unit=data["issuing_unit"],
                parent=data["parent"],
                user=request.user,
            )
        elif source.startswith("sao-"):
            campaign = services.campaign_copy(
                source=campaigns.get(pk=int(source.removeprefix("sao-"))),
                name=data["name"],
                user=request.user,
                own=own,
                parent=data["parent"],
            )
        else:
            campaign = services.campaign_create_from_template(
                key=source,
                name=data["name"],
                issuing_unit=data["issuing_unit"],
                parent=data["parent"],
                user=request.user,
                own=own,
            )
        messages.success(request, f"Đã tạo phong trào “{campaign.name}” (bản nháp).")
        return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_create.html", {"form": form})


def _fingerprint(posted: Any) -> str:
    """What the preview showed: changing any choice after it asks for a new preview."""
    names = ("template", "name", "issuing_unit", "parent", "signer_title", "receiving_unit")
    values = [posted.get(n, "") for n in (*names, *CampaignFromTemplateForm.OWN_FIELDS)]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def _own_choices(data: dict[str, Any]) -> OwnChoices:
    parent = data.get("parent")
    reference = ""
    if parent is not None:
        issuer = (parent.issuing_unit.name if parent.issuing_unit else "").strip()
        reference = parent.plan_reference + (f" của {issuer}" if issuer else "")
    return OwnChoices(
        issuing_unit=data["issuing_unit"],
        start_year=data["start_year"],
        number=data["number"].strip(),
        date=data["date"],
        place=data["place"].strip(),
        signer_title=data["signer_title"] or "chu-tich",
        signer_name=data["signer"].full_name,
        parent_reference=reference,
        receiving_unit=data.get("receiving_unit", "").strip(),
        today=timezone.localdate(),
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "template": template,
            "schemes": [_scheme_view(s) for s in template.schemes],
            "can_manage": access.can_manage(request.user),
            "plan": _plan_summary(campaign),
            "problems": services.campaign_problems(campaign) if campaign.editable else [],
            "issue_warnings": (
                services.issue_warnings(campaign)
                if campaign.status == Campaign.Status.DRAFT
                else []
            ),
            "children": access.visible_campaigns(request.user).filter(parent=campaign),
            "amendments": campaign.amendments.select_related("made_by")[:20],
            "is_unit": request.user.role == "don_vi",
            "group_names": CompetitionGroup.names(),
        },
    )


def _plan_summary(campaign: Campaign) -> dict[str, Any] | None:
    if not campaign.plan:
        return None
    try:
        plan = plan_from_dict(campaign.plan)
    except PlanError:
        return {"error": True, **campaign.plan}
    return {
        "number_and_symbol": plan.number_and_symbol,
        "place_and_date": plan.place_and_date,
        **campaign.plan,
    }


def _scheme_view(scheme: Scheme) -> dict[str, Any]:
    labels = {c.key: c.display_label for c in scheme.criteria}
    return {
        "scheme": scheme,
        "expression_vi": render_vietnamese(parse_expression(scheme.expression), labels),
        "criteria": scheme.criteria,
    }


def _evaluation(request: HttpRequest, campaign: Campaign, year: int) -> services.Evaluation:
    evaluation = services.evaluate_campaign(campaign, year)
    return services.restrict_to(evaluation, access.visible_candidate_codes(request.user))


def _scheme_or_404(template: Template, key: str) -> Scheme:
    scheme = template.scheme(key)
    if scheme is None:
        raise Http404("Không có phương án khen thưởng này.")
    return scheme


@login_required
def results(request: HttpRequest, pk: int, scheme_key: str | None = None) -> HttpResponse:
    """The candidates of a scheme with their verdict per criterion, filters and quota state."""
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    scheme = _scheme_or_404(template, scheme_key or template.schemes[0].key)
    year = requested_year(request, template.years)
    evaluation = _evaluation(request, campaign, year)
    doc = evaluation.scheme(scheme.key) or {"candidates": []}
    candidates = doc["candidates"]
    verdict = query_text(request, "loc", max_length=20)
    group = query_text(request, "khoi", max_length=30)
    shown = shown_candidates(evaluation, scheme, verdict, group)
    context = {
        "campaign": campaign,
        "template": template,
        "scheme": scheme,
        "year": year,
        "doc": doc,
        "rows": shown,
        "names": evaluation.names,
        "units_of": evaluation.units_of,
        "summary": _summary(candidates, scheme),
        "verdict": verdict,
        "group": group,
        "criteria": scheme.criteria,
        "group_names": CompetitionGroup.names(),
        "tabs": [(s, scheme_short_label(s)) for s in template.schemes],
        "has_quota": scheme.quota.limited,
    }
    return render(request, "campaigns/results.html", context)


def shown_candidates(
    evaluation: services.Evaluation, scheme: Scheme, verdict: str, group: str
) -> list[dict[str, Any]]:
    """A scheme's candidates as its results page lists them: the filters `verdict` (?loc=)
    and `group` (?khoi=) applied, in display order, explanations naming units by name."""
    doc = evaluation.scheme(scheme.key) or {"candidates": []}
    shown = sorted(
        (
            c
            for c in doc["candidates"]
            if (verdict not in FILTERS or c["eligible"] is FILTERS[verdict])
            and (not group or c["group"] == group)
        ),
        key=_display_order(scheme),
    )
    return [
        {
            **c,
            "criteria": [
                {**k, "detail": named(k["detail"], evaluation.names)} for k in c["criteria"]
            ],
        }
        for c in shown
    ]


UNIT_IN_TEXT = re.compile(r"\bĐơn vị ([A-Za-z0-9][A-Za-z0-9_.-]*)")


def named(text: str | None, names: dict[str, str]) -> str | None:
    """The engine's explanation with units by name: "Đơn vị XA-AN xếp hạng 1/1" ->
    "UBND xã Mỹ An xếp hạng 1/1" (the engine knows codes; a user reads names)."""
    if not text:
        return text
    return UNIT_IN_TEXT.sub(lambda m: names.get(m.group(1), m.group(0)), text)


def scheme_short_label(scheme: Scheme) -> str:
    """'Tập thể, hằng năm' — what tells a campaign's schemes apart at a glance."""
    who = "Tập thể" if scheme.subject == COLLECTIVE else "Cá nhân"
    when = f"giai đoạn {scheme.phase.start}–{scheme.phase.end}" if scheme.phase else "hằng năm"
    return f"{who}, {when}"


_STATUS_ORDER = {True: 0, None: 1, False: 2}


def _display_order(scheme: Scheme) -> Any:
    """By group as the scheme lists them, then selected, undecided, not selected, then the
    quota order; the engine's own order (the unit tree) breaks the remaining ties."""
    # A quota for all groups together ranks across them: no grouping then.
    groups = {} if scheme.quota.total is not None else {g: i for i, g in enumerate(scheme.groups)}

    def key(c: dict[str, Any]) -> tuple[Any, ...]:
        return (
            groups.get(c["group"], 0),
            _STATUS_ORDER[c["selected"]],
            _STATUS_ORDER[c["eligible"]],
            c["rank"] or 0,
        )

    return key


def _summary(candidates: list[dict[str, Any]], scheme: Scheme) -> dict[str, Any]:
    count = {
        "total": len(candidates),
        "eligible": sum(c["eligible"] is True for c in candidates),
        "not_eligible": sum(c["eligible"] is False for c in candidates),
        "unknown": sum(c["eligible"] is None for c in candidates),
        "selected": sum(c["selected"] is True for c in candidates),
        "ties": sum(c["note"] is not None for c in candidates),
    }
    quota = scheme.quota
    if quota.total is not None:
        count["quota"] = f"{quota.total} (tổng số)"
    elif quota.per_group:
        names = CompetitionGroup.names()
        count["quota"] = ", ".join(f"{names.get(g, g)}: {n}" for g, n in quota.per_group.items())
    return count


@login_required
def candidate(request: HttpRequest, pk: int, scheme_key: str, code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    scheme = _scheme_or_404(template, scheme_key)
    year = requested_year(request, template.years)
    evaluation = _evaluation(request, campaign, year)
    doc = evaluation.scheme(scheme.key) or {"candidates": []}
    found = next((c for c in doc["candidates"] if c["code"] == code), None)
    if found is None:
        raise Http404("Không có đối tượng này trong phương án.")
    labels = {c.key: c.display_label for c in scheme.criteria}
    rows = [
        (labels.get(c["key"], c["key"]), {**c, "detail": named(c["detail"], evaluation.names)})
        for c in found["criteria"]
    ]
    return render(
        request,
        "campaigns/candidate.html",
        {
            "campaign": campaign,
            "scheme": scheme,
            "year": year,
            "c": found,
            "name": evaluation.names.get(code, code),
            "unit_name": evaluation.units_of.get(code),
            "rows": rows,
            "expression_vi": render_vietnamese(parse_expression(scheme.expression), labels),
            "group_names": CompetitionGroup.names(),
        },
    )


@login_required
def what_if(request: HttpRequest, pk: int, scheme_key: str) -> HttpResponse:
    """Change a threshold, a quota or the expression in a sandbox and see who changes; the
    office can then apply the change to the campaign (recorded in the audit trail)."""
    campaign = access.get_campaign_for_user(request.user, pk)
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo được thử thay đổi tiêu chí.")
    template = campaign.template
    scheme = _scheme_or_404(template, scheme_key)
    year = requested_year(request, template.years)
    form = SchemeRulesForm(
        request.POST or None, scheme=services.scheme_data(campaign.rules, scheme.key)
    )
    context: dict[str, Any] = {"campaign": campaign, "scheme": scheme, "year": year, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            rules = services.rules_with_scheme_edits(campaign.rules, scheme.key, form.edits())
            sandbox = services.validate_rules(rules)
        except TemplateError as e:
            form.add_error(None, f"{e.message}" + (f" ({e.path})" if e.path else ""))
            return render(request, "campaigns/what_if.html", context)
        if "apply" in request.POST:
            if not access.can_manage(request.user):
                raise PermissionDenied("Chỉ cơ quan thường trực được sửa tiêu chí của phong trào.")
            campaign.rules = rules
            try:
                changed = services.campaign_change(
                    campaign,
                    user=request.user,
                    part=f"tiêu chí phương án “{scheme.name}”",
                    reason=form.cleaned_data["reason"],
                    fields=["rules"],
                )
            except services.CampaignStateError as e:
                form.add_error("reason", str(e))
                return render(request, "campaigns/what_if.html", context)
            messages.success(
                request,
                f"Đã áp dụng thay đổi cho phương án “{scheme.name}”."
                if changed
                else f"Không có thay đổi nào: phương án “{scheme.name}” giữ nguyên.",
            )
            return redirect("campaigns:results", pk=campaign.pk, scheme_key=scheme.key)
        facts = services.campaign_facts(campaign, template, year)
        try:
            before = services.evaluate_campaign(campaign, year, facts=facts)
            after = services.evaluate_campaign(campaign, year, template=sandbox, facts=facts)
        except EvaluationError as e:
            form.add_error(None, str(e))
            return render(request, "campaigns/what_if.html", context)
        context["changes"] = services.compare(before, after, scheme.key)
        context["evaluated"] = True
    context["can_manage"] = access.can_manage(request.user)
    return render(request, "campaigns/what_if.html", context)


@login_required
def export_results(request: HttpRequest, pk: int, scheme_key: str | None = None) -> HttpResponse:
    """Every scheme's results, one sheet each, with the results page's filters applied
    (the page of one scheme exports them all: the council's papers are the whole set)."""
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    year = requested_year(request, template.years)
    evaluation = _evaluation(request, campaign, year)
    verdict = query_text(request, "loc", max_length=20)
    group = query_text(request, "khoi", max_length=30)
    shown = {
        s.key: shown_candidates(evaluation, s, verdict, group)
        for s in template.schemes
        if evaluation.scheme(s.key) is not None
    }
    filters = [
        f"kết quả: {VERDICT_FILTER_LABELS[verdict]}" if verdict in FILTERS else "",
        f"khối: {CompetitionGroup.names().get(group, group)}" if group else "",
    ]
    title = f"Kết quả xét khen thưởng năm {year} — {campaign.name}"
    content = results_workbook(
        template, evaluation, shown, heading=xlsx.heading(title, request, filters)
    )
    return xlsx.response(content, f"Kết quả xét khen thưởng {year}")
