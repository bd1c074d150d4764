"""What every list of the API shares: pagination, the year / unit / updated_since filters,
and choices shown as their key with their Vietnamese label."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from thidua.api.errors import FieldNotFound
from thidua.lib.http import MAX_ID
from thidua.org.access import visible_units
from thidua.org.models import Unit, User

MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """`limit` (at most API_PAGE_MAX) and `offset`; the answer says the `total`."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=settings.API_PAGE_MAX, description="Số bản ghi mỗi trang")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu bản ghi đầu")

    class Output(Schema):
        items: list[Any]
        total: int = Field(description="Tổng số bản ghi khớp bộ lọc")
        limit: int
        offset: int

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset, limit = pagination.offset, min(pagination.limit, settings.API_PAGE_MAX)
        return {
            "items": list(queryset[offset : offset + limit]),
            "total": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }


class UnitFilters(Schema):
    unit: str | None = Field(
        None,
        max_length=60,
        description="Đơn vị, theo số định danh (id) hoặc mã đơn vị: đơn vị đó và các đơn vị "
        "cấp dưới",
    )
    updated_since: dt.datetime | None = Field(
        None,
        description="Chỉ những bản ghi thay đổi từ thời điểm này (ISO 8601, ví dụ "
        "2026-01-31T08:00:00+07:00)",
    )


class Filters(UnitFilters):
    year: int | None = Field(None, ge=1990, le=2100, description="Năm")


class ChoiceOut(Schema):
    key: str = Field(description="Mã của lựa chọn (ổn định, để máy đọc)")
    label: str = Field(description="Tên tiếng Việt của lựa chọn")


class UnitRef(Schema):
    id: int
    code: str
    name: str


class PersonRef(Schema):
    id: int
    code: str
    full_name: str
    unit_id: int


def choice(obj: Model, field: str) -> dict[str, str] | None:
    value = getattr(obj, field)
    if value in ("", None):
        return None
    return {"key": value, "label": getattr(obj, f"get_{field}_display")()}


def find_unit(user: User, value: str) -> Unit:
    """The unit `value` names (its id, else its code) among those the user may see."""
    units = visible_units(user)
    text = value.strip()
    found = None
    if text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        found = units.filter(pk=int(text)).first()
    if found is None and text:
        found = units.filter(code__iexact=text).first()
    if found is None:
        raise FieldNotFound(f"Không tìm thấy đơn vị “{text[:60]}”.", "unit")
    return found


def since(moment: dt.datetime) -> dt.datetime:
    """A moment without a time zone is the server's local time (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def apply_filters(
    user: User,
    qs: QuerySet,
    filters: UnitFilters,
    *,
    unit_paths: tuple[str, ...] = ("unit",),
    year: str | None = "year",
) -> QuerySet:
    wanted = getattr(filters, "year", None)
    if wanted is not None and year:
        qs = qs.filter(**{year: wanted})
    if filters.unit:
        unit = find_unit(user, filters.unit)
        q = Q()
        for path in unit_paths:
            q |= Q(**{f"{path}__path__startswith" if path else "path__startswith": unit.path})
        qs = qs.filter(q)
        if len(unit_paths) > 1:
            qs = qs.distinct()
    if filters.updated_since is not None:
        qs = qs.filter(updated_at__gte=since(filters.updated_since))
    return qs
