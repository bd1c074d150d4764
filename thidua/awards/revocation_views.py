"""Revocations (thu hồi khen thưởng) and the register of awards (sổ theo dõi khen thưởng)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.awards import access, fund, register, revocation
from thidua.awards.revocation import Revocation, RevokedAward
from thidua.lib import xlsx
from thidua.lib.forms import parse_date
from thidua.lib.http import MAX_ID, query_id, query_text, whole_number
from thidua.org import access as org_access
from thidua.org.models import User
from thidua.scoring.models import AwardForm

PAGE_SIZE = 50


# -- the register --------------------------------------------------------------------------


def _filters(request: HttpRequest) -> register.Filters:
    unit_id = query_id(request, "don_vi")
    unit = org_access.get_unit_for_user(request.user, unit_id) if unit_id else None
    year = whole_number(request.GET.get("nam"), low=1900, high=2200)
    form = query_text(request, "hinh_thuc", max_length=60)
    if form and not AwardForm.objects.filter(pk=form).exists():
        form = ""
    state = request.GET.get("hieu_luc", "")
    return register.Filters(
        unit=unit,
        year=year,
        form=form,
        query=query_text(request, "q"),
        revoked=state if state in ("con", "thu_hoi") else "",
    )


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(register.register_rows(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(a, register.revocation_text(a)) for a in page]
    return render(
        request,
        "awards/register.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "units": org_access.filter_units(request.user, filters.unit),
            "forms": AwardForm.objects.order_by("order", "name"),
            "querystring_base": _querystring_without_page(request),
            "can_revoke": revocation.can_draft(request.user),
        },
    )


REGISTER_COLUMNS = [
    xlsx.Column("Cá nhân / Tập thể", register.subject_name),
    xlsx.Column("Đơn vị", register.subject_unit),
    xlsx.Column("Năm thành tích", lambda a: a.year),
    xlsx.Column("Danh hiệu, hình thức", lambda a: a.form.name),
    xlsx.Column("Lĩnh vực", lambda a: a.get_field_display()),
    xlsx.Column("Số quyết định", lambda a: a.decision_number),
    xlsx.Column("Ngày quyết định", lambda a: a.decision_date),
    xlsx.Column("Cơ quan quyết định", lambda a: a.issuer),
    xlsx.Column("Thu hồi", register.revocation_text),
]


@login_required
def register_xlsx(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    return xlsx.export(
        request,
        "Sổ theo dõi khen thưởng",
        REGISTER_COLUMNS,
        register.register_rows(request.user, filters).iterator(chunk_size=2000),
        filters=filters.labels(),
    )


# -- revocations ---------------------------------------------------------------------------


def _reader(request: HttpRequest) -> User:
    user: User = request.user
    if not revocation.can_read(user):
        raise PermissionDenied(
            "Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem quyết định thu hồi."
        )
    return user


def _revocations(request: HttpRequest):  # type: ignore[no-untyped-def]
    _reader(request)
    return Revocation.objects.select_related("issuer").prefetch_related("items__award__form")


@login_required
def revocation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_revocations(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/revocation_list.html",
        {
            "page": page,
            "querystring_base": _querystring_without_page(request),
            "can_draft": revocation.can_draft(request.user),
        },
    )


@login_required
def revocation_list_xlsx(request: HttpRequest) -> HttpResponse:
    columns = [
        xlsx.Column("Quyết định", str),
        xlsx.Column("Trạng thái", lambda r: r.get_status_display()),
        xlsx.Column("Lý do", lambda r: r.reason),
        xlsx.Column(
            "Khen thưởng bị thu hồi", lambda r: "; ".join(str(i.award) for i in r.items.all())
        ),
        xlsx.Column("Tiền phải thu hồi (đồng)", lambda r: sum(i.money or 0 for i in r.items.all())),
    ]
    return xlsx.export(request, "Quyết định thu hồi khen thưởng", columns, _revocations(request))


@login_required
def revocation_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    if not revocation.can_draft(user):
        raise PermissionDenied("Chỉ cơ quan thường trực soạn quyết định thu hồi.")
    in_force = access.visible_awards(user).filter(revoked_on__isnull=True)
    issuers = list(fund.issuers_for(user))
    issuer_id = None
    if request.method == "POST":
        ids = [
            n for v in request.POST.getlist("award") if (n := whole_number(v, low=1, high=MAX_ID))
        ]
        chosen = list(in_force.filter(pk__in=ids).select_related("form", "unit", "person"))
        issuer_id = whole_number(request.POST.get("issuer"), low=1, high=MAX_ID)
        issuer = next((u for u in issuers if u.pk == issuer_id), None)
        try:
            if len(chosen) != len(set(ids)):
                raise revocation.RevocationError(
                    "Có khen thưởng đã bị thu hồi hoặc không còn trong sổ: hãy chọn lại."
                )
            created = revocation.draft_revocation(
                reason=request.POST.get("reason", ""), awards=chosen, user=user, issuer=issuer
            )
            messages.success(request, "Đã lưu dự thảo quyết định thu hồi.")
            return redirect("awards:revocation", revocation_id=created.pk)
        except revocation.RevocationError as e:
            messages.error(request, str(e))
    query = query_text(request, "q")
    picked = [n for v in request.GET.getlist("award") if (n := whole_number(v, low=1, high=MAX_ID))]
    candidates = in_force.select_related("form", "unit", "person__unit").order_by("-year", "pk")
    if query:
        candidates = register.register_rows(user, register.Filters(query=query, revoked="con"))
    elif picked:
        candidates = candidates.filter(pk__in=picked)
    else:
        candidates = candidates.none()
    return render(
        request,
        "awards/revocation_new.html",
        {
            "query": query,
            "candidates": candidates[:100],
            "picked": set(picked)
            | {
                n
                for v in request.POST.getlist("award")
                if (n := whole_number(v, low=1, high=MAX_ID))
            },
            "reason": request.POST.get("reason", ""),
            "issuers": issuers,
            "issuer_default": issuer_id
            if request.method == "POST"
            else getattr(fund.served_body(user, issuers) or (issuers or [None])[0], "pk", None),
        },
    )


def _get(request: HttpRequest, revocation_id: int) -> Revocation:
    return get_object_or_404(_revocations(request), pk=revocation_id)


@login_required
def revocation_page(request: HttpRequest, revocation_id: int) -> HttpResponse:
    item = _get(request, revocation_id)
    user: User = request.user
    if request.method == "POST":
        if not revocation.can_draft(user):
            raise PermissionDenied("Chỉ cơ quan thường trực sửa dự thảo.")
        try:
            revocation.update_draft(
                item,
                reason=request.POST.get("reason", ""),
                user=user,
                money={
                    pk: value
                    for key, value in request.POST.items()
                    if key.startswith("money-")
                    and (pk := whole_number(key[6:], low=1, high=MAX_ID)) is not None
                },
            )
            messages.success(request, "Đã lưu dự thảo.")
            return redirect("awards:revocation", revocation_id=item.pk)
        except revocation.RevocationError as e:
            messages.error(request, str(e))
    lines = list(item.items.select_related("award__form", "award__unit", "award__person__unit"))
    return render(
        request,
        "awards/revocation.html",
        {
            "revocation": item,
            "lines": lines,
            "money": sum(i.money or 0 for i in lines),
            "can_write": revocation.can_draft(user),
            "signer_default": "",
        },
    )


@require_POST
@login_required
def revocation_sign(request: HttpRequest, revocation_id: int) -> HttpResponse:
    item = _get(request, revocation_id)
    post = request.POST
    try:
        revocation.record_signed(
            item,
            number=post.get("number", ""),
            signed_on=parse_date(post.get("signed_on", "")),
            signer_name=post.get("signer_name", ""),
            symbol=post.get("symbol") or None,
            user=request.user,
        )
        messages.success(
            request, "Đã ghi nhận quyết định thu hồi: các khen thưởng không còn được tính khi xét."
        )
    except revocation.RevocationError as e:
        messages.error(request, str(e))
    return redirect("awards:revocation", revocation_id=item.pk)


@require_POST
@login_required
def revocation_recovery(request: HttpRequest, revocation_id: int, item_id: int) -> HttpResponse:
    parent = _get(request, revocation_id)
    line = get_object_or_404(RevokedAward, pk=item_id, revocation=parent)
    post = request.POST
    dates = {}
    for name in ("money_on", "certificate_on"):
        raw = post.get(name, "").strip()
        dates[name] = parse_date(raw) if raw else None
        if raw and dates[name] is None:
            messages.error(request, f"Ngày “{raw[:20]}” không đúng dạng dd/mm/yyyy.")
            return redirect("awards:revocation", revocation_id=parent.pk)
    try:
        revocation.record_recovery(
            line,
            money_on=dates["money_on"],
            certificate_on=dates["certificate_on"],
            document=post.get("document", ""),
            user=request.user,
        )
        messages.success(request, "Đã ghi nhận thu hồi.")
    except revocation.RevocationError as e:
        messages.error(request, str(e))
    except Http404:
        raise
    return redirect("awards:revocation", revocation_id=parent.pk)
