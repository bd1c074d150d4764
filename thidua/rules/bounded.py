"""Numbers and JSON read with limits on size, digits and depth *before* any work.

A threshold typed as ``1e1000000`` would otherwise become a million-digit integer (seconds
of CPU for each comparison, minutes for a page), 10,000 digits exceed Python's own
int/str limit, and 240 nested brackets exhaust the recursion of a parser. Everything that
reads a number or JSON a person typed goes through here; the errors are
:class:`BoundError` (a ``ValueError``) with a Vietnamese message. Framework-free, like the
rest of ``thidua.rules``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Final

# No count, score, amount or threshold of this work reaches 10^15 (a province's budget in
# đồng is ~10^13) or needs more than 6 decimals.
MAX_INTEGER_DIGITS: Final = 15
MAX_DECIMALS: Final = 6
MAX_NUMBER_CHARS: Final = 40  # sign, digits, separators, an exponent: anything longer is no number
# Rules of a campaign are ~20 KB of JSON nested 5–6 deep.
MAX_JSON_CHARS: Final = 1_000_000
MAX_JSON_DEPTH: Final = 32

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class BoundError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _shown(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:17]}…"


def parse_number(text: str) -> Decimal:
    """`text` (ASCII digits, a decimal point or comma, an optional exponent) as a Decimal
    of at most MAX_INTEGER_DIGITS before the point and MAX_DECIMALS after it; the checks
    look at the text first, so no huge number is ever built."""
    text = text.strip().replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise BoundError(f"“{_shown(text)}” không phải là một số (ví dụ 12 hoặc 91,25).")
    if len(text) > MAX_NUMBER_CHARS:
        raise BoundError(f"Số “{_shown(text)}” quá dài: tối đa {MAX_NUMBER_CHARS} ký tự.")
    number = Decimal(text)  # at most 40 characters: cheap, whatever the exponent
    # The adjusted exponent is the position of the first digit: read, never computed.
    if number and number.adjusted() >= MAX_INTEGER_DIGITS:
        raise BoundError(
            f"Số “{_shown(text)}” quá lớn: tối đa {MAX_INTEGER_DIGITS} chữ số trước dấu phẩy."
        )
    if number and number.adjusted() < -MAX_DECIMALS:
        raise BoundError(f"Số “{_shown(text)}” quá nhỏ: tối đa {MAX_DECIMALS} chữ số sau dấu phẩy.")
    return number


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise BoundError(
            f"Số “{_shown(text)}” quá lớn: tối đa {MAX_INTEGER_DIGITS} chữ số trước dấu phẩy."
        )
    return int(text)


def _json_float(text: str) -> float:
    return float(parse_number(text))


def _json_constant(text: str) -> Any:
    raise BoundError(f"“{text}” không phải là một số.")


def json_depth(text: str) -> int:
    """The deepest nesting of [ and { in JSON `text`, strings left out (a linear scan)."""
    depth = deepest = 0
    for ch in _STRING.sub("", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads_json(
    text: str, *, max_chars: int = MAX_JSON_CHARS, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """json.loads with bounds: size and depth checked before parsing, every number through
    the digit limits, NaN and Infinity refused. Raises BoundError, or json.JSONDecodeError
    for text that is not JSON."""
    if len(text) > max_chars:
        raise BoundError(f"Nội dung quá dài: tối đa {max_chars:,} ký tự.".replace(",", "."))
    if json_depth(text) > max_depth:
        raise BoundError(f"Nội dung lồng nhau quá sâu: tối đa {max_depth} tầng ngoặc.")
    return json.loads(
        text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
    )
