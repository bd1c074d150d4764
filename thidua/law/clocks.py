"""Deadline clocks: calendar days or working days (ngày làm việc), as the plan or the law says.

A working day is Monday to Friday that is not a public holiday, or a Saturday/Sunday the
Government declares a working day in exchange (ngày làm bù). Holidays and exchanged days are
dated rows (``law.Holiday``) an administrator extends each year on /phap-ly/; a year with no
dated row yet (not announced) still skips the fixed solar holidays, the rows marked
``every_year`` (01/01, 30/4, 01/5, 02/9) on their day and month. The processing times of the
law (a dossier that does not comply returned within 05 working days, appraisal within 20
working days of a complete dossier — LEGAL.md "Dossiers") are rows too
(``law.ProcessingTime``), each with its legal basis and mark.

A ``Calendar`` loads the holiday rows of a range of years in one query and answers for many
dossiers; the module functions build one for the call (use a Calendar for lists).

CONTRACT (issue 11): the signatures below are what desks, reminders and publication call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)

# The steps whose time the law sets (keys of the processing-time rows).
RETURN_NONCOMPLIANT = "tra-ho-so"  # from a dossier's submission (đã nộp) to received/returned
APPRAISAL = "tham-dinh"  # from the start of appraisal (đang thẩm định) to the verdict


class Calendar:
    """The working calendar of the years ``first``..``last`` (one query); a day outside them
    loads its year on demand (one more query)."""

    def __init__(self, first: int, last: int) -> None:
        self.holidays: set[dt.date] = set()
        self.working: set[dt.date] = set()
        self.loaded: set[int] = set()
        self._load(first, last)

    @classmethod
    def around(cls, day: dt.date, before: int = 1, after: int = 1) -> Calendar:
        return cls(day.year - before, day.year + after)

    def _load(self, first: int, last: int) -> None:
        from django.db.models import Q

        from thidua.law.models import Holiday

        rows = Holiday.objects.filter(
            Q(every_year=True) | Q(day__gte=dt.date(first, 1, 1), day__lte=dt.date(last, 12, 31))
        ).values_list("day", "kind", "every_year")
        years = set(range(first, last + 1))
        dated: list[tuple[dt.date, str]] = []
        fixed: list[dt.date] = []
        for day, kind, every_year in rows:
            if every_year:
                fixed.append(day)
            else:
                dated.append((day, kind))
        announced = {day.year for day, _ in dated}
        for day, kind in dated:
            (self.working if kind == "lam-bu" else self.holidays).add(day)
        for year in years - announced:
            for day in fixed:
                if day.year <= year:  # a fixed holiday counts from the year of its row
                    self.holidays.add(_same_day(day, year))
        self.loaded |= years

    def is_working_day(self, day: dt.date) -> bool:
        if day.year not in self.loaded:
            self._load(day.year, day.year)
        if day in self.working:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        day, left = start, days
        while left > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


def _same_day(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29/02
        return dt.date(year, 3, 1)


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday and not a holiday, or a declared exchanged working day."""
    return Calendar(day.year, day.year).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted): a dossier
    received on Friday 05/12 with 05 working days is due on Friday 12/12. ``days`` ≤ 0
    returns ``start``."""
    return Calendar(start.year, start.year + 1).add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``):
    how many of a clock's days have been used."""
    if end <= start:
        return 0
    return Calendar(start.year, end.year).working_days_between(start, end)


@dataclass(frozen=True)
class Clock:
    """A processing time: ``days`` calendar or working days from the start of ``step``."""

    step: str  # RETURN_NONCOMPLIANT, APPRAISAL, …
    label: str  # Vietnamese: "Trả hồ sơ không hợp lệ"
    days: int
    working: bool  # True: working days; False: calendar days
    basis: str  # the legal basis, in Vietnamese
    confidence: str = "V"

    def due(self, start: dt.date, calendar: Calendar | None = None) -> dt.date:
        if not self.working:
            return start + dt.timedelta(days=self.days)
        if calendar is None:
            return add_working_days(start, self.days)
        return calendar.add_working_days(start, self.days)

    def used(self, start: dt.date, on: dt.date, calendar: Calendar | None = None) -> int:
        """Days of the clock used from ``start`` to ``on`` (working or calendar days)."""
        if not self.working:
            return max((on - start).days, 0)
        if calendar is None:
            return working_days_between(start, on)
        return calendar.working_days_between(start, on)

    @property
    def unit_words(self) -> str:
        return "ngày làm việc" if self.working else "ngày"

    @property
    def uncertain(self) -> bool:
        return self.confidence != "V"


def _clock(row: object) -> Clock:
    return Clock(
        row.step,  # type: ignore[attr-defined]
        row.get_step_display(),  # type: ignore[attr-defined]
        row.days,  # type: ignore[attr-defined]
        row.working,  # type: ignore[attr-defined]
        row.legal_basis,  # type: ignore[attr-defined]
        row.confidence,  # type: ignore[attr-defined]
    )


class ClockBook:
    """Every processing-time row, loaded once (one query): the clock of a step on any date,
    for lists of dossiers whose steps began on different days."""

    def __init__(self) -> None:
        from thidua.law.models import ProcessingTime

        self.rows = [
            (row.step, row.valid_from, row.valid_to, _clock(row))
            for row in ProcessingTime.objects.order_by("step", "-valid_from")
        ]

    def clock(self, step: str, on: dt.date) -> Clock | None:
        for row_step, start, end, found in self.rows:
            if row_step == step and start <= on and (end is None or end >= on):
                return found
        return None


def clocks(on: dt.date) -> dict[str, Clock]:
    """Every processing time in force on ``on`` by step (one query)."""
    from thidua.law.models import ProcessingTime, in_force

    found: dict[str, Clock] = {}
    for row in ProcessingTime.objects.filter(in_force(on)).order_by("step", "-valid_from"):
        found.setdefault(row.step, _clock(row))
    return found


def clock(step: str, on: dt.date) -> Clock | None:
    """The processing time of ``step`` in force on ``on`` (None: the law sets none)."""
    return clocks(on).get(step)
