"""Each write service leaves its entries in the audit trail: actor, time, before and after.
On-screen votes leave who voted (BallotCast) and never what: the counts enter the trail
once, at the close, by the office."""

from __future__ import annotations

import datetime as dt
import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from thidua.awards import composition, council
from thidua.awards.decisions import draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import (
    Attendance,
    Ballot,
    BallotCast,
    DecisionAward,
    MoneyMode,
    Nomination,
)
from thidua.awards.tests.test_council import (
    HELD_ON,
    TODAY,
    _council,
    _screen_voters,
    _session,
)
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.lib.audit import acting_as
from thidua.rules.facts import parse_facts_json
from thidua.scoring import models as m
from thidua.scoring.services import import_facts

SCREEN, PAPER, WRITTEN = Attendance.Mode.SCREEN, Attendance.Mode.PAPER, Attendance.Mode.WRITTEN


def _entries(model: type[models.Model], **filters: object) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), **filters
        ).order_by("pk")
    )


def test_votes_leave_who_voted_and_the_counts_only_at_the_close(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    office = accounts["office"]
    with acting_as(office):
        session = _session(campaign, accounts, total=5, present=4)
        (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    members = _screen_voters(session)
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for member, choice in zip(members, ["approve", "approve", "reject", "abstain"], strict=True):
        with acting_as(member):
            council.cast(ballot, member=member, choice=choice)
    # each vote: one entry, that this member voted on this ballot, nothing about the choice
    votes = list(LogEntry.objects.filter(pk__gt=before).order_by("pk"))
    assert [e.content_type.model for e in votes] == ["ballotcast"] * 4
    assert [e.actor for e in votes] == members
    for entry in votes:
        assert set(entry.changes) == {"ballot", "member"}
    assert not _entries(Ballot, pk__in=[e.pk for e in votes])
    with acting_as(office):
        council.close_session(session, user=office, today=TODAY)
    (tally,) = _entries(Ballot, action=LogEntry.Action.UPDATE, object_pk=str(ballot.pk))
    assert tally.actor == office
    assert tally.changes == {
        "approve": ["0", "2"],
        "reject": ["0", "1"],
        "abstain": ["0", "1"],
        "passed": ["None", "False"],
    }
    # no entry by a member names a count
    for entry in LogEntry.objects.filter(actor__in=members):
        assert not {"approve", "reject", "abstain"} & set(entry.changes or {})


def test_paper_and_written_totals_and_attendance_are_in_the_trail(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    office = accounts["office"]
    body = _council(campaign, accounts, 9, with_accounts=3)
    members = list(body.members.order_by("pk"))
    modes = [SCREEN, SCREEN, PAPER, PAPER, PAPER, PAPER, WRITTEN, WRITTEN, PAPER]
    with acting_as(office):
        session = council.open_session(
            campaign=campaign,
            council=body,
            held_on=HELD_ON,
            starts_at=dt.time(8),
            ends_at=dt.time(10),
            attendance={mm.pk: mode for mm, mode in zip(members, modes, strict=True)},
            user=office,
            today=TODAY,
        )
    created = _entries(Attendance, action=LogEntry.Action.CREATE)
    assert len(created) == 9 and {e.actor for e in created} == {office}
    changed = _entries(Attendance, action=LogEntry.Action.UPDATE)
    assert len(changed) == 9  # added absent, then each member's mode
    assert all(set(e.changes) == {"mode"} for e in changed)
    with acting_as(office):
        council.record_attendance(session, {members[8].pk: WRITTEN}, user=office)
    (last,) = _entries(Attendance, object_pk=str(session.attendance.get(member=members[8]).pk))[-1:]
    assert last.changes == {"mode": [PAPER, WRITTEN]} and last.actor == office

    (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    with acting_as(members[0].user):
        council.cast(ballot, member=members[0].user, choice="approve")
    with acting_as(office):
        council.key_in(ballot, approve=3, reject=1, abstain=0, user=office)
        council.key_in(ballot, approve=4, reject=0, abstain=0, user=office)
        council.key_in_written(ballot, approve=2, reject=0, abstain=0, user=office)
    first, second, written = _entries(Ballot, action=LogEntry.Action.UPDATE)
    assert first.actor == second.actor == written.actor == office
    assert first.changes == {
        "paper_approve": ["0", "3"],
        "paper_reject": ["0", "1"],
        "keyed_in": ["False", "True"],
    }
    assert second.changes == {"paper_approve": ["3", "4"], "paper_reject": ["1", "0"]}
    assert written.changes == {"written_approve": ["0", "2"], "written_keyed": ["False", "True"]}


def _passed_nomination(campaign, district, people, accounts) -> Nomination:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["a"], form_id="chien_si_thi_dua_co_so"
    )
    body = composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng", user=accounts["office"]
    )
    seats = [
        composition.add_member(
            body, full_name=f"Thành Viên {i}", role="uy_vien", user=accounts["office"]
        )
        for i in range(5)
    ]
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8),
        ends_at=dt.time(9),
        attendance={s.pk: PAPER for s in seats},
        user=accounts["office"],
        today=TODAY,
    )
    (ballot,) = council.put_on_agenda(session, [nomination])
    council.key_in(ballot, approve=5, reject=0, abstain=0, user=accounts["office"])
    council.close_session(session, user=accounts["office"], today=TODAY)
    return nomination


def test_a_decisions_rows_and_money_are_in_the_trail(district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(  # a commune's: it decides a CSTĐCS (NĐ 129)
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    nomination = _passed_nomination(campaign, district, people, accounts)
    office, leader = accounts["office"], accounts["leader"]
    with acting_as(office):
        decision = draft_decision(
            campaign=campaign,
            title="khen thưởng",
            nominations=[nomination],
            user=office,
            today=TODAY,
        )
    (row,) = decision.awards.all()
    (created,) = _entries(DecisionAward, action=LogEntry.Action.CREATE)
    assert created.actor == office and created.object_pk == str(row.pk)
    assert created.changes["nomination"] == ["None", str(nomination.pk)]
    assert created.changes["person"] == ["None", str(people["a"].pk)]
    with acting_as(leader):
        sign_decision(
            decision,
            number="7",
            signed_on=dt.date(2025, 12, 22),
            user=leader,
            money_mode=MoneyMode.TYPED,
            money_reason="Theo tờ trình",
            amounts={row.pk: 1_500_000},
            today=TODAY,
        )
    row.refresh_from_db()
    assert row.amount == 1_500_000
    money = [
        e for e in _entries(DecisionAward, action=LogEntry.Action.UPDATE) if "amount" in e.changes
    ]
    assert money and money[-1].actor == leader
    assert money[-1].changes["amount"] == ["None", "1500000"]


def test_an_import_leaves_an_entry_per_row_and_the_authors(district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "thidua-facts/1",
        "units": [{"code": "IMP1", "name": "Xã Mới", "group": "xa"}],
        "people": [{"code": "IMPP1", "name": "Đỗ Thị Hoa", "unit": "IMP1"}],
        "ratings": [{"subject": "IMPP1", "year": 2024, "rating": "HTXSNV"}],
        "initiatives": [
            {"code": "SK-1", "unit": "IMP1", "authors": ["IMPP1"], "year": 2024, "scope": "co_so"}
        ],
    }
    facts = parse_facts_json(json.dumps(document).encode())
    with acting_as(accounts["office"]):
        import_facts(facts)
    rating = m.Rating.objects.get(person__code="IMPP1")
    (entry,) = _entries(m.Rating, object_pk=str(rating.pk))
    assert entry.actor == accounts["office"] and entry.action == LogEntry.Action.CREATE
    assert entry.object_repr == "Đỗ Thị Hoa — 2024: HTXSNV"
    assert entry.changes["rating"] == ["None", "HTXSNV"]
    initiative = m.Initiative.objects.get(code="SK-1")
    authors = [
        e for e in _entries(m.Initiative, object_pk=str(initiative.pk)) if "authors" in e.changes
    ]
    assert [e.changes["authors"] for e in authors] == [
        {"type": "m2m", "operation": "add", "objects": ["Đỗ Thị Hoa"]}
    ]
    assert BallotCast.objects.count() == 0


def test_a_postponed_sessions_ballots_go_without_their_secret_counts(
    campaign, accounts, nominations
) -> None:  # type: ignore[no-untyped-def]
    office = accounts["office"]
    with acting_as(office):
        session = _session(campaign, accounts, total=5, present=4)
        (ballot,) = council.put_on_agenda(session, [nominations["cstdcs"]])
    member = _screen_voters(session)[0]
    with acting_as(member):
        council.cast(ballot, member=member, choice="reject")  # the only vote so far
    with acting_as(office):
        council.postpone(session, reason="Thiếu thành viên", user=office)
    (gone,) = _entries(Ballot, action=LogEntry.Action.DELETE, object_pk=str(ballot.pk))
    assert gone.actor == office
    # the entry says the ballot went, never that one vote was "không đồng ý"
    assert {gone.changes[f][0] for f in ("approve", "reject", "abstain")} == {"0"}
    assert _entries(BallotCast, action=LogEntry.Action.DELETE)  # that the member had voted
