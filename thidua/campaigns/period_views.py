"""The rules edited in forms: the period and deadlines (period_forms.PeriodForm); the
schemes' forms, groups, quotas and the dossier's components (scheme_forms.SchemesForm)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.campaigns import services
from thidua.campaigns.period_forms import PeriodForm
from thidua.campaigns.plan_views import _manage
from thidua.campaigns.scheme_forms import SchemesForm
from thidua.rules.template import TemplateError


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    form = PeriodForm(request.POST or None, rules=campaign.rules)
    if request.method == "POST" and form.is_valid():
        rules = form.new_rules()
        try:
            services.validate_rules(rules)
            campaign.rules = rules
            changed = services.campaign_change(
                campaign,
                user=request.user,
                part="thời gian thực hiện, thời hạn",
                reason=form.cleaned_data["reason"],
                fields=["rules"],
            )
        except TemplateError as e:
            form.add_error(None, e.message)
        except services.CampaignStateError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                "Đã lưu thời gian thực hiện và các thời hạn."
                if changed
                else "Không có thay đổi nào: thời gian và thời hạn giữ nguyên.",
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/period_edit.html", {"campaign": campaign, "form": form})


@login_required
def schemes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _manage(request, pk)
    form = SchemesForm(request.POST or None, rules=campaign.rules, issuer=campaign.issuing_unit)
    if request.method == "POST" and form.is_valid():
        rules = form.new_rules()
        try:
            services.validate_rules(rules)
            campaign.rules = rules
            changed = services.campaign_change(
                campaign,
                user=request.user,
                part="phương án, khối, chỉ tiêu, thành phần hồ sơ",
                reason=form.cleaned_data["reason"],
                fields=["rules"],
            )
        except TemplateError as e:
            form.add_error(None, e.message)
        except services.CampaignStateError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                "Đã lưu phương án khen thưởng và thành phần hồ sơ."
                if changed
                else "Không có thay đổi nào: phương án và hồ sơ giữ nguyên.",
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/schemes_edit.html", {"campaign": campaign, "form": form})
