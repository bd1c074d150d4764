"""Who may see and change which facts. A unit account reaches the facts of its own unit
and the units below it (and of their people). Units propose, the office confirms: a unit
writes only its PAR self-assessment, ratings of its people and initiative proposals, and
only while the office has not confirmed them; everything else is the office's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from thidua.org.access import unit_scope
from thidua.org.models import User
from thidua.scoring import models as m

# What a unit account may propose itself; everything else is the campaign office's.
UNIT_WRITABLE: set[type[Model]] = {m.ParScore, m.Rating, m.Initiative}
# The kinds whose rows carry the office's confirmation (the engine reads confirmed rows).
CONFIRMABLE: tuple[type[Model], ...] = (m.ParScore, m.Rating, m.Initiative)

CONFIRMED_MESSAGE = (
    "Bản ghi này đã được cơ quan thường trực xác nhận: chỉ cơ quan thường trực được sửa hoặc xóa."
)
APPRAISED_MESSAGE = (
    "Kết quả này đã có điểm thẩm định của cơ quan thường trực: đơn vị không sửa được nữa."
)
SHARED_MESSAGE = (
    "Sáng kiến này không có đơn vị chủ trì thuộc đơn vị mình hoặc có tác giả ở đơn vị "
    "khác: chỉ cơ quan thường trực được sửa."
)


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


def can_confirm(user: User) -> bool:
    return user.is_authenticated and user.is_office


def is_unit_account(user: User) -> bool:
    return user.is_authenticated and not user.is_office and user.role == User.Role.UNIT


def _write_scope(user: User, model: type[Model]) -> Q:
    """Facts a unit may change: those about its own units and people. An initiative is its
    own only when it is owned by one of its units; shared ones are checked in refusal()."""
    if model is m.Initiative:
        return unit_scope(user, "unit")
    return _scope(user, model)


def refusal(user: User, fact: Model) -> str | None:
    """Why a unit account may not change or delete `fact` (a row it can see), or None."""
    model = type(fact)
    if not can_write(user, model):
        return "Bạn không có quyền sửa loại dữ liệu này."
    if user.is_office:
        return None
    if not model._default_manager.filter(_write_scope(user, model), pk=fact.pk).exists():
        if model is m.Initiative:
            return SHARED_MESSAGE
        return "Bản ghi này thuộc đơn vị khác: bạn chỉ được xem."
    if isinstance(fact, m.ParScore) and fact.score is not None:
        return APPRAISED_MESSAGE
    if isinstance(fact, m.Initiative) and fact.authors.exclude(unit_scope(user)).exists():
        return SHARED_MESSAGE
    if getattr(fact, "confirmed_at", None) is not None:
        return CONFIRMED_MESSAGE
    return None


def get_fact_for_user(user: User, model: type[Model], pk: int, *, write: bool = False) -> Model:
    try:
        fact = visible_facts(user, model).get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404("Không tìm thấy bản ghi.") from None
    if write:
        reason = refusal(user, fact)
        if reason:
            raise PermissionDenied(reason)
    return fact


def editable_ids(user: User, model: type[Model], facts: list[Model]) -> set[int]:
    """The rows of a list page a user may open for editing, in two queries at most."""
    if not can_write(user, model):
        return set()
    ids = {fact.pk for fact in facts}
    if user.is_office:
        return ids
    own = set(
        model._default_manager.filter(_write_scope(user, model), pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    if model is m.Initiative:
        own -= set(
            m.Initiative.authors.through.objects.filter(initiative_id__in=own)
            .exclude(unit_scope(user, "person__unit"))
            .values_list("initiative_id", flat=True)
        )
    return {
        fact.pk
        for fact in facts
        if fact.pk in own
        and getattr(fact, "confirmed_at", None) is None
        and not (isinstance(fact, m.ParScore) and fact.score is not None)
    }
