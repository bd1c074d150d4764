"""Exact percents and their Vietnamese display (RULES.md §1: no rounding before comparing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.fmt import format_date, format_number, format_percent, format_years, percent


def test_it_computes_percent_exactly() -> None:
    assert percent(Decimal("18.9"), Decimal(21)) == 90
    assert percent(Decimal("89.995"), Decimal(100)) < 90
    assert percent(Decimal(200), Decimal(300)) == Fraction(200, 3)


def test_it_writes_percents_with_a_decimal_comma_and_at_least_two_decimals() -> None:
    assert format_percent(Fraction(187, 2)) == "93,50%"
    assert format_percent(Fraction(90)) == "90,00%"
    assert format_percent(percent(Decimal("18.9"), Decimal(21))) == "90,00%"
    assert format_percent(Fraction(0)) == "0,00%"
    assert format_percent(Fraction(100)) == "100,00%"


def test_it_shows_every_decimal_of_a_terminating_percent() -> None:
    assert format_percent(percent(Decimal("89.995"), Decimal(100))) == "89,995%"
    assert format_percent(percent(Decimal("89.99995"), Decimal(100))) == "89,99995%"
    assert format_percent(percent(Decimal(1), Decimal(64))) == "1,5625%"


def test_it_rounds_a_non_terminating_percent_to_four_decimals_for_display_only() -> None:
    assert format_percent(Fraction(200, 3)) == "66,6667%"
    assert format_percent(Fraction(100, 3)) == "33,3333%"
    assert format_percent(Fraction(100, 7)) == "14,2857%"


@given(st.fractions(min_value=0, max_value=100))
def test_it_never_shows_a_percent_more_than_half_a_unit_of_its_last_decimal_away(
    value: Fraction,
) -> None:
    text = format_percent(value)
    assert text.endswith("%")
    shown = Fraction(text[:-1].replace(",", "."))
    decimals = len(text[:-1].split(",")[1])
    assert decimals >= 2
    assert abs(shown - value) <= Fraction(1, 2 * 10**decimals)


def test_it_writes_thresholds_dates_and_years_the_vietnamese_way() -> None:
    assert format_number(Decimal(90)) == "90"
    assert format_number(Decimal("87.50")) == "87,5"
    assert format_number(Fraction(175, 2)) == "87,5"
    assert format_date(dt.date(2024, 5, 1)) == "01/05/2024"
    assert format_years([2021, 2022, 2023, 2024, 2025]) == "2021–2025"
    assert format_years([2021, 2023]) == "2021, 2023"
    assert format_years([2024]) == "2024"
