"""{% ballot_mark form_key day %} and {% quorum_mark day %}: a warning badge beside a council
threshold or quorum the law tables mark S or M (shown wherever they are shown)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from thidua.law import lookup
from thidua.law.models import share_phrase

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


@register.simple_tag
def quorum_mark(day: dt.date) -> str:
    """A warning badge when the quorum in force on ``day`` is marked S or M."""
    try:
        row = lookup.quorum_row(day)
    except lookup.LawMissing as e:
        return format_html(' <span class="badge warn">{}</span>', str(e))
    if not row.uncertain:
        return ""
    return format_html(
        ' <span class="badge warn" title="{}">Số thành viên tối thiểu dự họp ({}): {} — cần '
        "kiểm tra</span>",
        row.legal_basis,
        share_phrase(row.share, False).removeprefix("ít nhất "),
        row.confidence,
    )
