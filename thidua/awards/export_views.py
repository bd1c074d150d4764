"""Excel exports of the awards chain's lists: the office's desk of dossiers, a council
session's ballot results, a campaign's council results and decisions, a decision's
awardees with their money. Each reads through the same access helpers as its page, so an
export holds exactly what the page shows to that user."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from thidua.awards import access, council
from thidua.awards.access import reads_chain
from thidua.awards.council_views import _decision, _readable_session
from thidua.awards.dossiers import State
from thidua.awards.records import Ballot, CouncilSession, DecisionAward
from thidua.awards.views import _verdicts, desk_dossiers
from thidua.campaigns import access as campaign_access
from thidua.campaigns.services import VERDICT_LABELS
from thidua.lib import xlsx
from thidua.lib.http import query_text
from thidua.org.models import User

DOSSIER_COLUMNS = (
    xlsx.Column("Đơn vị", lambda d: d.unit.name),
    xlsx.Column("Năm", lambda d: d.year),
    xlsx.Column("Trạng thái", lambda d: d.get_state_display()),
    xlsx.Column("Nộp muộn", lambda d: d.late),
    xlsx.Column("Nộp lúc", lambda d: d.submitted_at),
    xlsx.Column("Số đề nghị", lambda d: d.n_nominations),
)


@login_required
def dossiers(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    state = query_text(request, "trang_thai", max_length=30)
    rows = desk_dossiers(request, campaign, state)
    label = dict(State.choices).get(state, "")
    return xlsx.export(
        request,
        f"Hồ sơ đề nghị khen thưởng — {campaign.name}",
        DOSSIER_COLUMNS,
        rows,
        filters=[f"trạng thái {label}" if label else ""],
    )


NOMINATION_HEADER = [
    "Tập thể, cá nhân",
    "Đơn vị",
    "Đề nghị",
    "Tóm tắt thành tích",
    "Kết quả xét của máy",
    "Kết luận thẩm định",
    "Lý do",
]
TRANSITION_HEADER = ["Lúc", "Người thực hiện", "Từ", "Sang", "Nhận muộn", "Lý do, nội dung"]


@login_required
def dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """A dossier as its page shows it: its nominations with the verdicts, and the history
    of its states (who moved it, when, why)."""
    found = access.get_dossier_for_user(request.user, dossier_id)
    nominations = list(found.nominations.select_related("unit", "person__unit", "form"))
    verdicts = _verdicts(found, nominations)
    rows = [
        [
            str(n.subject),
            n.person.unit.name if n.person_id else n.unit.name,
            n.form.name,
            n.summary,
            VERDICT_LABELS[verdicts[n.pk]["eligible"]] if n.pk in verdicts else None,
            None if n.override is None else VERDICT_LABELS[n.override],
            n.override_reason or None,
        ]
        for n in nominations
    ]
    title = f"Hồ sơ đề nghị khen thưởng năm {found.year} — {found.unit.name}"
    lines = [*xlsx.heading(title, request)]
    lines.insert(1, f"Trạng thái: {found.get_state_display()}")
    book = xlsx.Export()
    book.sheet("Đề nghị", NOMINATION_HEADER, rows, heading=lines)
    history = [
        [t.at, str(t.actor), t.get_source_display(), t.get_target_display(), t.late, t.reason]
        for t in found.transitions.select_related("actor").order_by("at", "pk")
    ]
    book.sheet("Lịch sử xử lý", TRANSITION_HEADER, history, heading=lines)
    return xlsx.response(book.content(), f"Hồ sơ đề nghị {found.year} {found.unit.name}")


def _ballot_rows(ballots: Iterable[Ballot]) -> Iterator[list[Any]]:
    """The ballots' rows; each (award form, meeting date) asks the law for its threshold once,
    not once per ballot."""
    phrases: dict[tuple[str, Any], str] = {}
    for ballot in ballots:
        key = (ballot.nomination.form_id, ballot.session.held_on)
        if key not in phrases:
            phrases[key] = council.threshold(key[0], on=key[1])[1]
        yield _ballot_row(ballot, phrases[key])


def _ballot_row(ballot: Ballot, phrase: str) -> list[Any]:
    """A ballot as the session page shows it: the counts only once the session is closed
    (a secret ballot shows only how many have voted while the session runs)."""
    session = ballot.session
    closed = session.status == CouncilSession.Status.CLOSED
    total = session.total_members
    nomination = ballot.nomination
    result = None
    if closed:
        result = (
            "Chưa biểu quyết"
            if ballot.passed is None
            else ("Đạt" if ballot.passed else "Không đạt")
        )
    return [
        str(session),
        session.get_status_display(),
        str(nomination.subject),
        nomination.form.name,
        nomination.dossier.unit.name,
        phrase,
        total,
        ballot.votes,
        ballot.approve if closed else None,
        ballot.reject if closed else None,
        ballot.abstain if closed else None,
        Fraction(ballot.approve * 100, total) if closed and total > 0 else None,
        result,
    ]


BALLOT_HEADER = [
    "Phiên họp",
    "Tình trạng phiên họp",
    "Tập thể, cá nhân",
    "Hình thức",
    "Đơn vị đề nghị",
    "Ngưỡng",
    "Tổng số thành viên",
    "Đã bỏ phiếu",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Tỷ lệ đồng ý (%)",
    "Kết quả",
]


def _ballots(sessions: Any) -> Any:
    return (
        Ballot.objects.filter(session__in=sessions)
        .select_related(
            "session__council",
            "nomination__unit",
            "nomination__person",
            "nomination__form",
            "nomination__dossier__unit",
        )
        .order_by("session__held_on", "session__pk", "pk")
    )


AWARD_HEADER = [
    "Quyết định",
    "Ngày ký",
    "Tình trạng",
    "Tập thể, cá nhân",
    "Hình thức",
    "Năm thành tích",
    "Tiền thưởng (đồng)",
]


def _award_row(award: DecisionAward) -> list[Any]:
    decision = award.decision
    number = f"{decision.number}/{decision.symbol}" if decision.number else "Dự thảo"
    return [
        number,
        decision.signed_on,
        decision.get_status_display(),
        str(award.person or award.unit),
        award.form.name,
        award.year,
        award.amount,
    ]


@login_required
def council_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The council page of a campaign: every ballot of the sessions the user may read, and
    the awards of its decisions (to the chain's readers, as on the page)."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk)
    user: User = request.user
    if not user.sees_everything:
        raise PermissionDenied("Chỉ cơ quan thường trực, Hội đồng và lãnh đạo xem trang này.")
    sessions = campaign.council_sessions.all()
    reader = reads_chain(user, campaign)
    if not reader:  # a member of another issuer's council: the sessions they sat in only
        sessions = sessions.filter(attendance__member__user=user).distinct()
    title = f"Kết quả Hội đồng Thi đua – Khen thưởng — {campaign.name}"
    book = xlsx.Export()
    book.sheet(
        "Kết quả bỏ phiếu",
        BALLOT_HEADER,
        _ballot_rows(_ballots(sessions)),
        heading=xlsx.heading(title, request),
    )
    if reader:
        awards = (
            DecisionAward.objects.filter(decision__campaign=campaign)
            .select_related("decision", "form", "person", "unit")
            .order_by("decision__pk", "pk")
        )
        book.sheet(
            "Quyết định khen thưởng",
            AWARD_HEADER,
            (_award_row(a) for a in awards),
            heading=xlsx.heading(f"Khen thưởng theo quyết định — {campaign.name}", request),
        )
    return xlsx.response(book.content(), "Kết quả Hội đồng thi đua khen thưởng")


@login_required
def session_results(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _readable_session(request, session_id)
    return _one_sheet(
        request,
        f"Kết quả bỏ phiếu — {session}",
        BALLOT_HEADER,
        list(_ballot_rows(_ballots([session]))),
    )


@login_required
def decision_awards(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _decision(request, decision_id)
    awards = list(decision.awards.select_related("decision", "unit", "person", "form"))
    rows = [_award_row(a) for a in awards]
    rows.append([None, None, None, "Tổng cộng", None, None, sum(a.amount or 0 for a in awards)])
    return _one_sheet(request, f"Danh sách khen thưởng — {decision}", AWARD_HEADER, rows)


def _one_sheet(request: HttpRequest, title: str, header: list[str], rows: Any) -> HttpResponse:
    book = xlsx.Export()
    book.sheet(title, header, rows, heading=xlsx.heading(title, request))
    return xlsx.response(book.content(), title.split(" — ")[0])
