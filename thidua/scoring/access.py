"""Who may see and change which facts. A unit account reaches the facts of its own unit
and the units below it (and of their people); writing is allowed per kind of fact."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from thidua.org.access import unit_scope
from thidua.org.models import User
from thidua.scoring import models as m

# What a unit account may record itself; everything else is the campaign office's.
UNIT_WRITABLE: set[type[Model]] = {m.ParScore, m.Rating, m.Discipline, m.Initiative}


def _scope(user: User, model: type[Model]) -> Q:
    if model in (m.ParScore,):
        return unit_scope(user, "unit")
    if model is m.Discipline:
        return unit_scope(user, "person__unit")
    if model is m.Initiative:
        return unit_scope(user, "unit") | unit_scope(user, "authors__unit")
    # Subject facts: about a unit, or about a person of a unit.
    return unit_scope(user, "unit") | unit_scope(user, "person__unit")


def visible_facts(user: User, model: type[Model]) -> QuerySet:
    if not user.is_authenticated:
        return model._default_manager.none()
    qs = model._default_manager.filter(_scope(user, model))
    if model is m.Initiative and not user.sees_everything:
        qs = qs.distinct()
    return qs


def can_write(user: User, model: type[Model]) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    return user.role == User.Role.UNIT and model in UNIT_WRITABLE


def can_appraise_par(user: User) -> bool:
    """Only the office enters the appraised PAR score; units enter their self-assessment."""
    return user.is_authenticated and user.is_office


def _write_scope(user: User, model: type[Model]) -> Q:
    """Facts a user may change: those about its own units and people. An initiative of
    another unit that merely lists one of its people as co-author is visible, not its own."""
    if model is m.Initiative:
        return unit_scope(user, "unit") | (Q(unit__isnull=True) & unit_scope(user, "authors__unit"))
    return _scope(user, model)


def get_fact_for_user(user: User, model: type[Model], pk: int, *, write: bool = False) -> Model:
    try:
        fact = visible_facts(user, model).get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404("Không tìm thấy bản ghi.") from None
    if write:
        if not can_write(user, model):
            raise PermissionDenied("Bạn không có quyền sửa loại dữ liệu này.")
        own = model._default_manager.filter(_write_scope(user, model), pk=pk)
        if not user.is_office and not own.exists():
            raise PermissionDenied("Bản ghi này thuộc đơn vị khác: bạn chỉ được xem.")
    return fact
