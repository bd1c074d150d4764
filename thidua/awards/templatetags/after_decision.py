"""{{ award|thu_hoi }}: "Đã thu hồi theo Quyết định số … ngày …" for a revoked award, "" for
one in force (a query only for a revoked one)."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.awards.revocation import note_of

register = template.Library()


@register.filter
def thu_hoi(award: Any) -> str:
    if getattr(award, "revoked_on", None) is None:
        return ""
    return note_of(award)
