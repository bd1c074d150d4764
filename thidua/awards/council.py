"""Hội đồng Thi đua – Khen thưởng: sessions, attendance, the agenda, secret ballots, close.

LEGAL.md "Council ballot" (binding):

* the approval threshold counts on the **total membership** of the council (the composition
  valid on the meeting date), absent members included — they vote in writing, which the
  office keys in: ≥ 90 % for CSTĐ tỉnh, CSTĐ toàn quốc, Anh hùng; ≥ 80 % for CSTĐCS and Cờ
  thi đua; for the rest the product's default is *more than half* (all from
  `thidua.law.lookup`, dated: the session's meeting date is the day asked);
* quorum: two thirds of the members present;
* votes are secret: a ballot stores totals only; `BallotCast` records *that* a member voted
  on screen (to refuse a second vote), never *what*; while the session is open nobody sees
  the counts, only how many have voted.

Every member of the composition takes part in one way only (`Attendance.Mode`): on screen
(present, with an account), on paper (present; the office keys in the paper totals), in
writing (absent; the office keys in those totals) or not at all. A source's total never
exceeds the members voting that way, so no member is counted twice.

A session is scheduled (date, start time, place; the end time is written before closing),
may be edited, postponed or cancelled with a reason until it is closed; postponing or
cancelling releases its agenda. Closing (`close_session`) applies each ballot's threshold
with exact fractions, stores `Ballot.passed`, and moves every dossier whose nominations have
all been voted from "Trình Hội đồng" to "Đã xét" — the state machine's system move that no
screen can make.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from auditlog.context import disable_auditlog
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from thidua.awards import numbering
from thidua.awards.dossiers import CLOSE_SESSION, Dossier, State, TransitionError, move
from thidua.awards.records import (
    Attendance,
    Ballot,
    BallotCast,
    Council,
    CouncilMember,
    CouncilSession,
    Nomination,
)
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.law.lookup import Rule
from thidua.law.models import share_phrase
from thidua.lib import audit
from thidua.notifications import events as notify
from thidua.org.models import User

Mode = Attendance.Mode
Status = CouncilSession.Status
MAX_AHEAD = dt.timedelta(days=366)  # a session is scheduled at most about a year ahead


class CouncilError(ValueError):
    """A council action refused, with the reason in Vietnamese."""


# -- thresholds (the law's figures come from thidua.law.lookup, dated) --------------------


def rule_for(form_key: str, on: dt.date | None = None) -> Rule:
    return lookup.ballot_rule(form_key, on or timezone.localdate())


def threshold(form_key: str, on: dt.date | None = None) -> tuple[Fraction, str]:
    """The approval share of the total membership for a form, and how to say it
    ("ít nhất 90% tổng số thành viên", "trên một nửa tổng số thành viên")."""
    rule = rule_for(form_key, on)
    return rule.share, rule.phrase


def passes(form_key: str, *, approve: int, total_members: int, on: dt.date | None = None) -> bool:
    """Whether `approve` votes out of a council of `total_members` approve the form."""
    return rule_for(form_key, on).passes(approve, total_members)


def quorum_met(session: CouncilSession) -> bool:
    """At least the quorum share (the Quorum row in force) of the total membership present."""
    if session.total_members <= 0:
        return False
    return Fraction(session.present, session.total_members) >= lookup.quorum(session.held_on)


def quorum_phrase(on: dt.date) -> str:
    """ "ít nhất hai phần ba tổng số thành viên": the quorum row in force on ``on``."""
    return share_phrase(lookup.quorum(on), False)


def percent_text(approve: int, total: int) -> str:
    """ "9/10 (90,00%)", "8/9 (88,89%)": the approval share, two decimals, Vietnamese comma."""
    if total <= 0:
        return f"{approve}/{total}"
    hundredths = Fraction(approve * 10000, total)
    rounded = int(hundredths + Fraction(1, 2))  # half up, exact
    return f"{approve}/{total} ({rounded // 100},{rounded % 100:02d}%)"


# -- helpers -------------------------------------------------------------------------------


def _require_office(user: User, action: str) -> None:
    if not getattr(user, "is_office", False):
        raise CouncilError(f"Chỉ cơ quan thường trực mới được {action}.")


def _subject(nomination: Nomination) -> str:
    return str(nomination.person.full_name if nomination.person_id else nomination.unit)


def _label(nomination: Nomination) -> str:
    return f"“{_subject(nomination)} — {nomination.form.name}”"


def _locked_session(session: CouncilSession, *, exclusive: bool) -> CouncilSession:
    """The session re-read under a row lock: FOR UPDATE to change or close it, FOR SHARE to
    vote (votes don't wait for each other, but a close waits for the votes under way and a
    vote after it sees the session closed). SQLite locks the whole database anyway."""
    if exclusive:
        return CouncilSession.objects.select_for_update().get(pk=session.pk)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(CouncilSession._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR SHARE", [session.pk])
    return CouncilSession.objects.get(pk=session.pk)


def _open(session: CouncilSession) -> None:
    """Refuse anything but a scheduled session (votes, results, agenda)."""
    if session.status == Status.CLOSED or session.closed_at is not None:
        raise CouncilError(
            f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã kết thúc: không bỏ phiếu, "
            "không sửa kết quả được nữa."
        )
    if session.status == Status.CANCELLED:
        raise CouncilError(f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã bị hủy.")
    if session.status == Status.POSTPONED:
        raise CouncilError(
            f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã hoãn: hãy xếp lại ngày họp trước."
        )


def _not_closed(session: CouncilSession) -> None:
    if session.status == Status.CLOSED or session.closed_at is not None:
        raise CouncilError(
            f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã kết thúc: không sửa được nữa."
        )
    if session.status == Status.CANCELLED:
        raise CouncilError(f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã bị hủy.")


def _check_times(starts_at: dt.time | None, ends_at: dt.time | None) -> None:
    if starts_at is None:
        raise CouncilError("Hãy ghi giờ bắt đầu cuộc họp (HH:MM).")
    if ends_at is not None and ends_at <= starts_at:
        raise CouncilError(
            f"Giờ kết thúc ({ends_at:%H:%M}) phải sau giờ bắt đầu ({starts_at:%H:%M})."
        )


def _check_date(held_on: dt.date | None, today: dt.date) -> dt.date:
    if held_on is None:
        raise CouncilError("Hãy ghi ngày họp (dd/mm/yyyy).")
    if held_on > today + MAX_AHEAD:
        raise CouncilError(
            f"Ngày họp {held_on:%d/%m/%Y} quá xa: chỉ xếp lịch họp trong vòng một năm tới "
            f"(đến ngày {today + MAX_AHEAD:%d/%m/%Y})."
        )
    return held_on


def _check_deadline(held_on: dt.date, dossier: Dossier) -> None:
    deadline = dossier.deadline()
    if deadline is not None and held_on < deadline:
        raise CouncilError(
            f"Ngày họp {held_on:%d/%m/%Y} trước hạn nộp hồ sơ năm {dossier.year} "
            f"({deadline:%d/%m/%Y}): Hội đồng chỉ họp xét sau hạn nộp hồ sơ."
        )


def membership(session: CouncilSession) -> list[CouncilMember]:
    """The composition valid on the session's meeting date."""
    if session.council_id is None:
        return []
    return list(session.council.members_on(session.held_on).select_related("user"))


def _sync_attendance(session: CouncilSession) -> None:
    """Attendance rows = the membership valid on the meeting date (a new member added as
    absent, a member no longer valid removed); the stored total and present follow."""
    if session.council_id is None:
        return
    members = {m.pk: m for m in membership(session)}
    rows = {a.member_id: a for a in session.attendance.all()}
    stale = [pk for pk in rows if pk not in members]
    if stale:
        Attendance.objects.filter(session=session, member_id__in=stale).delete()
    audit.bulk_create_logged(
        Attendance,
        [
            Attendance(session=session, member=m, mode=Mode.ABSENT)
            for pk, m in members.items()
            if pk not in rows
        ],
    )
    session.total_members = len(members)
    session.present = Attendance.objects.filter(
        session=session, mode__in=Attendance.PRESENT
    ).count()
    session.save(update_fields=["total_members", "present", "updated_at"])


def _has_votes(session: CouncilSession) -> bool:
    return (
        BallotCast.objects.filter(ballot__session=session).exists()
        or session.ballots.filter(keyed_in=True).exists()
        or session.ballots.filter(written_keyed=True).exists()
    )


def _release_agenda(session: CouncilSession) -> int:
    """Remove the agenda (and any vote on it) so the nominations can go to another session."""
    count = session.ballots.count()
    BallotCast.objects.filter(ballot__session=session).delete()
    # The on-screen counts of a session that never closed are no result, and a deletion
    # entry naming them would tell, beside the BallotCast entries (who voted when), what a
    # lone voter chose: they are set back to 0 unlogged first, so the trail keeps that the
    # ballot went, never its secret running totals (paper and written totals were keyed in
    # by the office and are in the trail already).
    session.ballots.update(approve=0, reject=0, abstain=0)
    session.ballots.all().delete()
    return count


def councils_for(campaign: Campaign) -> list[Council]:
    """The councils of the campaign's issuing unit (one as a rule)."""
    return list(Council.objects.filter(issuing_unit_id=campaign.issuing_unit_id))


# -- sessions ------------------------------------------------------------------------------


@transaction.atomic
def open_session(
    *,
    campaign: Campaign,
    council: Council,
    held_on: dt.date | None,
    starts_at: dt.time | None,
    user: User,
    ends_at: dt.time | None = None,
    place: str = "",
    attendance: Mapping[int, str] | None = None,
    today: dt.date | None = None,
) -> CouncilSession:
    """Schedule a session of `council`: every member valid on the meeting date gets an
    attendance row (absent unless `attendance`, member pk → mode, says otherwise)."""
    _require_office(user, "xếp lịch phiên họp Hội đồng")
    today = today or timezone.localdate()
    held_on = _check_date(held_on, today)
    _check_times(starts_at, ends_at)
    if council is None:
        raise CouncilError("Hãy chọn Hội đồng Thi đua – Khen thưởng.")
    if council.issuing_unit_id not in (None, campaign.issuing_unit_id):
        raise CouncilError(f"{council} không phải Hội đồng của đơn vị ban hành phong trào.")
    if not council.members_on(held_on).exists():
        raise CouncilError(
            f"{council} chưa có thành viên nào còn hiệu lực vào ngày {held_on:%d/%m/%Y}."
        )
    session = CouncilSession.objects.create(
        campaign=campaign,
        council=council,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        place=" ".join((place or "").split())[:200],
        total_members=0,
        created_by=user,
    )
    _sync_attendance(session)
    if attendance:
        record_attendance(session, attendance, user=user)
    session.refresh_from_db()
    notify.session_changed(session.pk, "scheduled")  # after commit: the members with accounts
    return session


@transaction.atomic
def edit_session(
    session: CouncilSession,
    *,
    held_on: dt.date | None,
    starts_at: dt.time | None,
    ends_at: dt.time | None,
    place: str,
    user: User,
    today: dt.date | None = None,
) -> CouncilSession:
    """Change the date, times or place of a session not yet closed. A postponed session
    given a date is scheduled again."""
    _require_office(user, "sửa phiên họp Hội đồng")
    today = today or timezone.localdate()
    locked = _locked_session(session, exclusive=True)
    _not_closed(locked)
    held_on = _check_date(held_on, today)
    _check_times(starts_at, ends_at)
    if held_on != locked.held_on:
        if _has_votes(locked):
            raise CouncilError(
                "Đã có phiếu được ghi nhận: không đổi ngày họp được nữa (hãy hoãn phiên họp)."
            )
        for ballot in locked.ballots.select_related("nomination__dossier__campaign"):
            _check_deadline(held_on, ballot.nomination.dossier)
        if locked.council_id and not locked.council.members_on(held_on).exists():
            raise CouncilError(
                f"{locked.council} chưa có thành viên nào còn hiệu lực vào ngày {held_on:%d/%m/%Y}."
            )
    rescheduled = (held_on, starts_at) != (locked.held_on, locked.starts_at)
    rescheduled = rescheduled or locked.status == Status.POSTPONED
    locked.held_on = held_on
    locked.starts_at = starts_at
    locked.ends_at = ends_at
    locked.place = " ".join((place or "").split())[:200]
    if locked.status == Status.POSTPONED:
        locked.status = Status.SCHEDULED
        locked.status_reason = ""
    locked.save()
    _sync_attendance(locked)
    if rescheduled:
        notify.session_changed(locked.pk, "changed")  # after commit: the members on the date
    return locked


@transaction.atomic
def record_attendance(
    session: CouncilSession, modes: Mapping[int, str], *, user: User
) -> CouncilSession:
    """Who attended and how each member votes (member pk → Attendance.Mode). Only a member
    with an active council account votes on screen. Refused once a vote is recorded."""
    _require_office(user, "ghi thành phần dự họp")
    locked = _locked_session(session, exclusive=True)
    _open(locked)
    if _has_votes(locked):
        raise CouncilError("Đã có phiếu được ghi nhận: không sửa thành phần dự họp được nữa.")
    _sync_attendance(locked)
    rows = {a.member_id: a for a in locked.attendance.select_related("member__user")}
    for key, mode in modes.items():
        row = rows.get(int(key))
        if row is None:
            raise CouncilError("Người được chọn không phải thành viên Hội đồng vào ngày họp.")
        if mode not in Mode.values:
            raise CouncilError(f"Cách tham dự của {row.member} không hợp lệ.")
        account = row.member.user
        if mode == Mode.SCREEN and not (
            account and account.is_active and account.role == User.Role.COUNCIL
        ):
            raise CouncilError(f"{row.member} không có tài khoản Hội đồng: chỉ bỏ phiếu giấy được.")
        row.mode = mode
    audit.bulk_update_logged(Attendance, list(rows.values()), ["mode"])
    _sync_attendance(locked)
    return locked


@transaction.atomic
def postpone(session: CouncilSession, *, reason: str, user: User) -> int:
    """Postpone with a reason: the agenda is released (returned: how many nominations)."""
    return _set_aside(session, Status.POSTPONED, reason, user, "hoãn")


@transaction.atomic
def cancel(session: CouncilSession, *, reason: str, user: User) -> int:
    """Cancel with a reason (final): the agenda is released."""
    return _set_aside(session, Status.CANCELLED, reason, user, "hủy")


def _set_aside(session: CouncilSession, status: str, reason: str, user: User, verb: str) -> int:
    _require_office(user, f"{verb} phiên họp Hội đồng")
    reason = " ".join((reason or "").split())
    if not reason:
        raise CouncilError(f"Hãy ghi lý do {verb} phiên họp.")
    locked = _locked_session(session, exclusive=True)
    _not_closed(locked)
    released = _release_agenda(locked)
    locked.status = status
    locked.status_reason = reason
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    notify.session_changed(locked.pk, "postponed" if status == Status.POSTPONED else "cancelled")
    session.status, session.status_reason = status, reason
    return released


# -- agenda --------------------------------------------------------------------------------


@transaction.atomic
def put_on_agenda(
    session: CouncilSession, nominations: Iterable[Nomination], *, user: User | None = None
) -> list[Ballot]:
    """One ballot per nomination; its dossier must be "Trình Hội đồng", of the session's
    campaign, its deadline passed on the meeting date, and the nomination on no other open
    session. All or nothing: one refused nomination refuses the lot, naming it."""
    if user is not None:
        _require_office(user, "đưa đề nghị vào chương trình họp")
    locked = _locked_session(session, exclusive=True)
    _open(locked)
    ballots = []
    for nomination in nominations:
        nomination = Nomination.objects.select_related(
            "dossier__campaign", "form", "person", "unit"
        ).get(pk=nomination.pk)
        dossier = nomination.dossier
        if dossier.state != State.TO_COUNCIL:
            raise CouncilError(
                f"Đề nghị {_label(nomination)} chưa được trình Hội đồng (hồ sơ đang ở trạng "
                f"thái “{State(dossier.state).label}”)."
            )
        if dossier.campaign_id != locked.campaign_id:
            raise CouncilError(f"Đề nghị {_label(nomination)} thuộc phong trào khác với phiên họp.")
        if Ballot.objects.filter(session=locked, nomination=nomination).exists():
            raise CouncilError(f"Đề nghị {_label(nomination)} đã có trong chương trình họp.")
        other = (
            Ballot.objects.filter(nomination=nomination, session__status=Status.SCHEDULED)
            .select_related("session")
            .first()
        )
        if other is not None:
            raise CouncilError(
                f"Đề nghị {_label(nomination)} đã có trong chương trình phiên họp ngày "
                f"{other.session.held_on:%d/%m/%Y}."
            )
        voted = (
            Ballot.objects.filter(nomination=nomination, passed__isnull=False)
            .select_related("session")
            .first()
        )
        if voted is not None:
            raise CouncilError(
                f"Đề nghị {_label(nomination)} đã được Hội đồng biểu quyết tại phiên họp ngày "
                f"{voted.session.held_on:%d/%m/%Y}."
            )
        _check_deadline(locked.held_on, dossier)
        ballots.append(Ballot.objects.create(session=locked, nomination=nomination))
    return ballots


def waiting_nominations(campaign: Campaign) -> list[Nomination]:
    """Nominations before the council, on no scheduled session's agenda and not yet voted
    at a closed one."""
    return list(
        Nomination.objects.filter(dossier__campaign=campaign, dossier__state=State.TO_COUNCIL)
        .exclude(ballots__session__status=Status.SCHEDULED)
        .exclude(ballots__passed__isnull=False)
        .select_related("unit", "person", "form", "dossier__unit")
        .order_by("pk")
    )


# -- voting --------------------------------------------------------------------------------

CHOICES = ("approve", "reject", "abstain")


def _seat(session: CouncilSession, user: User) -> Attendance | None:
    return (
        Attendance.objects.filter(session=session, member__user=user)
        .select_related("member")
        .first()
    )


@transaction.atomic
def cast(ballot: Ballot, *, member: User, choice: str) -> None:
    """One secret vote on screen: records that `member` voted and adds one to the count of
    `choice`; never who voted what."""
    if choice not in CHOICES:
        raise CouncilError("Phiếu phải là “đồng ý”, “không đồng ý” hoặc “không biểu quyết”.")
    session = _locked_session(ballot.session, exclusive=False)
    _open(session)
    seat = _seat(session, member)
    if member.role != User.Role.COUNCIL or seat is None or seat.mode != Mode.SCREEN:
        raise CouncilError(
            "Chỉ thành viên Hội đồng có mặt tại phiên họp và bỏ phiếu trên hệ thống mới được "
            "bỏ phiếu trên máy."
        )
    try:
        with transaction.atomic():
            BallotCast.objects.create(ballot_id=ballot.pk, member=member)
    except IntegrityError:
        raise CouncilError("Bạn đã bỏ phiếu cho đề nghị này rồi.") from None
    Ballot.objects.filter(pk=ballot.pk).update(**{choice: F(choice) + 1})


def _counts(approve: object, reject: object, abstain: object) -> dict[str, int]:
    counts = {"approve": approve, "reject": reject, "abstain": abstain}
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in counts.values()):
        raise CouncilError("Số phiếu phải là số nguyên không âm.")
    return counts  # type: ignore[return-value]


@transaction.atomic
def _key_in(ballot: Ballot, source: str, counts: dict[str, int], user: User) -> Ballot:
    session = _locked_session(ballot.session, exclusive=False)
    _open(session)
    paper = source == "paper"
    mode, what = (Mode.PAPER, "phiếu giấy") if paper else (Mode.WRITTEN, "phiếu bằng văn bản")
    voters = Attendance.objects.filter(session=session, mode=mode).count()
    total = sum(counts.values())
    if session.council_id is None:
        voters = session.total_members  # a bare session (no composition): the whole council
    if total > voters:
        who = (
            "số thành viên có mặt bỏ phiếu giấy"
            if source == "paper"
            else "số thành viên vắng mặt có phiếu bằng văn bản"
        )
        raise CouncilError(f"Tổng số {what} ({total}) vượt quá {who} ({voters}).")
    current = Ballot.objects.select_for_update().get(pk=ballot.pk)
    changes: dict[str, object] = {}
    for name, value in counts.items():
        old = getattr(current, f"{source}_{name}")
        changes[f"{source}_{name}"] = value
        changes[name] = F(name) + (value - old)
    changes["keyed_in" if source == "paper" else "written_keyed"] = True
    Ballot.objects.filter(pk=current.pk).update(**changes)
    before = copy.copy(current)
    current.refresh_from_db()
    # The office's entry: this source's totals. Not the ballot's totals, which include the
    # on-screen votes so far (an entry between two votes would tell one member's choice);
    # they enter the trail at the close.
    flag = "keyed_in" if paper else "written_keyed"
    audit.log_update(before, current, [*(f"{source}_{n}" for n in CHOICES), flag])
    return current


def key_in(ballot: Ballot, *, approve: int, reject: int, abstain: int, user: User) -> Ballot:
    """The totals of the paper ballots of the members present who voted on paper, entered
    by the office (a second entry replaces the first)."""
    _require_office(user, "nhập kết quả phiếu giấy")
    return _key_in(ballot, "paper", _counts(approve, reject, abstain), user)


def key_in_written(
    ballot: Ballot, *, approve: int, reject: int, abstain: int, user: User
) -> Ballot:
    """The totals of the written votes of absent members (LEGAL.md), entered by the office."""
    _require_office(user, "nhập phiếu bằng văn bản của thành viên vắng mặt")
    return _key_in(ballot, "written", _counts(approve, reject, abstain), user)


def voted(ballot: Ballot) -> int:
    """How many votes a ballot has so far — all that is shown while the session is open."""
    return ballot.votes


# -- closing -------------------------------------------------------------------------------


@dataclass
class CloseSummary:
    session: CouncilSession
    passed: list[Ballot] = field(default_factory=list)
    failed: list[Ballot] = field(default_factory=list)
    not_voted: list[Ballot] = field(default_factory=list)  # no vote at all: left undecided
    reviewed: list[Dossier] = field(default_factory=list)  # moved to "Đã xét"
    waiting: list[Dossier] = field(default_factory=list)  # some nomination not yet voted


def _voted(nomination: Nomination) -> bool:
    return Ballot.objects.filter(
        nomination=nomination, session__status=Status.CLOSED, passed__isnull=False
    ).exists()


@transaction.atomic
def close_session(
    session: CouncilSession, *, user: User, today: dt.date | None = None
) -> CloseSummary:
    """Apply the thresholds (on the membership valid on the meeting date), store each
    ballot's result, close the session and move every dossier whose nominations have all
    been voted to "Đã xét"."""
    _require_office(user, "kết thúc phiên họp Hội đồng")
    today = today or timezone.localdate()
    locked = _locked_session(session, exclusive=True)
    _open(locked)
    if locked.held_on > today:
        raise CouncilError(
            f"Phiên họp được xếp lịch ngày {locked.held_on:%d/%m/%Y}: chưa kết thúc được "
            "trước ngày họp."
        )
    if locked.council_id is not None:
        if locked.starts_at is None or locked.ends_at is None:
            raise CouncilError(
                "Hãy ghi giờ bắt đầu và giờ kết thúc cuộc họp trước khi kết thúc phiên họp "
                "(biên bản ghi các giờ này)."
            )
        _sync_attendance(locked)
    if not quorum_met(locked):
        raise CouncilError(
            f"Chưa đủ số thành viên dự họp: có mặt {locked.present}/{locked.total_members}, "
            f"cần {quorum_phrase(locked.held_on)} Hội đồng."
        )
    ballots = list(
        Ballot.objects.select_for_update(of=("self",))
        .select_related("nomination__person", "nomination__unit", "nomination__form")
        .filter(session=locked)
    )
    paper = locked.attendance.filter(mode=Mode.PAPER).exists()
    written = locked.attendance.filter(mode=Mode.WRITTEN).exists()
    for ballot in ballots:
        if ballot.votes and paper and not ballot.keyed_in:
            raise CouncilError(
                f"Chưa nhập kết quả phiếu giấy của đề nghị {_label(ballot.nomination)}."
            )
        if ballot.votes and written and not ballot.written_keyed:
            raise CouncilError(
                f"Chưa nhập phiếu bằng văn bản của thành viên vắng mặt cho đề nghị "
                f"{_label(ballot.nomination)}."
            )
    summary = CloseSummary(session=locked)
    for ballot in ballots:
        if ballot.votes == 0:
            summary.not_voted.append(ballot)
            continue
        ballot.passed = passes(
            ballot.nomination.form_id,
            approve=ballot.approve,
            total_members=locked.total_members,
            on=locked.held_on,
        )
        # One entry per ballot at the close: the result and the totals, from their value at
        # the ballot's creation (0) — never an entry per on-screen vote, whose time would
        # tie the count to the member whose cast is recorded then (secret ballot).
        with disable_auditlog():
            ballot.save(update_fields=["passed"])
        audit.log_update(
            Ballot(pk=ballot.pk, session_id=ballot.session_id, nomination_id=ballot.nomination_id),
            ballot,
            ["approve", "reject", "abstain", "passed"],
        )
        (summary.passed if ballot.passed else summary.failed).append(ballot)
    locked.closed_at = timezone.now()
    locked.status = Status.CLOSED
    locked.save(update_fields=["closed_at", "status", "updated_at"])
    session.closed_at, session.status = locked.closed_at, locked.status
    numbering.issue_for_session(locked, user=user)  # the Biên bản, in the council's register

    dossier_ids = sorted({b.nomination.dossier_id for b in ballots})
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).order_by("pk"):
        if dossier.state != State.TO_COUNCIL:
            continue
        if all(_voted(n) for n in dossier.nominations.all()):
            try:
                reason = f"Kết quả bỏ phiếu tại phiên họp Hội đồng ngày {locked.held_on:%d/%m/%Y}."
                summary.reviewed.append(
                    move(dossier, State.REVIEWED, user=user, reason=reason, service=CLOSE_SESSION)
                )
            except TransitionError as error:
                raise CouncilError(f"{dossier}: {error}") from error
        else:
            summary.waiting.append(dossier)
    return summary
