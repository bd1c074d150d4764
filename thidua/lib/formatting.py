"""Vietnamese formats for numbers, money and dates (dot for thousands, comma for decimals)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: Decimal | int | float, places: int = 0) -> str:
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(value: Decimal | int) -> str:
    return f"{format_number(value)} đ"


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_date_long(value: date | str) -> str:
    """The date in a document's text, NĐ 30/2020: days below 10 and months 1–2 take a
    leading 0 — "ngày 05 tháng 01 năm 2026", "ngày 19 tháng 7 năm 2024"."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
