"""Plan numbers per issuer and year (NĐ 30/2020: a document's number is its order among
the body's documents of the year). A plan keeps its number in its own JSON (campaigns do not
build on awards, whose register numbers the dossiers' and decisions' documents), so the
campaigns of one issuer are its register of plans: a number another plan of the same issuer
and year holds is refused at creation and at issue, and the next free one is proposed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from thidua.campaigns.models import Campaign
from thidua.org.models import Unit

MAX_DIGITS = 4  # no People's Committee issues 10.000 documents of one kind in a year


def _year(plan: dict[str, Any]) -> int | None:
    try:
        return dt.date.fromisoformat(plan.get("date") or "").year
    except ValueError:
        return None


def _plans(unit: Unit, year: int, *, exclude: int | None, issued_only: bool) -> list[Campaign]:
    campaigns = Campaign.objects.filter(issuing_unit=unit).exclude(pk=exclude)
    if issued_only:
        campaigns = campaigns.exclude(status=Campaign.Status.DRAFT)
    return [
        c for c in campaigns.only("pk", "name", "plan", "status") if _year(c.plan or {}) == year
    ]


def digits(text: str) -> bool:
    """ASCII digits only ("²" and "١٢" are digits to Python, not plan numbers)."""
    return bool(re.fullmatch(r"[0-9]{1,9}", text))


def _number(plan: dict[str, Any]) -> int | None:
    text = str(plan.get("number") or "").strip()
    return int(text) if digits(text) else None


def holder(
    unit: Unit | None,
    year: int,
    number: str,
    *,
    exclude: int | None = None,
    issued_only: bool = False,
) -> Campaign | None:
    """The other campaign of ``unit`` whose plan of ``year`` has ``number``, if any."""
    if unit is None or not digits(str(number).strip()):
        return None
    wanted = int(number)
    for campaign in _plans(unit, year, exclude=exclude, issued_only=issued_only):
        if _number(campaign.plan or {}) == wanted:
            return campaign
    return None


def next_free(unit: Unit, year: int, *, exclude: int | None = None) -> int:
    """One above the highest plan number of ``unit`` in ``year``."""
    numbers = [
        _number(c.plan or {}) or 0 for c in _plans(unit, year, exclude=exclude, issued_only=False)
    ]
    return max(numbers, default=0) + 1


def taken_message(
    unit: Unit, year: int, number: str, other: Campaign, *, exclude: int | None
) -> str:
    symbol = (other.plan or {}).get("symbol") or "KH-UBND"
    return (
        f"Số {int(number)}/{symbol} năm {year} đã dùng cho kế hoạch “{other.name}” của "
        f"{unit.name}; số còn trống tiếp theo là {next_free(unit, year, exclude=exclude)}."
    )
