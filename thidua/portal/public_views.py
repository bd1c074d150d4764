"""The public's pages (no login): the honor board, one example, its photo, a proposed list
open for comment, the Atom feed. Only published items; nothing but name, position, unit,
award and achievement."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import never_cache

from thidua.lib import uploads
from thidua.lib.http import query_id, query_text, whole_number
from thidua.lib.vietnamese import search_q
from thidua.portal import access, services
from thidua.portal.forms import CommentForm
from thidua.portal.models import Publication, PublicationItem

PER_PAGE = 12


def _choices() -> tuple[list[tuple[int, str]], list[int]]:
    published = access.public_publications().filter(kind=Publication.Kind.HONOR)
    campaigns = sorted(
        {(p.campaign_id, p.campaign.name) for p in published.select_related("campaign")},
        key=lambda c: c[1],
    )
    years = sorted(set(published.values_list("year", flat=True)), reverse=True)
    return campaigns, years


def honor_board(request: HttpRequest) -> HttpResponse:
    items = access.public_items()
    campaign = query_id(request, "phong_trao")
    year = whole_number(request.GET.get("nam"), low=1900, high=2200)
    query = query_text(request, "q", max_length=100)
    if campaign:
        items = items.filter(publication__campaign_id=campaign)
    if year:
        items = items.filter(publication__year=year)
    if query:
        items = items.filter(search_q(query))
    items = items.order_by("-publication__year", "-publication__published_at", "order", "pk")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    campaigns, years = _choices()
    base = request.GET.copy()
    base.pop("page", None)
    return render(
        request,
        "portal/honor-board.html",
        {
            "page": page,
            "items": page.object_list,
            "campaigns": campaigns,
            "years": years,
            "campaign": campaign,
            "year": year,
            "query": query,
            "querystring_base": f"{base.urlencode()}&" if base else "",
            "today": timezone.localdate(),
            "open_lists": access.public_publications()
            .filter(kind=Publication.Kind.COMMENT)
            .order_by("-published_at"),
        },
    )


def example(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_public_item(item_id)
    return render(request, "portal/example.html", {"item": item})


def photo(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_public_item(item_id, any_kind=True)
    if not item.photo_path:
        raise Http404("Không có ảnh.")
    response = uploads.serve(
        item.photo_path, download_name=f"anh-{item.pk}.jpg", kind=item.photo_kind
    )
    response["Content-Disposition"] = "inline"
    return response


@never_cache
def comment_page(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = get_object_or_404(
        access.public_publications().filter(kind=Publication.Kind.COMMENT), pk=publication_id
    )
    form = CommentForm(request.POST or None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.receive_comment(
                publication,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                text=form.cleaned_data["text"],
            )
            return redirect(reverse("portal:comment", args=[publication.pk]) + "?da_gui=1")
        except services.PublicationError as e:
            refused = str(e)
    elif not publication.accepts_comments():
        refused = (
            f"Đã hết thời hạn góp ý (đến hết ngày {publication.closes_on:%d/%m/%Y})."
            if publication.closes_on
            else ""
        )
    return render(
        request,
        "portal/comment.html",
        {
            "publication": publication,
            "items": access.in_force(publication.items.all()),
            "form": form,
            "refused": refused,
            "sent": request.GET.get("da_gui") == "1",
            "open": publication.accepts_comments(),
        },
    )


class PublicationFeed(Feed):
    """Atom feed of what is published (the honor board's and the lists for comment)."""

    feed_type = Atom1Feed
    title = "Bảng vàng — gương điển hình tiên tiến"
    subtitle = "Các nội dung khen thưởng được công bố công khai"
    author_name = "Cơ quan thường trực Hội đồng Thi đua – Khen thưởng"

    def link(self) -> str:
        return reverse("portal:honor-board")

    def items(self) -> Any:
        # A publication whose every item was revoked leaves the feed with them.
        shown = access.in_force(PublicationItem.objects.all()).values("publication_id")
        return (
            access.public_publications()
            .filter(pk__in=shown)
            .select_related("campaign")
            .order_by("-published_at")[:50]
        )

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        names = ", ".join(i.name for i in access.in_force(item.items.all())[:30])
        text = f"{item.intro} {names}".strip()
        if item.kind == Publication.Kind.COMMENT and item.closes_on:
            text += f" — Nhận ý kiến đến hết ngày {item.closes_on:%d/%m/%Y}."
        return text

    def item_link(self, item: Publication) -> str:
        if item.kind == Publication.Kind.COMMENT:
            return reverse("portal:comment", args=[item.pk])
        return reverse("portal:honor-board") + f"?phong_trao={item.campaign_id}&nam={item.year}"

    def item_guid(self, item: Publication) -> str:
        return f"tag:thidua,{item.created_at:%Y-%m-%d}:cong-bo/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Publication) -> Any:
        return item.published_at

    def item_updateddate(self, item: Publication) -> Any:
        return item.updated_at
