"""The demo's campaigns, made their issuers' own the way an office makes a template its own
(campaigns.ownership.make_own, as the create page does): the issuer's header, place, number
and date, the plan's basis, the issuer's chairman as signer (a Person of the demo: the same
name on the plan, the decisions and the Tờ trình), the unit that receives the dossiers —
then issued through the service that refuses a plan with no number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from thidua.campaigns.models import Campaign
from thidua.campaigns.ownership import OwnChoices
from thidua.campaigns.services import campaign_create_from_template, campaign_issue
from thidua.org.models import Person, Unit, User


def chairman_of(unit: Unit) -> Person:
    """The issuer's chairman: the person of the unit itself who chairs it ("Chủ tịch UBND …")."""
    people = Person.objects.filter(unit=unit, position__startswith="Chủ tịch UBND")
    chair = people.filter(unit_chair=True).first() or people.order_by("code").first()
    if chair is None:
        raise LookupError(f"{unit.name} chưa có Chủ tịch trong dữ liệu mẫu.")
    return chair


def own_campaign(
    key: str,
    issuer: Unit,
    *,
    user: User,
    start_year: int,
    number: str,
    date: dt.date,
    place: str,
    parent_reference: str = "",
    receiving_unit: str = "",
) -> Campaign:
    """A draft campaign from template ``key`` made ``issuer``'s own."""
    choices = OwnChoices(
        issuing_unit=issuer,
        start_year=start_year,
        number=number,
        date=date,
        place=place,
        signer_title="chu-tich",
        signer_name=chairman_of(issuer).full_name,
        parent_reference=parent_reference,
        receiving_unit=receiving_unit,
    )
    return campaign_create_from_template(
        key=key, name="", issuing_unit=issuer, user=user, own=choices
    )


def issue(campaign: Campaign, *, user: User, on: dt.date, **extra: Any) -> Campaign:
    """Issued by the service (a plan without a number is refused), dated ``on``."""
    campaign_issue(campaign, user=user)
    issued_at = timezone.make_aware(dt.datetime.combine(on, dt.time(8)))
    Campaign.objects.filter(pk=campaign.pk).update(issued_at=issued_at, **extra)
    campaign.refresh_from_db()
    return campaign
