"""Vietnamese numbers, money and dates: dot for thousands, comma for decimals, dd/mm/yyyy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.template import Context, Template

from thidua.lib.formatting import format_date, format_date_long, format_money, format_number
from thidua.lib.templatetags.vn import dong, ngay_dai, so


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_it_formats_a_decimal_with_a_decimal_comma() -> None:
    assert format_number(Decimal("91.25"), 2) == "91,25"


def test_it_groups_thousands_with_dots() -> None:
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert format_number(Decimal("-1234.5"), 1) == "-1.234,5"


def test_it_pads_to_the_requested_places() -> None:
    assert format_number(Decimal("90"), 2) == "90,00"
    assert format_number(7, 3) == "7,000"


def test_it_rounds_half_up_with_places() -> None:
    assert format_number(Decimal("2.345"), 2) == "2,35"
    assert format_number(Decimal("2.335"), 2) == "2,34"
    assert format_number(Decimal("91.125"), 2) == "91,13"


def test_it_rounds_half_up_without_places() -> None:
    assert format_number(Decimal("92.5")) == "93"
    assert format_number(Decimal("0.5")) == "1"
    assert format_money(Decimal("2340000.5")) == "2.340.001 đ"


def test_it_formats_money_in_dong() -> None:
    assert format_money(2340000) == "2.340.000 đ"
    assert format_money(Decimal("1490000")) == "1.490.000 đ"
    assert format_money(0) == "0 đ"


def test_it_formats_dates_as_dd_mm_yyyy() -> None:
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == ""


def test_it_formats_long_dates_the_vietnamese_way() -> None:
    assert format_date_long(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_date_long(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"


def test_so_filter_formats_numbers() -> None:
    assert so(Decimal("91.25")) == "91,25"
    assert so(Decimal("91.256"), 1) == "91,3"
    assert so(1234567, 0) == "1.234.567"
    assert so("91.5", "2") == "91,50"


def test_so_filter_shows_a_dash_for_nothing() -> None:
    assert so(None) == "—"
    assert so("") == "—"


def test_so_filter_leaves_text_alone() -> None:
    assert so("không có") == "không có"


def test_dong_filter_formats_money() -> None:
    assert dong(2340000) == "2.340.000 đ"
    assert dong("1490000") == "1.490.000 đ"
    assert dong(None) == "—"


def test_ngay_dai_filter() -> None:
    assert ngay_dai(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert ngay_dai(None) == ""


def test_filters_work_in_templates_without_load() -> None:
    html = render(
        "{{ x|so:2 }} | {{ m|dong }} | {{ d|ngay_dai }} | {{ d|date:'d/m/Y' }}",
        x=Decimal("91.25"),
        m=2340000,
        d=date(2026, 1, 5),
    )
    assert html == "91,25 | 2.340.000 đ | ngày 05 tháng 01 năm 2026 | 05/01/2026"


def test_django_localisation_uses_vietnamese_formats() -> None:
    # FORMAT_MODULE_PATH: the plain date filter and number localisation follow thidua.formats.vi.
    html = render("{{ d|date }} {{ n }}", d=date(2026, 1, 5), n=Decimal("1234.5"))
    assert html == "05/01/2026 1234,5"
