"""The council: thresholds on the total membership, quorum, secret on-screen votes, paper
ballots, and the close that moves dossiers to "Đã xét"."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from thidua.awards import council
from thidua.awards.council import CouncilError
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Ballot, BallotCast, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import User

HELD_ON = dt.date(2025, 12, 20)


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


def _members(count: int, accounts) -> list[User]:  # type: ignore[no-untyped-def]
    members = [accounts["council"]]
    for index in range(1, count):
        members.append(
            User.objects.create(
                username=f"hd{index}", role=User.Role.COUNCIL, full_name=f"HĐ {index}"
            )
        )
    return members[:count]


def _session(campaign, accounts, *, total: int, present: int):  # type: ignore[no-untyped-def]
    return council.open_session(
        campaign=campaign,
        held_on=HELD_ON,
        total_members=total,
        members=_members(present, accounts),
        user=accounts["office"],
    )


# -- sessions, quorum, agenda --------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "total", "met"), [(6, 9, True), (5, 9, False), (7, 10, True), (6, 10, False)]
)
def test_quorum_is_two_thirds_of_the_total(campaign, accounts, present, total, met) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=total, present=present)
    assert session.present == present
    assert council.quorum_met(session) is met


def test_only_the_office_opens_a_session_with_council_members(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.open_session(
            campaign=campaign,
            held_on=HELD_ON,
            total_members=5,
            members=[accounts["council"]],
            user=accounts["unit_a"],
        )
    with pytest.raises(CouncilError, match="Không phải thành viên Hội đồng"):
        council.open_session(
            campaign=campaign,
            held_on=HELD_ON,
            total_members=5,
            members=[accounts["council"], accounts["unit_b"]],
            user=accounts["office"],
        )
    with pytest.raises(CouncilError, match="lớn hơn tổng số"):
        _session(campaign, accounts, total=2, present=3)


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


# -- voting --------------------------------------------------------------------------------


def test_members_vote_once_and_only_counts_are_kept(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=5, present=4)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    members = list(session.members.order_by("pk"))
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


def test_non_members_and_unit_accounts_cannot_vote(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=5, present=4)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    absent = User.objects.create(username="vang", role=User.Role.COUNCIL)
    for outsider in (absent, accounts["unit_a"], accounts["office"], accounts["leader"]):
        with pytest.raises(CouncilError, match="Chỉ thành viên Hội đồng có mặt"):
            council.cast(ballot, member=outsider, choice="approve")
    ballot.refresh_from_db()
    assert ballot.approve == 0 and not ballot.casts.exists()


def test_paper_ballots_are_keyed_in_by_the_office(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=9, present=7)
    paper, screen = council.put_on_agenda(
        session, [nominations["cstd_tinh"], nominations["cstdcs"]]
    )
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.key_in(paper, approve=8, reject=1, abstain=0, user=accounts["council"])
    with pytest.raises(CouncilError, match=r"Tổng số phiếu \(10\) vượt quá.*\(9\)"):
        council.key_in(paper, approve=8, reject=1, abstain=1, user=accounts["office"])
    with pytest.raises(CouncilError, match="không âm"):
        council.key_in(paper, approve=-1, reject=1, abstain=0, user=accounts["office"])
    paper = council.key_in(paper, approve=8, reject=1, abstain=0, user=accounts["office"])
    assert (paper.approve, paper.reject, paper.abstain, paper.keyed_in) == (8, 1, 0, True)
    with pytest.raises(CouncilError, match="phiếu giấy"):
        council.cast(paper, member=accounts["council"], choice="approve")
    council.cast(screen, member=accounts["council"], choice="approve")
    with pytest.raises(CouncilError, match="trên máy"):
        council.key_in(screen, approve=5, reject=0, abstain=0, user=accounts["office"])


# -- closing -------------------------------------------------------------------------------


def test_closing_applies_thresholds_and_moves_the_dossiers(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=10, present=7)
    cstd, giay, cstdcs = council.put_on_agenda(
        session, [nominations["cstd_tinh"], nominations["giay_khen"], nominations["cstdcs"]]
    )
    office = accounts["office"]
    council.key_in(cstd, approve=9, reject=1, abstain=0, user=office)  # 90 % → đạt
    council.key_in(giay, approve=5, reject=3, abstain=2, user=office)  # 5/10 → không đạt
    council.key_in(cstdcs, approve=7, reject=3, abstain=0, user=office)  # 70 % < 80 %
    summary = council.close_session(session, user=office)
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
    assert session.closed_at is not None
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
        council.close_session(session, user=office)


def test_a_dossier_waits_until_all_its_nominations_are_voted(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=3, present=3)
    cstd, giay = council.put_on_agenda(
        session, [nominations["cstd_tinh"], nominations["giay_khen"]]
    )
    for member in session.members.all():
        council.cast(cstd, member=member, choice="approve")
    summary = council.close_session(session, user=accounts["office"])
    assert [b.pk for b in summary.passed] == [cstd.pk]
    assert [b.pk for b in summary.not_voted] == [giay.pk]
    assert Ballot.objects.get(pk=giay.pk).passed is None
    dossier = Dossier.objects.get(pk=nominations["cstd_tinh"].dossier_id)
    assert dossier.state == State.TO_COUNCIL and summary.waiting == [dossier]

    later = council.open_session(
        campaign=campaign,
        held_on=HELD_ON + dt.timedelta(days=7),
        total_members=3,
        members=session.members.all(),
        user=accounts["office"],
    )
    (again,) = council.put_on_agenda(later, [nominations["giay_khen"]])
    council.key_in(again, approve=2, reject=1, abstain=0, user=accounts["office"])
    summary = council.close_session(later, user=accounts["office"])
    assert [d.pk for d in summary.reviewed] == [dossier.pk]


def test_closing_without_quorum_is_refused(campaign, accounts, nominations) -> None:  # type: ignore[no-untyped-def]
    session = _session(campaign, accounts, total=9, present=5)
    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    council.key_in(ballot, approve=9, reject=0, abstain=0, user=accounts["office"])
    with pytest.raises(CouncilError, match="5/9.*hai phần ba"):
        council.close_session(session, user=accounts["office"])
    session.refresh_from_db()
    assert session.closed_at is None and Ballot.objects.get(pk=ballot.pk).passed is None
    assert Dossier.objects.get(pk=nominations["cstdcs"].dossier_id).state == State.TO_COUNCIL
    with pytest.raises(CouncilError, match="cơ quan thường trực"):
        council.close_session(session, user=accounts["council"])


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
    members = list(session.members.all())

    def vote(member: User) -> None:
        try:
            council.cast(ballot, member=member, choice="approve")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(members)) as pool:
        list(pool.map(vote, members))
    ballot.refresh_from_db()
    assert ballot.approve == len(members) == ballot.casts.count()
