"""Hội đồng Thi đua – Khen thưởng: sessions, the agenda, secret ballots and the close.

LEGAL.md "Council ballot" (binding):

* the approval threshold counts on the **total membership** of the council, absent members
  included (they vote in writing, which the office keys in with the paper ballots):
  ≥ 90 % for CSTĐ tỉnh, CSTĐ toàn quốc, Anh hùng; ≥ 80 % for CSTĐCS and Cờ thi đua
  (NĐ 98/2023 Điều 30.7); for the rest (Giấy khen, Bằng khen, LĐTT …) the law sets none
  and the product's default is *more than half of the total membership* (editable);
* quorum: two thirds of the members present;
* votes are secret: a ballot stores totals only; `BallotCast` records *that* a member
  voted (to refuse a second vote), never *what*.

A ballot is counted either on screen (`cast`, one vote per member present) or from the
paper ballots (`key_in`, the office enters the whole count, written votes of absent
members included) — never both, so nothing is counted twice.

Closing a session (`close_session`) applies each ballot's threshold with exact fractions,
stores `Ballot.passed`, and moves every dossier whose nominations have all been voted from
"Trình Hội đồng" to "Đã xét" through the dossier state machine (`dossiers.move`), which
stays the only way a dossier changes state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from thidua.awards.dossiers import Dossier, State, TransitionError, move
from thidua.awards.records import Ballot, BallotCast, CouncilSession, Nomination
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.law.lookup import Rule
from thidua.org.models import User


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
    """At least the quorum share (two thirds by default) of the total membership present."""
    if session.total_members <= 0:
        return False
    return Fraction(session.present, session.total_members) >= lookup.quorum(session.held_on)


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
    """The session re-read under a row lock: FOR UPDATE to close it, FOR SHARE to vote (votes
    don't wait for each other, but a close waits for the votes under way and a vote after
    it sees the session closed). SQLite locks the whole database anyway."""
    if exclusive:
        return CouncilSession.objects.select_for_update().get(pk=session.pk)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(CouncilSession._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR SHARE", [session.pk])
    return CouncilSession.objects.get(pk=session.pk)


def _open(session: CouncilSession) -> None:
    if session.closed_at is not None:
        raise CouncilError(
            f"Phiên họp ngày {session.held_on:%d/%m/%Y} đã kết thúc: không bỏ phiếu, "
            "không sửa kết quả được nữa."
        )


# -- sessions and agenda -------------------------------------------------------------------


@transaction.atomic
def open_session(
    *,
    campaign: Campaign,
    held_on: dt.date,
    total_members: int,
    members: Iterable[User],
    user: User,
    place: str = "",
) -> CouncilSession:
    """A council session: `members` are the members present (each may vote on screen),
    `total_members` the whole membership the thresholds count on."""
    _require_office(user, "mở phiên họp Hội đồng")
    members = list({m.pk: m for m in members}.values())
    if total_members is None or int(total_members) < 1:
        raise CouncilError("Tổng số thành viên Hội đồng phải lớn hơn 0.")
    outsiders = [m for m in members if m.role != User.Role.COUNCIL or not m.is_active]
    if outsiders:
        names = ", ".join(m.full_name or m.username for m in outsiders)
        raise CouncilError(f"Không phải thành viên Hội đồng Thi đua – Khen thưởng: {names}.")
    if len(members) > total_members:
        raise CouncilError(
            f"Số thành viên có mặt ({len(members)}) lớn hơn tổng số thành viên Hội đồng "
            f"({total_members})."
        )
    session = CouncilSession.objects.create(
        campaign=campaign,
        held_on=held_on,
        place=place,
        total_members=total_members,
        present=len(members),
        created_by=user,
    )
    session.members.set(members)
    return session


@transaction.atomic
def put_on_agenda(
    session: CouncilSession, nominations: Iterable[Nomination], *, user: User | None = None
) -> list[Ballot]:
    """One ballot per nomination; its dossier must be "Trình Hội đồng" and of the session's
    campaign. All or nothing: one refused nomination refuses the lot, naming it."""
    if user is not None:
        _require_office(user, "đưa đề nghị vào chương trình họp")
    _open(_locked_session(session, exclusive=True))
    ballots = []
    for nomination in nominations:
        nomination = Nomination.objects.select_related("dossier", "form", "person", "unit").get(
            pk=nomination.pk
        )
        dossier = nomination.dossier
        if dossier.state != State.TO_COUNCIL:
            raise CouncilError(
                f"Đề nghị {_label(nomination)} chưa được trình Hội đồng (hồ sơ đang ở trạng "
                f"thái “{State(dossier.state).label}”)."
            )
        if dossier.campaign_id != session.campaign_id:
            raise CouncilError(f"Đề nghị {_label(nomination)} thuộc phong trào khác với phiên họp.")
        if Ballot.objects.filter(session=session, nomination=nomination).exists():
            raise CouncilError(f"Đề nghị {_label(nomination)} đã có trong chương trình họp.")
        ballots.append(Ballot.objects.create(session=session, nomination=nomination))
    return ballots


# -- voting --------------------------------------------------------------------------------

CHOICES = ("approve", "reject", "abstain")


@transaction.atomic
def cast(ballot: Ballot, *, member: User, choice: str) -> None:
    """One secret vote on screen: records that `member` voted and adds one to the count of
    `choice`; never who voted what."""
    if choice not in CHOICES:
        raise CouncilError("Phiếu phải là “đồng ý”, “không đồng ý” hoặc “không biểu quyết”.")
    session = _locked_session(ballot.session, exclusive=False)
    _open(session)
    if member.role != User.Role.COUNCIL or not session.members.filter(pk=member.pk).exists():
        raise CouncilError("Chỉ thành viên Hội đồng có mặt tại phiên họp mới được bỏ phiếu.")
    current = Ballot.objects.get(pk=ballot.pk)
    if current.keyed_in:
        raise CouncilError(
            "Kết quả của đề nghị này đã được nhập từ phiếu giấy: không bỏ phiếu trên máy nữa."
        )
    try:
        with transaction.atomic():
            BallotCast.objects.create(ballot=current, member=member)
    except IntegrityError:
        raise CouncilError("Bạn đã bỏ phiếu cho đề nghị này rồi.") from None
    Ballot.objects.filter(pk=ballot.pk).update(**{choice: F(choice) + 1})


@transaction.atomic
def key_in(ballot: Ballot, *, approve: int, reject: int, abstain: int, user: User) -> Ballot:
    """The totals of the paper ballots (written votes of absent members included), entered
    by the office; they replace the ballot's count. Refused once members voted on screen."""
    _require_office(user, "nhập kết quả phiếu giấy")
    session = _locked_session(ballot.session, exclusive=False)
    _open(session)
    counts = {"approve": approve, "reject": reject, "abstain": abstain}
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in counts.values()):
        raise CouncilError("Số phiếu phải là số nguyên không âm.")
    total = approve + reject + abstain
    if total > session.total_members:
        raise CouncilError(
            f"Tổng số phiếu ({total}) vượt quá tổng số thành viên Hội đồng "
            f"({session.total_members})."
        )
    current = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if current.casts.exists():
        raise CouncilError(
            "Đề nghị này đã có thành viên bỏ phiếu trên máy: không nhập phiếu giấy được."
        )
    for name, value in counts.items():
        setattr(current, name, value)
    current.keyed_in = True
    current.save(update_fields=["approve", "reject", "abstain", "keyed_in"])
    return current


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
        nomination=nomination, session__closed_at__isnull=False, passed__isnull=False
    ).exists()


@transaction.atomic
def close_session(session: CouncilSession, *, user: User) -> CloseSummary:
    """Apply the thresholds, store each ballot's result, close the session and move every
    dossier whose nominations have all been voted to "Đã xét"."""
    _require_office(user, "kết thúc phiên họp Hội đồng")
    locked = _locked_session(session, exclusive=True)
    _open(locked)
    if not quorum_met(locked):
        raise CouncilError(
            f"Chưa đủ số thành viên dự họp: có mặt {locked.present}/{locked.total_members}, "
            "cần ít nhất hai phần ba tổng số thành viên Hội đồng."
        )
    summary = CloseSummary(session=locked)
    ballots = list(
        Ballot.objects.select_for_update(of=("self",))
        .select_related("nomination")
        .filter(session=locked)
    )
    for ballot in ballots:
        if ballot.approve + ballot.reject + ballot.abstain == 0:
            summary.not_voted.append(ballot)
            continue
        ballot.passed = passes(
            ballot.nomination.form_id, approve=ballot.approve, total_members=locked.total_members
        )
        ballot.save(update_fields=["passed"])
        (summary.passed if ballot.passed else summary.failed).append(ballot)
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at", "updated_at"])
    session.closed_at = locked.closed_at

    dossier_ids = sorted({b.nomination.dossier_id for b in ballots})
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).order_by("pk"):
        if dossier.state != State.TO_COUNCIL:
            continue
        if all(_voted(n) for n in dossier.nominations.all()):
            try:
                reason = f"Kết quả bỏ phiếu tại phiên họp Hội đồng ngày {locked.held_on:%d/%m/%Y}."
                summary.reviewed.append(move(dossier, State.REVIEWED, user=user, reason=reason))
            except TransitionError as error:
                raise CouncilError(f"{dossier}: {error}") from error
        else:
            summary.waiting.append(dossier)
    return summary
