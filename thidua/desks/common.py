"""Pieces every desk uses: an item to do (a link to where it is done, its due date, past due
in words), the campaigns open today and the year a campaign's deadline is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.campaigns.models import REGISTRATION_DEADLINE, Campaign
from thidua.law.clocks import Calendar
from thidua.org.models import Unit

# How far a desk looks: deadlines ahead, and past deadlines still worth chasing.
AHEAD = dt.timedelta(weeks=4)
BEHIND = dt.timedelta(days=90)


@dataclass
class Item:
    """One thing to do: ``text`` links to ``url``; ``due`` its date; ``late`` past due in
    words ("Quá hạn 3 ngày làm việc"), empty when not; ``note`` a line under it."""

    text: str
    url: str
    due: dt.date | None = None
    late: str = ""
    note: str = ""
    left: str = ""  # "Còn 5 ngày", "Hạn cuối hôm nay"


def late_words(days: int, working: bool) -> str:
    return f"Quá hạn {days} ngày làm việc" if working else f"Quá hạn {days} ngày"


def left_words(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "Hạn cuối hôm nay"
    if days > 0:
        return f"Còn {days} ngày"
    return late_words(-days, False)


def calendar_for(today: dt.date) -> Calendar:
    """The working calendar of last year to next year (one query)."""
    return Calendar.around(today)


def open_campaigns(campaigns: Iterable[Campaign]) -> list[Campaign]:
    return [c for c in campaigns if c.status == Campaign.Status.ISSUED]


def deadline_year(
    campaign: Campaign, today: dt.date, *, registration: bool
) -> tuple[int, dt.date] | None:
    """The evaluation year whose registration (or dossier) deadline is the nearest one not
    long past, with that date; None when the plan sets none near today."""
    found: list[tuple[dt.date, int]] = []
    template = campaign.template
    for deadline in template.deadlines:
        wanted = (
            deadline.key == REGISTRATION_DEADLINE
            if registration
            else deadline.key.startswith("ho-so")
        )
        if not wanted:
            continue
        for year in template.years:
            due = deadline.due(year)
            if due is not None and due >= today - BEHIND:
                found.append((due, year))
        break
    if not found:
        return None
    due, year = min(found)
    return year, due


def takes_part(campaign: Campaign, unit: Unit) -> bool:
    """``campaigns.registrations.participants`` read in memory: the unit is of one of the
    campaign's groups and under its issuing unit (needs ``issuing_unit`` loaded)."""
    if unit.group_id not in campaign.template.groups:
        return False
    return not campaign.issuing_unit_id or unit.path.startswith(campaign.issuing_unit.path)
