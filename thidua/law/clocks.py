"""Deadline clocks: calendar days or working days (ngày làm việc), as the plan or the law says.

A working day is Monday to Friday that is not a public holiday, or a Saturday/Sunday the
Government declares a working day in exchange (ngày làm bù). Holidays and exchanged days are
dated rows an administrator extends each year; the processing times of the law (a dossier
that does not comply returned within 05 working days, appraisal within 20 working days of a
complete dossier — LEGAL.md "Dossiers") are rows too, each with its legal basis and mark.

CONTRACT (issue 11): the signatures below are what desks, reminders and publication call.
The first version counts weekends only and knows the two processing times of LEGAL.md; the
desks branch replaces the bodies with the database rows, keeping the signatures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday and not a holiday, or a declared exchanged working day."""
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted): a dossier
    received on Friday 05/12 with 05 working days is due on Friday 12/12. ``days`` ≤ 0
    returns ``start``."""
    day, left = start, days
    while left > 0:
        day += ONE_DAY
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``):
    how many of a clock's days have been used."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


@dataclass(frozen=True)
class Clock:
    """A processing time: ``days`` calendar or working days from the start of ``step``."""

    step: str  # RETURN_NONCOMPLIANT, APPRAISAL, …
    label: str  # Vietnamese: "Trả hồ sơ không hợp lệ"
    days: int
    working: bool  # True: working days; False: calendar days
    basis: str  # the legal basis, in Vietnamese
    confidence: str = "V"

    def due(self, start: dt.date) -> dt.date:
        if self.working:
            return add_working_days(start, self.days)
        return start + dt.timedelta(days=self.days)


# The steps whose time the law sets (keys of the processing-time rows).
RETURN_NONCOMPLIANT = "tra-ho-so"  # from a dossier's submission (đã nộp) to received/returned
APPRAISAL = "tham-dinh"  # from the start of appraisal (đang thẩm định) to the verdict

_DEFAULTS = {
    RETURN_NONCOMPLIANT: Clock(
        RETURN_NONCOMPLIANT,
        "Kiểm tra, trả hồ sơ không hợp lệ",
        5,
        True,
        "Nghị định 152/2025/NĐ-CP (thời hạn xử lý hồ sơ)",
    ),
    APPRAISAL: Clock(
        APPRAISAL, "Thẩm định hồ sơ", 20, True, "Nghị định 152/2025/NĐ-CP (thời hạn thẩm định)"
    ),
}


def clock(step: str, on: dt.date) -> Clock | None:
    """The processing time of ``step`` in force on ``on`` (None: the law sets none)."""
    return _DEFAULTS.get(step)
