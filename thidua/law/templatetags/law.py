"""{% ballot_mark form_key day %}: a warning badge beside a council threshold the law tables
mark S or M (shown wherever the threshold is shown)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from thidua.law import lookup

register = template.Library()


@register.simple_tag
def ballot_mark(form_key: str, day: dt.date) -> str:
    try:
        rule = lookup.ballot_rule(form_key, day)
    except lookup.LawMissing as e:
        return format_html(' <span class="badge warn">{}</span>', str(e))
    if not rule.uncertain:
        return ""
    return format_html(
        ' <span class="badge warn" title="{}">{} — cần kiểm tra</span>',
        rule.legal_basis,
        rule.confidence,
    )
