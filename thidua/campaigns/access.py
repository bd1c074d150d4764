"""Who may see and manage campaigns, and whose verdicts a user may read."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.campaigns.models import Campaign
from thidua.org.access import visible_units
from thidua.org.models import Person, Unit, User


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    if not user.is_authenticated:
        return Campaign.objects.none()
    if user.sees_everything:
        return Campaign.objects.all()
    # Units take part in issued campaigns; drafts are the office's.
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT)


# Which body an office or leader account serves. An account of a unit serves the bodies its
# unit belongs to: a campaign is theirs when its issuer is the unit or a unit above it (the
# district's Phòng Nội vụ serves the district, the xã's office the xã); an account without a
# unit serves every body. The two functions below are the two sides of that one relation.


def served_campaigns(user: User) -> QuerySet[Campaign]:
    """The visible campaigns of the body ``user`` serves (all for an account without a
    unit; campaigns without an issuer are everyone's)."""
    campaigns = visible_campaigns(user)
    if not user.is_authenticated or user.unit_id is None:
        return campaigns
    above = [int(pk) for pk in user.unit.path.strip("/").split("/") if pk]
    return campaigns.filter(Q(issuing_unit__isnull=True) | Q(issuing_unit_id__in=above))


def served_units(user: User) -> QuerySet[Unit]:
    """The visible units of the body ``user`` serves: the tree of its unit's top unit
    (every visible unit for an account without a unit)."""
    units = visible_units(user)
    if not user.is_authenticated or user.unit_id is None:
        return units
    top = user.unit.path.strip("/").split("/")[0]
    return units.filter(path__startswith=f"/{top}/")


def serving_accounts(
    users: QuerySet[User], campaign: Campaign | None, on: dt.date
) -> QuerySet[User]:
    """The accounts among ``users`` that serve ``campaign``'s issuer: without a unit, or of
    a unit in the issuer's tree in force on ``on``."""
    if campaign is None or campaign.issuing_unit_id is None:
        return users
    path = campaign.issuing_unit.path
    return users.filter(
        Q(unit__isnull=True)
        | (
            Q(unit__path__startswith=path)
            & (Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=on))
            & (Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=on))
        )
    )


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.is_office


def get_campaign_for_user(user: User, pk: int, *, manage: bool = False) -> Campaign:
    try:
        campaign = visible_campaigns(user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy phong trào thi đua.") from None
    if manage and not can_manage(user):
        raise PermissionDenied("Chỉ cơ quan thường trực được thay đổi phong trào thi đua.")
    return campaign


def visible_candidate_codes(user: User) -> set[str] | None:
    """Codes of the units and people whose verdicts the user may read; None = all."""
    if user.sees_everything:
        return None
    units = visible_units(user)
    codes = set(units.values_list("code", flat=True))
    codes.update(Person.objects.filter(unit__in=units).values_list("code", flat=True))
    return codes
