"""The deadlines of campaigns as dated items: what the desks list and reminders announce.

CONTRACT (issue 11): desks and reminders call ``upcoming``; keep the signature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.campaigns.models import Campaign


@dataclass(frozen=True)
class DueDeadline:
    campaign: Campaign
    key: str  # the deadline's key in the rules ("dang-ky", "ho-so-…")
    label: str  # Vietnamese, as the plan writes it
    year: int  # the evaluation year it belongs to
    due: dt.date

    @property
    def uid(self) -> str:
        """Stable across restarts: what a reminder is sent once for."""
        return f"{self.campaign.pk}:{self.key}:{self.year}:{self.due:%Y%m%d}"


def upcoming(campaigns: Iterable[Campaign], start: dt.date, end: dt.date) -> list[DueDeadline]:
    """Every dated deadline of the campaigns from ``start`` to ``end`` inclusive, by date.
    A fixed date shared by several years is listed once (for the first of them)."""
    found: dict[tuple[int, str, dt.date], DueDeadline] = {}
    for campaign in campaigns:
        template = campaign.template
        for year in template.years:
            for deadline in template.deadlines:
                due = deadline.due(year)
                if due is None or not start <= due <= end:
                    continue
                found.setdefault(
                    (campaign.pk, deadline.key, due),
                    DueDeadline(campaign, deadline.key, deadline.label, year, due),
                )
    return sorted(found.values(), key=lambda d: (d.due, d.campaign.pk, d.label))
