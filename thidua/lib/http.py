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


def requested_year(request: HttpRequest, years: Sequence[int]) -> int:
    """The year asked for by `?nam=` (or a posted `nam`) when it is one of `years`; else the
    current year when it is one of them; else the last that is not in the future (a
    campaign of next year's work defaults to its first year)."""
    value = request.GET.get("nam") or request.POST.get("nam") or ""
    if value.isdigit() and int(value) in years:
        return int(value)
    today = timezone.localdate().year
    if today in years:
        return today
    past = [y for y in years if y <= today]
    return max(past) if past else min(years)
