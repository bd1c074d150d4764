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
) -> HttpResponse:
    """Save the rules a form rebuilt (validated as the engine reads them; an issued plan's
    change is an amendment with its reason), or show the form again with the refusal."""
    if request.method == "POST" and form.is_valid():
        rules = form.new_rules()
        try:
            services.validate_rules(rules)
            campaign.rules = rules
            changed = services.campaign_change(
                campaign,
                user=request.user,
                part=part,
                reason=form.cleaned_data["reason"],
                fields=["rules"],
            )
        except TemplateError as e:
            form.add_error(None, e.message)
        except services.CampaignStateError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, saved if changed else unchanged)
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, template, {"campaign": campaign, "form": form})


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
