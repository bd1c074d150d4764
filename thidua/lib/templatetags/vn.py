"""Vietnamese number, money and date formatting for templates: {{ x|so:2 }}, {{ x|dong }}."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from thidua.lib.formatting import format_date_long, format_money, format_number

register = template.Library()


@register.filter
def so(value: Any, places: int = 2) -> str:
    """91.25 -> '91,25'; 1234567 -> '1.234.567'."""
    if value is None or value == "":
        return "—"
    try:
        return format_number(Decimal(str(value)), int(places))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def dong(value: Any) -> str:
    """2340000 -> '2.340.000 đ'."""
    if value is None or value == "":
        return "—"
    return format_money(Decimal(str(value)))


@register.filter
def ngay_dai(value: date | None) -> str:
    """date(2026, 1, 5) -> 'ngày 05 tháng 01 năm 2026'."""
    return format_date_long(value) if value else ""


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag
def history_url(obj: Any) -> str:
    """Link to the audit history of any record."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    content_type = ContentType.objects.get_for_model(obj)
    return reverse("org:audit-history", args=[content_type.pk, obj.pk])


AUDIT_ACTIONS = {0: "Tạo mới", 1: "Sửa", 2: "Xóa", 3: "Truy cập"}


@register.filter
def audit_action(entry: Any) -> str:
    return AUDIT_ACTIONS.get(entry.action, str(entry.action))


@register.filter
def audit_changes(entry: Any) -> list[tuple[str, str, str]]:
    """(field, before, after) rows of a log entry, with the fields' Vietnamese names."""
    rows = []
    for field, change in (entry.changes_display_dict or {}).items():
        if isinstance(change, dict):  # many-to-many: objects added or removed
            verb = "thêm" if change.get("operation") == "add" else "bớt"
            rows.append(
                (str(field), "", f"{verb}: {', '.join(map(str, change.get('objects', [])))}")
            )
        else:
            before, after = (list(change) + ["", ""])[:2]
            rows.append((str(field), _blank(before), _blank(after)))
    return rows


def _blank(value: Any) -> str:
    return "" if value in (None, "None") else str(value)


VERDICT_WORDS = {
    True: ("Đạt", "ok", "✓"),
    False: ("Không đạt", "bad", "✗"),
    None: ("Chưa rõ", "warn", "?"),
}


@register.inclusion_tag("_verdict.html")
def verdict(value: bool | None, detail: str = "", short: bool = False) -> dict[str, Any]:
    """A verdict badge: Đạt / Không đạt / Chưa rõ (needed data is missing)."""
    word, css, mark = VERDICT_WORDS[value]
    return {"word": word, "css": css, "mark": mark, "detail": detail, "short": short}
