"""Small response helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
}


def download(content: bytes | str, filename: str) -> HttpResponse:
    """A generated file as an attachment; its type comes from the file name's extension."""
    kind = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The largest id a database key holds (a 64-bit signed integer): a longer number is no id.
MAX_ID = 2**63 - 1


def whole_number(
    text: str | None, *, low: int | None = None, high: int | None = None
) -> int | None:
    """`text` as an integer when it is one written in ASCII digits (an optional minus) and
    within [low, high]; None otherwise. "²", "١", a 25-digit number or a NUL are no
    numbers here, so a query parameter carrying them is ignored, never a server error."""
    text = (text or "").strip()
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        return None
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def query_id(request: HttpRequest, name: str) -> int | None:
    """The id in `?name=` when it is one a database could hold; None otherwise."""
    return whole_number(request.GET.get(name), low=1, high=MAX_ID)


def query_text(request: HttpRequest, name: str, *, max_length: int = 200) -> str:
    """A text query parameter, trimmed, without control characters (PostgreSQL refuses a
    NUL in a query) and cut to `max_length`."""
    text = request.GET.get(name, "")
    return "".join(c for c in text if c.isprintable()).strip()[:max_length]


def requested_year(request: HttpRequest, years: Sequence[int]) -> int:
    """The year asked for by `?nam=` (or a posted `nam`) when it is one of `years`; else the
    current year when it is one of them; else the last that is not in the future (a
    campaign of next year's work defaults to its first year)."""
    value = whole_number(request.GET.get("nam") or request.POST.get("nam"))
    if value is not None and value in years:
        return value
    today = timezone.localdate().year
    if today in years:
        return today
    past = [y for y in years if y <= today]
    return max(past) if past else min(years)
