"""Who may see and change which dossiers: a unit its own (and its sub-units'), the office,
council members and leaders every one; only the unit edits its dossier's content.

Who may read the documents of an award chain — the council's sessions and minutes, the
decision (page, .docx) and its certificates: one rule for all of them (``reads_chain``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.http import Http404

from thidua.awards.dossiers import Dossier
from thidua.awards.records import Attachment, CouncilMember
from thidua.org.access import unit_scope
from thidua.org.models import User

if TYPE_CHECKING:
    from thidua.campaigns.models import Campaign


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


def reads_chain(user: User, campaign: Campaign) -> bool:
    """Whether ``user`` reads the documents of ``campaign``'s award chain: its sessions and
    minutes, its decisions (page, .docx) and their certificates — all of them or none.

    The office and leaders read every chain; a council member reads the chains of the
    issuer whose Hội đồng Thi đua – Khen thưởng they sit or sat on (xã Ân Mỹ's members
    read xã Ân Mỹ's minutes and decisions, not another commune's, nor the district's);
    unit accounts read none (the awardee's unit gets the decision through Nơi nhận)."""
    if not user.is_authenticated:
        return False
    if user.is_office or user.role == User.Role.LEADER:
        return True
    if user.role != User.Role.COUNCIL or not campaign.issuing_unit_id:
        return False
    return CouncilMember.objects.filter(
        user=user, council__issuing_unit_id=campaign.issuing_unit_id
    ).exists()


# -- after the decision (issue 11) ---------------------------------------------------------


def _former_unit_scope(user: User, person: str) -> Q:
    """The awards of people a merger moved away from the user's unit, for the years that
    unit still existed (``Person.former_unit`` and its ``valid_to``): the unit at the time
    of the award is the one that reads them, as ``portal.services.unit_in_year`` reads it."""
    if user.sees_everything:
        return Q()
    return unit_scope(user, f"{person}former_unit") & Q(
        **{
            f"{person}former_unit__valid_to__isnull": False,
            f"{person.removesuffix('person__')}year__lte": F(
                f"{person}former_unit__valid_to__year"
            ),
        }
    )


def visible_awards(user: User):  # type: ignore[no-untyped-def]
    """The register of awards a user reads: every award for the office, council and
    leaders; a unit its own and its sub-units' (and their people's) — by the unit at the
    time of the award: a person who later moved still counts for the former unit."""
    from thidua.scoring.access import visible_facts
    from thidua.scoring.models import Award

    mine = visible_facts(user, Award)
    if not user.is_authenticated or user.sees_everything:
        return mine
    return mine | Award.objects.filter(_former_unit_scope(user, "person__"))


def honouring_decisions(user: User):  # type: ignore[no-untyped-def]
    """Signed decisions with an awardee — a collective or a person — in the user's unit's
    subtree at the time of the award (every signed decision for those who see everything)."""
    from thidua.awards.records import Decision

    signed = Decision.objects.filter(status=Decision.Status.SIGNED)
    if not user.is_authenticated:
        return signed.none()
    if user.sees_everything:
        return signed
    scope = (
        unit_scope(user, "awards__unit")
        | unit_scope(user, "awards__person__unit")
        # the unit at the time of the award: the nomination's dossier, the former unit
        | unit_scope(user, "awards__nomination__dossier__unit")
        | _former_unit_scope(user, "awards__person__")
    )
    ids = signed.filter(scope).values("pk")
    return signed.filter(pk__in=ids)


def get_honouring_decision(user: User, pk: int):  # type: ignore[no-untyped-def]
    from thidua.awards.records import Decision

    try:
        return honouring_decisions(user).select_related("campaign__issuing_unit").get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404("Không tìm thấy quyết định.") from None
