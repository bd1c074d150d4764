"""Cell values as offices type them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from thidua.imports import values as v
from thidua.imports.kinds.facts import RATINGS


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("85,5", Decimal("85.5")),
        ("85.5", Decimal("85.5")),
        (" 1.234,5 ", Decimal("1234.5")),
        ("2.340.000", Decimal(2340000)),
        ("85,5 %", Decimal("85.5")),
        (v.Percent(0.855), Decimal("85.500")),
        (87.25, Decimal("87.250")),
        (0.1 + 0.2, Decimal("0.300")),
        (90, Decimal(90)),
    ],
)
def test_numbers(cell, expected):
    assert v.decimal(cell) == expected


@pytest.mark.parametrize("cell", ["tám mươi", "85,5,5", "1.23.4", "", True])
def test_not_numbers(cell):
    with pytest.raises(v.CellError):
        v.decimal(cell)


def test_more_places_than_the_column_keeps_is_refused():
    with pytest.raises(v.CellError, match="tối đa 3 chữ số"):
        v.decimal("85,1234")


@pytest.mark.parametrize(
    "cell",
    [
        "05/01/2025",
        "5/1/2025",
        "05-01-2025",
        "05.01.2025",
        "2025-01-05",
        dt.datetime(2025, 1, 5),
        45662,
    ],
)
def test_dates(cell):
    assert v.date(cell) == dt.date(2025, 1, 5)


@pytest.mark.parametrize("cell", ["31/02/2025", "hôm qua", "2025"])
def test_not_dates(cell):
    with pytest.raises(v.CellError):
        v.date(cell)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
        ("hoan thanh xuat sac nhiem vu", "HTXSNV"),
        ("HTXSNV", "HTXSNV"),
        ("Xuất sắc", "HTXSNV"),
        ("Hoàn thành tốt nhiệm vụ", "HTTNV"),
        ("Không hoàn thành nhiệm vụ", "KHTNV"),
    ],
)
def test_rating_labels(cell, code):
    assert RATINGS.parse(cell) == code


def test_an_unknown_label_lists_the_choices():
    with pytest.raises(v.CellError, match="không có trong danh sách xếp loại"):
        RATINGS.parse("Giỏi")


def test_codes_typed_as_numbers_lose_the_spurious_point_zero():
    assert v.text(1001.0) == "1001" and v.integer("2025") == 2025 and v.integer(2025.0) == 2025
