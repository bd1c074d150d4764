"""The council: thresholds on the total membership, quorum, secret on-screen votes, paper
ballots, and the close that moves dossiers to "Đã xét"."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from thidua.awards import composition, council
from thidua.awards.council import CouncilError
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attendance, Ballot, BallotCast, CouncilSession, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import User

HELD_ON = dt.date(2025, 12, 20)  # Lộc Ninh: dossiers before 30/11 each year
TODAY = dt.date(2025, 12, 22)
START, END = dt.time(8, 0), dt.time(10, 30)
SCREEN, PAPER, WRITTEN, ABSENT = (
    Attendance.Mode.SCREEN,
    Attendance.Mode.PAPER,
    Attendance.Mode.WRITTEN,
    Attendance.Mode.ABSENT,
)


# -- thresholds (the law tables) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("form_key", "share", "phrase"),
    [
        ("chien_si_thi_dua_tinh", Fraction(9, 10), "ít nhất 90% tổng số thành viên"),
        ("chien_si_thi_dua_toan_quoc", Fraction(9, 10), "ít nhất 90% tổng số thành viên"),
        ("anh_hung_lao_dong", Fraction(9, 10), "ít nhất 90% tổng số thành viên"),
        ("chien_si_thi_dua_co_so", Fraction(4, 5), "ít nhất 80% tổng số thành viên"),
        ("co_thi_dua_tinh", Fraction(4, 5), "ít nhất 80% tổng số thành viên"),
        ("co_thi_dua_chinh_phu", Fraction(4, 5), "ít nhất 80% tổng số thành viên"),
        ("giay_khen_chu_tich_xa", Fraction(1, 2), "trên một nửa tổng số thành viên"),
        ("bang_khen_chu_tich_tinh", Fraction(1, 2), "trên một nửa tổng số thành viên"),
        ("lao_dong_tien_tien", Fraction(1, 2), "trên một nửa tổng số thành viên"),
    ],
)
@pytest.mark.django_db  # the thresholds are rows of the law tables (issue 8)
def test_threshold_by_form(form_key: str, share: Fraction, phrase: str) -> None:
    assert council.threshold(form_key) == (share, phrase)


@pytest.mark.parametrize(
    ("form_key", "approve", "total", "expected"),
    [
        # 90 %: 8/9 = 88,9 % fails; 9/10 passes, 8/10 fails; 9/9 passes
        ("chien_si_thi_dua_tinh", 8, 9, False),
        ("chien_si_thi_dua_tinh", 9, 9, True),
        ("chien_si_thi_dua_tinh", 9, 10, True),
        ("chien_si_thi_dua_tinh", 8, 10, False),
        ("chien_si_thi_dua_toan_quoc", 18, 20, True),
        ("chien_si_thi_dua_toan_quoc", 17, 20, False),
        # 80 % with 5 members needs 4
        ("chien_si_thi_dua_co_so", 4, 5, True),
        ("chien_si_thi_dua_co_so", 3, 5, False),
        ("co_thi_dua_tinh", 8, 10, True),
        ("co_thi_dua_chinh_phu", 7, 9, False),  # 77,8 %
        # more than half: 5/10 fails, 6/10 passes; 5/9 passes
        ("giay_khen_chu_tich_xa", 5, 10, False),
        ("giay_khen_chu_tich_xa", 6, 10, True),
        ("bang_khen_chu_tich_tinh", 5, 9, True),
        ("lao_dong_tien_tien", 4, 9, False),
    ],
)
@pytest.mark.django_db  # the thresholds are rows of the law tables (issue 8)
def test_thresholds_count_on_the_total_membership(
    form_key: str, approve: int, total: int, expected: bool
) -> None:
    assert council.passes(form_key, approve=approve, total_members=total) is expected


def test_percent_text() -> None:
    assert council.percent_text(9, 10) == "9/10 (90,00%)"
    assert council.percent_text(8, 9) == "8/9 (88,89%)"
    assert council.percent_text(2, 3) == "2/3 (66,67%)"
    assert council.percent_text(0, 7) == "0/7 (0,00%)"


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _dossier(campaign: Campaign, unit, state: str = State.TO_COUNCIL) -> Dossier:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def dossiers(campaign, district) -> dict[str, Dossier]:  # type: ignore[no-untyped-def]
    return {"a": _dossier(campaign, district["a"]), "b": _dossier(campaign, district["b"])}


@pytest.fixture
def nominations(dossiers, people, district) -> dict[str, Nomination]:  # type: ignore[no-untyped-def]
    return {
        "cstd_tinh": Nomination.objects.create(
            dossier=dossiers["a"], person=people["a"], form_id="chien_si_thi_dua_tinh"
        ),
        "giay_khen": Nomination.objects.create(
            dossier=dossiers["a"], unit=district["a"], form_id="giay_khen_chu_tich_huyen"
        ),
        "cstdcs": Nomination.objects.create(
            dossier=dossiers["b"], person=people["b"], form_id="chien_si_thi_dua_co_so"
        ),
    }


ROLES = ["chu_tich", "pho_chu_tich", "thuong_truc"]


def _council(campaign, accounts, size: int, with_accounts: int = 1):  # type: ignore[no-untyped-def]
    """A council of `size` people; the first `with_accounts` have council accounts (the
    first is the `council` persona)."""
    body = composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng TĐKT huyện", user=accounts["office"]
    )
    for index in range(size):
        account = None
        if index < with_accounts:
            account = (
                accounts["council"]
                if index == 0
                else User.objects.get_or_create(
                    username=f"hd{index}",
                    defaults={"role": User.Role.COUNCIL, "full_name": f"HĐ {index}"},
                )[0]
            )
        composition.add_member(
            body,
            full_name=f"Thành viên Số {index}",
            role=ROLES[index]
            if index < len(ROLES)
            else ("thu_ky" if index == size - 1 else "uy_vien"),
            account=account,
            user=accounts["office"],
        )
    return body


def _session(campaign, accounts, *, total: int, present: int, with_accounts: int | None = None):  # type: ignore[no-untyped-def]
    """A session of a council of `total`: the first `present` members present (those with
    accounts on screen, the others on paper), the rest absent."""
    with_accounts = present if with_accounts is None else with_accounts
    body = _council(campaign, accounts, total, with_accounts)
    members = list(body.members.order_by("pk"))
    modes = {
        m.pk: (SCREEN if m.user_id else PAPER) if i < present else ABSENT
        for i, m in enumerate(members)
    }
    return council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=START,
        ends_at=END,
        attendance=modes,
        user=accounts["office"],
        today=TODAY,
    )


def _close(session, accounts):  # type: ignore[no-untyped-def]
    return council.close_session(session, user=accounts["office"], today=TODAY)


def _screen_voters(session) -> list[User]:  # type: ignore[no-untyped-def]
    return [a.member.user for a in session.attendance.filter(mode=SCREEN).order_by("pk")]


# -- sessions, quorum, agenda --------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "total", "met"), [(6, 9, True), (5, 9, False), (7, 10, True), (6, 10, False)]
)
def test_quorum_is_two_thirds_of_the_total(campaign, accounts, present, total, met) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=total, present=present, with_accounts=1)
    assert (session.present, session.total_members) == (present, total)
    assert council.quorum_met(session) is met


def test_only_the_office_schedules_a_session(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    body = _council(campaign, accounts, 5)
    kwargs = {"campaign": campaign, "council": body, "starts_at": START, "today": TODAY}
    for persona in ("unit_a", "council", "leader"):
        with pytest.raises(CouncilError, match="Chỉ cơ quan thường trực mới được xếp lịch"):
            council.open_session(held_on=HELD_ON, user=accounts[persona], **kwargs)
    office = accounts["office"]
    with pytest.raises(CouncilError, match="Hãy ghi ngày họp"):
        council.open_session(held_on=None, user=office, **kwargs)
    with pytest.raises(
        CouncilError, match=r"Ngày họp 01/01/2099 quá xa: chỉ xếp lịch họp trong vòng một năm"
    ):
        council.open_session(held_on=dt.date(2099, 1, 1), user=office, **kwargs)
    with pytest.raises(CouncilError, match="Hãy ghi giờ bắt đầu"):
        council.open_session(held_on=HELD_ON, user=office, **{**kwargs, "starts_at": None})
    with pytest.raises(
        CouncilError, match=r"Giờ kết thúc \(07:30\) phải sau giờ bắt đầu \(08:00\)"
    ):
        council.open_session(held_on=HELD_ON, ends_at=dt.time(7, 30), user=office, **kwargs)
    assert not CouncilSession.objects.exists()


def test_attendance_follows_the_composition_valid_on_the_meeting_date(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    body = _council(campaign, accounts, 7)
    left = body.members.order_by("pk").last()
    composition.end_member(left, valid_to=dt.date(2025, 12, 1), user=accounts["office"])
    composition.add_member(
        body,
        full_name="Người Đến Sau",
        role="uy_vien",
        valid_from=dt.date(2026, 1, 1),
        user=accounts["office"],
    )
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=START,
        user=accounts["office"],
        today=TODAY,
    )
    assert session.total_members == 6 and session.present == 0
    assert left.pk not in session.attendance.values_list("member_id", flat=True)
    no_account = session.attendance.filter(member__user=None).first()
    with pytest.raises(CouncilError, match="không có tài khoản Hội đồng: chỉ bỏ phiếu giấy"):
        council.record_attendance(session, {no_account.member_id: SCREEN}, user=accounts["office"])
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.record_attendance(session, {no_account.member_id: PAPER}, user=accounts["council"])


def test_agenda_takes_only_dossiers_before_the_council(
    campaign, accounts, nominations, district, people
) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=5, present=5)
    ballots = council.put_on_agenda(session, [nominations["cstd_tinh"], nominations["cstdcs"]])
    assert [b.nomination_id for b in ballots] == [
        nominations["cstd_tinh"].pk,
        nominations["cstdcs"].pk,
    ]
    appraising = _dossier(campaign, district["b_section"], State.APPRAISING)
    early = Nomination.objects.create(
        dossier=appraising, person=people["b_section"], form_id="lao_dong_tien_tien"
    )
    with pytest.raises(CouncilError, match="Lê Văn Cường.*chưa được trình Hội đồng"):
        council.put_on_agenda(session, [nominations["giay_khen"], early])
    # all or nothing
    assert not Ballot.objects.filter(nomination=nominations["giay_khen"]).exists()
    with pytest.raises(CouncilError, match="đã có trong chương trình"):
        council.put_on_agenda(session, [nominations["cstdcs"]])


def test_a_session_before_the_dossier_deadline_is_refused(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    body = _council(campaign, accounts, 3)
    early = council.open_session(
        campaign=campaign,
        council=body,
        held_on=dt.date(2025, 11, 20),
        starts_at=START,
        user=accounts["office"],
        today=TODAY,
    )
    with pytest.raises(
        CouncilError,
        match=r"Ngày họp 20/11/2025 trước hạn nộp hồ sơ năm 2025 \(30/11/2025\)",
    ):
        council.put_on_agenda(early, [nominations["cstdcs"]])
    session = _session(campaign, accounts, total=3, present=3)
    council.put_on_agenda(session, [nominations["cstdcs"]])
    with pytest.raises(CouncilError, match="trước hạn nộp hồ sơ"):
        council.edit_session(
            session,
            held_on=dt.date(2025, 11, 25),
            starts_at=START,
            ends_at=END,
            place="",
            user=accounts["office"],
            today=TODAY,
        )


def test_a_session_is_edited_postponed_or_cancelled_until_closed_and_releases_its_agenda(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    office = accounts["office"]
    session = _session(campaign, accounts, total=5, present=4)
    council.put_on_agenda(session, [nominations["cstdcs"]])
    # another open session cannot take a nomination already on an agenda
    other = _session(campaign, accounts, total=5, present=4)
    with pytest.raises(CouncilError, match="đã có trong chương trình phiên họp ngày 20/12/2025"):
        council.put_on_agenda(other, [nominations["cstdcs"]])
    edited = council.edit_session(
        session,
        held_on=dt.date(2025, 12, 21),
        starts_at=dt.time(14, 0),
        ends_at=dt.time(16, 15),
        place="Phòng họp số 2",
        user=office,
        today=TODAY,
    )
    assert (edited.held_on, edited.starts_at, edited.place) == (
        dt.date(2025, 12, 21),
        dt.time(14, 0),
        "Phòng họp số 2",
    )
    with pytest.raises(CouncilError, match="Hãy ghi lý do hoãn phiên họp"):
        council.postpone(session, reason="  ", user=office)
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.cancel(session, reason="x", user=accounts["council"])
    assert council.postpone(session, reason="Chủ tịch Hội đồng đi công tác", user=office) == 1
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.POSTPONED and not session.ballots.exists()
    assert nominations["cstdcs"] in council.waiting_nominations(campaign)
    (moved,) = council.put_on_agenda(other, [nominations["cstdcs"]])
    with pytest.raises(CouncilError, match="đã hoãn: hãy xếp lại ngày họp trước"):
        council.put_on_agenda(session, [nominations["giay_khen"]])
    # rescheduled: a date puts it back on the calendar
    council.edit_session(
        session, held_on=HELD_ON, starts_at=START, ends_at=END, place="", user=office, today=TODAY
    )
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.SCHEDULED and session.status_reason == ""
    assert council.cancel(other, reason="Trùng lịch tiếp dân", user=office) == 1
    other.refresh_from_db()
    assert other.status == CouncilSession.Status.CANCELLED and other.status_reason
    with pytest.raises(CouncilError, match="đã bị hủy"):
        council.edit_session(
            other, held_on=HELD_ON, starts_at=START, ends_at=END, place="", user=office, today=TODAY
        )
    assert moved.nomination in council.waiting_nominations(campaign)
    council.put_on_agenda(session, [nominations["cstdcs"]])
    (ballot,) = session.ballots.all()
    for voter in _screen_voters(session):
        council.cast(ballot, member=voter, choice="approve")
    _close(session, accounts)
    for action in (council.postpone, council.cancel):
        with pytest.raises(CouncilError, match="đã kết thúc: không sửa được nữa"):
            action(session, reason="muộn", user=office)
    with pytest.raises(CouncilError, match="đã kết thúc"):
        council.edit_session(
            session,
            held_on=HELD_ON,
            starts_at=START,
            ends_at=END,
            place="",
            user=office,
            today=TODAY,
        )


# -- voting --------------------------------------------------------------------------------


def test_members_vote_once_and_only_counts_are_kept(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=5, present=4)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    members = _screen_voters(session)
    for member, choice in zip(members, ["approve", "approve", "reject", "abstain"], strict=True):
        council.cast(ballot, member=member, choice=choice)
    ballot.refresh_from_db()
    assert (ballot.approve, ballot.reject, ballot.abstain) == (2, 1, 1)
    with pytest.raises(CouncilError, match="đã bỏ phiếu"):
        council.cast(ballot, member=members[0], choice="reject")
    ballot.refresh_from_db()
    assert (ballot.approve, ballot.reject, ballot.abstain) == (2, 1, 1)
    # secret: who voted, never what
    assert {f.name for f in BallotCast._meta.get_fields()} == {"id", "ballot", "member"}
    assert set(BallotCast.objects.values_list("member_id", flat=True)) == {m.pk for m in members}
    with pytest.raises(CouncilError, match="đồng ý"):
        council.cast(ballot, member=members[0], choice="maybe")
    # votes recorded: the attendance is fixed
    with pytest.raises(CouncilError, match="không sửa thành phần dự họp được nữa"):
        council.record_attendance(session, {}, user=accounts["office"])


def test_non_members_and_unit_accounts_cannot_vote(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=5, present=4)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    absent = session.attendance.get(mode=ABSENT).member
    absent.user = User.objects.create(username="vang", role=User.Role.COUNCIL)
    absent.save()
    stranger = User.objects.create(username="la", role=User.Role.COUNCIL)
    for outsider in (
        absent.user,
        stranger,
        accounts["unit_a"],
        accounts["office"],
        accounts["leader"],
    ):
        with pytest.raises(CouncilError, match="Chỉ thành viên Hội đồng có mặt"):
            council.cast(ballot, member=outsider, choice="approve")
    ballot.refresh_from_db()
    assert ballot.approve == 0 and not ballot.casts.exists()


def test_three_sources_never_count_a_member_twice(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    """9 members: 2 on screen, 4 on paper, 2 absent with written votes, 1 absent."""
    body = _council(campaign, accounts, 9, with_accounts=3)
    members = list(body.members.order_by("pk"))
    modes = dict(
        zip(
            [m.pk for m in members],
            [SCREEN, SCREEN, PAPER, PAPER, PAPER, PAPER, WRITTEN, WRITTEN, ABSENT],
            strict=True,
        )
    )
    # an account holder may vote on paper too
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=START,
        ends_at=END,
        attendance=modes,
        user=accounts["office"],
        today=TODAY,
    )
    assert (session.present, session.total_members) == (6, 9)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    office = accounts["office"]
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.key_in(ballot, approve=4, reject=0, abstain=0, user=accounts["council"])
    with pytest.raises(
        CouncilError,
        match=r"Tổng số phiếu giấy \(5\) vượt quá số thành viên có mặt bỏ phiếu giấy \(4\)",
    ):
        council.key_in(ballot, approve=5, reject=0, abstain=0, user=office)
    with pytest.raises(CouncilError, match="không âm"):
        council.key_in(ballot, approve=-1, reject=1, abstain=0, user=office)
    with pytest.raises(
        CouncilError,
        match=r"Tổng số phiếu bằng văn bản \(3\) vượt quá số thành viên vắng mặt có phiếu "
        r"bằng văn bản \(2\)",
    ):
        council.key_in_written(ballot, approve=3, reject=0, abstain=0, user=office)
    for voter in _screen_voters(session):
        council.cast(ballot, member=voter, choice="approve")
    paper_holder = members[2].user  # an account, voting on paper
    with pytest.raises(CouncilError, match="bỏ phiếu trên hệ thống"):
        council.cast(ballot, member=paper_holder, choice="approve")
    council.key_in(ballot, approve=3, reject=1, abstain=0, user=office)
    council.key_in(ballot, approve=4, reject=0, abstain=0, user=office)  # corrected: replaces
    council.key_in_written(ballot, approve=2, reject=0, abstain=0, user=office)
    ballot.refresh_from_db()
    assert (ballot.approve, ballot.reject, ballot.abstain) == (8, 0, 0)
    assert (ballot.paper_approve, ballot.written_approve) == (4, 2)
    summary = _close(session, accounts)
    assert [b.pk for b in summary.passed] == [ballot.pk]  # 8/9 = 88,9 % ≥ 80 %


def test_a_council_of_seven_with_one_account_closes_on_paper(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    """The defect: a council of 7 with a single account could never close."""
    session = _session(campaign, accounts, total=7, present=6, with_accounts=1)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    council.cast(ballot, member=accounts["council"], choice="approve")
    with pytest.raises(CouncilError, match="Chưa nhập kết quả phiếu giấy của đề nghị"):
        _close(session, accounts)
    council.key_in(ballot, approve=5, reject=0, abstain=0, user=accounts["office"])
    summary = _close(session, accounts)
    assert [b.pk for b in summary.passed] == [ballot.pk]  # 6/7 = 85,7 %
    assert Dossier.objects.get(pk=nominations["cstdcs"].dossier_id).state == State.REVIEWED


# -- closing -------------------------------------------------------------------------------


def test_closing_applies_thresholds_and_moves_the_dossiers(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=10, present=7, with_accounts=0)
    cstd, giay, cstdcs = council.put_on_agenda(
        session, [nominations["cstd_tinh"], nominations["giay_khen"], nominations["cstdcs"]]
    )
    Attendance.objects.filter(session=session, mode=ABSENT).update(mode=WRITTEN)
    office = accounts["office"]
    council.key_in(cstd, approve=7, reject=0, abstain=0, user=office)
    council.key_in_written(cstd, approve=2, reject=1, abstain=0, user=office)  # 9/10 → đạt
    council.key_in(giay, approve=3, reject=3, abstain=1, user=office)
    council.key_in_written(giay, approve=2, reject=0, abstain=1, user=office)  # 5/10 → không
    council.key_in(cstdcs, approve=7, reject=0, abstain=0, user=office)
    council.key_in_written(cstdcs, approve=0, reject=3, abstain=0, user=office)  # 70 % < 80 %
    summary = _close(session, accounts)
    assert [b.pk for b in summary.passed] == [cstd.pk]
    assert [b.pk for b in summary.failed] == [giay.pk, cstdcs.pk]
    assert {d.pk for d in summary.reviewed} == {
        nominations["cstd_tinh"].dossier_id,
        nominations["cstdcs"].dossier_id,
    }
    assert [Ballot.objects.get(pk=b.pk).passed for b in (cstd, giay, cstdcs)] == [
        True,
        False,
        False,
    ]
    session.refresh_from_db()
    assert session.closed_at is not None and session.status == CouncilSession.Status.CLOSED
    for dossier in Dossier.objects.all():
        assert dossier.state == State.REVIEWED
        last = dossier.transitions.last()
        assert (last.source, last.target, last.actor) == (
            State.TO_COUNCIL,
            State.REVIEWED,
            office,
        )
    # closed: no more votes, no second close
    with pytest.raises(CouncilError, match="đã kết thúc"):
        council.cast(cstd, member=accounts["council"], choice="approve")
    with pytest.raises(CouncilError, match="đã kết thúc"):
        council.key_in(cstd, approve=1, reject=0, abstain=0, user=office)
    with pytest.raises(CouncilError, match="đã kết thúc"):
        _close(session, accounts)


def test_closing_needs_the_meeting_date_and_its_times(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=3, present=3)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    for voter in _screen_voters(session):
        council.cast(ballot, member=voter, choice="approve")
    with pytest.raises(
        CouncilError, match="Phiên họp được xếp lịch ngày 20/12/2025: chưa kết thúc được"
    ):
        council.close_session(session, user=accounts["office"], today=dt.date(2025, 12, 19))
    CouncilSession.objects.filter(pk=session.pk).update(ends_at=None)
    with pytest.raises(CouncilError, match="Hãy ghi giờ bắt đầu và giờ kết thúc"):
        _close(session, accounts)
    assert Dossier.objects.get(pk=nominations["cstdcs"].dossier_id).state == State.TO_COUNCIL


def test_a_dossier_waits_until_all_its_nominations_are_voted(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=3, present=3)
    cstd, giay = council.put_on_agenda(
        session, [nominations["cstd_tinh"], nominations["giay_khen"]]
    )
    for member in _screen_voters(session):
        council.cast(cstd, member=member, choice="approve")
    summary = _close(session, accounts)
    assert [b.pk for b in summary.passed] == [cstd.pk]
    assert [b.pk for b in summary.not_voted] == [giay.pk]
    assert Ballot.objects.get(pk=giay.pk).passed is None
    dossier = Dossier.objects.get(pk=nominations["cstd_tinh"].dossier_id)
    assert dossier.state == State.TO_COUNCIL and summary.waiting == [dossier]

    later = council.open_session(
        campaign=campaign,
        council=session.council,
        held_on=HELD_ON + dt.timedelta(days=1),
        starts_at=START,
        ends_at=END,
        attendance={a.member_id: a.mode for a in session.attendance.all()},
        user=accounts["office"],
        today=TODAY,
    )
    waiting = council.waiting_nominations(campaign)
    assert nominations["giay_khen"] in waiting and nominations["cstd_tinh"] not in waiting
    with pytest.raises(CouncilError, match="đã được Hội đồng biểu quyết tại phiên họp ngày"):
        council.put_on_agenda(later, [nominations["cstd_tinh"]])
    (again,) = council.put_on_agenda(later, [nominations["giay_khen"]])
    for member in _screen_voters(later)[:2]:
        council.cast(again, member=member, choice="approve")
    summary = _close(later, accounts)
    assert [d.pk for d in summary.reviewed] == [dossier.pk]


def test_closing_without_quorum_is_refused(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=9, present=5, with_accounts=0)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    council.key_in(ballot, approve=5, reject=0, abstain=0, user=accounts["office"])
    with pytest.raises(CouncilError, match="5/9.*hai phần ba"):
        _close(session, accounts)
    session.refresh_from_db()
    assert session.closed_at is None and Ballot.objects.get(pk=ballot.pk).passed is None
    assert Dossier.objects.get(pk=nominations["cstdcs"].dossier_id).state == State.TO_COUNCIL
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.close_session(session, user=accounts["council"], today=TODAY)


def test_the_composition_refuses_overlapping_chairs_and_wrong_dates(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    body = _council(campaign, accounts, 3)
    office = accounts["office"]
    with pytest.raises(composition.CompositionError, match="đã có Chủ tịch Hội đồng"):
        composition.add_member(body, full_name="Chủ Tịch Mới", role="chu_tich", user=office)
    with pytest.raises(composition.CompositionError, match="Hãy ghi họ và tên"):
        composition.add_member(body, full_name="  ", role="uy_vien", user=office)
    with pytest.raises(composition.CompositionError, match="phải sau ngày bắt đầu"):
        composition.add_member(
            body,
            full_name="Ngày Ngược",
            role="uy_vien",
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2025, 1, 1),
            user=office,
        )
    with pytest.raises(composition.CompositionError, match="không phải tài khoản thành viên"):
        composition.add_member(
            body, full_name="Đơn Vị", role="uy_vien", account=accounts["unit_a"], user=office
        )
    with pytest.raises(composition.CompositionError, match="đã gắn với thành viên"):
        composition.add_member(
            body, full_name="Trùng", role="uy_vien", account=accounts["council"], user=office
        )
    with pytest.raises(composition.CompositionError, match="Chỉ cơ quan thường trực"):
        composition.add_member(body, full_name="X", role="uy_vien", user=accounts["leader"])
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Đỗ Thị Ánh"]
    members = [
        composition.add_member(body, full_name=n, role="uy_vien", user=office) for n in names
    ]
    # Vietnamese order: given name, then middle and family name; Ă/Â/Đ after A/D
    assert [m.full_name for m in composition.by_name(members)] == [
        "Lê Văn An",
        "Đỗ Thị Ánh",
        "Nguyễn Thị Ánh",
        "Trần Văn Bình",
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_are_all_counted(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    """Members voting at the same moment: the F() increments lose no vote (PostgreSQL; on
    SQLite the threads would only wait for the one writer)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")
    session = _session(campaign, accounts, total=9, present=8)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    members = _screen_voters(session)

    def vote(member: User) -> None:
        try:
            council.cast(ballot, member=member, choice="approve")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(members)) as pool:
        list(pool.map(vote, members))
    ballot.refresh_from_db()
    assert ballot.approve == len(members) == ballot.casts.count()
