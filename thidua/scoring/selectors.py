"""Computed figures: PAR percent, rank in group and band — never stored, always derived."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from thidua.scoring.models import ParScore

# RULES.md §4 default bands (editable per campaign once campaigns exist).
BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "Xuất sắc"),
    (Decimal(80), "Tốt"),
    (Decimal(70), "Khá"),
    (Decimal(50), "Trung bình"),
    (Decimal(0), "Yếu"),
)


def band(percent: Decimal | Fraction | None) -> str:
    if percent is None:
        return ""
    return next(label for floor, label in BANDS if percent >= floor)


def competition_ranks(values: list[Fraction]) -> list[int]:
    """Standard competition ranking, highest first: 95, 90, 90, 80 -> 1, 2, 2, 4."""
    ordered = sorted(values, reverse=True)
    first: dict[Fraction, int] = {}
    for i, v in enumerate(ordered, start=1):
        first.setdefault(v, i)
    return [first[v] for v in values]


@dataclass(frozen=True)
class ParRow:
    score: ParScore
    percent: Fraction | None
    rank: int | None
    of: int
    band: str


def par_table(year: int) -> list[ParRow]:
    """Every PAR score of `year` with its rank within the unit's competition group, among the
    assessed units of that group that have an appraised score that year."""
    scores = list(
        ParScore.objects.filter(year=year)
        .select_related("unit", "unit__group")
        .order_by("unit__path")
    )
    by_group: dict[str, list[ParScore]] = {}
    for s in scores:
        if s.score is not None and s.unit.par_assessed and s.confirmed_at is not None:
            by_group.setdefault(s.unit.group_id, []).append(s)
    rank: dict[int, tuple[int, int]] = {}
    for members in by_group.values():
        ranks = competition_ranks([s.percent for s in members])  # type: ignore[misc]
        rank.update((s.pk, (r, len(members))) for s, r in zip(members, ranks, strict=True))
    rows = [
        ParRow(
            s,
            s.percent,
            rank.get(s.pk, (None, 0))[0],
            rank.get(s.pk, (None, 0))[1],
            band(s.percent),
        )
        for s in scores
    ]
    rows.sort(
        key=lambda r: (r.score.unit.group.order, r.rank is None, r.rank or 0, r.score.unit.code)
    )
    return rows


def par_years() -> list[int]:
    return list(ParScore.objects.values_list("year", flat=True).distinct().order_by("-year"))
