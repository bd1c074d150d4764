"""The rules edited in forms: the period and deadlines (period_forms.PeriodForm); the
schemes' forms, groups, quotas and the dossier's components (scheme_forms.SchemesForm)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.campaigns import services
from thidua.campaigns.period_forms import PeriodForm
from thidua.campaigns.plan_dates import Followed, follow_period
from thidua.campaigns.plan_views import _manage
from thidua.campaigns.scheme_forms import SchemesForm
from thidua.rules.template import TemplateError


def _rules_form(
    request: HttpRequest,
    campaign: Any,
    form: Any,
    *,
    template: str,
    part: str,
    saved: str,
    unchanged: str,
    follow_plan: bool = False,
) -> HttpResponse:
    """Save the rules a form rebuilt (validated as the engine reads them; an issued plan's
    change is an amendment with its reason), or show the form again with the refusal.
    With ``follow_plan`` the plan's prose follows the dates that moved (plan_dates)."""
    if request.method == "POST" and form.is_valid():
        rules = form.new_rules()
        followed = None
        try:
            services.validate_rules(rules)
            if follow_plan:
                followed = follow_period(campaign.rules, rules, campaign.plan)
                campaign.plan = followed.plan
            campaign.rules = rules
            changed = services.campaign_change(
                campaign,
                user=request.user,
                part=part,
                reason=form.cleaned_data["reason"],
                fields=["rules", "plan"] if follow_plan else ["rules"],
            )
        except TemplateError as e:
            form.add_error(None, e.message)
        except services.CampaignStateError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, saved if changed else unchanged)
            if changed and followed is not None:
                _report(request, followed)
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, template, {"campaign": campaign, "form": form})


def _report(request: HttpRequest, followed: Followed) -> None:
    """The plan's passages that followed the new dates, and those left to the office."""
    if followed.changes:
        passages = "; ".join(f"{where}: “{a}” → “{b}”" for where, a, b in followed.changes)
        messages.info(request, f"Nội dung kế hoạch đã sửa theo thời hạn mới — {passages}.")
    for line in followed.unresolved:
        messages.warning(request, line)


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    return _rules_form(
        request,
        campaign,
        PeriodForm(request.POST or None, rules=campaign.rules),
        template="campaigns/period_edit.html",
        part="thời gian thực hiện, thời hạn",
        saved="Đã lưu thời gian thực hiện và các thời hạn.",
        unchanged="Không có thay đổi nào: thời gian và thời hạn giữ nguyên.",
        follow_plan=True,
    )


@login_required
def schemes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    return _rules_form(
        request,
        campaign,
        SchemesForm(request.POST or None, rules=campaign.rules, issuer=campaign.issuing_unit),
        template="campaigns/schemes_edit.html",
        part="phương án, khối, chỉ tiêu, thành phần hồ sơ",
        saved="Đã lưu phương án khen thưởng và thành phần hồ sơ.",
        unchanged="Không có thay đổi nào: phương án và hồ sơ giữ nguyên.",
    )
