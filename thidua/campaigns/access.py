"""Who may see and manage campaigns, and whose verdicts a user may read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from thidua.campaigns.models import Campaign
from thidua.org.access import visible_units
from thidua.org.models import Person, User


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    if not user.is_authenticated:
        return Campaign.objects.none()
    if user.sees_everything:
        return Campaign.objects.all()
    # Units take part in issued campaigns; drafts are the office's.
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT)


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
