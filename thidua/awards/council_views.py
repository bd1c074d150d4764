"""The council on screen (composition link, sessions, attendance, agenda, secret votes,
paper and written totals, postponing, cancelling, closing, minutes) and the decision (draft
from what passed, signing, the .docx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.awards import composition, council, decisions, numbering
from thidua.awards.access import reads_chain
from thidua.awards.dossiers import State
from thidua.awards.records import (
    Attendance,
    Ballot,
    BallotCast,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionAward,
    Nomination,
)
from thidua.campaigns import access as campaign_access
from thidua.documents.decision_docx import decision_docx
from thidua.documents.minutes_docx import minutes_docx, minutes_identity
from thidua.documents.pdf import docx_or_pdf
from thidua.lib.forms import parse_date
from thidua.lib.http import MAX_ID, download, whole_number
from thidua.org.models import User

COMPOSITION_REFUSED = "Chỉ cơ quan thường trực mới được sửa thành phần Hội đồng."


def parse_time(text: str) -> dt.time | None:
    """HH:MM (or H:MM, HHhMM) typed by a user; None when empty; CouncilError when wrong."""
    typed = (text or "").strip()
    if not typed:
        return None
    try:
        return dt.datetime.strptime(typed.lower().replace("h", ":"), "%H:%M").time()
    except ValueError:
        raise council.CouncilError(
            f"Giờ “{typed[:20]}” không đúng dạng HH:MM (ví dụ 08:00)."
        ) from None


def _sits_on(user: User, session: CouncilSession) -> bool:
    return session.attendance.filter(member__user=user).exists()


def _session(request: HttpRequest, session_id: int) -> CouncilSession:
    session = get_object_or_404(
        CouncilSession.objects.select_related("campaign", "council"), pk=session_id
    )
    campaign_access.get_campaign_for_user(request.user, session.campaign_id)
    user: User = request.user
    if user.is_office or user.role == User.Role.LEADER:
        return session
    if user.role == User.Role.COUNCIL and _sits_on(user, session):
        return session
    raise PermissionDenied("Thành viên Hội đồng chỉ xem được các phiên họp mình dự.")


def _readable_session(request: HttpRequest, session_id: int) -> CouncilSession:
    """A session to read (its page, its minutes): whoever reads the chain
    (access.reads_chain) or sat in it; acting on it stays ``_session``'s."""
    session = get_object_or_404(
        CouncilSession.objects.select_related("campaign", "council"), pk=session_id
    )
    campaign_access.get_campaign_for_user(request.user, session.campaign_id)
    user: User = request.user
    if reads_chain(user, session.campaign) or (
        user.role == User.Role.COUNCIL and _sits_on(user, session)
    ):
        return session
    raise PermissionDenied(
        "Chỉ cơ quan thường trực, lãnh đạo và thành viên Hội đồng của cơ quan ban hành xem "
        "phiên họp này."
    )


def _back(session: CouncilSession) -> HttpResponse:
    return redirect("awards:session", session_id=session.pk)


@login_required
def council_home(request: HttpRequest, pk: int) -> HttpResponse:
    """Sessions of a campaign, what awaits the council, and the decisions."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    user: User = request.user
    if not user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem trang này.")
    sessions = campaign.council_sessions.select_related("council")
    reader = reads_chain(user, campaign)
    if not reader:  # a member of another issuer's council: the sessions they sat in only
        sessions = sessions.filter(attendance__member__user=user).distinct()
    councils = council.councils_for(campaign)
    waiting = council.waiting_nominations(campaign)
    if request.method == "POST":
        if not user.is_office:
            raise PermissionDenied("Chỉ cơ quan thường trực xếp lịch phiên họp.")
        try:
            chosen = next(
                (c for c in councils if str(c.pk) == request.POST.get("council", "")),
                councils[0] if len(councils) == 1 else None,
            )
            held_on = parse_date(request.POST.get("held_on", ""))
            if held_on is None:
                raise council.CouncilError("Hãy ghi ngày họp đúng dạng dd/mm/yyyy.")
            with transaction.atomic():
                session = council.open_session(
                    campaign=campaign,
                    council=chosen,  # type: ignore[arg-type]
                    held_on=held_on,
                    starts_at=parse_time(request.POST.get("starts_at", "")),
                    ends_at=parse_time(request.POST.get("ends_at", "")),
                    place=request.POST.get("place", ""),
                    user=user,
                )
                council.put_on_agenda(session, waiting, user=user)
            messages.success(
                request, f"Đã xếp lịch {session} với {len(waiting)} đề nghị trong chương trình."
            )
            return _back(session)
        except council.CouncilError as e:
            messages.error(request, str(e))
    context = {
        "campaign": campaign,
        "sessions": sessions,
        "councils": councils,
        "waiting": waiting,
        "decided": _reviewed(campaign),
        # What the council passed and a decision took (the chain's reader sees them).
        "in_decisions": list(
            DecisionAward.objects.filter(decision__campaign=campaign)
            .select_related("decision", "form", "person", "unit")
            .order_by("decision__pk", "pk")
        )
        if reader
        else [],
        "decisions": campaign.decisions.all() if reader else campaign.decisions.none(),
    }
    return render(request, "awards/council_home.html", context)


def _reviewed(campaign: Any) -> list[dict[str, Any]]:
    """Nominations of dossiers "đã xét" in no decision yet, each with whether the council's
    result lets a decision take it (a failed ballot, or none where one is required, not) and
    whether it goes to the higher level instead."""
    taken = DecisionAward.objects.filter(nomination__dossier__campaign=campaign)
    nominations = list(
        Nomination.objects.filter(dossier__campaign=campaign, dossier__state=State.REVIEWED)
        .exclude(pk__in=taken.values("nomination_id"))
        .select_related("unit", "person", "form", "dossier__unit")
        .prefetch_related("ballots__session")
    )
    required = decisions.ballot_required(nominations, timezone.localdate())
    return [
        {
            "nomination": n,
            "passed": decisions._passed(n, list(n.ballots.all()), required[n.form_id]),
            # "đề nghị cấp trên": goes to the higher level, never into this issuer's decision
            "upward": bool(n.forwarded_to_id or n.higher_level),
        }
        for n in nominations
    ]


@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _readable_session(request, session_id)
    user: User = request.user
    closed = session.status == CouncilSession.Status.CLOSED
    ballots = list(
        session.ballots.select_related("nomination__unit", "nomination__person", "nomination__form")
    )
    mine = set(
        BallotCast.objects.filter(ballot__session=session, member=user).values_list(
            "ballot_id", flat=True
        )
    )
    attendance = list(session.attendance.select_related("member__user"))
    ordered = {m.pk: i for i, m in enumerate(composition.ordered([a.member for a in attendance]))}
    attendance.sort(key=lambda a: ordered[a.member_id])
    seat = next((a for a in attendance if a.member.user_id == user.pk), None)
    counts = {mode: sum(a.mode == mode for a in attendance) for mode in Attendance.Mode.values}
    rows: list[dict[str, Any]] = []
    for ballot in ballots:
        _, phrase = council.threshold(ballot.nomination.form_id, on=session.held_on)
        rows.append(
            {
                "ballot": ballot,
                "threshold": phrase,
                "rate": council.percent_text(ballot.approve, session.total_members),
                "voted": ballot.pk in mine,
            }
        )
    has_votes = any(b.votes for b in ballots)
    return render(
        request,
        "awards/session.html",
        {
            "session": session,
            "closed": closed,
            "is_open": session.is_open,
            "editable": session.status
            in (CouncilSession.Status.SCHEDULED, CouncilSession.Status.POSTPONED),
            "rows": rows,
            "quorum": council.quorum_met(session),
            "quorum_phrase": council.quorum_phrase(session.held_on),
            "attendance": attendance,
            "modes": Attendance.Mode.choices,
            "attendance_locked": has_votes,
            "on_screen": seat is not None and seat.mode == Attendance.Mode.SCREEN,
            "paper_voters": counts[Attendance.Mode.PAPER],
            "written_voters": counts[Attendance.Mode.WRITTEN],
            "waiting": council.waiting_nominations(session.campaign) if session.is_open else [],
        },
    )


def _act(request: HttpRequest, session: CouncilSession, action: Callable[[], str]) -> HttpResponse:
    """Run one council action: its message on success, the CouncilError's text otherwise,
    and back to the session page either way."""
    try:
        messages.success(request, action())
    except council.CouncilError as e:
        messages.error(request, str(e))
    return _back(session)


@require_POST
@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)

    def action() -> str:
        held_on = parse_date(request.POST.get("held_on", ""))
        if held_on is None:
            raise council.CouncilError("Hãy ghi ngày họp đúng dạng dd/mm/yyyy.")
        council.edit_session(
            session,
            held_on=held_on,
            starts_at=parse_time(request.POST.get("starts_at", "")),
            ends_at=parse_time(request.POST.get("ends_at", "")),
            place=request.POST.get("place", ""),
            user=request.user,
        )
        return "Đã lưu ngày, giờ và địa điểm họp."

    return _act(request, session, action)


@require_POST
@login_required
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    modes = {
        a.member_id: request.POST.get(f"mode-{a.member_id}", a.mode)
        for a in session.attendance.all()
    }

    def action() -> str:
        council.record_attendance(session, modes, user=request.user)
        return "Đã ghi thành phần dự họp."

    return _act(request, session, action)


@require_POST
@login_required
def session_set_aside(request: HttpRequest, session_id: int, action: str) -> HttpResponse:
    session = _session(request, session_id)
    postpone = action == "postpone"

    def set_aside() -> str:
        service = council.postpone if postpone else council.cancel
        released = service(session, reason=request.POST.get("reason", ""), user=request.user)
        verb = "hoãn" if postpone else "hủy"
        return f"Đã {verb} phiên họp; {released} đề nghị được trả lại để xếp vào phiên họp khác."

    return _act(request, session, set_aside)


@require_POST
@login_required
def session_agenda(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)

    def action() -> str:
        waiting = council.waiting_nominations(session.campaign)
        ballots = council.put_on_agenda(session, waiting, user=request.user)
        return f"Đã đưa {len(ballots)} đề nghị vào chương trình họp."

    return _act(request, session, action)


@require_POST
@login_required
def vote(request: HttpRequest, session_id: int, ballot_id: int) -> HttpResponse:
    session = _session(request, session_id)
    ballot = get_object_or_404(Ballot, pk=ballot_id, session=session)

    def action() -> str:
        council.cast(ballot, member=request.user, choice=request.POST.get("choice", ""))
        return "Đã ghi nhận phiếu (phiếu kín: không lưu ai bỏ phiếu gì)."

    return _act(request, session, action)


def _typed_counts(request: HttpRequest) -> dict[str, int]:
    counts = {}
    for name in ("approve", "reject", "abstain"):
        value = whole_number(request.POST.get(name) or "0", low=0, high=999_999)
        if value is None:
            raise council.CouncilError("Số phiếu phải là số nguyên không âm.")
        counts[name] = value
    return counts


@require_POST
@login_required
def key_in(
    request: HttpRequest, session_id: int, ballot_id: int, source: str = "paper"
) -> HttpResponse:
    session = _session(request, session_id)
    ballot = get_object_or_404(Ballot, pk=ballot_id, session=session)

    def action() -> str:
        if source == "paper":
            council.key_in(ballot, user=request.user, **_typed_counts(request))
            return "Đã nhập kết quả từ phiếu giấy."
        council.key_in_written(ballot, user=request.user, **_typed_counts(request))
        return "Đã nhập phiếu bằng văn bản của thành viên vắng mặt."

    return _act(request, session, action)


@require_POST
@login_required
def close(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)

    def action() -> str:
        summary = council.close_session(session, user=request.user)
        return (
            f"Đã kết thúc phiên họp: {len(summary.passed)} đề nghị đạt, "
            f"{len(summary.failed)} không đạt."
        )

    return _act(request, session, action)


@login_required
def minutes(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _readable_session(request, session_id)
    if session.status != CouncilSession.Status.CLOSED:
        messages.error(
            request,
            "Biên bản chỉ lập được khi phiên họp đã kết thúc (bỏ phiếu kín: không công bố "
            "kết quả khi đang họp).",
        )
        return _back(session)
    content = minutes_docx(session, **minutes_identity(session))
    return download(content, f"bien-ban-hop-hoi-dong-{session.pk}.docx")


@require_POST
@login_required
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    if not (request.user.is_office or request.user.role == User.Role.LEADER):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo lập dự thảo quyết định.")
    nominations = Nomination.objects.filter(
        pk__in=[
            pk
            for pk in (
                whole_number(v, low=1, high=MAX_ID) for v in request.POST.getlist("nominations")
            )
            if pk is not None
        ],
        dossier__campaign=campaign,
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
    if not reads_chain(request.user, decision.campaign):
        raise PermissionDenied(
            "Chỉ cơ quan thường trực, lãnh đạo và thành viên Hội đồng của cơ quan ban hành "
            "xem quyết định này."
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
                    pk: value
                    for key, value in request.POST.items()
                    if key.startswith("amount-")
                    and (pk := whole_number(key[7:], low=1, high=MAX_ID)) is not None
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
            "number_default": _proposed_number(decision),
            "recipients": decisions.recipients_of(decision),
            "can_edit_recipients": decision.status == Decision.Status.DRAFT and user.is_office,
            # Certificates: a signed decision, printed by the office or the leader.
            "can_print": decision.status == Decision.Status.SIGNED
            and (user.is_office or user.role == User.Role.LEADER),
        },
    )


def _proposed_number(decision: Decision) -> str:
    """The sign form's initial number: the next free one of the issuer's register this year."""
    unit = decision.campaign.issuing_unit
    if decision.status != Decision.Status.DRAFT or unit is None:
        return ""
    return str(numbering.next_number(unit=unit, year=timezone.localdate().year))


@require_POST
@login_required
def decision_recipients(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Nơi nhận of a draft decision, one recipient a line: the office only."""
    decision = _decision(request, decision_id)
    if not request.user.is_office:
        raise PermissionDenied("Chỉ cơ quan thường trực sửa nơi nhận của quyết định.")
    try:
        if decisions.set_recipients(
            decision, request.POST.get("recipients", ""), user=request.user
        ):
            messages.success(request, "Đã lưu nơi nhận của quyết định.")
    except decisions.DecisionError as e:
        messages.error(request, str(e))
    return redirect("awards:decision", decision_id=decision.pk)


@login_required
def decision_document(request: HttpRequest, decision_id: int, fmt: str = "docx") -> HttpResponse:
    decision = _decision(request, decision_id)
    back = reverse("awards:decision", args=[decision.pk])
    return docx_or_pdf(request, decision_docx(decision), f"quyet-dinh-{decision.pk}", fmt, back)


# -- the composition -----------------------------------------------------------------------


@require_POST
@login_required
def council_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    if not request.user.is_office:
        raise PermissionDenied(COMPOSITION_REFUSED)
    try:
        created = composition.create_council(
            issuing_unit=campaign.issuing_unit, name=request.POST.get("name", ""), user=request.user
        )
        return redirect("awards:composition", council_id=created.pk)
    except composition.CompositionError as e:
        messages.error(request, str(e))
    return redirect("awards:council", pk=campaign.pk)


@login_required
def composition_page(request: HttpRequest, council_id: int) -> HttpResponse:
    user: User = request.user
    if not user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem trang này.")
    body = get_object_or_404(Council.objects.select_related("issuing_unit"), pk=council_id)
    if request.method == "POST":
        if not user.is_office:
            raise PermissionDenied("Chỉ cơ quan thường trực sửa thành phần Hội đồng.")
        post = request.POST
        try:
            account = None
            account_id = whole_number(post.get("account"), low=1, high=MAX_ID)
            if account_id is not None:
                account = User.objects.filter(pk=account_id).first()
            for name in ("valid_from", "valid_to"):
                if post.get(name, "").strip() and parse_date(post[name]) is None:
                    raise composition.CompositionError(
                        f"Ngày “{post[name].strip()[:20]}” không đúng dạng dd/mm/yyyy."
                    )
            composition.add_member(
                body,
                full_name=post.get("full_name", ""),
                title=post.get("title", ""),
                role=post.get("role", ""),
                valid_from=parse_date(post.get("valid_from", "")),
                valid_to=parse_date(post.get("valid_to", "")),
                account=account,
                user=user,
            )
            messages.success(request, "Đã thêm thành viên Hội đồng.")
            return redirect("awards:composition", council_id=body.pk)
        except composition.CompositionError as e:
            messages.error(request, str(e))
    seated = set(body.members.exclude(user=None).values_list("user_id", flat=True))
    sessions = body.sessions.select_related("campaign")
    if user.role == User.Role.COUNCIL:  # only the sessions the member may open (_session)
        sessions = sessions.filter(attendance__member__user=user).distinct()
    return render(
        request,
        "awards/council_composition.html",
        {
            "body": body,
            "members": composition.ordered(list(body.members.select_related("user"))),
            "roles": CouncilMember.Role.choices,
            "accounts": User.objects.filter(role=User.Role.COUNCIL, is_active=True).exclude(
                pk__in=seated
            ),
            "sessions": sessions[:20],
        },
    )


@require_POST
@login_required
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    if not request.user.is_office:
        raise PermissionDenied(COMPOSITION_REFUSED)
    seat = get_object_or_404(CouncilMember, pk=member_id)
    try:
        composition.end_member(
            seat, valid_to=parse_date(request.POST.get("valid_to", "")), user=request.user
        )
        messages.success(request, f"Đã ghi ngày hết hiệu lực của {seat.full_name}.")
    except composition.CompositionError as e:
        messages.error(request, str(e))
    return redirect("awards:composition", council_id=seat.council_id)
