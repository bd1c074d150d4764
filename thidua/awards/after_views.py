"""After the decision (issue 11): the payment list of a signed decision, the fund's ledger
per year, and the decisions that honour a unit (for the unit to read and download)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.awards import access, fund, payments
from thidua.awards.council_views import _decision
from thidua.awards.records import Decision
from thidua.documents.decision_docx import decision_docx
from thidua.documents.payment_docx import payment_docx
from thidua.documents.pdf import docx_or_pdf
from thidua.lib import xlsx
from thidua.lib.forms import parse_date
from thidua.lib.http import download, query_id, requested_year
from thidua.org.models import Unit, User

PAGE_SIZE = 50


def _signed(request: HttpRequest, decision_id: int) -> Decision:
    decision = _decision(request, decision_id)
    if decision.status != Decision.Status.SIGNED:
        raise Http404("Quyết định chưa ký: chưa có danh sách chi tiền thưởng.")
    return decision


# -- the payment list ----------------------------------------------------------------------


@login_required
def payment_list(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _signed(request, decision_id)
    rows = payments.payment_rows(decision)
    total = payments.total_of(rows)
    user: User = request.user
    return render(
        request,
        "awards/payment_list.html",
        {
            "decision": decision,
            "rows": rows,
            "total": total,
            "words": payments.amount_in_words(total),
            "reference": payments.reference(decision),
            "paid": fund.payment_of(decision),
            "can_pay": fund.can_write(user) and total > 0,
            "can_read_fund": fund.can_read(user),
            "today": timezone.localdate(),
        },
    )


@login_required
def payment_list_xlsx(request: HttpRequest, decision_id: int) -> HttpResponse:
    return payments.payment_xlsx_response(_signed(request, decision_id), request)


@login_required
def payment_list_docx(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _signed(request, decision_id)
    return download(payment_docx(decision), f"danh-sach-chi-tien-thuong-{decision.pk}.docx")


@require_POST
@login_required
def payment_record(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _signed(request, decision_id)
    if not fund.can_write(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực ghi sổ quỹ.")
    try:
        entry = fund.record_decision_payments(
            decision, on=parse_date(request.POST.get("on", "")), user=request.user
        )
        messages.success(
            request,
            f"Đã ghi chi {entry.amount:,} đồng vào sổ quỹ năm {entry.on.year}.".replace(",", "."),
        )
    except fund.FundError as e:
        messages.error(request, str(e))
    return redirect("awards:payment-list", decision_id=decision.pk)


# -- the fund's ledger ---------------------------------------------------------------------


def _fund_context(request: HttpRequest) -> dict:  # type: ignore[type-arg]
    user: User = request.user
    if not fund.can_read(user):
        raise PermissionDenied(
            "Chỉ cơ quan thường trực và lãnh đạo xem sổ quỹ thi đua, khen thưởng."
        )
    issuers = list(fund.issuers_for(user))
    if not issuers:
        return {"issuers": [], "issuer": None}
    wanted = query_id(request, "don_vi")
    issuer: Unit | None = next((u for u in issuers if u.pk == wanted), None) if wanted else None
    if wanted and issuer is None:
        raise Http404("Không tìm thấy quỹ của cơ quan này.")
    if issuer is None:  # the body the office serves, else the first with entries
        issuer = fund.served_body(user, issuers)
    if issuer is None:
        used = set(fund.FundEntry.objects.values_list("issuer_id", flat=True).distinct())
        issuer = next((u for u in issuers if u.pk in used), issuers[0])
    this_year = timezone.localdate().year
    years = sorted(
        {
            this_year,
            *(d.year for d in fund.FundEntry.objects.filter(issuer=issuer).dates("on", "year")),
        },
        reverse=True,
    )
    year = requested_year(request, years)
    entries = fund.FundEntry.objects.filter(issuer=issuer, on__year=year).select_related(
        "decision", "created_by"
    )
    return {
        "issuers": issuers,
        "issuer": issuer,
        "years": years,
        "year": year,
        "entries": entries,
        "totals": fund.totals(issuer, year),
    }


def _with_balance(entries, carried: int):  # type: ignore[no-untyped-def]
    balance = carried
    for entry in entries:
        balance += entry.signed_amount
        yield entry, balance


@login_required
def fund_page(request: HttpRequest) -> HttpResponse:
    context = _fund_context(request)
    user: User = request.user
    posted = {}
    if request.method == "POST":
        if not fund.can_write(user):
            raise PermissionDenied("Chỉ cơ quan thường trực ghi sổ quỹ.")
        if context["issuer"] is None:
            raise Http404("Chưa có cơ quan ban hành nào.")
        posted = request.POST
        try:
            entry = fund.add_entry(
                issuer=context["issuer"],
                kind=posted.get("kind", ""),
                on=parse_date(posted.get("on", "")),
                document=posted.get("document", ""),
                amount=posted.get("amount", ""),
                note=posted.get("note", ""),
                user=user,
            )
            messages.success(request, f"Đã ghi: {entry.get_kind_display().lower()}.")
            return redirect(
                f"{reverse('awards:fund')}?don_vi={entry.issuer_id}&nam={entry.on.year}"
            )
        except fund.FundError as e:
            messages.error(request, str(e))
    if context["issuer"] is not None:
        context["rows"] = list(_with_balance(context["entries"], context["totals"].carried))
    context.update(
        {
            "can_write": fund.can_write(user),
            "kinds": fund.FundEntry.Kind.choices,
            "posted": posted,
        }
    )
    return render(request, "awards/fund.html", context)


@login_required
def fund_xlsx(request: HttpRequest) -> HttpResponse:
    context = _fund_context(request)
    issuer, title = context["issuer"], "Sổ quỹ thi đua, khen thưởng"
    rows: list[list[object]] = []
    if issuer is not None:
        totals = context["totals"]
        title = f"Sổ quỹ thi đua, khen thưởng năm {context['year']} — {issuer.name}"
        rows.append(["", "Số dư năm trước chuyển sang", "", "", "", "", totals.carried])
        for entry, balance in _with_balance(context["entries"], totals.carried):
            income = entry.amount if entry.kind != fund.FundEntry.Kind.PAYMENT else ""
            spent = entry.amount if entry.kind == fund.FundEntry.Kind.PAYMENT else ""
            rows.append(
                [
                    entry.on,
                    entry.get_kind_display(),
                    entry.document,
                    entry.note,
                    income,
                    spent,
                    balance,
                ]
            )
        rows.append(
            [
                "",
                "Cộng trong năm",
                "",
                "",
                totals.allocations + totals.recoveries,
                totals.payments,
                totals.balance,
            ]
        )
    book = xlsx.Export()
    book.sheet(
        "Sổ quỹ",
        [
            "Ngày",
            "Nội dung",
            "Văn bản, chứng từ",
            "Ghi chú",
            "Thu (đồng)",
            "Chi (đồng)",
            "Số dư (đồng)",
        ],
        rows,
        heading=xlsx.heading(title, request),
    )
    return xlsx.response(book.content(), title)


# -- decisions honouring a unit (item 8) ---------------------------------------------------


def _honouring(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        access.honouring_decisions(request.user)
        .select_related("campaign")
        .order_by("-signed_on", "-pk")
    )


@login_required
def unit_decisions(request: HttpRequest) -> HttpResponse:
    page = Paginator(_honouring(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/unit_decisions.html", {"page": page, "querystring_base": ""})


@login_required
def unit_decisions_xlsx(request: HttpRequest) -> HttpResponse:
    columns = [
        xlsx.Column("Số, ký hiệu", lambda d: f"{d.number}/{d.symbol}"),
        xlsx.Column("Ngày ký", lambda d: d.signed_on),
        xlsx.Column("Trích yếu", lambda d: d.title),
        xlsx.Column("Phong trào", lambda d: d.campaign.name),
        xlsx.Column("Người ký", lambda d: d.signer_name),
    ]
    return xlsx.export(request, "Quyết định khen thưởng đơn vị", columns, _honouring(request))


@login_required
def unit_decision_document(
    request: HttpRequest, decision_id: int, fmt: str = "docx"
) -> HttpResponse:
    decision = access.get_honouring_decision(request.user, decision_id)
    back = reverse("awards:unit-decisions")
    return docx_or_pdf(request, decision_docx(decision), f"quyet-dinh-{decision.pk}", fmt, back)


@require_POST
@login_required
def fund_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Hủy a wrong ledger entry, with a reason (a reversing entry; nothing is deleted)."""
    if not fund.can_write(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực ghi sổ quỹ.")
    entry = fund.FundEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404("Không tìm thấy bút toán.")
    try:
        fund.reverse_entry(entry, reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, "Đã hủy bút toán: có thể ghi lại cho đúng.")
    except fund.FundError as e:
        messages.error(request, str(e))
    return redirect(f"{reverse('awards:fund')}?don_vi={entry.issuer_id}&nam={entry.on.year}")
