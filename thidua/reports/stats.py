"""Statistical tables of commendation work for a year (biểu thống kê công tác khen thưởng):
awards in force counted by form, by the level of the deciding authority and by kind of
recipient (collective, individual, of whom women), with totals — the table an office sends
up each year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from thidua.documents import issuer as issuer_of
from thidua.lib import xlsx
from thidua.reports.figures import Filters, awards_in_force

# The level of the authority that decided an award, read from the award's "cơ quan quyết
# định" when it names a People's Committee, else from the catalogue's name of the form.
CENTRAL, PROVINCE, DISTRICT, COMMUNE, AGENCY, OTHER = (
    "Trung ương",
    "Cấp tỉnh",
    "Cấp huyện",
    "Cấp xã",
    "Thủ trưởng cơ quan, đơn vị",
    "Chưa xác định",
)
LEVELS = (CENTRAL, PROVINCE, DISTRICT, COMMUNE, AGENCY, OTHER)
_BY_WORD = {"tỉnh": PROVINCE, "huyện": DISTRICT, "xã": COMMUNE}
_CENTRAL = re.compile(
    r"Chủ tịch nước|Chính phủ|Thủ tướng|Trung ương|toàn quốc|Huân chương|Bộ,", re.I
)
_GENERIC = re.compile(r"cấp (xã|huyện|tỉnh)", re.I)

HEADER = ("Tập thể", "Cá nhân", "Trong đó: nữ", "Tổng cộng")


def decision_level(award: Any) -> str:
    levels = issuer_of.committee_levels(award.issuer or "")
    if levels:
        return _BY_WORD.get(levels[0], OTHER)
    name = award.form.name
    if _CENTRAL.search(name):
        return CENTRAL
    generic = _GENERIC.search(name)
    if generic:
        return _BY_WORD[generic.group(1).lower()]
    if "Thủ trưởng" in name:
        return AGENCY
    return OTHER


@dataclass
class Tally:
    collective: int = 0
    individual: int = 0
    women: int = 0

    @property
    def total(self) -> int:
        return self.collective + self.individual

    def add(self, award: Any) -> None:
        if award.person_id:
            self.individual += 1
            if award.person.gender == "nu":
                self.women += 1
        else:
            self.collective += 1

    def row(self) -> list[int]:
        return [self.collective, self.individual, self.women, self.total]


@dataclass
class Statistics:
    year: int
    by_form: list[tuple[str, str, Tally]]  # form name, its level, counts
    by_level: list[tuple[str, Tally]]
    total: Tally


def statistics(user: Any, filters: Filters) -> Statistics:
    assert filters.year is not None
    forms: dict[str, tuple[int, str, str, Tally]] = {}
    levels: dict[str, Tally] = {}
    total = Tally()
    for award in awards_in_force(user, filters).select_related("person"):
        level = decision_level(award)
        key = f"{award.form.key}|{level}"
        if key not in forms:
            forms[key] = (award.form.order, award.form.name, level, Tally())
        forms[key][3].add(award)
        levels.setdefault(level, Tally()).add(award)
        total.add(award)
    by_form = [(name, level, t) for _, name, level, t in sorted(forms.values(), key=_order)]
    by_level = [(level, levels[level]) for level in LEVELS if level in levels]
    return Statistics(filters.year, by_form, by_level, total)


def _order(item: tuple[int, str, str, Tally]) -> tuple[int, str, int]:
    return (item[0], item[1], LEVELS.index(item[2]))


def workbook(stats: Statistics, heading: list[str]) -> bytes:
    book = xlsx.Export()
    rows: list[list[Any]] = [
        [n, name, level, *t.row()] for n, (name, level, t) in enumerate(stats.by_form, 1)
    ]
    rows.append(["", "Tổng cộng", "", *stats.total.row()])
    book.sheet(
        "Theo hình thức",
        ("STT", "Danh hiệu, hình thức khen thưởng", "Cấp quyết định", *HEADER),
        rows,
        heading=heading,
    )
    rows = [[n, level, *t.row()] for n, (level, t) in enumerate(stats.by_level, 1)]
    rows.append(["", "Tổng cộng", *stats.total.row()])
    book.sheet("Theo cấp quyết định", ("STT", "Cấp quyết định", *HEADER), rows, heading=heading)
    return book.content()
