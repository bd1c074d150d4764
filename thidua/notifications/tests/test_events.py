"""Each state change reaches exactly the accounts it concerns: the dossier's unit (never the
other unit), the office when a unit submits, the council's members with an account valid on
the meeting date, and for a signed decision the office, the leaders and the honoured units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards import composition, council
from thidua.awards.decisions import draft_decision, sign_decision
from thidua.awards.dossiers import State, TransitionError, move
from thidua.awards.records import Attendance, Nomination
from thidua.notifications.models import Kind, Notification
from thidua.org.models import User

TODAY = dt.date(2025, 12, 22)


def _told() -> dict[str, list[str]]:
    """username → kinds of the notifications they got."""
    found: dict[str, list[str]] = {}
    for n in Notification.objects.select_related("user").order_by("pk"):
        found.setdefault(n.user.username, []).append(n.kind)
    return found


@pytest.mark.parametrize(
    ("source", "target", "kind", "reason"),
    [
        (State.SUBMITTED, State.APPRAISING, Kind.RECEIVED, ""),
        (State.APPRAISING, State.NEEDS_MORE, Kind.RETURNED, "Thiếu biên bản họp Hội đồng"),
        (State.APPRAISING, State.ELIGIBLE, Kind.ELIGIBLE, ""),
        (State.APPRAISING, State.NOT_ELIGIBLE, Kind.NOT_ELIGIBLE, "Chưa đủ 2 năm HTXSNV"),
        (State.ELIGIBLE, State.TO_COUNCIL, Kind.TO_COUNCIL, ""),
    ],
)
def test_the_office_s_move_reaches_the_dossier_s_unit_only(
    accounts, dossier_of, django_capture_on_commit_callbacks, source, target, kind, reason
) -> None:  # type: ignore[no-untyped-def]
    dossier = dossier_of("a", source)
    dossier_of("b", source)
    with django_capture_on_commit_callbacks(execute=True):
        move(dossier, target, user=accounts["office"], reason=reason, today=TODAY)
    assert _told() == {"donvi_a": [kind]}
    notice = Notification.objects.get()
    assert notice.url == reverse("awards:dossier", args=[dossier.pk])
    assert "Phòng Nội vụ" in notice.title
    if reason:
        assert reason in notice.body


def test_a_move_rolled_back_tells_no_one(
    accounts, dossier_of, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dossier = dossier_of("a", State.APPRAISING)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        move(dossier, State.NEEDS_MORE, user=accounts["office"], reason="   ")
    assert not Notification.objects.exists()


def test_a_unit_s_submission_tells_the_office_not_the_other_unit(
    accounts, dossier_of, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dossier = dossier_of("a", State.NEEDS_MORE)
    with django_capture_on_commit_callbacks(execute=True):
        move(dossier, State.SUBMITTED, user=accounts["unit_a"], today=TODAY)
    assert _told() == {"noivu": [Kind.SUBMITTED]}
    assert "đã nộp lại" in Notification.objects.get().title


@pytest.fixture
def body(campaign, accounts):  # type: ignore[no-untyped-def]
    office = accounts["office"]
    other = User.objects.create(username="hoidong2", role=User.Role.COUNCIL)
    gone = User.objects.create(username="hoidong_cu", role=User.Role.COUNCIL)
    body = composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng TĐ-KT huyện", user=office
    )
    seats = [
        composition.add_member(
            body,
            full_name="Thành Viên Một",
            role="chu_tich",
            user=office,
            account=accounts["council"],
        ),
        composition.add_member(body, full_name="Thành Viên Hai", role="uy_vien", user=office),
        composition.add_member(
            body,
            full_name="Thành Viên Cũ",
            role="uy_vien",
            user=office,
            account=gone,
            valid_to=dt.date(2025, 6, 30),
        ),
    ]
    return {"council": body, "seats": seats, "not_member": other}


def test_a_session_scheduled_then_postponed_tells_the_members_on_the_date(
    campaign, accounts, body, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        session = council.open_session(
            campaign=campaign,
            council=body["council"],
            held_on=dt.date(2025, 12, 20),
            starts_at=dt.time(8),
            place="Hội trường UBND huyện",
            user=accounts["office"],
            today=dt.date(2025, 12, 1),
        )
    assert _told() == {"hoidong": [Kind.SESSION]}
    notice = Notification.objects.get()
    assert "08:00 ngày 20/12/2025" in notice.title
    assert notice.url == reverse("awards:session", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        council.postpone(session, reason="Trùng lịch họp Huyện ủy", user=accounts["office"])
    assert _told() == {"hoidong": [Kind.SESSION, Kind.SESSION]}
    assert "Trùng lịch họp Huyện ủy" in Notification.objects.first().body
    assert "hoãn" in Notification.objects.first().title


def test_a_signed_decision_tells_the_office_the_leaders_and_the_honoured_unit(
    campaign, district, people, accounts, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # a commune's campaign: since 01/7/2025 the commune's chairman decides the CSTĐCS
    campaign.issuing_unit = district["b"]
    campaign.save()
    office = accounts["office"]
    chamber = composition.create_council(
        issuing_unit=district["b"], name="Hội đồng TĐ-KT xã", user=office
    )
    seats = [
        composition.add_member(chamber, full_name=f"Thành Viên {i}", role="uy_vien", user=office)
        for i in range(2)
    ]
    second_office = User.objects.create(username="noivu2", role=User.Role.OFFICE)
    dossier_a = _dossier_to_council(campaign, district["a"])
    dossier_of_b = _dossier_to_council(campaign, district["b"])
    passed = Nomination.objects.create(
        dossier=dossier_a, person=people["a"], form_id="chien_si_thi_dua_co_so"
    )
    Nomination.objects.create(
        dossier=dossier_of_b, person=people["b"], form_id="chien_si_thi_dua_co_so"
    )
    session = council.open_session(
        campaign=campaign,
        council=chamber,
        held_on=dt.date(2025, 12, 20),
        starts_at=dt.time(8),
        ends_at=dt.time(9),
        attendance={s.pk: Attendance.Mode.PAPER for s in seats},
        user=accounts["office"],
        today=TODAY,
    )
    (ballot,) = council.put_on_agenda(session, [passed])
    council.key_in(ballot, approve=2, reject=0, abstain=0, user=accounts["office"])
    council.close_session(session, user=accounts["office"], today=TODAY)
    decision = draft_decision(
        campaign=campaign, title="khen thưởng", nominations=[passed], user=accounts["office"]
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        sign_decision(
            decision, number="7", signed_on=dt.date(2025, 12, 25), user=accounts["leader"]
        )
    told = _told()
    assert told == {
        "noivu": [Kind.DECISION],
        second_office.username: [Kind.DECISION],
        "donvi_a": [Kind.DECISION],
    }  # the signer is not told; unit B's person was not honoured
    unit_notice = Notification.objects.get(user=accounts["unit_a"])
    assert unit_notice.url == reverse("awards:dossier", args=[dossier_a.pk])
    office_notice = Notification.objects.get(user=accounts["office"])
    assert office_notice.url == reverse("awards:decision", args=[decision.pk])
    assert "Quyết định số 7/QĐ-UBND ngày 25/12/2025" in office_notice.title


def _dossier_to_council(campaign, unit):  # type: ignore[no-untyped-def]
    from thidua.awards.dossiers import Dossier

    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    dossier.refresh_from_db()
    return dossier
