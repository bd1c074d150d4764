"""Who reaches the council and decision screens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from thidua.awards import council
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Decision
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import User


@pytest.fixture
def session(district, accounts):  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(
        campaign=campaign, unit=district["a"], year=2025, state=State.TO_COUNCIL
    )
    # A commune's Giấy khen: since 01/7/2025 a district decides nothing (issue 8).
    nomination = dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_xa")
    session = council.open_session(
        campaign=campaign,
        held_on=dt.date(2025, 12, 1),
        total_members=1,
        members=[accounts["council"]],
        user=accounts["office"],
    )
    council.put_on_agenda(session, [nomination], user=accounts["office"])
    return session


def test_units_do_not_reach_the_council(login, session) -> None:  # type: ignore[no-untyped-def]
    assert login("unit_a").get(f"/phong-trao/{session.campaign_id}/hoi-dong/").status_code == 403
    assert login("unit_a").get(f"/phien-hop/{session.pk}/").status_code == 403


def test_a_member_sees_only_the_sessions_it_sits_on(login, session) -> None:  # type: ignore[no-untyped-def]
    assert login("council").get(f"/phien-hop/{session.pk}/").status_code == 200
    outsider = User.objects.create(username="hoidong2", role=User.Role.COUNCIL)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/phien-hop/{session.pk}/").status_code == 403


def test_a_member_votes_once_and_the_vote_is_secret(login, session) -> None:  # type: ignore[no-untyped-def]
    ballot = session.ballots.get()
    client = login("council")
    client.post(f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "approve"})
    again = client.post(
        f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "reject"}, follow=True
    )
    ballot.refresh_from_db()
    assert (ballot.approve, ballot.reject) == (1, 0)
    assert "Bạn đã bỏ phiếu" in again.content.decode()
    assert (
        login("office")
        .post(f"/phien-hop/{session.pk}/phieu/{ballot.pk}/", {"choice": "approve"})
        .status_code
        == 302
    )
    ballot.refresh_from_db()
    assert ballot.approve == 1  # the office is no member: refused with a message


def test_minutes_and_decision_documents_download(login, session, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.post(
        f"/phien-hop/{session.pk}/phieu/{session.ballots.get().pk}/nhap/",
        {"approve": "1", "reject": "0", "abstain": "0"},
    )
    client.post(f"/phien-hop/{session.pk}/ket-thuc/")
    assert client.get(f"/phien-hop/{session.pk}/bien-ban.docx").status_code == 200
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
