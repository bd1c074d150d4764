"""Who may see and change which dossiers: a unit its own (and its sub-units'), the office,
council members and leaders every one; only the unit edits its dossier's content."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from thidua.awards.dossiers import Dossier
from thidua.awards.records import Attachment
from thidua.org.access import unit_scope
from thidua.org.models import User


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(unit_scope(user)).select_related("campaign", "unit")


def get_dossier_for_user(user: User, pk: int) -> Dossier:
    try:
        return visible_dossiers(user).get(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None


def can_edit_content(user: User, dossier: Dossier) -> bool:
    """Nominations and files are the unit's work (the office reads and appraises them)."""
    return (
        user.is_authenticated
        and user.role == User.Role.UNIT
        and user.unit is not None
        and dossier.unit.path.startswith(user.unit.path)
    )


def get_attachment_for_user(user: User, pk: int) -> Attachment:
    try:
        return Attachment.objects.select_related("dossier__unit").get(
            pk=pk, dossier__in=visible_dossiers(user)
        )
    except Attachment.DoesNotExist:
        raise Http404("Không tìm thấy tệp.") from None
