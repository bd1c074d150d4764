"""The office's pages: what to publish from a signed decision or a campaign's proposed list,
each publication's items (achievement, position, unit, photo), publish and withdraw, the
public's comments (list, Excel, handled), the radio announcement."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.awards.in_force import revocation_notes
from thidua.awards.records import Decision
from thidua.campaigns import access as campaign_access
from thidua.lib import uploads, xlsx
from thidua.lib.http import download, whole_number
from thidua.portal import access, radio, services
from thidua.portal.access import office_only
from thidua.portal.forms import AnnouncementForm, CommentDaysForm, ItemForm, PublicationForm
from thidua.portal.models import Announcement, Comment, Publication

PUBLICATION_COLUMNS = (
    xlsx.Column("Tiêu đề", lambda p: p.title),
    xlsx.Column("Loại", lambda p: p.get_kind_display()),
    xlsx.Column("Phong trào", lambda p: p.campaign.name),
    xlsx.Column("Năm", lambda p: p.year),
    xlsx.Column("Quyết định", lambda p: str(p.decision) if p.decision else ""),
    xlsx.Column("Trạng thái", lambda p: p.get_status_display()),
    xlsx.Column("Công bố lúc", lambda p: p.published_at),
    xlsx.Column("Hết hạn góp ý", lambda p: p.closes_on),
    xlsx.Column("Số gương điển hình", lambda p: p.items.count()),
)
COMMENT_COLUMNS = (
    xlsx.Column("Nhận lúc", lambda c: c.received_at),
    xlsx.Column("Họ và tên", lambda c: c.name),
    xlsx.Column("Liên hệ", lambda c: c.contact),
    xlsx.Column("Nội dung", lambda c: c.text),
    xlsx.Column("Đã xử lý", lambda c: c.handled),
    xlsx.Column("Xử lý lúc", lambda c: c.handled_at),
)


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [
        value
        for raw in request.POST.getlist(name)
        if (value := whole_number(raw, low=1, high=2**63 - 1)) is not None
    ]


@office_only
def publication_list(request: HttpRequest) -> HttpResponse:
    publications = access.office_publications(request.user).order_by("-created_at", "-pk")
    signed = (
        campaign_access.visible_campaigns(request.user).filter(decisions__status="da_ky").distinct()
    )
    decisions = Decision.objects.filter(
        status=Decision.Status.SIGNED, campaign__in=signed
    ).select_related("campaign")
    return render(
        request,
        "portal/publication_list.html",
        {"publications": publications, "decisions": decisions, "campaigns": signed},
    )


@office_only
def publication_list_xlsx(request: HttpRequest) -> HttpResponse:
    publications = access.office_publications(request.user).order_by("-created_at", "-pk")
    return xlsx.export(request, "Nội dung công bố công khai", PUBLICATION_COLUMNS, publications)


@office_only
def from_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = access.get_signed_decision(request.user, decision_id)
    existing = services.honor_publication_of(decision)
    if existing is not None:  # one honor publication per decision: open the one there is
        messages.info(request, services.already_published(existing))
        return redirect("portal:publication", pk=existing.pk)
    awards = services.decision_awards(decision)
    if request.method == "POST":
        try:
            publication = services.draft_from_decision(
                decision, _ids(request, "award"), user=request.user
            )
            messages.success(
                request,
                "Đã lập nội dung công bố (chưa công khai): kiểm tra thành tích, thêm ảnh rồi "
                "bấm “Công bố”.",
            )
            return redirect("portal:publication", pk=publication.pk)
        except services.PublicationError as e:
            messages.error(request, str(e))
    return render(
        request,
        "portal/from_decision.html",
        {
            "decision": decision,
            "awards": awards,
            "existing": decision.publications.all(),
        },
    )


@office_only
def for_comment(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_access.get_campaign_for_user(request.user, campaign_id, manage=True)
    nominations = services.proposed_nominations(campaign)
    form = CommentDaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.draft_for_comment(
                campaign,
                _ids(request, "nomination"),
                form.cleaned_data["days"],
                user=request.user,
            )
            messages.success(request, "Đã lập danh sách lấy ý kiến (chưa công khai).")
            return redirect("portal:publication", pk=publication.pk)
        except services.PublicationError as e:
            messages.error(request, str(e))
    return render(
        request,
        "portal/for_comment.html",
        {"campaign": campaign, "nominations": nominations, "form": form},
    )


@office_only
def publication_page(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication(request.user, pk)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu.")
        return redirect("portal:publication", pk=publication.pk)
    items = list(publication.items.all())
    notes = revocation_notes(publication.decision) if publication.decision_id else {}
    for item in items:  # withdrawn from the public by the revocation of its award
        item.withdrawn = notes.get(item.award_id, "")
    return render(
        request,
        "portal/publication.html",
        {
            "publication": publication,
            "items": items,
            "form": form,
            "comments": publication.comments.count(),
        },
    )


@require_POST
@office_only
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication(request.user, pk)
    try:
        services.publish(publication)
        messages.success(request, "Đã công bố: nội dung hiện trên trang công khai.")
    except services.PublicationError as e:
        messages.error(request, str(e))
    return redirect("portal:publication", pk=publication.pk)


@require_POST
@office_only
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication(request.user, pk)
    try:
        services.withdraw(publication)
        messages.success(request, "Đã gỡ: nội dung không còn trên trang công khai.")
    except services.PublicationError as e:
        messages.error(request, str(e))
    return redirect("portal:publication", pk=publication.pk)


@office_only
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item(request.user, pk)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            previous = item.photo_path
            item = form.save(commit=False)
            stored = getattr(form, "stored_photo", None)
            if stored:
                item.photo_kind, item.photo_path = stored
            item.save()
            if stored and previous and previous != item.photo_path:
                transaction.on_commit(lambda: uploads.remove_files([previous]))
        messages.success(request, "Đã lưu.")
        return redirect("portal:publication", pk=item.publication_id)
    return render(request, "portal/item.html", {"item": item, "form": form})


@office_only
def item_photo(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item(request.user, pk)
    if not item.photo_path:
        raise Http404("Không có ảnh.")
    response = uploads.serve(item.photo_path, download_name=f"anh-{pk}.jpg", kind=item.photo_kind)
    response["Content-Disposition"] = "inline"
    return response


@office_only
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication(request.user, pk)
    if publication.kind != Publication.Kind.COMMENT:
        raise Http404("Nội dung này không lấy ý kiến.")
    return render(
        request,
        "portal/comments.html",
        {"publication": publication, "comments": publication.comments.select_related("handled_by")},
    )


@office_only
def comments_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication(request.user, pk)
    return xlsx.export(
        request,
        f"Ý kiến của nhân dân — {publication.title}",
        COMMENT_COLUMNS,
        publication.comments.all(),
    )


@require_POST
@office_only
def comment_handled(request: HttpRequest, pk: int) -> HttpResponse:
    comment: Comment = access.get_comment(request.user, pk)
    services.mark_handled(comment, user=request.user, handled=request.POST.get("xong") != "0")
    messages.success(request, "Đã cập nhật ý kiến.")
    return redirect("portal:comments", pk=comment.publication_id)


@office_only
def announcement(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = access.get_signed_decision(request.user, decision_id)
    saved = Announcement.objects.filter(decision=decision).first()
    form = AnnouncementForm(
        request.POST or None,
        instance=saved,
        initial={} if saved else {"text": radio.draft(decision)},
    )
    if request.method == "POST" and form.is_valid():
        announcement = form.save(commit=False)
        announcement.decision = decision
        if announcement.created_by_id is None:
            announcement.created_by = request.user
        announcement.save()
        messages.success(request, "Đã lưu thông báo.")
        return redirect("portal:announcement", decision_id=decision.pk)
    return render(
        request,
        "portal/announcement.html",
        {"decision": decision, "form": form, "saved": saved},
    )


@office_only
def announcement_file(request: HttpRequest, decision_id: int, fmt: str) -> HttpResponse:
    decision = access.get_signed_decision(request.user, decision_id)
    text = radio.text_of(decision)
    name = f"thong-bao-truyen-thanh-{decision.number or decision.pk}"
    if fmt == "txt":
        response = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.txt"'
        return response
    return download(radio.docx_bytes(decision, text), f"{name}.docx")
