"""Writes of the publication app: drafting a publication from a signed decision or from a
campaign's proposed list, publishing (the comment window in working days), withdrawing,
receiving a comment. Multi-row writes are transactions; the audit trail records each row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from thidua.awards.dossiers import State
from thidua.awards.records import Decision, DecisionAward, Nomination
from thidua.campaigns.models import Campaign
from thidua.law.clocks import add_working_days
from thidua.org.models import Person, Unit, User
from thidua.portal.models import Comment, Publication, PublicationItem

# The states in which a dossier's nominations make the proposed list: found eligible by the
# appraisal and not yet decided by the council.
PROPOSED_STATES = (State.ELIGIBLE, State.TO_COUNCIL)
# The comment window the form proposes when the office has set none before; the office
# types the number each time (no text of the law fixes it for the commune and district).
DEFAULT_COMMENT_DAYS = 5
MAX_COMMENT_DAYS = 60


class PublicationError(Exception):
    """A refusal, in Vietnamese."""


def unit_in_year(person: Person, year: int) -> Unit:
    """The person's unit in the year of the achievement: the unit a merger moved them from
    while it existed, else the present one."""
    former = person.former_unit
    if former is not None and former.valid_to is not None and year <= former.valid_to.year:
        return former
    return person.unit


def _public_fields(subject: Unit | Person | None, year: int) -> dict[str, str]:
    """Name, position and unit: nothing else of a person ever leaves the record."""
    if isinstance(subject, Person):
        return {
            "name": subject.full_name,
            "position": subject.position,
            "unit_name": unit_in_year(subject, year).name,
        }
    if isinstance(subject, Unit):
        parent = subject.parent.name if subject.parent_id else ""
        return {"name": subject.name, "position": "", "unit_name": parent}
    return {"name": "", "position": "", "unit_name": ""}


def _intro(decision: Decision) -> str:
    about = decision.title.strip().rstrip(".")
    for prefix in ("Về việc ", "về việc "):
        about = about.removeprefix(prefix)
    signed = f" ngày {decision.signed_on:%d/%m/%Y}" if decision.signed_on else ""
    return f"Theo {decision}{signed} về việc {about}."[:3000]


def decision_awards(decision: Decision) -> list[DecisionAward]:
    return list(
        decision.awards.select_related(
            "person__unit", "person__former_unit", "unit__parent", "form", "nomination"
        ).order_by("pk")
    )


def honor_publication_of(decision: Decision) -> Publication | None:
    return Publication.objects.filter(decision=decision, kind=Publication.Kind.HONOR).first()


def already_published(publication: Publication) -> str:
    return (
        f"Quyết định này đã có nội dung công bố trên bảng vàng "
        f"(“{publication.title}”, {publication.get_status_display().lower()}): "
        "mỗi quyết định chỉ công bố một lần — sửa nội dung đã có."
    )


@transaction.atomic
def draft_from_decision(decision: Decision, award_ids: Iterable[int], *, user: User) -> Publication:
    if decision.status != Decision.Status.SIGNED:
        raise PublicationError("Chỉ công bố được quyết định đã ký.")
    Decision.objects.select_for_update().filter(pk=decision.pk).first()  # one drafter at a time
    existing = honor_publication_of(decision)
    if existing is not None:
        raise PublicationError(already_published(existing))
    wanted = set(award_ids)
    awards = [a for a in decision_awards(decision) if a.pk in wanted]
    if not awards:
        raise PublicationError("Chọn ít nhất một tập thể hoặc cá nhân để công bố.")
    publication = Publication.objects.create(
        kind=Publication.Kind.HONOR,
        campaign=decision.campaign,
        decision=decision,
        year=max(a.year for a in awards),
        title=f"Gương điển hình tiên tiến — {decision.campaign.name}"[:300],
        intro=_intro(decision),
        created_by=user,
    )
    for order, award in enumerate(awards, start=1):
        summary = award.nomination.summary if award.nomination else ""
        PublicationItem.objects.create(
            publication=publication,
            award=award,
            nomination=award.nomination,
            form_label=str(award.form),
            achievement=summary,
            order=order,
            **_public_fields(award.subject, award.year),
        )
    return publication


def proposed_nominations(campaign: Campaign) -> list[Nomination]:
    return list(
        Nomination.objects.filter(dossier__campaign=campaign, dossier__state__in=PROPOSED_STATES)
        .select_related("person__unit", "unit__parent", "form", "dossier")
        .order_by("dossier__unit__name", "pk")
    )


@transaction.atomic
def draft_for_comment(
    campaign: Campaign, nomination_ids: Iterable[int], days: int, *, user: User
) -> Publication:
    if not 1 <= days <= MAX_COMMENT_DAYS:
        raise PublicationError(f"Số ngày làm việc lấy ý kiến phải từ 1 đến {MAX_COMMENT_DAYS}.")
    wanted = set(nomination_ids)
    nominations = [n for n in proposed_nominations(campaign) if n.pk in wanted]
    if not nominations:
        raise PublicationError("Chọn ít nhất một tập thể hoặc cá nhân trong danh sách đề nghị.")
    publication = Publication.objects.create(
        kind=Publication.Kind.COMMENT,
        campaign=campaign,
        year=max(n.dossier.year for n in nominations),
        title=f"Lấy ý kiến nhân dân về danh sách đề nghị khen thưởng — {campaign.name}"[:300],
        comment_days=days,
        created_by=user,
    )
    for order, nomination in enumerate(nominations, start=1):
        PublicationItem.objects.create(
            publication=publication,
            nomination=nomination,
            form_label=str(nomination.form),
            achievement=nomination.summary,
            order=order,
            **_public_fields(nomination.subject, nomination.dossier.year),
        )
    return publication


def comment_window(start: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """From the day of publication to the ``days``-th working day after it (inclusive)."""
    return start, add_working_days(start, days)


@transaction.atomic
def publish(publication: Publication, *, today: dt.date | None = None) -> None:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status == Publication.Status.PUBLISHED:
        raise PublicationError("Nội dung này đang được công bố.")
    if not publication.items.exists():
        raise PublicationError("Không có ai trong danh sách để công bố.")
    today = today or timezone.localdate()
    if publication.kind == Publication.Kind.COMMENT:
        publication.opens_on, publication.closes_on = comment_window(
            today, publication.comment_days or DEFAULT_COMMENT_DAYS
        )
    publication.status = Publication.Status.PUBLISHED
    publication.published_at = timezone.now()
    publication.withdrawn_at = None
    publication.save()


@transaction.atomic
def withdraw(publication: Publication) -> None:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Publication.Status.PUBLISHED:
        raise PublicationError("Nội dung này không đang được công bố.")
    publication.status = Publication.Status.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.save()


def receive_comment(
    publication: Publication, *, name: str, contact: str, text: str, today: dt.date | None = None
) -> Comment:
    today = today or timezone.localdate()
    if not publication.accepts_comments(today):
        closes = publication.closes_on
        raise PublicationError(
            f"Đã hết thời hạn góp ý (đến hết ngày {closes:%d/%m/%Y}); ý kiến không được nhận."
            if closes and today > closes
            else "Danh sách này hiện không nhận ý kiến góp ý."
        )
    return Comment.objects.create(publication=publication, name=name, contact=contact, text=text)


def mark_handled(comment: Comment, *, user: User, handled: bool = True) -> None:
    comment.handled = handled
    comment.handled_at = timezone.now() if handled else None
    comment.handled_by = user if handled else None
    comment.save()
