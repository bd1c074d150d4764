"""Vietnamese number, money and date formatting for templates: {{ x|so:2 }}, {{ x|dong }}."""

from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django import template

from thidua.lib.formatting import format_date_long, format_money, format_number
from thidua.rules.fmt import format_percent

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
def phan_tram(value: Any) -> str:
    """A PAR percent exactly as the engine explains it: 93,50% · 89,995% (never rounded up
    across a threshold: 89,995% is not shown as 90,00%)."""
    if value is None or value == "":
        return "—"
    return format_percent(value if isinstance(value, Fraction) else Fraction(Decimal(str(value))))


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
    model = entry.content_type.model_class()
    shown = entry.changes_display_dict or {}
    rows = []
    for name, change in (entry.changes or {}).items():
        label = _verbose_name(model, name)
        if isinstance(change, dict):  # many-to-many: objects added or removed
            verb = "thêm" if change.get("operation") == "add" else "bớt"
            objects = ", ".join(map(str, change.get("objects", [])))
            rows.append((label, "", f"{verb}: {objects}"))
            continue
        before, after = (list(shown.get(label, change)) + ["", ""])[:2]
        kind = _internal_type(model, name)
        if kind == "BooleanField":
            before, after = _yes_no(before), _yes_no(after)
        elif kind == "JSONField":  # a campaign's rules: too long to show inline
            before, after = ("(trước đó)" if before not in ("", "None") else ""), "(nội dung mới)"
        rows.append((label, _blank(before), _blank(after)))
    return rows


def _verbose_name(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field removed since the entry was written
        return name


def _internal_type(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).get_internal_type())
    except Exception:  # a field removed since the entry was written
        return ""


def _yes_no(value: Any) -> str:
    return {"True": "Có", "False": "Không", True: "Có", False: "Không"}.get(value, str(value))


@register.filter
def model_label(content_type: Any) -> str:
    """The Vietnamese name of the model behind a content type ('đơn vị', 'cá nhân' …)."""
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


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


@register.simple_tag(takes_context=True)
def excel_link(context: Any, label: str = "Tải Excel") -> str:
    """The list's "Tải Excel" button: the page's own URL + `xuat-excel/` with the page's
    query string (its filters), without the page number: the export has every row."""
    from django.utils.html import format_html

    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    url = f"{request.path}xuat-excel/" + (f"?{query}" if query else "")
    return format_html('<a class="btn" href="{}" data-export="xlsx">{}</a>', url, label)
