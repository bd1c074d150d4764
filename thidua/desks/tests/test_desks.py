"""Issue 11, item 1: the home page is each role's desk — the office's deadlines, missing
units, dossiers waiting against the law's clocks (past due in words), sessions, decisions,
data gaps; a unit's next steps (unit B sees none of unit A's); a council member's own
sessions and ballots; a leader's decisions to sign. A fixed number of queries per desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.awards.dossiers import Dossier, State, Transition
from thidua.awards.records import (
    Attendance,
    Ballot,
    BallotCast,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Nomination,
)
from thidua.campaigns.models import Campaign, Registration
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import Person, Unit, User
from thidua.scoring.models import Award, ParScore

TODAY = dt.date(2025, 12, 10)  # Lộc Ninh: dossiers before 30/11 each year (2024–2025)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def dossier(
    campaign: Campaign, unit: Unit, state: str, since: dt.date, reason: str = ""
) -> Dossier:
    made = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
    Dossier.objects.filter(pk=made.pk).update(state=state)
    office = User.objects.get(username="noivu")
    moved = Transition.objects.create(
        dossier=made, source=State.DRAFT, target=state, actor=office, reason=reason
    )
    at = timezone.make_aware(dt.datetime.combine(since, dt.time(9, 0)))
    Transition.objects.filter(pk=moved.pk).update(at=at)
    made.refresh_from_db()
    return made


def page(client: Any) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_sees_dossiers_waiting_against_the_clock_and_missing_units(  # type: ignore[no-untyped-def]
    login, campaign, district, today
) -> None:
    # Submitted Thursday 20/11/2025: 05 working days -> 27/11; on 10/12 nine working days
    # past (28/11, 01–05/12, 08–10/12).
    late = dossier(campaign, district["a"], State.SUBMITTED, dt.date(2025, 11, 20))
    html = page(login("office"))
    assert "Hồ sơ đang chờ xử lý" in html and "Đã nộp: 1 hồ sơ" in html
    assert "Quá hạn 9 ngày làm việc" in html
    assert "thời hạn 05 ngày làm việc, đến 27/11/2025" in html
    assert f'href="/ho-so/{late.pk}/"' in html
    # Unit B (xã) has no dossier for 2025: missing, past the plan's 30/11/2025.
    assert "1 đơn vị chưa nộp hồ sơ đề nghị khen thưởng năm 2025" in html
    assert "UBND xã Mỹ An" in html and "Quá hạn 10 ngày" in html
    assert f'href="/phong-trao/{campaign.pk}/ho-so/tat-ca/"' in html
    for code in ("da_nop", "tra-ho-so", "loc-ninh", "ho-so-de-nghi"):
        assert code not in html.replace("/ho-so/", "")
    # Appraisal started Monday 08/12: within its 20 working days, not past due.
    Dossier.objects.filter(pk=late.pk).delete()
    dossier(campaign, district["b"], State.APPRAISING, dt.date(2025, 12, 8))
    html = page(login("office"))
    waiting = html.split("Hồ sơ đang chờ xử lý")[1].split("Phiên họp")[0]
    assert "Đang thẩm định: 1 hồ sơ" in waiting and "Quá hạn" not in waiting
    assert "đến 06/01/2026" in html  # 20 working days after 08/12/2025, 01/01 a holiday


def test_the_office_deadlines_sessions_decisions_and_data_gaps(  # type: ignore[no-untyped-def]
    login, campaign, district, people, accounts, monkeypatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 11, 20))
    to_council = dossier(campaign, district["a"], State.TO_COUNCIL, dt.date(2025, 11, 18))
    Nomination.objects.create(dossier=to_council, person=people["a"], form_id="lao_dong_tien_tien")
    dossier(campaign, district["b"], State.REVIEWED, dt.date(2025, 11, 19))
    draft = Decision.objects.create(campaign=campaign, title="Khen thưởng năm 2025")
    session = CouncilSession.objects.create(
        campaign=campaign, held_on=dt.date(2025, 12, 2), total_members=5
    )
    ParScore.objects.create(unit=district["a"], year=2024, score=90)
    html = page(login("office"))
    assert "Hồ sơ đề nghị xét khen thưởng gửi UBND huyện" in html and "Còn 10 ngày" in html
    assert "hạn 30/11/2025" in html
    assert f'href="/phien-hop/{session.pk}/"' in html and "Phiên họp ngày 02/12/2025" in html
    assert "1 hồ sơ (1 đề nghị) đã trình Hội đồng, chưa có phiên họp" in html
    assert f'href="/phong-trao/{campaign.pk}/hoi-dong/"' in html
    assert "1 hồ sơ đã xét, chưa có quyết định" in html
    to_draft = html.split("Quyết định cần dự thảo")[1].split("Dữ liệu còn thiếu")[0]
    assert f'href="/phong-trao/{campaign.pk}/hoi-dong/"' in to_draft  # its draft form
    assert f'href="/quyet-dinh/{draft.pk}/"' in html
    # PAR 2024: A has one; B and B's section do not (the root is not assessed).
    assert "2 đơn vị chưa có kết quả Chỉ số CCHC năm 2024" in html
    assert "3 cá nhân chưa có kết quả xếp loại năm 2024" in html
    gaps = login("office").get("/viec-can-lam/thieu-du-lieu/chi-so-cchc/?nam=2024")
    text = gaps.content.decode()
    assert "UBND xã Mỹ An" in text and "Phòng Nội vụ" not in text.split("<h1>")[1]
    assert login("office").get("/viec-can-lam/thieu-du-lieu/xep-loai/?nam=abc").status_code == 200
    assert login("unit_a").get("/viec-can-lam/thieu-du-lieu/xep-loai/").status_code == 403
    assert login("office").get("/viec-can-lam/thieu-du-lieu/khac/").status_code == 404
    export = login("office").get("/viec-can-lam/thieu-du-lieu/chi-so-cchc/xuat-excel/?nam=2024")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")


def test_a_unit_sees_its_next_steps_and_none_of_the_other_units(  # type: ignore[no-untyped-def]
    login, campaign, district, people, today
) -> None:
    Award.objects.create(person=people["a"], form_id="lao_dong_tien_tien", year=2024)
    Award.objects.create(
        unit=district["a"], form_id="giay_khen_chu_tich_huyen", year=2024, decision_number="12"
    )
    ParScore.objects.create(unit=district["a"], year=2024, score=91.5)
    rules = dict(campaign.rules)
    rules["deadlines"] = [
        *rules["deadlines"],
        {"key": "dang-ky", "label": "Đăng ký thi đua", "month": 12, "day": 31},
    ]
    Campaign.objects.filter(pk=campaign.pk).update(rules=rules)
    returned = dossier(
        campaign, district["a"], State.NEEDS_MORE, dt.date(2025, 12, 1), "Thiếu biên bản họp"
    )
    Registration.objects.create(campaign=campaign, unit=district["a"], year=2025)
    a = page(login("unit_a"))
    assert "Bổ sung hồ sơ năm 2025 của Phòng Nội vụ" in a
    assert "Cơ quan thường trực yêu cầu bổ sung ngày 01/12/2025. Lý do: Thiếu biên bản họp" in a
    # The dossier deadline (30/11) has passed, but it is not the completion's: no time is
    # set for a completion, so nothing is past due.
    assert "Quá hạn" not in a and f'href="/ho-so/{returned.pk}/"' in a
    assert "Đăng ký thi đua năm 2025" in a and "Đang soạn, chưa nộp" in a and "Còn 21 ngày" in a
    assert "Yêu cầu bổ sung" in a  # its dossier's state, by label
    assert "Nộp hồ sơ đề nghị khen thưởng năm 2025" not in a  # it has one
    assert "Nguyễn Văn An" in a and "Lao động tiên tiến" in a and "91,50" in a
    b = page(login("unit_b"))
    assert "Nộp hồ sơ đề nghị khen thưởng năm 2025" in b and "Chưa lập hồ sơ" in b
    assert f'href="/phong-trao/{campaign.pk}/ho-so/"' in b
    assert "Thiếu biên bản họp" not in b and "Phòng Nội vụ" not in b
    assert "Nguyễn Văn An" not in b and "91,50" not in b
    assert f"/ho-so/{returned.pk}/" not in b
    assert "Hồ sơ đang chờ xử lý" not in b  # the office's items are not a unit's
    # Once B submits, its item goes.
    Registration.objects.filter(unit=district["a"]).update(status=Registration.Status.SUBMITTED)
    assert "Đăng ký thi đua năm 2025" not in page(login("unit_a")).split("Đăng ký thi đua</h2>")[0]


def test_a_council_member_sees_its_own_sessions_and_ballots_to_cast(  # type: ignore[no-untyped-def]
    login, campaign, district, people, accounts, today
) -> None:
    to_council = dossier(campaign, district["a"], State.TO_COUNCIL, dt.date(2025, 12, 1))
    mine = Council.objects.create(issuing_unit=district["root"], name="Hội đồng huyện")
    other = Council.objects.create(issuing_unit=district["b"], name="Hội đồng xã")
    seat = CouncilMember.objects.create(
        council=mine, full_name="Hội Đồng", user=accounts["council"]
    )
    stranger = CouncilMember.objects.create(council=other, full_name="Người Khác")
    held = CouncilSession.objects.create(
        campaign=campaign,
        council=mine,
        held_on=dt.date(2025, 12, 15),
        total_members=1,
        place="Hội trường A",
    )
    elsewhere = CouncilSession.objects.create(
        campaign=campaign, council=other, held_on=dt.date(2025, 12, 16), total_members=1
    )
    Attendance.objects.create(session=held, member=seat, mode=Attendance.Mode.SCREEN)
    Attendance.objects.create(session=elsewhere, member=stranger, mode=Attendance.Mode.SCREEN)
    nominations = [
        Nomination.objects.create(
            dossier=to_council, person=people["a"], form_id="lao_dong_tien_tien"
        ),
        Nomination.objects.create(
            dossier=to_council, unit=district["a"], form_id="giay_khen_chu_tich_huyen"
        ),
    ]
    ballots = [Ballot.objects.create(session=held, nomination=n) for n in nominations]
    html = page(login("council"))
    assert "Phiên họp ngày 15/12/2025" in html and "Hội trường A" in html
    assert "Nguyễn Văn An — Lao động tiên tiến" in html  # the agenda
    to_cast = html.split("Phiếu cần bỏ")[1].split("Phiên họp của Hội đồng")[0]
    assert f'href="/phien-hop/{held.pk}/"' in to_cast
    assert "Nguyễn Văn An — Lao động tiên tiến" in to_cast
    assert "Phòng Nội vụ — Giấy khen" in to_cast
    assert "16/12/2025" not in html and f"/phien-hop/{elsewhere.pk}/" not in html
    BallotCast.objects.create(ballot=ballots[0], member=accounts["council"])
    to_cast = page(login("council")).split("Phiếu cần bỏ")[1].split("Phiên họp của Hội đồng")[0]
    assert "Nguyễn Văn An" not in to_cast and "Phòng Nội vụ — Giấy khen" in to_cast


def test_a_council_member_sees_the_sessions_held_in_the_last_30_days(  # type: ignore[no-untyped-def]
    login, campaign, district, people, accounts, today
) -> None:
    body = Council.objects.create(issuing_unit=district["root"], name="Hội đồng huyện")
    seat = CouncilMember.objects.create(
        council=body, full_name="Hội Đồng", user=accounts["council"]
    )
    to_council = dossier(campaign, district["a"], State.TO_COUNCIL, dt.date(2025, 11, 1))
    nomination = Nomination.objects.create(
        dossier=to_council, person=people["a"], form_id="lao_dong_tien_tien"
    )
    held = {}
    for day in (dt.date(2025, 11, 12), dt.date(2025, 11, 5)):  # 28 and 35 days ago
        held[day] = CouncilSession.objects.create(
            campaign=campaign, council=body, held_on=day, total_members=1,
            status=CouncilSession.Status.CLOSED,
        )  # fmt: skip
        Attendance.objects.create(session=held[day], member=seat, mode=Attendance.Mode.PAPER)
    recent = held[dt.date(2025, 11, 12)]
    Ballot.objects.create(session=recent, nomination=nomination)
    html = page(login("council"))
    part = html.split("Phiên họp đã diễn ra (30 ngày qua)")[1]
    assert "Phiên họp ngày 12/11/2025" in part and "Nguyễn Văn An — Lao động tiên tiến" in part
    assert f'href="/phien-hop/{recent.pk}/xuat-excel/"' in part
    assert "05/11/2025" not in html  # older than 30 days
    assert login("council").get(f"/phien-hop/{recent.pk}/xuat-excel/").status_code == 200


def test_the_leader_and_the_administrator(login, campaign, district, accounts, today) -> None:  # type: ignore[no-untyped-def]
    draft = Decision.objects.create(campaign=campaign, title="Khen thưởng năm 2025")
    html = page(login("leader"))
    assert "Quyết định chờ ký" in html and f'href="/quyet-dinh/{draft.pk}/"' in html
    # A commune's chairman signs the commune's decisions, not the district's.
    User.objects.filter(pk=accounts["leader"].pk).update(unit=district["b"])
    assert f'href="/quyet-dinh/{draft.pk}/"' not in page(login("leader"))
    User.objects.filter(pk=accounts["leader"].pk).update(unit=district["root"])
    assert f'href="/quyet-dinh/{draft.pk}/"' in page(login("leader"))
    assert 'href="/thong-ke/"' in html and "phong trào đang thực hiện" in html
    admin = page(login("admin"))
    assert "tài khoản đang hoạt động" in admin and "Ngày nghỉ lễ, Tết và ngày làm bù" in admin
    assert "Hồ sơ đang chờ xử lý" in admin  # the administrator keeps the office's desk
    assert "Quyết định chờ ký" not in page(login("unit_a"))


def test_an_ended_unit_account_still_reads_its_successors(login, district) -> None:  # type: ignore[no-untyped-def]
    Unit.objects.filter(pk=district["a"].pk).update(valid_to=dt.date(2025, 6, 30))
    district["a"].merged_into.add(district["b"])
    html = page(login("unit_a"))
    assert "Phòng Nội vụ đã kết thúc hoạt động từ ngày 30/06/2025" in html
    assert "đơn vị kế tục: UBND xã Mỹ An" in html


def _count(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def _grow(campaign: Campaign, district: dict[str, Unit], start: int, n: int) -> None:
    """``n`` more units, people, dossiers in every waiting state, nominations, drafts."""
    states = [State.SUBMITTED, State.APPRAISING, State.NEEDS_MORE, State.TO_COUNCIL, State.REVIEWED]
    for i in range(start, start + n):
        unit = Unit.objects.create(
            code=f"PX{i}",
            name=f"Phòng {i}",
            level="co_quan",
            group_id="phong",
            parent=district["root"],
        )
        person = Person.objects.create(code=f"CX{i}", full_name=f"Cá Nhân {i}", unit=unit)
        made = dossier(campaign, unit, states[i % len(states)], dt.date(2025, 11, 3 + i))
        Nomination.objects.create(dossier=made, person=person, form_id="lao_dong_tien_tien")
        Decision.objects.create(campaign=campaign, title=f"Dự thảo {i}")
        CouncilSession.objects.create(
            campaign=campaign, held_on=dt.date(2025, 12, 20 + i), total_members=3
        )


@pytest.mark.parametrize("persona", ["office", "unit_a", "council", "leader", "admin"])
def test_a_desk_asks_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    persona, login, campaign, district, today, django_assert_max_num_queries
) -> None:
    _grow(campaign, district, 0, 2)
    dossier(campaign, district["a"], State.NEEDS_MORE, dt.date(2025, 12, 1), "Thiếu")
    client = login(persona)
    small = _count(client)
    _grow(campaign, district, 2, 8)
    assert _count(client) == small
    with django_assert_max_num_queries(30):
        client.get("/")


@pytest.fixture
def two_bodies(campaign, district, accounts) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The district (its campaign, its office in Phòng Nội vụ, its chairman) and a commune
    of its own (a root unit, as xã Ân Mỹ after 1/7/2025) with its campaign, office, chairman."""
    commune = Unit.objects.create(
        code="XA-MOI", name="UBND xã Tân Lập", level="xa", group_id="xa", par_assessed=True
    )
    commune_office = Unit.objects.create(
        code="XA-MOI-VP", name="Văn phòng xã Tân Lập", level="bo_phan", group_id="bo_phan",
        parent=commune,
    )  # fmt: skip
    theirs = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="Phong trào xã Tân Lập", issuing_unit=commune,
        user=accounts["office"],
    )  # fmt: skip
    theirs.status = Campaign.Status.ISSUED
    theirs.save()
    made = {
        "commune": commune,
        "theirs": theirs,
        "old_office": _account("vp_huyen", User.Role.OFFICE, district["a"]),
        "new_office": _account("vp_xa", User.Role.OFFICE, commune_office),
        "old_leader": _account("ct_huyen", User.Role.LEADER, district["root"]),
        "new_leader": _account("ct_xa", User.Role.LEADER, commune),
        "ours_dossier": dossier(campaign, district["a"], State.SUBMITTED, dt.date(2025, 11, 20)),
        "theirs_dossier": dossier(theirs, commune_office, State.SUBMITTED, dt.date(2025, 11, 21)),
        "ours_session": CouncilSession.objects.create(
            campaign=campaign, held_on=dt.date(2025, 12, 20), total_members=3
        ),
        "theirs_session": CouncilSession.objects.create(
            campaign=theirs, held_on=dt.date(2025, 12, 22), total_members=3
        ),
        "ours_draft": Decision.objects.create(campaign=campaign, title="Khen thưởng huyện"),
        "theirs_draft": Decision.objects.create(campaign=theirs, title="Khen thưởng xã"),
    }
    return made


def _account(username: str, role: str, unit: Unit) -> User:
    return User.objects.create(username=username, role=role, unit=unit, full_name=username)


def _as(user: User) -> str:
    client = Client()
    client.force_login(user)
    return page(client)


def test_each_office_desk_shows_only_the_campaigns_of_the_body_it_serves(  # type: ignore[no-untyped-def]
    two_bodies, campaign, login, today
) -> None:
    b = two_bodies
    ours = [
        f"/ho-so/{b['ours_dossier'].pk}/",
        f"/phien-hop/{b['ours_session'].pk}/",
        f"/quyet-dinh/{b['ours_draft'].pk}/",
    ]
    theirs = [
        f"/ho-so/{b['theirs_dossier'].pk}/",
        f"/phien-hop/{b['theirs_session'].pk}/",
        f"/quyet-dinh/{b['theirs_draft'].pk}/",
    ]
    old = _as(b["old_office"])
    assert all(url in old for url in ours) and not any(url in old for url in theirs)
    new = _as(b["new_office"])
    assert all(url in new for url in theirs) and not any(url in new for url in ours)
    everyone = page(login("office"))  # an office account without a unit sees all
    assert all(url in everyone for url in ours + theirs)
    # A closed campaign's dossiers, sessions and drafts are no longer work to do.
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    old = _as(b["old_office"])
    assert not any(url in old for url in ours)


def test_the_leader_figures_are_of_the_leader_body(two_bodies, district, people, today) -> None:  # type: ignore[no-untyped-def]
    b = two_bodies
    Award.objects.create(person=people["a"], form_id="lao_dong_tien_tien", year=TODAY.year - 1)
    Award.objects.create(person=people["b"], form_id="lao_dong_tien_tien", year=TODAY.year - 1)
    Award.objects.create(unit=b["commune"], form_id="giay_khen_chu_tich_huyen", year=2024)

    def figures(user: User) -> list[int]:
        from thidua.desks.members import leader_desk

        return [n for n, _label, _url in leader_desk(user, TODAY)["figures"]]

    # The district: its campaign, 2 awards for 2024, root + A + B + B's section in force.
    assert figures(b["old_leader"]) == [1, 0, 2, 4]
    # The commune: its campaign, its 1 award, itself and its office.
    assert figures(b["new_leader"]) == [1, 0, 1, 2]
