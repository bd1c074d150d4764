"""Who reaches the council and decision screens, and what they show: no running tally
during a secret ballot, refusals as messages (never a server error)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from thidua.awards import composition, council
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attendance, CouncilMember, CouncilSession, Decision
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import User


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def session(campaign, district, accounts):  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(
        campaign=campaign, unit=district["a"], year=2025, state=State.TO_COUNCIL
    )
    # A commune's Giấy khen: since 01/7/2025 a district decides nothing (issue 8).
    nomination = dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_xa")
    body = composition.create_council(
        issuing_unit=district["b"], name="Hội đồng TĐKT xã", user=accounts["office"]
    )
    seat = composition.add_member(
        body,
        full_name="Đặng Thị Mai",
        role="chu_tich",
        account=accounts["council"],
        user=accounts["office"],
    )
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=dt.date(2025, 12, 1),
        starts_at=dt.time(8, 0),
        ends_at=dt.time(9, 30),
        attendance={seat.pk: Attendance.Mode.SCREEN},
        user=accounts["office"],
    )
    council.put_on_agenda(session, [nomination], user=accounts["office"])
    return session


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_units_do_not_reach_the_council(login, session) -> None:  # type: ignore[no-untyped-def]
    assert login("unit_a").get(f"/phong-trao/{session.campaign_id}/hoi-dong/").status_code == 403
    assert login("unit_a").get(f"/phien-hop/{session.pk}/").status_code == 403
    assert login("unit_a").get(f"/hoi-dong-thi-dua/{session.council_id}/").status_code == 403


def test_a_member_sees_only_the_sessions_it_sits_on(login, session) -> None:  # type: ignore[no-untyped-def]
    assert login("council").get(f"/phien-hop/{session.pk}/").status_code == 200
    outsider = User.objects.create(username="hoidong2", role=User.Role.COUNCIL)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/phien-hop/{session.pk}/").status_code == 403


def test_a_member_votes_once_and_no_one_sees_the_tally_while_open(login, session) -> None:  # type: ignore[no-untyped-def]
    ballot = session.ballots.get()
    client = login("council")
    client.post(f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "approve"})
    again = client.post(
        f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "reject"}, follow=True
    )
    ballot.refresh_from_db()
    assert (ballot.approve, ballot.reject) == (1, 0)
    page = again.content.decode()
    assert "Bạn đã bỏ phiếu" in page and "1/1" in page
    for persona in ("council", "office", "leader"):
        html = login(persona).get(f"/phien-hop/{session.pk}/").content.decode()
        assert "Đã bỏ phiếu" in html
        assert "Đồng ý</th>" not in html and "(100,00%)" not in html, persona
    refused = login("office").get(f"/phien-hop/{session.pk}/bien-ban.docx", follow=True)
    assert "Biên bản chỉ lập được khi phiên họp đã kết thúc" in _messages(refused)
    office = login("office").post(
        f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "approve"}, follow=True
    )
    assert "Chỉ thành viên Hội đồng có mặt" in _messages(office)
    ballot.refresh_from_db()
    assert ballot.approve == 1


def test_wrong_input_gets_a_message_not_an_error(login, session) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    url = f"/phong-trao/{session.campaign_id}/hoi-dong/"
    Dossier.objects.filter(pk=session.ballots.get().nomination.dossier_id)  # unchanged
    cases = [
        ({"held_on": "01/01/2099", "starts_at": "08:00"}, "quá xa"),
        ({"held_on": "31/02/2026", "starts_at": "08:00"}, "Hãy ghi ngày họp đúng dạng"),
        ({"held_on": "05/12/2025", "starts_at": "25:99"}, "không đúng dạng HH:MM"),
        ({"held_on": "05/12/2025", "starts_at": ""}, "Hãy ghi giờ bắt đầu"),
        (
            {"held_on": "05/12/2025", "starts_at": "10:00", "ends_at": "09:00"},
            "Giờ kết thúc (09:00) phải sau giờ bắt đầu (10:00).",
        ),
    ]
    before = CouncilSession.objects.count()
    for data, message in cases:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert message in _messages(response), data
    assert CouncilSession.objects.count() == before
    ballot = session.ballots.get()
    for counts in ({"approve": "99999999999999999999"}, {"approve": "-3"}, {"approve": "a"}):
        response = client.post(
            f"/phien-hop/{session.pk}/phieu/{ballot.pk}/nhap/", counts, follow=True
        )
        assert "Số phiếu phải là số nguyên không âm." in _messages(response)
    edit = client.post(
        f"/phien-hop/{session.pk}/sua/",
        {"held_on": "01/01/2099", "starts_at": "08:00"},
        follow=True,
    )
    assert "quá xa" in _messages(edit)
    member = client.post(
        f"/hoi-dong-thi-dua/{session.council_id}/",
        {"full_name": "Lê Văn Tám", "role": "uy_vien", "valid_from": "32/13/2025"},
        follow=True,
    )
    assert "không đúng dạng dd/mm/yyyy" in _messages(member)


def test_the_office_cancels_a_session_with_a_reason_and_its_agenda_is_released(
    login, session
) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    nomination = session.ballots.get().nomination
    empty = client.post(f"/phien-hop/{session.pk}/huy/", {"reason": ""}, follow=True)
    assert "Hãy ghi lý do hủy phiên họp." in _messages(empty)
    assert (
        login("council").post(f"/phien-hop/{session.pk}/huy/", {"reason": "x"}).status_code == 302
    )
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.SCHEDULED
    done = client.post(f"/phien-hop/{session.pk}/huy/", {"reason": "Trùng lịch họp"}, follow=True)
    assert "1 đề nghị được trả lại" in _messages(done)
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CANCELLED
    assert nomination in council.waiting_nominations(session.campaign)


def test_the_office_keeps_the_composition(login, session, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    url = f"/hoi-dong-thi-dua/{session.council_id}/"
    client.post(
        url,
        {
            "full_name": "Trương Văn Hải",
            "title": "Trưởng phòng Nội vụ",
            "role": "thu_ky",
            "valid_from": "01/01/2025",
        },
    )
    seat = CouncilMember.objects.get(full_name="Trương Văn Hải")
    assert (seat.role, seat.valid_from, seat.user) == ("thu_ky", dt.date(2025, 1, 1), None)
    page = client.get(url).content.decode()
    assert (
        "Trương Văn Hải" in page and "Thư ký" in page and "thu_ky" not in page.split("<select")[0]
    )
    client.post(f"/hoi-dong-thi-dua/thanh-vien/{seat.pk}/het-hieu-luc/", {"valid_to": "31/12/2025"})
    seat.refresh_from_db()
    assert seat.valid_to == dt.date(2025, 12, 31)
    assert login("leader").post(url, {"full_name": "X", "role": "uy_vien"}).status_code == 403


def test_no_screen_moves_a_dossier_to_decided(login, session) -> None:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.get(pk=session.ballots.get().nomination.dossier_id)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    for persona in ("leader", "office"):
        response = login(persona).post(
            f"/ho-so/{dossier.pk}/chuyen/", {"target": State.DECIDED}, follow=True
        )
        assert "khi quyết định khen thưởng được ký" in _messages(response)
        assert "Ký quyết định" not in response.content.decode().split("Xử lý hồ sơ")[-1]
    assert Dossier.objects.get(pk=dossier.pk).state == State.REVIEWED


def test_minutes_and_decision_documents_download(login, session, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    login("council").post(
        f"/phien-hop/{session.pk}/phieu/{session.ballots.get().pk}/", {"choice": "approve"}
    )
    closing = client.get(f"/phien-hop/{session.pk}/").content.decode()
    assert 'data-confirm="Kết thúc phiên họp?' in closing
    client.post(f"/phien-hop/{session.pk}/ket-thuc/")
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED
    assert client.get(f"/phien-hop/{session.pk}/bien-ban.docx").status_code == 200
    assert "(100,00%)" in client.get(f"/phien-hop/{session.pk}/").content.decode()
    nomination = session.ballots.get().nomination
    client.post(f"/phong-trao/{session.campaign_id}/quyet-dinh/", {"nominations": [nomination.pk]})
    decision = Decision.objects.get()
    assert client.get(f"/quyet-dinh/{decision.pk}/quyet-dinh.docx").status_code == 200
    assert login("unit_a").get(f"/quyet-dinh/{decision.pk}/").status_code == 403
    # Units cannot sign; the leader can.
    signed = login("leader").post(
        f"/quyet-dinh/{decision.pk}/", {"number": "15", "signed_on": "15/12/2025"}
    )
    assert signed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.SIGNED and decision.number == "15"
    assert Dossier.objects.get(pk=nomination.dossier_id).state == State.DECIDED


def test_the_quorum_badge_says_the_quorum_row_in_force(login, session, accounts) -> None:  # type: ignore[no-untyped-def]
    """The badge is the law's Quorum row on the meeting date, not a fixed "hai phần ba"."""
    from thidua.law.models import Quorum

    CouncilSession.objects.filter(pk=session.pk).update(present=0)
    page = login("office").get(f"/phien-hop/{session.pk}/").content.decode()
    assert "chưa đủ: cần ít nhất hai phần ba tổng số thành viên có mặt" in page
    Quorum.objects.create(
        numerator=1, denominator=2, valid_from=dt.date(2025, 11, 1), legal_basis="giả định"
    )
    page = login("office").get(f"/phien-hop/{session.pk}/").content.decode()
    assert "chưa đủ: cần ít nhất một nửa tổng số thành viên có mặt" in page
    assert "hai phần ba" not in page


def test_an_on_screen_vote_is_in_the_audit_trail_without_its_choice(
    login, session, accounts
) -> None:  # type: ignore[no-untyped-def]
    """The trail records that the member voted on the ballot; no entry says what (LEGAL.md:
    a secret ballot stores totals, not who voted what)."""
    from auditlog.models import LogEntry

    ballot = session.ballots.get()
    before = set(LogEntry.objects.values_list("pk", flat=True))
    login("council").post(f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "reject"})
    ballot.refresh_from_db()
    assert ballot.reject == 1
    entries = list(LogEntry.objects.exclude(pk__in=before))
    casts = [e for e in entries if e.content_type.model == "ballotcast"]
    assert len(casts) == 1 and casts[0].actor == accounts["council"]
    for entry in entries:
        assert "reject" not in str(entry.changes) and "approve" not in str(entry.changes)


def test_a_higher_level_nomination_is_not_offered_for_this_issuers_decision(login, session) -> None:  # type: ignore[no-untyped-def]
    nomination = session.ballots.get().nomination
    Dossier.objects.filter(pk=nomination.dossier_id).update(state=State.REVIEWED)
    url = f"/phong-trao/{session.campaign_id}/hoi-dong/"
    box = f'name="nominations" value="{nomination.pk}"'
    assert box in login("office").get(url).content.decode()
    type(nomination).objects.filter(pk=nomination.pk).update(higher_level=True)
    page = login("office").get(url).content.decode()
    assert box not in page
    assert "đề nghị cấp trên: trình cấp trên quyết định" in page
