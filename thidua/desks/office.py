"""The office's desk (cơ quan thường trực): deadlines ahead per campaign, units that have not
registered or submitted, dossiers waiting per state against the law's clocks, sessions to
prepare, decisions to draft and sign, data gaps. A fixed number of queries whatever the
data size; nothing here asks the eligibility engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from thidua.awards.access import visible_dossiers
from thidua.awards.dossiers import State
from thidua.awards.records import CouncilSession, Decision, Nomination
from thidua.campaigns import deadlines
from thidua.campaigns.access import served_campaigns, served_units
from thidua.campaigns.models import Campaign, Registration
from thidua.desks.common import (
    AHEAD,
    Item,
    calendar_for,
    deadline_year,
    late_words,
    left_words,
    open_campaigns,
    takes_part,
)
from thidua.law.clocks import APPRAISAL, RETURN_NONCOMPLIANT, Calendar, ClockBook
from thidua.org import access as org_access
from thidua.org.models import Person, Unit, User
from thidua.scoring.access import visible_facts
from thidua.scoring.models import ParScore, Rating

# The states a dossier waits in for the office (or the unit, for a completion request);
# the law's clock of the ones it sets a time for.
WAITING = (
    State.SUBMITTED,
    State.APPRAISING,
    State.NEEDS_MORE,
    State.ELIGIBLE,
    State.TO_COUNCIL,
    State.REVIEWED,
)
CLOCK_OF = {State.SUBMITTED: RETURN_NONCOMPLIANT, State.APPRAISING: APPRAISAL}
SHOWN = 5  # unit names shown beside a count of missing units
PER_STATE = 20  # dossiers listed per state (the longest waiting first)


@dataclass
class Missing:
    campaign: Campaign
    what: str  # "chưa đăng ký thi đua năm 2026"
    due: dt.date
    left: str
    late: bool
    units: list[Unit]
    url: str


@dataclass
class Waiting:
    label: str
    count: int = 0
    late: int = 0
    items: list[Item] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def since_day(dossier: Any) -> dt.date:
    """The day the dossier entered its state: its last transition (else its creation)."""
    moment = dossier.since or dossier.submitted_at or dossier.created_at
    return timezone.localtime(moment).date()


def current_campaigns(user: User) -> Any:
    """The campaigns whose work is the user's to do: of the body it serves, not closed."""
    return served_campaigns(user).exclude(status=Campaign.Status.CLOSED)


def waiting_dossiers(
    user: User, today: dt.date, calendar: Calendar, book: ClockBook
) -> list[Waiting]:
    dossiers = (
        visible_dossiers(user)
        .filter(state__in=WAITING, campaign__in=current_campaigns(user))
        .annotate(since=Max("transitions__at"))
        .order_by("since", "pk")
    )
    groups = {state: Waiting(State(state).label) for state in WAITING}
    for dossier in dossiers:
        group = groups[dossier.state]
        group.count += 1
        start = since_day(dossier)
        step = CLOCK_OF.get(dossier.state)
        clock = book.clock(step, start) if step else None
        used = calendar.working_days_between(start, today)
        note = f"Từ {start:%d/%m/%Y}: {used} ngày làm việc"
        late = ""
        due = None
        if clock is not None:
            due = clock.due(start, calendar)
            note += f" / thời hạn {clock.days:02d} {clock.unit_words}, đến {due:%d/%m/%Y}"
            if today > due:
                late = late_words(clock.used(due, today, calendar), clock.working)
                group.late += 1
        if len(group.items) < PER_STATE:
            group.items.append(
                Item(
                    f"{dossier.unit.name} — {dossier.campaign.name} ({dossier.year})",
                    reverse("awards:dossier", args=[dossier.pk]),
                    due,
                    late,
                    note,
                )
            )
    for group in groups.values():  # past due first, then the longest waiting
        group.items.sort(key=lambda i: (not i.late, i.due or dt.date.max))
    return [g for g in groups.values() if g.count]


def missing_units(user: User, campaigns: list[Campaign], today: dt.date) -> list[Missing]:
    """Per open campaign: participants without a submitted registration for the year of the
    nearest registration deadline, and without a submitted dossier for the nearest dossier
    deadline (4 queries whatever the number of campaigns)."""
    if not campaigns:
        return []
    units = list(
        org_access.in_force(served_units(user), today)
        .only("pk", "name", "path", "group_id")
        .order_by("path")
    )
    registered: set[tuple[int, int, int]] = set(
        Registration.objects.filter(
            campaign__in=campaigns, status=Registration.Status.SUBMITTED
        ).values_list("campaign_id", "unit_id", "year")
    )
    submitted: set[tuple[int, int, int]] = set(
        visible_dossiers(user)
        .filter(campaign__in=campaigns)
        .exclude(state=State.DRAFT)
        .values_list("campaign_id", "unit_id", "year")
    )
    found: list[Missing] = []
    for campaign in campaigns:
        members = [u for u in units if takes_part(campaign, u)]
        for registration, done, what, url in (
            (
                True,
                registered,
                "chưa nộp đăng ký thi đua năm {}",
                reverse("campaigns:registrations", args=[campaign.pk]),
            ),
            (
                False,
                submitted,
                "chưa nộp hồ sơ đề nghị khen thưởng năm {}",
                reverse("awards:campaign-dossiers", args=[campaign.pk]),
            ),
        ):
            near = deadline_year(campaign, today, registration=registration)
            if near is None:
                continue
            year, due = near
            if due > today + AHEAD and registration is False:
                continue  # a dossier deadline months away is not yet a task
            lacking = [u for u in members if (campaign.pk, u.pk, year) not in done]
            if lacking:
                found.append(
                    Missing(
                        campaign,
                        what.format(year),
                        due,
                        left_words(due, today),
                        due < today,
                        lacking,
                        url,
                    )
                )
    return found


def upcoming_deadlines(campaigns: list[Campaign], today: dt.date) -> list[Item]:
    return [
        Item(
            f"{d.label} — {d.campaign.name} (năm {d.year})",
            reverse("campaigns:calendar", args=[d.campaign.pk]),
            d.due,
            "",
            "",
            left_words(d.due, today),
        )
        for d in deadlines.upcoming(campaigns, today, today + AHEAD)
    ]


def sessions_to_prepare(user: User, today: dt.date) -> dict[str, Any]:
    sessions = list(
        CouncilSession.objects.filter(
            status__in=(CouncilSession.Status.SCHEDULED, CouncilSession.Status.POSTPONED),
            held_on__gte=today,
            campaign__in=current_campaigns(user),
        )
        .select_related("campaign")
        .annotate(n_ballots=Count("ballots"))
        .order_by("held_on", "pk")
    )
    waiting = (
        Nomination.objects.filter(
            dossier__in=visible_dossiers(user),
            dossier__state=State.TO_COUNCIL,
            dossier__campaign__in=current_campaigns(user),
        )
        .exclude(ballots__session__status=CouncilSession.Status.SCHEDULED)
        .exclude(ballots__passed__isnull=False)
        .values("dossier__campaign_id", "dossier__campaign__name")
        .annotate(dossiers=Count("dossier", distinct=True), nominations=Count("pk", distinct=True))
        .order_by("dossier__campaign__name")
    )
    return {
        "sessions": [
            Item(
                f"Phiên họp ngày {s.held_on:%d/%m/%Y} — {s.campaign.name}",
                reverse("awards:session", args=[s.pk]),
                s.held_on,
                note=f"{s.get_status_display()}; {s.n_ballots} đề nghị trong chương trình",
                left=left_words(s.held_on, today),
            )
            for s in sessions
        ],
        "unscheduled": [
            Item(
                f"{row['dossiers']} hồ sơ ({row['nominations']} đề nghị) đã trình Hội đồng, "
                f"chưa có phiên họp — {row['dossier__campaign__name']}",
                reverse("awards:council", args=[row["dossier__campaign_id"]]),
            )
            for row in waiting
        ],
    }


def decisions_to_draft(user: User) -> dict[str, list[Item]]:
    reviewed = (
        visible_dossiers(user)
        .filter(state=State.REVIEWED, campaign__in=current_campaigns(user))
        .values("campaign_id", "campaign__name")
        .annotate(n=Count("pk"))
        .order_by("campaign__name")
    )
    drafts = Decision.objects.filter(
        status=Decision.Status.DRAFT, campaign__in=current_campaigns(user)
    ).select_related("campaign")
    return {
        "to_draft": [
            Item(
                f"{row['n']} hồ sơ đã xét, chưa có quyết định — {row['campaign__name']}",
                reverse("awards:council", args=[row["campaign_id"]]),  # the draft form
            )
            for row in reviewed
        ],
        "drafts": [
            Item(
                f"Dự thảo: {d.title}",
                reverse("awards:decision", args=[d.pk]),
                note=d.campaign.name,
            )
            for d in drafts
        ],
    }


def data_gaps(user: User, today: dt.date) -> list[Item]:
    """Units assessed by the PAR index without a result for last year; people without a
    rating for last year (counts linking to the lists of who lacks them)."""
    year = today.year - 1
    units = org_access.in_force(served_units(user), today)
    no_par = (
        units.filter(par_assessed=True)
        .exclude(pk__in=visible_facts(user, ParScore).filter(year=year).values("unit_id"))
        .count()
    )
    no_rating = (
        Person.objects.filter(unit__in=units)
        .exclude(
            pk__in=visible_facts(user, Rating)
            .filter(year=year, person__isnull=False)
            .values("person_id")
        )
        .count()
    )
    items = []
    if no_par:
        items.append(
            Item(
                f"{no_par} đơn vị chưa có kết quả Chỉ số CCHC năm {year}",
                reverse("desks:gaps", args=["chi-so-cchc"]) + f"?nam={year}",
            )
        )
    if no_rating:
        items.append(
            Item(
                f"{no_rating} cá nhân chưa có kết quả xếp loại năm {year}",
                reverse("desks:gaps", args=["xep-loai"]) + f"?nam={year}",
            )
        )
    return items


def office_desk(user: User, today: dt.date) -> dict[str, Any]:
    campaigns = open_campaigns(served_campaigns(user).select_related("issuing_unit"))
    calendar = calendar_for(today)
    book = ClockBook()
    waiting = waiting_dossiers(user, today, calendar, book)
    return {
        "deadlines": upcoming_deadlines(campaigns, today),
        "missing": missing_units(user, campaigns, today),
        "waiting": waiting,
        "late_total": sum(w.late for w in waiting),
        **sessions_to_prepare(user, today),
        **decisions_to_draft(user),
        "gaps": data_gaps(user, today),
    }


def uncertain_law_rows() -> list[tuple[str, int]]:
    """For the administrator: how many rows of each law table are marked S or M."""
    from thidua.law import models as law

    tables = (
        (law.Holiday, "Ngày nghỉ lễ, Tết và ngày làm bù"),
        (law.ProcessingTime, "Thời hạn xử lý hồ sơ"),
        (law.Competence, "Thẩm quyền khen thưởng"),
        (law.BallotRule, "Quy định bỏ phiếu"),
        (law.Quorum, "Số thành viên tối thiểu dự họp"),
        (law.Coefficient, "Hệ số tiền thưởng"),
        (law.Schedule, "Văn bản quy định tiền thưởng"),
        (law.RecipientFit, "Đối tượng phù hợp"),
    )
    counts = []
    for model, label in tables:
        n = model.objects.exclude(confidence="V").count()
        if n:
            counts.append((label, n))
    return counts
