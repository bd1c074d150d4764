"""PAR figures of one year, computed once per evaluation: exact percents, the standard
competition rank of every assessed unit within its group, and the percent as written in
explanations."""

from __future__ import annotations

import math
from fractions import Fraction

from thidua.rules.facts import Facts
from thidua.rules.fmt import format_percent, percent


class YearStats:
    """Percent and rank of every unit that has a PAR score in ``year``.

    Ranks (RULES.md §2 and §2.4) use the percents of the assessed units of the unit's
    group that have a score that year: 1, 2, 2, 4 … A unit without a score, or not
    assessed, has neither.
    """

    __slots__ = ("year", "percent", "rank", "group_size", "source", "_text")

    def __init__(self, facts: Facts, year: int) -> None:
        self.year = year
        self.percent: dict[str, Fraction] = {}
        self.rank: dict[str, int] = {}
        self.group_size: dict[str, int] = {}
        self._text: dict[str, str] = {}
        self.source: dict[str, str] = {}  # the predecessor whose score a unit reads
        by_group: dict[str, list[tuple[Fraction, str]]] = {}
        units = facts.unit_by_code
        for code, score in facts.par_by_year.get(year, {}).items():
            value = percent(score.score, score.max)
            self.percent[code] = value
            if score.source:
                # A merged unit's score of a year before it existed is read for its own
                # criteria, never ranked: its predecessors hold that year's places.
                self.source[code] = score.source
                continue
            by_group.setdefault(units[code].group, []).append((value, code))
        for group, items in by_group.items():
            self.group_size[group] = len(items)
            # Exact integer sort keys over a common denominator: C-speed comparisons.
            common = math.lcm(*(value.denominator for value, _ in items))
            keyed = sorted(
                ((value.numerator * (common // value.denominator), code) for value, code in items),
                key=lambda item: item[0],
                reverse=True,
            )
            previous: int | None = None
            rank = 0
            for position, (key, code) in enumerate(keyed, start=1):
                if key != previous:
                    rank, previous = position, key
                self.rank[code] = rank

    def text(self, unit: str) -> str:
        """The unit's percent written the Vietnamese way (cached): ``93,50%``."""
        cached = self._text.get(unit)
        if cached is None:
            cached = format_percent(self.percent[unit])
            if unit in self.source:
                cached += f" — số liệu của {self.source[unit]}"
            self._text[unit] = cached
        return cached


class StatsCache:
    """One :class:`YearStats` per year, built on first use."""

    __slots__ = ("facts", "_years")

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._years: dict[int, YearStats] = {}

    def __call__(self, year: int) -> YearStats:
        stats = self._years.get(year)
        if stats is None:
            stats = self._years[year] = YearStats(self.facts, year)
        return stats
