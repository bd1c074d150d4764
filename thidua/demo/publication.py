"""The demo's publications (issue 11): the two signed decisions (2150/QĐ-UBND of huyện Hòa
Phong, 45/QĐ-UBND of xã Ân Mỹ) on the honor board, each awardee with a generated portrait
(initials on a plain background), and the radio announcement of each, drafted; so the board
at /bang-vang/ is not empty after `make run`. And the Lộc Ninh campaign's proposed list put
out for comment from Monday 02/12/2024 over 05 working days, with two comments (one handled)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.awards.records import Decision
from thidua.campaigns.models import Campaign
from thidua.lib.audit import acting_as
from thidua.org.models import User
from thidua.portal import photos, radio, services
from thidua.portal.models import Announcement, Comment

# Who publishes each decision: xã Ân Mỹ's own office account for its decision; the
# district's history, like the rest of the demo, is the administrator's (the district's
# office account works only until 30/6/2025).
PUBLISHERS = {"2150": "quantri", "45": "vanphong"}


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
    _comment_list(counts)


COMMENT_CAMPAIGN = "loc-ninh-2024-2025"
COMMENT_START = dt.date(2024, 12, 2)
HANDLED_AFTER = dt.timedelta(days=4)
COMMENTS = (
    ("Trần Văn Sáu", "", "Tôi đồng ý với danh sách đề nghị khen thưởng của huyện.", True),
    (
        "Nguyễn Thị Mười",
        "0905 123 456",
        "Đề nghị xem xét thêm thành tích của Bộ phận Một cửa xã Ân Hảo năm 2024.",
        False,
    ),
)


def _comment_list(counts: dict[str, int]) -> None:
    campaign = Campaign.objects.filter(template_key=COMMENT_CAMPAIGN).order_by("pk").first()
    office = User.objects.filter(username=PUBLISHERS["2150"]).first()
    if campaign is None or office is None:
        return
    nominations = services.proposed_nominations(campaign)
    if not nominations:
        return
    with acting_as(office):
        publication = services.draft_for_comment(
            campaign, [n.pk for n in nominations], 5, user=office
        )
        services.publish(publication, today=COMMENT_START)
        publication.refresh_from_db()
        for offset, (name, contact, text, handled) in enumerate(COMMENTS, start=1):
            comment = services.receive_comment(
                publication, name=name, contact=contact, text=text, today=COMMENT_START
            )
            received = timezone.make_aware(dt.datetime(2024, 12, 2 + offset, 9, 30))
            Comment.objects.filter(pk=comment.pk).update(received_at=received)
            if handled:
                comment.refresh_from_db()
                services.mark_handled(comment, user=office)
                Comment.objects.filter(pk=comment.pk).update(handled_at=received + HANDLED_AFTER)
    counts["publications"] = counts.get("publications", 0) + 1
