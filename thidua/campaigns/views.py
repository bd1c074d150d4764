from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thidua.campaigns import access, evaluations, services
from thidua.campaigns.choices import issuing_units, person_label
from thidua.campaigns.exports import results_workbook
from thidua.campaigns.forms import CampaignFromTemplateForm, SchemeRulesForm
from thidua.campaigns.models import Campaign
from thidua.campaigns.ownership import OwnChoices, make_own
from thidua.campaigns.plan import PlanError, plan_from_dict
from thidua.lib import xlsx
from thidua.lib.http import query_text, requested_year
from thidua.lib.paging import paginate
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

FILTERS = evaluations.FILTERS
named = evaluations.named
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


def _scheme_or_404(template: Template, key: str) -> Scheme:
    scheme = template.scheme(key)
    if scheme is None:
        raise Http404("Không có phương án khen thưởng này.")
    return scheme


SORTS = {"": ("position",), "ten": ("name_folded", "position")}


def _stored_context(campaign: Campaign, year: int, stored: evaluations.Stored) -> dict[str, Any]:
    """What the page says of its stored evaluation: nothing when fresh; the previous result
    with a notice while a recompute runs; a failure's message."""
    queued = stored.queued_at
    return {
        "stored": stored,
        "queued_at": timezone.localtime(queued) if queued else None,
        "status_url": reverse("campaigns:evaluation-status", args=[campaign.pk]) + f"?nam={year}",
    }


@login_required
def results(request: HttpRequest, pk: int, scheme_key: str | None = None) -> HttpResponse:
    """The candidates of a scheme with their verdict per criterion, filters and quota state,
    read from the stored evaluation one page at a time."""
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    scheme = _scheme_or_404(template, scheme_key or template.schemes[0].key)
    year = requested_year(request, template.years)
    stored = evaluations.ensure(campaign, year)
    verdict = query_text(request, "loc", max_length=20)
    group = query_text(request, "khoi", max_length=30)
    search = query_text(request, "q", max_length=100)
    sort = query_text(request, "sap", max_length=10)
    rows = evaluations.visible_rows(stored.evaluation, scheme.key, request.user)
    shown = evaluations.filtered(rows, verdict=verdict, group=group, search=search)
    # The office's whole scheme: its counts were stored with the rows (no count of 200,000).
    counts = stored.evaluation.summaries.get(scheme.key) if request.user.sees_everything else None
    unfiltered = not (verdict in FILTERS or group or search)
    paging = paginate(
        request,
        shown.order_by(*SORTS.get(sort, SORTS[""])),
        count=counts["total"] if counts is not None and unfiltered else None,
    )
    page_rows = list(paging["page"].object_list)
    overrides = _overrides(campaign, year, scheme.key, [r.code for r in page_rows])
    context = {
        "campaign": campaign,
        "template": template,
        "scheme": scheme,
        "year": year,
        "years_read": stored.evaluation.years_read.get(scheme.key) or scheme.years_read(year),
        "rows": [
            {**r.doc, "name": r.name, "unit_name": r.unit_name, "override": overrides.get(r.code)}
            for r in page_rows
        ],
        **paging,
        "summary": _summary(counts if counts is not None else evaluations.summary(rows), scheme),
        "verdict": verdict,
        "group": group,
        "search": search,
        "sort": sort,
        "criteria": scheme.criteria,
        "group_names": CompetitionGroup.names(),
        "tabs": [(s, scheme_short_label(s)) for s in template.schemes],
        "has_quota": scheme.quota.limited,
        "can_manage": access.can_manage(request.user),
        **_stored_context(campaign, year, stored),
    }
    return render(request, "campaigns/results.html", context)


def _overrides(
    campaign: Campaign, year: int, scheme_key: str, codes: list[str]
) -> dict[str, dict[str, Any]]:
    """The appraisal's written overrides (awards.records.Nomination) of these candidates:
    code -> the conclusion and its reason, shown beside the engine's verdict."""
    from thidua.awards.records import Nomination

    if not codes:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for unit_code, person_code, override, reason in (
        Nomination.objects.filter(
            Q(unit__code__in=codes) | Q(person__code__in=codes),
            dossier__campaign=campaign,
            dossier__year=year,
            scheme_key=scheme_key,
            override__isnull=False,
        )
        .order_by("pk")
        .values_list("unit__code", "person__code", "override", "override_reason")
    ):
        found[person_code or unit_code] = {"verdict": override, "reason": reason}
    return found


@login_required
def evaluation_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Whether a recompute is still running (evaluation_progress.js polls it)."""
    campaign = access.get_campaign_for_user(request.user, pk)
    year = requested_year(request, campaign.template.years)
    stored = evaluations.ensure(campaign, year)
    return JsonResponse(
        {"fresh": stored.fresh, "pending": stored.pending, "failed": bool(stored.failed)}
    )


@login_required
@require_POST
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's "Tính lại ngay": queue a recompute whatever the fingerprint says."""
    campaign = access.get_campaign_for_user(request.user, pk, manage=True)
    year = requested_year(request, campaign.template.years)
    evaluations.ensure(campaign, year, force=True)
    messages.success(request, f"Đã yêu cầu tính lại kết quả xét khen thưởng năm {year}.")
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(back)
    return redirect(reverse("campaigns:results-first", args=[campaign.pk]) + f"?nam={year}")


def scheme_short_label(scheme: Scheme) -> str:
    """'Tập thể, hằng năm' — what tells a campaign's schemes apart at a glance."""
    who = "Tập thể" if scheme.subject == COLLECTIVE else "Cá nhân"
    when = f"giai đoạn {scheme.phase.start}–{scheme.phase.end}" if scheme.phase else "hằng năm"
    return f"{who}, {when}"


def _summary(counts: dict[str, int], scheme: Scheme) -> dict[str, Any]:
    count: dict[str, Any] = dict(counts)
    quota = scheme.quota
    if quota.total is not None:
        count["quota"] = f"{quota.total} (tổng số)"
    elif quota.per_group:
        names = CompetitionGroup.names()
        count["quota"] = ", ".join(f"{names.get(g, g)}: {n}" for g, n in quota.per_group.items())
    return count


@login_required
def candidate(request: HttpRequest, pk: int, scheme_key: str, code: str) -> HttpResponse:
    """One candidate's reasoning: its stored row only."""
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    scheme = _scheme_or_404(template, scheme_key)
    year = requested_year(request, template.years)
    stored = evaluations.ensure(campaign, year)
    row = (
        evaluations.visible_rows(stored.evaluation, scheme.key, request.user)
        .filter(code=code)
        .first()
    )
    if row is None:
        if not stored.has_result:
            return render(
                request,
                "campaigns/candidate.html",
                {"campaign": campaign, "scheme": scheme, "year": year, "name": scheme.name,
                 **_stored_context(campaign, year, stored)},
            )  # fmt: skip
        raise Http404("Không có đối tượng này trong phương án.")
    found = row.doc
    labels = {c.key: c.display_label for c in scheme.criteria}
    rows = [(labels.get(c["key"], c["key"]), c) for c in found["criteria"]]
    return render(
        request,
        "campaigns/candidate.html",
        {
            "campaign": campaign,
            "scheme": scheme,
            "year": year,
            "c": found,
            "name": row.name,
            "unit_name": row.unit_name or None,
            "rows": rows,
            "override": _overrides(campaign, year, scheme.key, [code]).get(code),
            "expression_vi": render_vietnamese(parse_expression(scheme.expression), labels),
            "group_names": CompetitionGroup.names(),
            **_stored_context(campaign, year, stored),
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
    (the page of one scheme exports them all: the council's papers are the whole set),
    streamed from the stored rows."""
    campaign = access.get_campaign_for_user(request.user, pk)
    template = campaign.template
    year = requested_year(request, template.years)
    stored = evaluations.ensure(campaign, year)
    verdict = query_text(request, "loc", max_length=20)
    group = query_text(request, "khoi", max_length=30)
    search = query_text(request, "q", max_length=100)
    shown = {
        s.key: evaluations.filtered(
            evaluations.visible_rows(stored.evaluation, s.key, request.user),
            verdict=verdict,
            group=group,
            search=search,
        )
        .order_by("position")
        .iterator(chunk_size=2000)
        for s in template.schemes
        if s.key in stored.evaluation.years_read
    }
    filters = [
        f"kết quả: {VERDICT_FILTER_LABELS[verdict]}" if verdict in FILTERS else "",
        f"khối: {CompetitionGroup.names().get(group, group)}" if group else "",
        f"tìm “{search}”" if search else "",
    ]
    title = f"Kết quả xét khen thưởng năm {year} — {campaign.name}"
    content = results_workbook(
        template,
        stored.evaluation.years_read,
        shown,
        heading=xlsx.heading(title, request, filters),
    )
    return xlsx.response(content, f"Kết quả xét khen thưởng {year}")
