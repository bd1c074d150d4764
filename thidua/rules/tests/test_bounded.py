"""Numbers, JSON and expressions a person typed are refused by their text, before any work."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.rules.bounded import BoundError, json_depth, loads_json, parse_number
from thidua.rules.expression import ExpressionError, parse_expression


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), ("91,25", Decimal("91.25")), ("-3.5", Decimal("-3.5"))]
)
def test_it_reads_numbers_as_officers_type_them(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1e1000000", "quá lớn"),
        ("9" * 10_000, "quá dài"),
        ("1e15", "quá lớn"),
        ("1e-99999999999", "quá nhỏ"),
        ("١٢٣", "không phải là một số"),  # Arabic-Indic digits
        ("²", "không phải là một số"),
        ("NaN", "không phải là một số"),
        ("Infinity", "không phải là một số"),
        ("1\x00", "không phải là một số"),
    ],
)
def test_it_refuses_numbers_past_the_bounds_with_a_vietnamese_message(text: str, says: str) -> None:
    with pytest.raises(BoundError) as refused:
        parse_number(text)
    assert says in refused.value.message


def test_a_million_digit_number_is_refused_by_its_text_not_built() -> None:
    # 10^6 digits as text: refused on its length. Building int(text) would raise (Python's
    # 4,300-digit limit) and Decimal(text) would cost a million-digit number.
    with pytest.raises(BoundError, match="quá dài"):
        parse_number("9" * 1_000_000)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 240 + "]" * 240, "lồng nhau quá sâu"),
        ('{"a":' * 100 + "1" + "}" * 100, "lồng nhau quá sâu"),
        ('{"a": ' + "9" * 10_000 + "}", "quá lớn"),
        ('{"a": 1e1000000}', "quá lớn"),
        ('{"a": NaN}', "không phải là một số"),
        ('"' + "x" * 1_000_001 + '"', "quá dài"),
    ],
)
def test_it_refuses_json_past_the_bounds(text: str, says: str) -> None:
    with pytest.raises(BoundError) as refused:
        loads_json(text)
    assert says in refused.value.message


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    assert json_depth('{"a": ["[[[[[[", "\\"[[["]}') == 2
    assert loads_json('{"a": [1, 2.5, "[[[["]}') == {"a": [1, 2.5, "[[[["]}


@pytest.mark.parametrize(
    "text",
    ["(" * 240 + "a" + ")" * 240, "NOT " * 300 + "a", "(" * 5000, "a OR " * 2000 + "a"],
)
def test_deep_or_long_expressions_are_refused_before_recursion(text: str) -> None:
    with pytest.raises(ExpressionError) as refused:
        parse_expression(text)
    assert "quá sâu" in refused.value.message or "quá dài" in refused.value.message


def test_an_expression_at_the_depth_bound_still_reads() -> None:
    assert parse_expression("(" * 24 + "a" + ")" * 24)
