"""Quota places, ties at the boundary and competition numbering (RULES.md §2, §2.5, §2.6),
plus properties checked on random cases."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import Facts, ParScore, Unit, allocate
from thidua.rules.engine import Placement
from thidua.rules.logic import Verdict
from thidua.rules.stats import YearStats
from thidua.rules.template import TIE_NOTE

TIE = TIE_NOTE


def test_it_uses_the_council_note_of_rules_md() -> None:
    assert TIE == "bằng điểm tại ngưỡng chỉ tiêu — Hội đồng quyết định"


def test_it_leaves_a_tie_straddling_the_quota_to_the_council() -> None:
    got = allocate([True, True, True, True], [90, 80, 80, 70], 2)
    assert got == [
        Placement(True, 1, None),
        Placement(None, 2, TIE),
        Placement(None, 2, TIE),
        Placement(False, 4, None),
    ]


def test_it_selects_a_tie_that_fits_inside_the_quota() -> None:
    got = allocate([True, True, True, True], [90, 80, 80, 70], 3)
    assert [p.selected for p in got] == [True, True, True, False]
    assert [p.rank for p in got] == [1, 2, 2, 4]
    assert all(p.note is None for p in got)


def test_it_puts_candidates_without_priority_last_as_one_tied_block() -> None:
    got = allocate([True, True, True], [None, 90, None], 2)
    assert got == [Placement(None, 2, TIE), Placement(True, 1, None), Placement(None, 2, TIE)]
    assert [p.selected for p in allocate([True, True, True], [None, 90, None], 3)] == [True] * 3


def test_it_orders_and_places_only_eligible_candidates() -> None:
    got = allocate([False, True, None, True], [99, 80, 95, 70], 1)
    assert got == [
        Placement(False, None, None),
        Placement(True, 1, None),
        Placement(None, None, None),
        Placement(False, 2, None),
    ]


def test_it_selects_nobody_with_a_quota_of_zero() -> None:
    got = allocate([True, True], [1, 1], 0)
    assert [p.selected for p in got] == [False, False]
    assert [p.note for p in got] == [None, None]


def test_it_treats_everybody_as_equal_without_priority_values() -> None:
    assert {p.selected for p in allocate([True] * 3, [0, 0, 0], 2)} == {None}
    assert {p.selected for p in allocate([True] * 3, [0, 0, 0], 3)} == {True}


_ORDER = {True: 2, None: 1, False: 0}


@st.composite
def _pools(draw: st.DrawFn) -> tuple[list[Verdict], list[int | None], int]:
    n = draw(st.integers(0, 12))
    eligible = draw(st.lists(st.sampled_from([True, True, False, None]), min_size=n, max_size=n))
    priority = draw(st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=n, max_size=n))
    limit = draw(st.integers(0, n + 1))
    return eligible, priority, limit


def _key(p: int | None) -> float:
    return -1 if p is None else p


@given(_pools())
def test_it_never_selects_more_than_the_quota(
    case: tuple[list[Verdict], list[int | None], int],
) -> None:
    eligible, priority, limit = case
    got = allocate(eligible, priority, limit)
    assert sum(1 for p in got if p.selected is True) <= limit


@given(_pools())
def test_it_never_splits_a_tied_block(case: tuple[list[Verdict], list[int | None], int]) -> None:
    eligible, priority, limit = case
    got = allocate(eligible, priority, limit)
    by_priority: dict[float, set[Verdict]] = {}
    for e, p, g in zip(eligible, priority, got, strict=True):
        if e is True:
            by_priority.setdefault(_key(p), set()).add(g.selected)
    assert all(len(outcomes) == 1 for outcomes in by_priority.values())


@given(_pools())
def test_it_respects_the_priority_order(case: tuple[list[Verdict], list[int | None], int]) -> None:
    eligible, priority, limit = case
    got = allocate(eligible, priority, limit)
    placed = [(_key(p), g) for e, p, g in zip(eligible, priority, got, strict=True) if e is True]
    for k1, g1 in placed:
        for k2, g2 in placed:
            if k1 > k2:
                assert _ORDER[g1.selected] >= _ORDER[g2.selected]


@given(_pools())
def test_it_marks_only_the_boundary_block_unknown(
    case: tuple[list[Verdict], list[int | None], int],
) -> None:
    eligible, priority, limit = case
    got = allocate(eligible, priority, limit)
    boundary = {
        _key(p)
        for e, p, g in zip(eligible, priority, got, strict=True)
        if e is True and g.selected is None
    }
    assert len(boundary) <= 1
    for e, g in zip(eligible, got, strict=True):
        assert (g.note == TIE) == (e is True and g.selected is None)
    if sum(1 for e in eligible if e is True) <= limit:
        assert all(g.selected is True for e, g in zip(eligible, got, strict=True) if e is True)


@given(_pools())
def test_it_follows_eligibility_and_numbers_ranks_by_competition(
    case: tuple[list[Verdict], list[int | None], int],
) -> None:
    eligible, priority, limit = case
    got = allocate(eligible, priority, limit)
    keys = [_key(p) for e, p in zip(eligible, priority, strict=True) if e is True]
    for e, p, g in zip(eligible, priority, got, strict=True):
        if e is True:
            assert g.rank == 1 + sum(1 for k in keys if k > _key(p))
        else:
            assert g == Placement(e, None, None)


# --- competition ranking of PAR percents ----------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["phong", "xa"]),
            st.one_of(st.none(), st.integers(0, 20)),
            st.sampled_from([Decimal(100), Decimal(21), Decimal(50)]),
        ),
        max_size=12,
    )
)
def test_it_ranks_each_group_with_standard_competition_numbering(
    rows: list[tuple[str, int | None, Decimal]],
) -> None:
    units = [Unit(f"U{i}", group) for i, (group, _, _) in enumerate(rows)]
    scores = [
        ParScore(f"U{i}", 2024, Decimal(points) * maximum / 20, maximum)
        for i, (_, points, maximum) in enumerate(rows)
        if points is not None
    ]
    stats = YearStats(Facts.from_records(units=units, par_scores=scores), 2024)
    for i, (group, points, _) in enumerate(rows):
        code = f"U{i}"
        if points is None:
            assert code not in stats.rank
            continue
        mine = stats.percent[code]
        rivals = [stats.percent[c] for c in stats.percent if units[int(c[1:])].group == group]
        assert stats.rank[code] == 1 + sum(1 for other in rivals if other > mine)
        assert stats.group_size[group] == len(rivals)
        assert mine == Fraction(points * 5)
