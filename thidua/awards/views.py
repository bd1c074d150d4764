"""Dossiers on screen: the unit assembles and submits; the office receives, asks for more,
appraises beside the engine's verdicts and sends to the council."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from thidua.awards import access, numbering, services
from thidua.awards.dossiers import (
    State,
    TransitionError,
    allowed_moves,
    move,
    review_withheld,
)
from thidua.awards.forms import AttachmentForm, NominationForm
from thidua.awards.records import Nomination
from thidua.campaigns import access as campaign_access
from thidua.campaigns import evaluations
from thidua.campaigns.models import EvaluationRow
from thidua.documents import dossier_docs
from thidua.lib.http import MAX_ID, download, query_text, requested_year, whole_number
from thidua.lib.paging import paginate
from thidua.lib.uploads import serve
from thidua.lib.vietnamese import fold
from thidua.org.models import Person, User
from thidua.scoring.models import Award


@login_required
def unit_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's dossier of a year in a campaign: opened on the first POST."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    user: User = request.user
    if user.role != User.Role.UNIT or user.unit is None:
        raise PermissionDenied("Chỉ tài khoản đơn vị lập hồ sơ đề nghị cho đơn vị mình.")
    year = requested_year(request, campaign.template.years)
    dossier = campaign.dossiers.filter(unit=user.unit, year=year).first()
    refusal = services.participation_refusal(campaign, user.unit)
    if request.method == "POST" and dossier is None:
        try:
            dossier = services.dossier_for(campaign, user.unit, year)
        except services.DossierError as e:
            messages.error(request, str(e))
    if dossier is not None:
        return redirect("awards:dossier", dossier_id=dossier.pk)
    return render(
        request,
        "awards/dossier_start.html",
        {"campaign": campaign, "year": year, "unit": user.unit, "refusal": refusal},
    )


def desk_dossiers(request: HttpRequest, campaign: Any, state: str) -> Any:
    """The office's desk: the campaign's dossiers the user sees, by state (`state` if any)."""
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem mọi hồ sơ.")
    dossiers = (
        access.visible_dossiers(request.user)
        .filter(campaign=campaign)
        .select_related("unit")
        .annotate(n_nominations=Count("nominations"))
        .order_by("state", "unit__path")
    )
    return dossiers.filter(state=state) if state else dossiers


@login_required
def campaign_dossiers(request: HttpRequest, pk: int) -> HttpResponse:
    """Every dossier of a campaign, by state: the office's desk."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    state = query_text(request, "trang_thai", max_length=30)
    dossiers = desk_dossiers(request, campaign, state)  # refuses a unit account
    paged = paginate(request, dossiers)
    return render(
        request,
        "awards/dossier_list.html",
        {
            **paged,
            "campaign": campaign,
            "dossiers": paged["page"].object_list,
            "states": State.choices,
            "state": state,
        },
    )


def _verdicts(dossier: Any, nominations: list[Nomination]) -> dict[int, dict[str, Any]]:
    """The engine's verdict on each nomination that names a scheme of the campaign: the
    stored rows of these nominees only (campaigns.evaluations)."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for n in nominations:
        subject = n.subject
        if n.scheme_key and subject is not None:
            wanted.setdefault((n.scheme_key, subject.code), []).append(n.pk)
    if not wanted:
        return {}
    try:
        stored = evaluations.ensure(dossier.campaign, dossier.year)
    except ValueError:
        return {}
    rows = EvaluationRow.objects.filter(
        evaluation=stored.evaluation,
        scheme_key__in={key for key, _ in wanted},
        code__in={code for _, code in wanted},
    ).values_list("scheme_key", "code", "doc")
    found = {}
    for key, code, doc in rows:
        for pk in wanted.get((key, code), []):
            found[pk] = doc
    return found


def _nomination_form(dossier: Any, data: Any = None) -> NominationForm:
    unit = dossier.unit
    return NominationForm(
        data,
        units=unit.subtree(),
        people=Person.objects.filter(unit__path__startswith=unit.path),
        schemes=dossier.campaign.template.schemes,
    )


def _attachment_form(dossier: Any, data: Any = None, files: Any = None) -> AttachmentForm:
    return AttachmentForm(data, files, components=dossier.campaign.template.dossier.components)


def _render_dossier(
    request: HttpRequest,
    dossier: Any,
    *,
    nomination_form: NominationForm | None = None,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dossier page; a form that failed comes back bound, with what was typed."""
    campaign = dossier.campaign
    editable = access.can_edit_content(request.user, dossier) and dossier.state in services.EDITABLE
    nominations = list(dossier.nominations.select_related("unit", "person", "form", "override_by"))
    for nomination in nominations:  # the name of its drafted Báo cáo thành tích
        nomination.report_name = f"bao-cao-{nomination.pk}.docx"
    components = campaign.template.dossier.components
    attachments = list(dossier.attachments.all())
    known = {c.key for c in components}
    context = {
        "dossier": dossier,
        "campaign": campaign,
        "nominations": nominations,
        "verdicts": _verdicts(dossier, nominations),
        "attachments": attachments,
        # "Tài liệu khác", and files of a component the plan no longer lists.
        "other_attachments": [a for a in attachments if a.component not in known],
        "components": components,
        "copies": campaign.template.dossier.copies,
        "missing": services.missing_components(dossier),
        "transitions": dossier.transitions.select_related("actor"),
        "moves": allowed_moves(dossier, request.user),
        "review_withheld": review_withheld(dossier, request.user),
        "editable": editable,
        "deadline": dossier.deadline(),
        "appraising": dossier.state == State.APPRAISING and request.user.is_office,
        "forwardable": services.FORWARDABLE,
        "higher": {
            n.pk: services.higher_level_text(n, timezone.localdate())
            for n in nominations
            if n.higher_level and not n.forwarded_to_id
        },
    }
    if editable:
        context["nomination_form"] = nomination_form or _nomination_form(dossier)
        context["attachment_form"] = attachment_form or _attachment_form(dossier)
    return render(request, "awards/dossier_detail.html", context, status=status)


@login_required
def dossier_detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _render_dossier(request, access.get_dossier_for_user(request.user, dossier_id))


@require_POST
@login_required
def dossier_move(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = access.get_dossier_for_user(request.user, dossier_id)
    target = request.POST.get("target", "")
    reason = request.POST.get("reason", "")
    today = timezone.localdate()
    try:
        if target == State.SUBMITTED:
            services.submit(
                dossier,
                user=request.user,
                today=today,
                accept_late="accept_late" in request.POST,
                reason=reason,
            )
        else:
            move(dossier, target, user=request.user, reason=reason, today=today)
        messages.success(request, f"Hồ sơ đã chuyển sang “{State(target).label}”.")
    except (TransitionError, ValueError) as e:
        messages.error(request, str(e))
    return redirect("awards:dossier", dossier_id=dossier.pk)


def _own(request: HttpRequest, dossier_id: int) -> Any:
    dossier = access.get_dossier_for_user(request.user, dossier_id)
    if not access.can_edit_content(request.user, dossier):
        raise PermissionDenied("Chỉ đơn vị lập hồ sơ được sửa nội dung hồ sơ.")
    return dossier


@require_POST
@login_required
def nomination_add(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = _own(request, dossier_id)
    form = _nomination_form(dossier, request.POST)
    if form.is_valid():
        try:
            services.add_nomination(dossier, user=request.user, **form.cleaned_data)
        except (services.DossierError, ValidationError) as e:
            form.add_error(None, "; ".join(getattr(e, "messages", [str(e)])))
        else:
            messages.success(request, "Đã thêm đề nghị khen thưởng.")
            return redirect("awards:dossier", dossier_id=dossier.pk)
    # The page again with what was typed, each wrong field named beside it and on top.
    errors = [
        f"{form.fields[name].label}: {message}" if name in form.fields else message
        for name, field_errors in form.errors.items()
        for message in field_errors
    ]
    messages.error(request, " ".join(errors))
    return _render_dossier(request, dossier, nomination_form=form, status=400)


@require_POST
@login_required
def nomination_remove(request: HttpRequest, dossier_id: int, nomination_id: int) -> HttpResponse:
    dossier = _own(request, dossier_id)
    nomination = dossier.nominations.filter(pk=nomination_id).first()
    if nomination is not None:
        try:
            services.remove_nomination(nomination)
        except services.DossierError as e:
            messages.error(request, str(e))
    return redirect("awards:dossier", dossier_id=dossier.pk)


@require_POST
@login_required
def attachment_add(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = _own(request, dossier_id)
    form = _attachment_form(dossier, request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attach(
                dossier,
                component=form.cleaned_data["component"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
        except (services.DossierError, ValidationError) as e:
            form.add_error("file", "; ".join(getattr(e, "messages", [str(e)])))
        except OSError:  # disk full, no permission: nothing was stored, so no success
            form.add_error("file", "Máy chủ không lưu được tệp; hãy thử lại hoặc báo quản trị.")
        else:
            label = dict(form.fields["component"].choices).get(attachment.component, "")
            messages.success(
                request, f"Đã tải tệp lên. “{attachment.original_name}” nằm ở mục “{label}”."
            )
            return redirect("awards:dossier", dossier_id=dossier.pk)
    errors = [message for field_errors in form.errors.values() for message in field_errors]
    messages.error(request, " ".join(errors))
    return _render_dossier(request, dossier, attachment_form=form, status=400)


@require_POST
@login_required
def attachment_remove(request: HttpRequest, dossier_id: int, attachment_id: int) -> HttpResponse:
    dossier = _own(request, dossier_id)
    attachment = dossier.attachments.filter(pk=attachment_id).first()
    if attachment is not None:
        try:
            services.remove_attachment(attachment)
        except services.DossierError as e:
            messages.error(request, str(e))
    return redirect("awards:dossier", dossier_id=dossier.pk)


@login_required
def draft_document(request: HttpRequest, dossier_id: int, name: str) -> HttpResponse:
    """A component drafted from the data (Tờ trình, Báo cáo thành tích, trích ngang)."""
    dossier = access.get_dossier_for_user(request.user, dossier_id)
    today = timezone.localdate()
    if name == "to-trinh.docx":
        issued = numbering.number_of(dossier=dossier)  # None until the unit submits
        content = dossier_docs.to_trinh_docx(
            dossier,
            today=issued.issued_on if issued else today,
            number=issued.text if issued else "",
        )
    elif name == "to-trinh-cap-tren.docx":
        if not request.user.is_office:
            raise PermissionDenied("Chỉ cơ quan thường trực lập tờ trình đề nghị cấp trên.")
        try:
            proposal = services.higher_level_proposal(dossier)
        except services.DossierError as e:
            raise Http404(str(e)) from None
        content = dossier_docs.to_trinh_docx(proposal, today=today)
    elif name == "trich-ngang.xlsx":
        content = dossier_docs.trich_ngang_xlsx(dossier)
    elif (
        name.startswith("bao-cao-")
        and name.endswith(".docx")
        and (nomination_id := whole_number(name[8:-5], low=1, high=MAX_ID)) is not None
    ):
        nomination = (
            dossier.nominations.filter(pk=nomination_id)
            .select_related("person", "unit", "form")
            .first()
        )
        if nomination is None:
            raise Http404("Không có đề nghị này trong hồ sơ.")
        subject = (
            {"person": nomination.person} if nomination.person_id else {"unit": nomination.unit}
        )
        history = list(Award.objects.filter(**subject).select_related("form").order_by("-year"))
        content = dossier_docs.bao_cao_thanh_tich_docx(nomination, history=history, today=today)
    else:
        raise Http404("Không có mẫu này.")
    # Named after the unit in plain letters ("phong-noi-vu-to-trinh.docx"), never its code.
    return download(content, f"{slugify(fold(dossier.unit.name))[:60]}-{name}")


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """Files go out only here, after the same permission check as the dossier."""
    attachment = access.get_attachment_for_user(request.user, attachment_id)
    return serve(attachment.path, download_name=attachment.original_name, kind=attachment.kind)


@require_POST
@login_required
def nomination_forward(request: HttpRequest, dossier_id: int, nomination_id: int) -> HttpResponse:
    dossier = access.get_dossier_for_user(request.user, dossier_id)
    if not request.user.is_office:
        raise PermissionDenied("Chỉ cơ quan thường trực chuyển đề nghị lên cấp trên.")
    nomination = dossier.nominations.filter(pk=nomination_id).first()
    if nomination is not None:
        try:
            copy = services.forward_nomination(nomination, user=request.user)
            messages.success(
                request,
                f"Đã chuyển đề nghị lên “{dossier.campaign.parent}” (hồ sơ #{copy.dossier_id}).",
            )
        except services.DossierError as e:
            messages.error(request, str(e))
    return redirect("awards:dossier", dossier_id=dossier.pk)


@require_POST
@login_required
def nomination_override(request: HttpRequest, dossier_id: int, nomination_id: int) -> HttpResponse:
    dossier = access.get_dossier_for_user(request.user, dossier_id)
    if not request.user.is_office:
        raise PermissionDenied("Chỉ cơ quan thường trực thẩm định hồ sơ.")
    nomination = dossier.nominations.filter(pk=nomination_id).first()
    if nomination is not None:
        verdict = {"dat": True, "khong": False}.get(request.POST.get("verdict", ""))
        try:
            services.override_verdict(
                nomination,
                verdict=verdict,
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
            messages.success(request, "Đã ghi kết luận thẩm định.")
        except services.DossierError as e:
            messages.error(request, str(e))
    return redirect("awards:dossier", dossier_id=dossier.pk)
