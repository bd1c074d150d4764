"""A unit's desk: what it must do next and by when (register, submit the dossier, complete a
returned dossier with the office's reason), its registrations and dossiers with their
states, its results and awards — only its own (and its sub-units') rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from thidua.awards.access import visible_awards, visible_dossiers
from thidua.awards.dossiers import State, Transition
from thidua.campaigns.access import visible_campaigns
from thidua.campaigns.models import Registration
from thidua.desks.common import Item, deadline_year, left_words, open_campaigns, takes_part
from thidua.desks.office import since_day
from thidua.org import access as org_access
from thidua.org.models import User
from thidua.scoring.access import visible_facts
from thidua.scoring.models import ParScore

RECENT = 10  # rows of each list shown on the desk (the full lists are one link away)


def _late(due: dt.date | None, today: dt.date) -> str:
    return left_words(due, today) if due and due < today else ""


def unit_desk(user: User, today: dt.date) -> dict[str, Any]:
    unit = user.unit
    todo: list[Item] = []
    units = org_access.visible_units(user)
    registrations = list(
        Registration.objects.filter(unit__in=units)
        .select_related("campaign", "unit")
        .order_by("-year", "campaign__name", "unit__path")
    )
    last_reason = Subquery(
        Transition.objects.filter(dossier=OuterRef("pk"), target=State.NEEDS_MORE)
        .order_by("-at", "-pk")
        .values("reason")[:1]
    )
    dossiers = list(
        visible_dossiers(user)
        .annotate(since=Max("transitions__at"), reason=last_reason)
        .order_by("-year", "campaign__name", "unit__path")
    )
    if unit is not None and user.role == User.Role.UNIT:
        campaigns = open_campaigns(visible_campaigns(user).select_related("issuing_unit"))
        mine = {(r.campaign_id, r.year): r for r in registrations if r.unit_id == unit.pk}
        own = {(d.campaign_id, d.year): d for d in dossiers if d.unit_id == unit.pk}
        for campaign in campaigns:
            if not takes_part(campaign, unit):
                continue
            near = deadline_year(campaign, today, registration=True)
            if near:
                year, due = near
                registration = mine.get((campaign.pk, year))
                status = registration.status if registration else None
                if status != Registration.Status.SUBMITTED:
                    if status == Registration.Status.REOPENED and registration.reopened_until:
                        due = registration.reopened_until
                    todo.append(
                        Item(
                            f"Đăng ký thi đua năm {year} — {campaign.name}",
                            reverse("campaigns:register", args=[campaign.pk]),
                            due,
                            _late(due, today),
                            "Đang soạn, chưa nộp" if registration else "Chưa đăng ký",
                            left_words(due, today),
                        )
                    )
            near = deadline_year(campaign, today, registration=False)
            if near:
                year, due = near
                dossier = own.get((campaign.pk, year))
                if dossier is None or dossier.state == State.DRAFT:
                    todo.append(
                        Item(
                            f"Nộp hồ sơ đề nghị khen thưởng năm {year} — {campaign.name}",
                            reverse("awards:unit-dossier", args=[campaign.pk]),
                            due,
                            _late(due, today),
                            "Hồ sơ đang soạn, chưa nộp" if dossier else "Chưa lập hồ sơ",
                            left_words(due, today),
                        )
                    )
    for dossier in dossiers:  # completion requests: when the office asked, and why
        if dossier.state != State.NEEDS_MORE:
            continue
        # No due date: the dossier deadline (which has usually passed when the office
        # returns a dossier) does not apply to the completion, and neither the law's
        # processing times nor the plan set a time for it.
        returned = since_day(dossier)
        todo.append(
            Item(
                f"Bổ sung hồ sơ năm {dossier.year} của {dossier.unit.name} — "
                f"{dossier.campaign.name}",
                reverse("awards:dossier", args=[dossier.pk]),
                note=f"Cơ quan thường trực yêu cầu bổ sung ngày {returned:%d/%m/%Y}. "
                f"Lý do: {dossier.reason or 'không ghi lý do'}",
            )
        )
    todo.sort(key=lambda i: (not i.late, i.due or dt.date.max))
    scores = list(
        visible_facts(user, ParScore)
        .select_related("unit")
        .order_by("-year", "unit__path")[:RECENT]
    )
    awards = list(
        visible_awards(user)  # by the unit at the time of the award
        .filter(revoked_on__isnull=True)
        .select_related("form", "unit", "person")
        .order_by("-year", "-decision_date", "pk")[:RECENT]
    )
    return {
        "todo": todo,
        "registrations": registrations[:RECENT],
        "dossiers": dossiers[:RECENT],
        "scores": scores,
        "awards": awards,
    }
