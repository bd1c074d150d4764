"""The demo's publications (issue 11): the two signed decisions (2150/QĐ-UBND of huyện Hòa
Phong, 45/QĐ-UBND of xã Ân Mỹ) on the honor board, each awardee with a generated portrait
(initials on a plain background), and the radio announcement of each, drafted; so the board
at /bang-vang/ is not empty after `make run`."""

from __future__ import annotations

from thidua.awards.records import Decision
from thidua.lib.audit import acting_as
from thidua.org.models import User
from thidua.portal import photos, radio, services
from thidua.portal.models import Announcement

# The office that publishes each decision (the issuer's own office account).
PUBLISHERS = {"2150": "noivu", "45": "vanphong"}


def build(counts: dict[str, int]) -> None:
    signed = Decision.objects.filter(
        status=Decision.Status.SIGNED, number__in=PUBLISHERS
    ).select_related("campaign__issuing_unit")
    index = 0
    for decision in signed.order_by("signed_on", "pk"):
        office = User.objects.filter(username=PUBLISHERS[decision.number]).first()
        if office is None:
            continue
        with acting_as(office):
            awards = services.decision_awards(decision)
            publication = services.draft_from_decision(
                decision, [a.pk for a in awards], user=office
            )
            for item in publication.items.all():
                item.photo_kind, item.photo_path = photos.placeholder_photo(item.name, index)
                item.save()
                index += 1
            services.publish(publication, today=decision.signed_on)
            Announcement.objects.create(
                decision=decision, text=radio.draft(decision), created_by=office
            )
        counts["publications"] = counts.get("publications", 0) + 1
