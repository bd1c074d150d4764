"""Cell values as offices write them: decimal commas, dot thousands, numbers stored as text,
percent cells, Excel dates or dd/mm/yyyy text, labels with or without diacritics.

Each parser takes the raw cell and returns the value or raises CellError with one
Vietnamese sentence naming the problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from thidua.lib.vietnamese import fold, normalize_name


class CellError(ValueError):
    """A cell that does not hold what its column takes (a Vietnamese sentence)."""


class Percent(float):
    """A number from a cell formatted as a percentage (0,855 shown as 85,5 %)."""


_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def norm(text: Any) -> str:
    """Text compared as a header or a label: folded, punctuation and parentheses dropped,
    spaces collapsed: 'Cơ quan, đơn vị (1)' -> 'co quan don vi'."""
    if text is None:
        return ""
    return _norm(str(text))


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    s = fold(text)
    s = _PARENS.sub(" ", s)
    return " ".join(_PUNCT.sub(" ", s).replace("_", " ").split())


def text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0' (a code typed as 1001), spaces
    collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return normalize_name(str(value))


def show(value: Any) -> str:
    """The cell's text for a message, shortened."""
    s = text(value)
    return s if len(s) <= 60 else s[:57] + "…"


def decimal(value: Any, places: int = 3) -> Decimal:
    """85,5 · 85.5 · '1.234,5' · '85,5 %' · a percent cell (0,855 -> 85,5)."""
    if isinstance(value, bool):
        raise CellError(f"“{show(value)}” không phải là số.")
    if isinstance(value, Percent):
        number = Decimal(repr(float(value))) * 100
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # A computed cell (0.1 + 0.2): round to what the column keeps.
        return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    raw = text(value).replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if not raw:
        raise CellError("Ô này không được để trống.")
    number = _number_text(raw)
    if number is None:
        raise CellError(f"“{show(value)}” không phải là số.")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise CellError(f"“{show(value)}”: chỉ được có tối đa {places} chữ số sau dấu phẩy.")
    return number


def _number_text(raw: str) -> Decimal | None:
    sign = ""
    if raw[:1] in "+-":
        sign, raw = raw[0].replace("+", ""), raw[1:]
    if not re.fullmatch(r"[\d.,]+", raw) or not re.search(r"\d", raw):
        return None
    if "," in raw and "." in raw:
        # The last separator is the decimal one: 1.234,5 (ours) or 1,234.5 (English).
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, _, frac = raw.rpartition(decimal_sep)
        if not re.fullmatch(r"\d{1,3}(" + re.escape(thousands) + r"\d{3})*", whole):
            return None
        raw = whole.replace(thousands, "") + "." + frac
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")  # the decimal comma: 85,5
    elif "," in raw:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+", raw):
            return None
        raw = raw.replace(",", "")
    elif raw.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", raw):
        # Dot thousands (2.340.000, 1.234); one dot otherwise is a decimal point (85.5).
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
            return None
        raw = raw.replace(".", "")
    try:
        return Decimal(sign + raw)
    except InvalidOperation:
        return None


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(f"“{show(value)}” không phải là số nguyên.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(" ", "")
    if re.fullmatch(r"[+-]?\d+([.,]0+)?", raw):
        return int(re.split(r"[.,]", raw)[0])
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return int(raw.replace(".", ""))
    raise CellError(f"“{show(value)}” không phải là số nguyên.")


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Excel's serial day numbers of 1900-01-01 and 2100-12-31, and its epoch.
_SERIALS = (1, 73415)
_EPOCH = dt.date(1899, 12, 30)


def date(value: Any) -> dt.date:
    """An Excel date, a serial number, or dd/mm/yyyy text (also d-m-yyyy, dd.mm.yyyy)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and _SERIALS[0] <= value <= _SERIALS[1] and float(value).is_integer():
        return _EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    match = _DATE_TEXT.fullmatch(raw) or _DATE_TEXT.fullmatch(raw.split(" ")[0])
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        iso = _ISO_TEXT.fullmatch(raw.split(" ")[0])
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"“{show(value)}” không phải một ngày có thật.") from None
    raise CellError(f"“{show(value)}” không phải ngày (ghi theo dạng dd/mm/yyyy).")


_YES = {"co", "x", "1", "yes", "true", "dung", "v", "c"}
_NO = {"khong", "0", "no", "false", "sai", "k", ""}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    folded = norm(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(f"“{show(value)}”: ghi “Có” hoặc “Không”.")


class Labels:
    """A closed list (ratings, award forms, scopes…): what a cell may name, matched by its
    folded label, its code or a usual short form."""

    def __init__(
        self,
        what: str,
        pairs: Iterable[tuple[str, str]],
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.what = what
        self.labels: list[str] = []
        self.by_text: dict[str, str] = {}
        for value, label in pairs:
            self.labels.append(label)
            self.by_text.setdefault(norm(label), value)
            self.by_text.setdefault(norm(value), value)
        for wording, value in (extra or {}).items():
            self.by_text.setdefault(norm(wording), value)

    def parse(self, value: Any) -> str:
        key = norm(value)
        if key in self.by_text:
            return self.by_text[key]
        listed = ", ".join(self.labels[:8]) + (", …" if len(self.labels) > 8 else "")
        raise CellError(f"“{show(value)}” không có trong danh sách {self.what} ({listed}).")
