"""Who may see and change which units and people. Every view and queryset of this app goes
through here: a unit account reaches only its own unit and the units below it.

Lookups of things a user may not see raise Http404 (the object's existence is not
revealed); things a user may see but not change raise PermissionDenied.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.org.models import Person, Unit, User


def visible_units(user: User) -> QuerySet[Unit]:
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.sees_everything:
        return Unit.objects.all()
    if user.role == User.Role.UNIT and user.unit_id:
        return Unit.objects.filter(path__startswith=user.unit.path)
    return Unit.objects.none()


def in_force(units: QuerySet[Unit], day: dt.date) -> QuerySet[Unit]:
    """The units of `units` that exist on `day` (not ended, e.g. by the 2025 reform, and
    already begun): the ones that may still act, e.g. issue a campaign."""
    return units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def unit_scope(user: User, field: str = "unit") -> Q:
    """A filter on `field` (a foreign key to Unit) that keeps what the user may see."""
    if user.is_authenticated and user.sees_everything:
        return Q()
    if user.is_authenticated and user.role == User.Role.UNIT and user.unit_id:
        return Q(**{f"{field}__path__startswith": user.unit.path})
    return Q(pk__in=[])


def can_manage_units(user: User) -> bool:
    """Create, move, merge or delete units: the campaign office and administrators."""
    return user.is_authenticated and user.is_office


def can_edit_unit(user: User, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    return user.role == User.Role.UNIT and unit.path.startswith(user.unit.path)


def get_unit_for_user(user: User, pk: int, *, write: bool = False) -> Unit:
    try:
        unit = visible_units(user).get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị.") from None
    if write and not can_edit_unit(user, unit):
        raise PermissionDenied("Bạn không có quyền sửa đơn vị này.")
    return unit


def visible_people(user: User) -> QuerySet[Person]:
    return Person.objects.filter(unit_scope(user)).select_related("unit")


def can_edit_people(user: User) -> bool:
    return user.is_authenticated and (user.is_office or user.role == User.Role.UNIT)


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    try:
        person = visible_people(user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy cá nhân.") from None
    if write and not can_edit_people(user):
        raise PermissionDenied("Bạn không có quyền sửa thông tin cá nhân.")
    return person


def can_manage_accounts(user: User) -> bool:
    return user.is_authenticated and user.is_admin


def can_unlock_logins(user: User) -> bool:
    """The office and the administrator lift sign-in lockouts."""
    return user.is_authenticated and user.is_office


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and user.is_office


FILTER_DEPTH = 1  # the filter's choices: the top units and the level below (subtrees)


def filter_units(user: User, chosen: Unit | None) -> list[Unit]:
    """The units a list's unit filter offers: the top two levels of what `user` sees (the
    filter takes the whole subtree), and the chosen one; not every thôn of a province."""
    units = list(visible_units(user).only("pk", "name", "path").order_by("path"))
    if units:
        top = min(u.depth for u in units)
        units = [u for u in units if u.depth <= top + FILTER_DEPTH or u == chosen]
    return units
