"""The award chain keeps the law (issue 8): a form that requires the council's ballot is
decided only after a closed session passed it, and "có quyết định" is reached only by
signing a decision."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards import composition, council
from thidua.awards.decisions import DecisionError, draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State, TransitionError, move
from thidua.awards.records import Attendance, Ballot, CouncilSession, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

TODAY = dt.date(2025, 12, 22)


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _before_council(campaign, unit, person, form) -> Nomination:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    dossier.refresh_from_db()
    return Nomination.objects.create(dossier=dossier, person=person, form_id=form)


def _session(campaign, accounts):  # type: ignore[no-untyped-def]
    body = composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng", user=accounts["office"]
    )
    seats = [
        composition.add_member(
            body, full_name=f"Thành Viên {i}", role="uy_vien", user=accounts["office"]
        )
        for i in range(5)
    ]
    return council.open_session(
        campaign=campaign,
        council=body,
        held_on=dt.date(2025, 12, 20),
        starts_at=dt.time(8),
        ends_at=dt.time(9),
        attendance={s.pk: Attendance.Mode.PAPER for s in seats},
        user=accounts["office"],
        today=TODAY,
    )


def test_a_cstdcs_reviewed_by_hand_cannot_be_decided(campaign, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    """The defect: a dossier moved by hand to "đã xét" went on to a signed decision."""
    nomination = _before_council(campaign, district["a"], people["a"], "chien_si_thi_dua_co_so")
    dossier = nomination.dossier
    with pytest.raises(TransitionError, match="phải được Hội đồng Thi đua – Khen thưởng"):
        move(dossier, State.REVIEWED, user=accounts["office"])
    # even forced past the state machine (an import, a bug), the draft refuses it
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    for persona in ("office", "leader"):
        with pytest.raises(
            DecisionError,
            match="Nguyễn Văn An: “Chiến sĩ thi đua cơ sở” phải được Hội đồng Thi đua – Khen "
            "thưởng bỏ phiếu thông qua tại một phiên họp đã kết thúc.",
        ):
            draft_decision(
                campaign=campaign, title="x", nominations=[nomination], user=accounts[persona]
            )
    # a "passed" ballot of a session that never closed counts for nothing
    session = CouncilSession.objects.create(
        campaign=campaign, held_on=dt.date(2025, 12, 20), total_members=5
    )
    Ballot.objects.create(session=session, nomination=nomination, approve=5)
    Ballot.objects.filter(nomination=nomination).update(passed=True)
    with pytest.raises(DecisionError, match="phiên họp đã kết thúc"):
        draft_decision(
            campaign=campaign, title="x", nominations=[nomination], user=accounts["office"]
        )


def test_a_cstdcs_passed_by_a_closed_session_is_decided_by_signing(
    campaign, district, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    passed = _before_council(campaign, district["a"], people["a"], "chien_si_thi_dua_co_so")
    failed = _before_council(campaign, district["b"], people["b"], "chien_si_thi_dua_co_so")
    session = _session(campaign, accounts)
    yes, no = council.put_on_agenda(session, [passed, failed])
    council.key_in(yes, approve=4, reject=1, abstain=0, user=accounts["office"])  # 80 %
    council.key_in(no, approve=3, reject=2, abstain=0, user=accounts["office"])  # 60 %
    council.close_session(session, user=accounts["office"], today=TODAY)
    with pytest.raises(DecisionError, match="Trần Thị Bình: đề nghị không đạt khi Hội đồng"):
        draft_decision(campaign=campaign, title="x", nominations=[failed], user=accounts["office"])
    decision = draft_decision(
        campaign=campaign, title="khen thưởng", nominations=[passed], user=accounts["office"]
    )
    dossier = Dossier.objects.get(pk=passed.dossier_id)
    assert dossier.state == State.REVIEWED
    with pytest.raises(TransitionError, match="khi quyết định khen thưởng được ký"):
        move(dossier, State.DECIDED, user=accounts["leader"])
    sign_decision(decision, number="7", signed_on=dt.date(2025, 12, 25), user=accounts["leader"])
    dossier.refresh_from_db()
    assert dossier.state == State.DECIDED
    last = dossier.transitions.last()
    assert (last.source, last.target, last.actor) == (
        State.REVIEWED,
        State.DECIDED,
        accounts["leader"],
    )
    assert last.reason.startswith("Quyết định số 7/QĐ-UBND")
