"""Kleene three-valued logic (RULES.md §2: false AND null = false, true OR null = true)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import logic
from thidua.rules.logic import Verdict

V = st.sampled_from([True, False, None])


def test_it_follows_the_kleene_truth_tables() -> None:
    assert logic.and_(False, None) is False
    assert logic.and_(None, False) is False
    assert logic.and_(True, None) is None
    assert logic.and_(True, True) is True
    assert logic.or_(True, None) is True
    assert logic.or_(None, True) is True
    assert logic.or_(False, None) is None
    assert logic.or_(False, False) is False
    assert logic.not_(None) is None
    assert logic.not_(True) is False
    assert logic.not_(False) is True


def test_it_folds_empty_and_long_lists() -> None:
    assert logic.all_([]) is True
    assert logic.any_([]) is False
    assert logic.all_([True, None, True]) is None
    assert logic.all_([None, False, None]) is False
    assert logic.any_([False, None, False]) is None
    assert logic.any_([None, True]) is True


@given(V, V)
def test_it_is_commutative(a: Verdict, b: Verdict) -> None:
    assert logic.and_(a, b) is logic.and_(b, a)
    assert logic.or_(a, b) is logic.or_(b, a)


@given(V, V, V)
def test_it_is_associative_and_distributive(a: Verdict, b: Verdict, c: Verdict) -> None:
    assert logic.and_(a, logic.and_(b, c)) is logic.and_(logic.and_(a, b), c)
    assert logic.or_(a, logic.or_(b, c)) is logic.or_(logic.or_(a, b), c)
    assert logic.and_(a, logic.or_(b, c)) is logic.or_(logic.and_(a, b), logic.and_(a, c))


@given(V, V)
def test_it_obeys_de_morgan(a: Verdict, b: Verdict) -> None:
    assert logic.not_(logic.and_(a, b)) is logic.or_(logic.not_(a), logic.not_(b))
    assert logic.not_(logic.or_(a, b)) is logic.and_(logic.not_(a), logic.not_(b))


@given(V, V)
def test_it_obeys_absorption_even_with_unknowns(a: Verdict, b: Verdict) -> None:
    assert logic.and_(a, logic.or_(a, b)) is a
    assert logic.or_(a, logic.and_(a, b)) is a


@given(V)
def test_it_keeps_double_negation_but_not_excluded_middle(a: Verdict) -> None:
    assert logic.not_(logic.not_(a)) is a
    assert logic.or_(a, logic.not_(a)) is (None if a is None else True)


@given(st.lists(V, max_size=6))
def test_it_folds_like_repeated_binary_operations(values: list[Verdict]) -> None:
    conj: Verdict = True
    disj: Verdict = False
    for v in values:
        conj = logic.and_(conj, v)
        disj = logic.or_(disj, v)
    assert logic.all_(values) is conj
    assert logic.any_(values) is disj
