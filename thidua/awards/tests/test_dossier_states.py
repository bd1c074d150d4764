"""The dossier state machine: every transition allowed and refused by role, the deadline,
late acceptance, reasons, and two officers acting at once."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards.dossiers import MOVES, Dossier, State, TransitionError, allowed_moves, move
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

BEFORE = dt.date(2025, 11, 1)  # Lộc Ninh: dossiers before 30/11 each year
AFTER = dt.date(2025, 12, 5)


@pytest.fixture
def dossier(district, accounts) -> Dossier:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)


def _walk(dossier: Dossier, accounts, *targets: str) -> Dossier:  # type: ignore[no-untyped-def]
    for target in targets:
        user = accounts["unit_a"] if target in (State.SUBMITTED,) else accounts["office"]
        if target == State.DECIDED:
            user = accounts["leader"]
        dossier = move(dossier, target, user=user, reason="lý do", today=BEFORE)
    return dossier


def test_it_walks_the_whole_way_and_records_every_step(dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _walk(
        dossier,
        accounts,
        State.SUBMITTED,
        State.APPRAISING,
        State.NEEDS_MORE,
        State.SUBMITTED,
        State.APPRAISING,
        State.ELIGIBLE,
        State.TO_COUNCIL,
        State.REVIEWED,
        State.DECIDED,
    )
    assert dossier.state == State.DECIDED
    steps = [(t.source, t.target, t.actor.username) for t in dossier.transitions.all()]
    assert steps[0] == (State.DRAFT, State.SUBMITTED, "donvi_a")
    assert steps[2] == (State.APPRAISING, State.NEEDS_MORE, "noivu")
    assert steps[-1] == (State.REVIEWED, State.DECIDED, "chutich")
    assert len(steps) == 9
    assert dossier.version == 9


@pytest.mark.parametrize("step", MOVES, ids=lambda m: f"{m.source}->{m.target}")
def test_each_move_is_refused_to_the_wrong_roles(step, dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    Dossier.objects.filter(pk=dossier.pk).update(state=step.source)
    dossier.refresh_from_db()
    allowed_roles = {
        "unit": ["unit_a"],
        "office": ["office", "admin"],
        "leader": ["leader", "office"],
    }[step.by]
    for persona in ("unit_a", "unit_b", "office", "council", "leader"):
        may = step in allowed_moves(dossier, accounts[persona])
        assert may == (persona in allowed_roles), (persona, step)
    refused = next(p for p in ("unit_b", "council") if p not in allowed_roles)
    with pytest.raises(TransitionError):
        move(dossier, step.target, user=accounts[refused], reason="x", today=BEFORE)
    dossier.refresh_from_db()
    assert dossier.state == step.source and not dossier.transitions.exists()


def test_it_refuses_moves_that_skip_a_state(dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(
        TransitionError, match="Không thể chuyển hồ sơ từ “Nháp” sang “Đủ điều kiện”"
    ):
        move(dossier, State.ELIGIBLE, user=accounts["office"], today=BEFORE)


def test_a_request_for_more_needs_a_reason(dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _walk(dossier, accounts, State.SUBMITTED, State.APPRAISING)
    with pytest.raises(TransitionError, match="Hãy ghi lý do cho bước “Yêu cầu bổ sung”"):
        move(dossier, State.NEEDS_MORE, user=accounts["office"], today=BEFORE)
    dossier = move(
        dossier,
        State.NEEDS_MORE,
        user=accounts["office"],
        reason="Thiếu Biên bản họp Hội đồng",
        today=BEFORE,
    )
    assert dossier.transitions.last().reason == "Thiếu Biên bản họp Hội đồng"


def test_the_deadline_refuses_a_submission_unless_the_office_accepts_it_late(
    dossier, accounts
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError, match=r"Đã quá hạn nộp hồ sơ \(30/11/2025\)"):
        move(dossier, State.SUBMITTED, user=accounts["unit_a"], today=AFTER)
    with pytest.raises(TransitionError, match="Hãy ghi lý do"):
        move(dossier, State.SUBMITTED, user=accounts["office"], today=AFTER, accept_late=True)
    dossier = move(
        dossier,
        State.SUBMITTED,
        user=accounts["office"],
        today=AFTER,
        accept_late=True,
        reason="Đơn vị gửi bản giấy đúng hạn, bản điện tử gửi chậm",
    )
    assert dossier.state == State.SUBMITTED and dossier.late
    assert dossier.transitions.get().late


def test_a_unit_withdraws_before_the_deadline_only(dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _walk(dossier, accounts, State.SUBMITTED)
    with pytest.raises(TransitionError, match="không rút lại được"):
        move(dossier, State.DRAFT, user=accounts["unit_a"], today=AFTER)
    dossier = move(dossier, State.DRAFT, user=accounts["unit_a"], today=BEFORE)
    assert dossier.state == State.DRAFT


def test_two_officers_cannot_both_move_the_same_dossier(dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    dossier = _walk(dossier, accounts, State.SUBMITTED, State.APPRAISING)
    first = Dossier.objects.get(pk=dossier.pk)
    second = Dossier.objects.get(pk=dossier.pk)
    move(first, State.ELIGIBLE, user=accounts["office"], today=BEFORE)
    with pytest.raises(TransitionError, match="vừa được người khác thay đổi"):
        move(second, State.NOT_ELIGIBLE, user=accounts["admin"], reason="x", today=BEFORE)
    assert Dossier.objects.get(pk=dossier.pk).state == State.ELIGIBLE
    assert dossier.transitions.filter(target=State.NOT_ELIGIBLE).count() == 0


def test_every_state_has_a_vietnamese_label() -> None:
    assert State.NEEDS_MORE.label == "Yêu cầu bổ sung"
    assert State.DECIDED.label == "Có quyết định"
    assert all(state.label for state in State)
