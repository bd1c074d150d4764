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


def format_date_long(value: date) -> str:
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
