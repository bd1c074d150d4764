"""The dossier state machine: every transition allowed and refused by role, the deadline,
late acceptance, reasons, and two officers acting at once."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards.dossiers import (
    CLOSE_SESSION,
    MOVES,
    SIGN_DECISION,
    SYSTEM,
    Dossier,
    State,
    TransitionError,
    allowed_moves,
    move,
)
from thidua.awards.records import Nomination
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
        service = ""
        if target == State.DECIDED:  # only signing a decision makes this move
            user, service = accounts["leader"], SIGN_DECISION
        dossier = move(dossier, target, user=user, reason="lý do", today=BEFORE, service=service)
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


@pytest.mark.parametrize("step", MOVES, ids=lambda m: f"{m.source}->{m.target}:{m.by}")
def test_each_move_is_refused_to_the_wrong_roles(step, dossier, accounts) -> None:  # type: ignore[no-untyped-def]
    Dossier.objects.filter(pk=dossier.pk).update(state=step.source)
    dossier.refresh_from_db()
    allowed_roles = {
        "unit": ["unit_a"],
        "office": ["office", "admin"],
        "leader": ["leader", "office"],
        SYSTEM: [],
    }[step.by]
    if step.by == SYSTEM:
        # a system move is no role's: only a hand move with the same ends may be offered
        offered = [m for m in allowed_moves(dossier, accounts["office"]) if m.by == SYSTEM]
        assert offered == []
        for persona in ("unit_a", "unit_b", "office", "council", "leader", "admin"):
            assert step not in allowed_moves(dossier, accounts[persona])
        if step.target == State.DECIDED:
            for persona in ("office", "leader", "admin"):
                with pytest.raises(TransitionError, match="khi quyết định khen thưởng được ký"):
                    move(dossier, step.target, user=accounts[persona], today=BEFORE)
        dossier.refresh_from_db()
        assert dossier.state == step.source and not dossier.transitions.exists()
        return
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


def _to_council(dossier, accounts, *forms: str) -> Dossier:  # type: ignore[no-untyped-def]
    for form in forms:
        Nomination.objects.create(dossier=dossier, unit=dossier.unit, form_id=form)
    return _walk(
        dossier, accounts, State.SUBMITTED, State.APPRAISING, State.ELIGIBLE, State.TO_COUNCIL
    )


def test_a_dossier_that_needs_a_ballot_reaches_reviewed_only_through_the_council(
    dossier, accounts, people
) -> None:  # type: ignore[no-untyped-def]
    Nomination.objects.create(dossier=dossier, person=people["a"], form_id="chien_si_thi_dua_co_so")
    dossier = _to_council(dossier, accounts, "giay_khen_chu_tich_huyen")
    for persona in ("office", "admin", "leader", "council", "unit_a"):
        assert State.REVIEWED not in [m.target for m in allowed_moves(dossier, accounts[persona])]
    with pytest.raises(
        TransitionError,
        match="Hồ sơ có đề nghị Chiến sĩ thi đua cơ sở phải được Hội đồng Thi đua – Khen thưởng "
        "bỏ phiếu: chỉ phiên họp Hội đồng đã kết thúc",
    ):
        move(dossier, State.REVIEWED, user=accounts["office"], today=BEFORE)
    for persona in ("leader", "council", "unit_a"):
        with pytest.raises(TransitionError, match="với vai trò của bạn"):
            move(dossier, State.REVIEWED, user=accounts[persona], today=BEFORE)
    # a service other than the council's close cannot make it either
    with pytest.raises(TransitionError, match="Không thể chuyển"):
        move(dossier, State.REVIEWED, user=accounts["office"], service=SIGN_DECISION)
    dossier.refresh_from_db()
    assert dossier.state == State.TO_COUNCIL
    moved = move(dossier, State.REVIEWED, user=accounts["office"], service=CLOSE_SESSION)
    assert moved.state == State.REVIEWED


def test_a_dossier_needing_no_ballot_may_be_recorded_reviewed_by_the_office(
    dossier, accounts
) -> None:  # type: ignore[no-untyped-def]
    dossier = _to_council(dossier, accounts, "lao_dong_tien_tien", "giay_khen_chu_tich_huyen")
    assert State.REVIEWED in [m.target for m in allowed_moves(dossier, accounts["office"])]
    assert move(dossier, State.REVIEWED, user=accounts["office"], today=BEFORE).state == (
        State.REVIEWED
    )
    for persona in ("office", "leader", "admin"):
        assert State.DECIDED not in [m.target for m in allowed_moves(dossier, accounts[persona])]
        with pytest.raises(
            TransitionError,
            match="Hồ sơ chỉ chuyển sang “Có quyết định” khi quyết định khen thưởng được ký.",
        ):
            move(dossier, State.DECIDED, user=accounts[persona], today=BEFORE)
    with pytest.raises(TransitionError, match="Không thể chuyển"):
        move(dossier, State.DECIDED, user=accounts["leader"], service=CLOSE_SESSION)


def test_the_dossier_page_says_why_the_office_cannot_record_the_review(
    dossier, accounts, people, login
) -> None:  # type: ignore[no-untyped-def]
    Nomination.objects.create(dossier=dossier, person=people["a"], form_id="chien_si_thi_dua_co_so")
    dossier = _to_council(dossier, accounts)
    reason = "Chưa có nút “Ghi nhận kết quả xét”: Hồ sơ có đề nghị Chiến sĩ thi đua cơ sở"
    page = login("office").get(f"/ho-so/{dossier.pk}/").content.decode()
    assert reason in page and "phiên họp Hội đồng đã kết thúc" in page
    assert reason not in login("unit_a").get(f"/ho-so/{dossier.pk}/").content.decode()
    # without a form needing the ballot, the button is there and nothing is explained
    dossier.nominations.update(form_id="lao_dong_tien_tien")
    page = login("office").get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Ghi nhận kết quả xét</button>" in page and reason[:20] not in page
