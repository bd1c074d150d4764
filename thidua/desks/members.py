"""The desks of a council member (its sessions and their agendas, the ballots it still has
to cast), of a leader (decisions to sign, the dashboard, a few figures) and of the
administrator (accounts, law rows to verify)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from thidua.awards.records import Attendance, Ballot, BallotCast, CouncilSession, Decision
from thidua.campaigns.access import served_campaigns, served_units
from thidua.campaigns.models import Campaign
from thidua.desks.common import Item, left_words
from thidua.desks.office import uncertain_law_rows
from thidua.org import access as org_access
from thidua.org.models import User
from thidua.scoring.access import visible_facts
from thidua.scoring.models import Award

OPEN = (CouncilSession.Status.SCHEDULED, CouncilSession.Status.POSTPONED)
RECENT_DAYS = 30  # a council member's desk keeps the sessions held in the last 30 days


def council_desk(user: User, today: dt.date) -> dict[str, Any]:
    """Only the sessions ``user`` sits on (an attendance row of the composition valid on
    the meeting date): open ones first and ahead, then the ones held in the last
    ``RECENT_DAYS`` days with their agendas and results; ballots of open sessions where the
    user votes on screen and has not voted yet."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    seats = list(
        Attendance.objects.filter(member__user=user)
        .filter(
            Q(session__status__in=OPEN)
            | Q(
                session__status=CouncilSession.Status.CLOSED,
                session__held_on__gte=since,
                session__held_on__lte=today,
            )
        )
        .select_related("session__campaign")
        .prefetch_related(
            Prefetch(
                "session__ballots",
                queryset=Ballot.objects.select_related(
                    "nomination__unit", "nomination__person", "nomination__form"
                ),
            )
        )
        .order_by("session__held_on", "session__pk")
    )
    sessions, recent = [], []
    for seat in seats:
        session = seat.session
        held = session.status == CouncilSession.Status.CLOSED
        (recent if held else sessions).append(
            {
                "item": Item(
                    f"Phiên họp ngày {session.held_on:%d/%m/%Y} — {session.campaign.name}",
                    reverse("awards:session", args=[session.pk]),
                    None if held else session.held_on,
                    note=f"{session.get_status_display()}; {seat.get_mode_display()}"
                    + (f"; {session.place}" if session.place else ""),
                    left=left_words(session.held_on, today) if session.held_on >= today else "",
                ),
                "agenda": [
                    f"{b.nomination.person or b.nomination.unit} — {b.nomination.form.name}"
                    for b in session.ballots.all()
                ],
                "results": reverse("awards:session-xlsx", args=[session.pk]) if held else "",
            }
        )
    recent.reverse()  # the latest first
    to_cast = (
        Ballot.objects.filter(
            session__status=CouncilSession.Status.SCHEDULED,
            session__attendance__member__user=user,
            session__attendance__mode=Attendance.Mode.SCREEN,
        )
        .exclude(Exists(BallotCast.objects.filter(ballot=OuterRef("pk"), member=user)))
        .select_related("session", "nomination__unit", "nomination__person", "nomination__form")
        .order_by("session__held_on", "pk")
        .distinct()
    )
    ballots = [
        Item(
            f"{b.nomination.person or b.nomination.unit} — {b.nomination.form.name}",
            reverse("awards:session", args=[b.session_id]),  # the vote buttons are there
            b.session.held_on,
            note=f"Bỏ phiếu tại phiên họp ngày {b.session.held_on:%d/%m/%Y}",
        )
        for b in to_cast
    ]
    return {"sessions": sessions, "recent": recent, "recent_days": RECENT_DAYS, "ballots": ballots}


def decisions_to_sign(user: User) -> list[Item]:
    """Drafts of the campaigns the leader's unit issues (all of them for a leader without a
    unit): the chairman signs his own level's decisions."""
    drafts = Decision.objects.filter(status=Decision.Status.DRAFT).select_related("campaign")
    if user.unit_id:
        drafts = drafts.filter(campaign__issuing_unit_id=user.unit_id)
    return [
        Item(
            f"Dự thảo: {d.title}",
            reverse("awards:decision", args=[d.pk]),
            note=d.campaign.name,
        )
        for d in drafts
    ]


def leader_desk(user: User, today: dt.date) -> dict[str, Any]:
    year = today.year
    campaigns = served_campaigns(user)  # the leader's body's, like every figure here
    units = served_units(user)
    figures = [
        (
            campaigns.filter(status=Campaign.Status.ISSUED).count(),
            "phong trào đang thực hiện",
            reverse("campaigns:list"),
        ),
        (
            Decision.objects.filter(
                status=Decision.Status.SIGNED, signed_on__year=year, campaign__in=campaigns
            ).count(),
            f"quyết định đã ký năm {year}",
            reverse("reports:dashboard"),
        ),
        (
            visible_facts(user, Award)
            .filter(revoked_on__isnull=True, year=year - 1)
            .filter(Q(unit__in=units) | Q(person__unit__in=units))
            .count(),
            f"khen thưởng cho thành tích năm {year - 1}",
            reverse("scoring:fact-list", args=["khen-thuong"]) + f"?year={year - 1}",
        ),
        (
            org_access.in_force(units, today).count(),
            "đơn vị đang hoạt động",
            reverse("org:unit-list"),
        ),
    ]
    return {"to_sign": decisions_to_sign(user), "figures": figures}


def admin_desk(user: User) -> dict[str, Any]:
    return {
        "accounts": User.objects.filter(is_active=True).count(),
        "law_rows": uncertain_law_rows(),
    }
