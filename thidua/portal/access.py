"""Who reaches what in the publication app.

The public (no login) reads only what is published: items of a publication whose status is
"đang công bố", their photos included; anything else is 404, as if it did not exist.
Everything else is the office's (the campaign office or an administrator): other roles 403,
the anonymous are sent to log in (login_required before office_only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from thidua.awards.in_force import revoked_exists
from thidua.awards.records import Decision
from thidua.campaigns import access as campaign_access
from thidua.portal.models import Comment, Publication, PublicationItem

REFUSED = "Chỉ cơ quan thường trực công bố nội dung ra công chúng."


def office_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_office:
            raise PermissionDenied(REFUSED)
        return view(request, *args, **kwargs)

    return wrapped


def public_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


def in_force(items: QuerySet[PublicationItem]) -> QuerySet[PublicationItem]:
    """Items whose award has not been revoked: the public never sees a revoked one."""
    return items.exclude(revoked_exists("award__"))


def public_items(kind: str = Publication.Kind.HONOR) -> QuerySet[PublicationItem]:
    return in_force(
        PublicationItem.objects.filter(
            publication__status=Publication.Status.PUBLISHED, publication__kind=kind
        )
    ).select_related("publication__campaign")


def get_public_item(pk: int, *, any_kind: bool = False) -> PublicationItem:
    items = in_force(
        PublicationItem.objects.filter(publication__status=Publication.Status.PUBLISHED)
    )
    if not any_kind:
        items = items.filter(publication__kind=Publication.Kind.HONOR)
    try:
        return items.select_related("publication__campaign").get(pk=pk)
    except PublicationItem.DoesNotExist:
        raise Http404("Không tìm thấy nội dung đã công bố.") from None


def office_publications(user: Any) -> QuerySet[Publication]:
    """The publications of the campaigns the office sees."""
    campaigns = campaign_access.visible_campaigns(user)
    return Publication.objects.filter(campaign__in=campaigns).select_related("campaign", "decision")


def get_publication(user: Any, pk: int) -> Publication:
    return get_object_or_404(office_publications(user), pk=pk)


def get_item(user: Any, pk: int) -> PublicationItem:
    return get_object_or_404(
        PublicationItem.objects.filter(publication__in=office_publications(user)).select_related(
            "publication"
        ),
        pk=pk,
    )


def get_comment(user: Any, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.filter(publication__in=office_publications(user)), pk=pk
    )


def get_signed_decision(user: Any, pk: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("campaign__issuing_unit"), pk=pk)
    campaign_access.get_campaign_for_user(user, decision.campaign_id)
    if decision.status != Decision.Status.SIGNED:
        raise Http404("Quyết định chưa ký: chưa công bố được.")
    return decision
