"""Exact PAR percents and the Vietnamese way of writing figures in explanations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

# Non-terminating percents (200/3 %) are *shown* rounded to this many decimals; every
# comparison uses the exact fraction.
MAX_SHOWN_DECIMALS: Final = 4


def percent(score: Decimal, maximum: Decimal) -> Fraction:
    """score / max × 100, exactly."""
    sn, sd = score.as_integer_ratio()
    mn, md = maximum.as_integer_ratio()
    return Fraction(sn * md * 100, sd * mn)


def _terminating_decimals(denominator: int) -> int | None:
    """Decimals needed to write 1/denominator exactly, or None if it never terminates."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def format_percent(value: Fraction) -> str:
    """Vietnamese percent with at least 2 decimals: 93,50% · 89,995% · 66,6667% (rounded
    for display when the exact value does not terminate)."""
    needed = _terminating_decimals(value.denominator)
    decimals = MAX_SHOWN_DECIMALS if needed is None else max(2, needed)
    scaled = value * 10**decimals
    if needed is None:
        digits = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    else:
        digits = scaled.numerator // scaled.denominator
    sign = "-" if digits < 0 else ""
    whole, frac = divmod(abs(digits), 10**decimals)
    return f"{sign}{whole},{frac:0{decimals}d}%"


def format_number(value: Decimal | Fraction | int) -> str:
    """A threshold in Vietnamese: 90 · 87,5."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def format_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_years(years: Sequence[int]) -> str:
    """2021–2025 for a run of consecutive years, else 2021, 2023."""
    if len(years) > 1 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def year_list(years: Sequence[int]) -> str:
    """2022, 2023, 2024 — or an em dash when empty (as in the worked example)."""
    return ", ".join(str(y) for y in years) if years else "—"
