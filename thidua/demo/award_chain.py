"""The demo's award chain (issue 8): in the Lộc Ninh campaign, 2024 dossiers in every state,
the Hội đồng Thi đua – Khen thưởng of 9 people (4 with accounts), a session cancelled with
its reason, a closed session with on-screen, paper and written votes, and a signed decision,
so that every document (minutes, decision, the dossiers' drafts) can be produced from it.

Everything goes through the services the screens use (the state machine, the council, the
decision), so the demo holds nothing the product could not have made itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from thidua.awards import composition, council, decisions
from thidua.awards.dossiers import Dossier, State, move
from thidua.awards.records import Attendance, DecisionAward, MoneyMode, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.registrations import participants
from thidua.demo import files
from thidua.org.models import Person, Unit, User

YEAR = 2024
CAMPAIGN = "loc-ninh-2024-2025"
BEFORE_DEADLINE = dt.date(2024, 11, 20)  # the plan: dossiers before 30/11
CANCELLED_ON = dt.date(2024, 12, 10)
HELD_ON = dt.date(2024, 12, 15)
SIGNED_ON = dt.date(2024, 12, 25)
PLACE = "Phòng họp số 1, UBND huyện Hòa Phong"

Mode = Attendance.Mode
# (name, title, council role, account, how they took part in the session of 15/12/2024)
COUNCIL = (
    ("Võ Đức Hùng", "Chủ tịch UBND huyện", "chu_tich", None, Mode.PAPER),
    ("Đặng Thị Mai", "Phó Chủ tịch UBND huyện", "pho_chu_tich", "hoidong1", Mode.SCREEN),
    ("Lê Thị Thu Hà", "Trưởng phòng Nội vụ", "thuong_truc", "hoidong2", Mode.SCREEN),
    ("Trần Quốc Bảo", "Chánh Văn phòng HĐND và UBND huyện", "uy_vien", "hoidong3", Mode.SCREEN),
    ("Phan Văn Lộc", "Trưởng phòng Tài chính – Kế hoạch", "uy_vien", "hoidong4", Mode.PAPER),
    ("Nguyễn Thị Ánh", "Chủ tịch Liên đoàn Lao động huyện", "uy_vien", None, Mode.WRITTEN),
    ("Huỳnh Văn Sơn", "Chủ tịch Ủy ban MTTQ Việt Nam huyện", "uy_vien", None, Mode.WRITTEN),
    ("Bùi Thị Hồng", "Chủ tịch Hội Liên hiệp Phụ nữ huyện", "uy_vien", None, Mode.ABSENT),
    ("Trương Minh Khôi", "Chuyên viên Phòng Nội vụ", "thu_ky", None, Mode.PAPER),
)
# The states the dossiers end in, one unit each (PNV and TTHOAPHONG have unit accounts).
STATES = (
    State.DECIDED,
    State.DECIDED,
    State.REVIEWED,
    State.REVIEWED,
    State.TO_COUNCIL,
    State.ELIGIBLE,
    State.NOT_ELIGIBLE,
    State.NEEDS_MORE,
    State.APPRAISING,
    State.SUBMITTED,
    State.DRAFT,
)
# Votes per nomination: on screen (approve, reject, abstain among the 3), paper (of 3),
# written (of 2). Giấy khen: more than half; CSTĐCS: at least 80 % of the 9.
GK, CSTDCS = "giay_khen_chu_tich_huyen", "chien_si_thi_dua_co_so"
MONEY_REASON = (
    "Mức tiền thưởng theo Nghị định 98/2023/NĐ-CP với mức lương cơ sở 2.340.000 đồng: "
    "Giấy khen 0,3 lần (cá nhân), 0,6 lần (tập thể); Chiến sĩ thi đua cơ sở 1,0 lần."
)


def _amount(award: DecisionAward) -> int:
    if award.form_id == CSTDCS:
        return 2_340_000
    return 710_000 if award.person_id else 1_410_000


VOTES = {
    "passed": ((3, 0, 0), (3, 0, 0), (2, 0, 0)),  # 8/9
    "close": ((2, 1, 0), (3, 0, 0), (1, 1, 0)),  # 6/9: Giấy khen passes, CSTĐCS does not
}


def _walk(dossier: Dossier, target: str, office: User, unit_user: User | None) -> Dossier:
    """Along the state machine to `target`, as the office and the unit would."""
    path = {
        State.DRAFT: [],
        State.SUBMITTED: [State.SUBMITTED],
        State.APPRAISING: [State.SUBMITTED, State.APPRAISING],
        State.NEEDS_MORE: [State.SUBMITTED, State.APPRAISING, State.NEEDS_MORE],
        State.ELIGIBLE: [State.SUBMITTED, State.APPRAISING, State.ELIGIBLE],
        State.NOT_ELIGIBLE: [State.SUBMITTED, State.APPRAISING, State.NOT_ELIGIBLE],
    }.get(target, [State.SUBMITTED, State.APPRAISING, State.ELIGIBLE, State.TO_COUNCIL])
    reasons = {
        State.NEEDS_MORE: "Bổ sung Biên bản họp xét thi đua của đơn vị và bảng tổng hợp điểm "
        "Chỉ số CCHC năm 2024.",
        State.NOT_ELIGIBLE: "Đơn vị chưa hoàn thành chỉ tiêu giải quyết hồ sơ đúng hạn năm 2024 "
        "(dưới 95%).",
    }
    for step in path:
        if step == State.SUBMITTED and unit_user is None:
            dossier = move(
                dossier,
                step,
                user=office,
                today=BEFORE_DEADLINE,
                accept_late=True,
                reason="Đơn vị gửi hồ sơ giấy đúng hạn; cơ quan thường trực nhập lên hệ thống.",
            )
        else:
            dossier = move(
                dossier,
                step,
                user=unit_user if step == State.SUBMITTED else office,
                today=BEFORE_DEADLINE,
                reason=reasons.get(step, ""),
            )
    return dossier


def _units(campaign: Campaign) -> list[Unit]:
    """PNV and TTHOAPHONG first (they have accounts), then the units in force at year end."""
    end = dt.date(YEAR, 12, 31)
    units = [
        u
        for u in participants(campaign)
        if (u.valid_to is None or u.valid_to >= end) and u.people.exists()
    ]
    first = [u for code in ("PNV", "TTHOAPHONG") for u in units if u.code == code]
    return first + [u for u in units if u not in first]


def _person(unit: Unit) -> Person:
    """The unit's first person who does not sit on the council (no one votes on oneself)."""
    members = [name for name, *_ in COUNCIL]
    people = Person.objects.filter(unit=unit).exclude(full_name__in=members).order_by("code")
    return people.first() or Person.objects.filter(unit=unit).order_by("code").first()


def _date_the_history(dossiers: list[Dossier], session: Any) -> None:
    """Transitions are stamped when written; the demo's happened in late 2024."""
    at = {
        State.SUBMITTED: dt.datetime(2024, 11, 20, 9, 0),
        State.APPRAISING: dt.datetime(2024, 12, 2, 8, 30),
        State.NEEDS_MORE: dt.datetime(2024, 12, 3, 14, 0),
        State.ELIGIBLE: dt.datetime(2024, 12, 4, 10, 0),
        State.NOT_ELIGIBLE: dt.datetime(2024, 12, 4, 10, 0),
        State.TO_COUNCIL: dt.datetime(2024, 12, 5, 15, 0),
        State.REVIEWED: dt.datetime(2024, 12, 15, 10, 30),
        State.DECIDED: dt.datetime(2024, 12, 25, 16, 0),
    }
    for index, dossier in enumerate(dossiers):
        for target, when in at.items():
            stamp = timezone.make_aware(when + dt.timedelta(minutes=7 * index))
            dossier.transitions.filter(target=target).update(at=stamp)
            if target == State.SUBMITTED and dossier.state != State.DRAFT:
                Dossier.objects.filter(pk=dossier.pk).update(submitted_at=stamp)
    type(session).objects.filter(pk=session.pk).update(
        closed_at=timezone.make_aware(dt.datetime.combine(HELD_ON, dt.time(10, 30)))
    )


def build(counts: dict[str, int]) -> None:
    campaign = Campaign.objects.get(template_key=CAMPAIGN)
    office = User.objects.get(username="noivu")
    leader = User.objects.get(username="chutich")
    accounts = {u.username: u for u in User.objects.filter(role=User.Role.COUNCIL)}
    unit_users = {u.unit_id: u for u in User.objects.filter(role=User.Role.UNIT)}

    body = composition.create_council(
        issuing_unit=campaign.issuing_unit,
        name="Hội đồng Thi đua – Khen thưởng huyện Hòa Phong",
        user=office,
    )
    seats = {}
    for name, title, role, username, _ in COUNCIL:
        seats[name] = composition.add_member(
            body,
            full_name=name,
            title=title,
            role=role,
            account=accounts[username] if username else None,
            valid_from=dt.date(2024, 1, 1),
            user=office,
        )

    # Dossiers and their nominations: (form, subject) per dossier by its final state.
    nominations: dict[str, list[Nomination]] = {"passed": [], "close": []}
    dossiers: list[Dossier] = []
    for index, (unit, target) in enumerate(zip(_units(campaign), STATES, strict=False)):
        dossier = Dossier.objects.create(
            campaign=campaign, unit=unit, year=YEAR, created_by=unit_users.get(unit.pk, office)
        )
        person = _person(unit)
        plan: list[tuple[str, dict[str, Any], str]]
        if index == 0:  # decided: a collective and one of its people
            plan = [
                (GK, {"unit": unit}, "passed"),
                (GK, {"person": person}, "passed"),
            ]
        elif index == 1:
            plan = [(GK, {"person": person}, "close")]
        elif index == 2:  # decided: the CSTĐCS passed
            plan = [(CSTDCS, {"person": person}, "passed")]
        elif index == 3:  # reviewed: the CSTĐCS did not reach 80 %
            plan = [(CSTDCS, {"person": person}, "close")]
        else:
            plan = [(GK, {"unit": unit}, ""), ("lao_dong_tien_tien", {"person": person}, "")]
        for form, subject, votes in plan:
            nomination = Nomination.objects.create(
                dossier=dossier,
                form_id=form,
                summary="Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2024; giải "
                "quyết 100% hồ sơ thủ tục hành chính đúng hạn.",
                created_by=unit_users.get(unit.pk, office),
                **subject,
            )
            if votes:
                nominations[votes].append(nomination)
        # Its files, filed before it is sent: all of them, but the minutes the office then
        # asks for (bổ sung), and a draft's Tờ trình only.
        if target != State.DRAFT or index % 2 == 0:
            files.attach_components(
                dossier,
                user=unit_users.get(unit.pk, office),
                today=BEFORE_DEADLINE,
                skip={
                    State.NEEDS_MORE: ("bien-ban",),
                    State.DRAFT: ("bien-ban", "bao-cao-thanh-tich", "danh-sach-trich-ngang"),
                }.get(target, ()),
            )
        dossiers.append(_walk(dossier, target, office, unit_users.get(unit.pk)))
    counts["dossiers"] = len(dossiers)

    on_agenda = nominations["passed"] + nominations["close"]
    # A first session, cancelled: its agenda released.
    cancelled = council.open_session(
        campaign=campaign,
        council=body,
        held_on=CANCELLED_ON,
        starts_at=dt.time(14, 0),
        place=PLACE,
        user=office,
    )
    council.put_on_agenda(cancelled, on_agenda, user=office)
    council.cancel(
        cancelled,
        reason="Chủ tịch Hội đồng dự họp đột xuất tại tỉnh; dời sang ngày 15/12/2024.",
        user=office,
    )

    # The meeting: 6 present (3 on screen, 3 on paper), 2 written votes, 1 absent.
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8, 0),
        ends_at=dt.time(10, 30),
        place=PLACE,
        attendance={seats[name].pk: mode for name, _, _, _, mode in COUNCIL},
        user=office,
    )
    ballots = council.put_on_agenda(session, on_agenda, user=office)
    screen = [accounts[u] for _, _, _, u, mode in COUNCIL if mode == Mode.SCREEN and u]
    for ballot in ballots:
        kind = "passed" if ballot.nomination in nominations["passed"] else "close"
        on_screen, paper, written = VOTES[kind]
        choices = ["approve"] * on_screen[0] + ["reject"] * on_screen[1]
        choices += ["abstain"] * on_screen[2]
        for member, choice in zip(screen, choices, strict=True):
            council.cast(ballot, member=member, choice=choice)
        council.key_in(ballot, approve=paper[0], reject=paper[1], abstain=paper[2], user=office)
        council.key_in_written(
            ballot, approve=written[0], reject=written[1], abstain=written[2], user=office
        )
    council.close_session(session, user=office)
    counts["council_sessions"] = 2
    reviewed_and_later = [d for d in dossiers if d.state != State.DRAFT]

    # The decision (before 01/7/2025 the district chairman decides Giấy khen and CSTĐCS):
    # what the council passed. NĐ 98/2023's coefficients are not encoded, so the office
    # types the amounts with their basis.
    passed = [n for n in on_agenda if n.ballots.filter(passed=True).exists()]
    decision = decisions.draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào "
        f"thi đua cải cách hành chính năm {YEAR}",
        nominations=passed,
        user=office,
        today=SIGNED_ON,
    )
    decisions.sign_decision(
        decision,
        number="2150",
        signed_on=SIGNED_ON,
        user=leader,
        money_mode=MoneyMode.TYPED,
        money_reason=MONEY_REASON,
        amounts={a.pk: _amount(a) for a in decision.awards.all()},
        today=SIGNED_ON,
    )
    counts["decisions"] = 1
    _date_the_history(reviewed_and_later, session)
