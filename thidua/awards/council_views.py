"""The council on screen (sessions, agenda, secret votes, paper totals, closing, minutes)
and the decision (draft from what passed, signing, the .docx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards import council, decisions
from thidua.awards.dossiers import State
from thidua.awards.records import Ballot, BallotCast, CouncilSession, Decision, Nomination
from thidua.campaigns import access as campaign_access
from thidua.documents.decision_docx import decision_docx
from thidua.documents.minutes_docx import minutes_docx
from thidua.documents.pdf import docx_or_pdf
from thidua.lib.forms import parse_date
from thidua.lib.http import download
from thidua.org.models import User


def _session(request: HttpRequest, session_id: int) -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("campaign"), pk=session_id)
    campaign_access.get_campaign_for_user(request.user, session.campaign_id)
    user: User = request.user
    if user.is_office or user.role == User.Role.LEADER:
        return session
    if user.role == User.Role.COUNCIL and session.members.filter(pk=user.pk).exists():
        return session
    raise PermissionDenied("Thành viên Hội đồng chỉ xem được các phiên họp mình dự.")


@login_required
def council_home(request: HttpRequest, pk: int) -> HttpResponse:
    """Sessions of a campaign, what awaits the council, and the decisions."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    user: User = request.user
    if not user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem trang này.")
    sessions = campaign.council_sessions.all()
    if user.role == User.Role.COUNCIL:
        sessions = sessions.filter(members=user)
    if request.method == "POST":
        if not user.is_office:
            raise PermissionDenied("Chỉ cơ quan thường trực mở phiên họp.")
        held_on = parse_date(request.POST.get("held_on", ""))
        total = request.POST.get("total_members", "")
        members = User.objects.filter(
            pk__in=request.POST.getlist("members"), role=User.Role.COUNCIL
        )
        if held_on is None or not total.isdigit():
            messages.error(request, "Nhập ngày họp (dd/mm/yyyy) và tổng số thành viên Hội đồng.")
        else:
            try:
                session = council.open_session(
                    campaign=campaign,
                    held_on=held_on,
                    total_members=int(total),
                    members=members,
                    user=user,
                    place=request.POST.get("place", ""),
                )
                waiting = Nomination.objects.filter(
                    dossier__campaign=campaign,
                    dossier__state=State.TO_COUNCIL,
                    ballots__isnull=True,
                )
                council.put_on_agenda(session, list(waiting), user=user)
                return redirect("awards:session", session_id=session.pk)
            except council.CouncilError as e:
                messages.error(request, str(e))
    context = {
        "campaign": campaign,
        "sessions": sessions,
        "waiting": Nomination.objects.filter(
            dossier__campaign=campaign, dossier__state=State.TO_COUNCIL
        ).select_related("unit", "person", "form", "dossier__unit"),
        "decided": Nomination.objects.filter(
            dossier__campaign=campaign, dossier__state=State.REVIEWED
        ).select_related("unit", "person", "form", "dossier__unit"),
        "decisions": campaign.decisions.all(),
        "council_members": User.objects.filter(role=User.Role.COUNCIL, is_active=True),
    }
    return render(request, "awards/council_home.html", context)


@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    user: User = request.user
    ballots = list(
        session.ballots.select_related("nomination__unit", "nomination__person", "nomination__form")
    )
    voted = set(
        BallotCast.objects.filter(ballot__session=session, member=user).values_list(
            "ballot_id", flat=True
        )
    )
    rows: list[dict[str, Any]] = []
    for ballot in ballots:
        value, phrase = council.threshold(ballot.nomination.form_id)
        rows.append(
            {
                "ballot": ballot,
                "threshold": phrase,
                "rate": council.percent_text(ballot.approve, session.total_members),
                "voted": ballot.pk in voted,
            }
        )
    return render(
        request,
        "awards/session.html",
        {
            "session": session,
            "rows": rows,
            "quorum": council.quorum_met(session),
            "is_member": session.members.filter(pk=user.pk).exists(),
        },
    )


@require_POST
@login_required
def vote(request: HttpRequest, session_id: int, ballot_id: int) -> HttpResponse:
    session = _session(request, session_id)
    ballot = get_object_or_404(Ballot, pk=ballot_id, session=session)
    try:
        council.cast(ballot, member=request.user, choice=request.POST.get("choice", ""))
        messages.success(request, "Đã ghi nhận phiếu (phiếu kín: không lưu ai bỏ phiếu gì).")
    except council.CouncilError as e:
        messages.error(request, str(e))
    return redirect("awards:session", session_id=session.pk)


@require_POST
@login_required
def key_in(request: HttpRequest, session_id: int, ballot_id: int) -> HttpResponse:
    session = _session(request, session_id)
    ballot = get_object_or_404(Ballot, pk=ballot_id, session=session)
    try:
        counts = {k: int(request.POST.get(k) or 0) for k in ("approve", "reject", "abstain")}
        council.key_in(ballot, user=request.user, **counts)
        messages.success(request, "Đã nhập kết quả từ phiếu giấy.")
    except ValueError as e:  # CouncilError is a ValueError; so is a number typed wrong
        messages.error(
            request,
            str(e) if isinstance(e, council.CouncilError) else "Số phiếu phải là số nguyên.",
        )
    return redirect("awards:session", session_id=session.pk)


@require_POST
@login_required
def close(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    try:
        summary = council.close_session(session, user=request.user)
        messages.success(
            request,
            f"Đã kết thúc phiên họp: {len(summary.passed)} đề nghị đạt, "
            f"{len(summary.failed)} không đạt.",
        )
    except council.CouncilError as e:
        messages.error(request, str(e))
    return redirect("awards:session", session_id=session.pk)


@login_required
def minutes(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    plan = session.campaign.plan or {}
    content = minutes_docx(
        session,
        issuer=plan.get("issuer", ""),
        place=plan.get("place", ""),
        superior=plan.get("superior", ""),
    )
    return download(content, f"bien-ban-hop-hoi-dong-{session.pk}.docx")


@require_POST
@login_required
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    nominations = Nomination.objects.filter(
        pk__in=request.POST.getlist("nominations"), dossier__campaign=campaign
    )
    title = request.POST.get("title", "").strip() or f"khen thưởng trong {campaign.name}"
    try:
        decision = decisions.draft_decision(
            campaign=campaign, title=title, nominations=list(nominations), user=request.user
        )
    except decisions.DecisionError as e:
        messages.error(request, str(e))
        return redirect("awards:council", pk=campaign.pk)
    return redirect("awards:decision", decision_id=decision.pk)


def _decision(request: HttpRequest, decision_id: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("campaign"), pk=decision_id)
    campaign_access.get_campaign_for_user(request.user, decision.campaign_id)
    if not request.user.sees_everything:
        raise PermissionDenied(
            "Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem dự thảo quyết định."
        )
    return decision


@login_required
def decision_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _decision(request, decision_id)
    user: User = request.user
    if request.method == "POST":
        try:
            decisions.sign_decision(
                decision,
                number=request.POST.get("number", ""),
                signed_on=parse_date(request.POST.get("signed_on", "")),
                user=user,
                signer_name=request.POST.get("signer_name", user.full_name),
                money_mode=request.POST.get("money_mode") or None,
                money_reason=request.POST.get("money_reason", ""),
                amounts={
                    int(key[7:]): value
                    for key, value in request.POST.items()
                    if key.startswith("amount-") and key[7:].isdigit()
                },
            )
            messages.success(
                request, "Đã ký quyết định: khen thưởng đã vào lịch sử của từng người, tập thể."
            )
            return redirect("awards:decision", decision_id=decision.pk)
        except decisions.DecisionError as e:
            messages.error(request, str(e))
    awards = list(decision.awards.select_related("unit", "person", "form"))
    return render(
        request,
        "awards/decision.html",
        {
            "decision": decision,
            "awards": awards,
            "total": sum(a.amount or 0 for a in awards),
            "can_sign": decision.status == Decision.Status.DRAFT
            and (user.is_office or user.role == User.Role.LEADER),
            "law_warnings": decisions.law_warnings(decision),
            "money_modes": Decision.MoneyMode.choices,
            "posted": request.POST if request.method == "POST" else {},
            "typed": {a.pk: request.POST.get(f"amount-{a.pk}", "") for a in awards},
            "signer_default": user.full_name,
        },
    )


@login_required
def decision_document(request: HttpRequest, decision_id: int, fmt: str = "docx") -> HttpResponse:
    decision = _decision(request, decision_id)
    back = reverse("awards:decision", args=[decision.pk])
    return docx_or_pdf(request, decision_docx(decision), f"quyet-dinh-{decision.pk}", fmt, back)
