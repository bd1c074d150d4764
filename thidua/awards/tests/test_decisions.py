"""Decisions: drafting from the nominations the council passed, reward money at the date of
signing (and never after), signing (awards into the history, dossiers to "có quyết định"),
and issue 5: a Giấy khen decided in the product makes a Phù Mỹ individual eligible the
next year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.decisions import (
    DecisionError,
    compute_money,
    draft_decision,
    sign_decision,
)
from thidua.awards.dossiers import Dossier, State, move
from thidua.awards.records import Ballot, CouncilSession, Decision, DecisionAward, Nomination
from thidua.awards.salary import BaseSalary
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template, evaluate_campaign
from thidua.org.models import Person, Unit
from thidua.scoring.models import Award, ParScore, Rating, RatingLevel

salaries = import_module("thidua.awards.migrations.0001_initial")
IN_TIME = dt.date(2025, 1, 10)  # Phù Mỹ: annual dossiers before 31/01 of Y+1


@pytest.fixture(autouse=True)
def _salaries(db: None) -> None:
    """The base salaries migration 0001 loads (a transactional test's flush removes them)."""
    salaries.forwards(django_apps, None)


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def commune(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    """A campaign issued by a commune: since 01/7/2025 the commune chairman decides LĐTT,
    CSTĐCS and the commune's Giấy khen (the district is gone, issue 8)."""
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _reviewed_dossier(campaign, unit, year, accounts, unit_user="unit_a"):  # type: ignore[no-untyped-def]
    """A dossier walked the whole way to "đã xét" by the right personas."""
    dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=year)
    today = dt.date(year + 1, 1, 10)
    for target, persona in (
        (State.SUBMITTED, unit_user),
        (State.APPRAISING, "office"),
        (State.ELIGIBLE, "office"),
        (State.TO_COUNCIL, "office"),
        (State.REVIEWED, "office"),
    ):
        dossier = move(dossier, target, user=accounts[persona], today=today)
    return dossier


def _nominate(dossier, form, *, person=None, unit=None) -> Nomination:  # type: ignore[no-untyped-def]
    return Nomination.objects.create(dossier=dossier, person=person, unit=unit, form_id=form)


# -- issue 5 ---------------------------------------------------------------------------------


def _individual(evaluation, code):  # type: ignore[no-untyped-def]
    scheme = evaluation.scheme("ca-nhan-hang-nam")
    return next(c for c in scheme["candidates"] if c["code"] == code)


def _criterion(candidate, key):  # type: ignore[no-untyped-def]
    return next(c for c in candidate["criteria"] if c["key"] == key)


def test_a_phu_my_individual_qualifies_in_2025_by_a_giay_khen_decided_for_2024(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    pnv, person = district["a"], people["a"]  # Phòng Nội vụ; Nguyễn Văn An, cchc_role
    rival = Unit.objects.create(
        code="PTC",
        name="Phòng Tài chính",
        level="co_quan",
        group_id="phong",
        parent=district["root"],
    )
    for year, ours, theirs in ((2024, "80", "90"), (2025, "82", "95")):
        ParScore.objects.create(unit=pnv, year=year, score=Decimal(ours))
        ParScore.objects.create(unit=rival, year=year, score=Decimal(theirs))
    Rating.objects.create(person=person, year=2025, rating=RatingLevel.HTXSNV)

    before = _individual(evaluate_campaign(campaign, 2025), person.code)
    assert before["eligible"] is False
    assert _criterion(before, "don_vi_hang_1")["verdict"] is False  # the rival is first
    assert _criterion(before, "don_vi_70_2_nam")["verdict"] is True
    assert _criterion(before, "htxs")["verdict"] is True
    assert _criterion(before, "giay_khen_cchc_nam_truoc")["verdict"] is False

    dossier = _reviewed_dossier(campaign, pnv, 2024, accounts)
    nomination = _nominate(dossier, "giay_khen_chu_tich_huyen", person=person)
    decision = draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng cá nhân có thành tích xuất sắc trong công tác cải cách "
        "hành chính năm 2024",
        nominations=[nomination],
        user=accounts["office"],
        today=dt.date(2025, 3, 1),  # drafted while the district still decided Giấy khen
    )
    # Signed before NĐ 152/2025 took effect (01/7/2025): NĐ 98/2023's figures are not
    # encoded, so the office types the amounts or states there is no money (issue 8: no
    # silent "0 đồng").
    with pytest.raises(DecisionError, match="Nghị định 98/2023/NĐ-CP"):
        sign_decision(decision, number="15", signed_on=dt.date(2025, 3, 5), user=accounts["leader"])
    sign_decision(
        decision,
        number="15",
        signed_on=dt.date(2025, 3, 5),
        user=accounts["leader"],
        money_mode="khong",
    )

    dossier.refresh_from_db()
    assert dossier.state == State.DECIDED
    last = dossier.transitions.last()
    assert (last.source, last.target, last.actor) == (
        State.REVIEWED,
        State.DECIDED,
        accounts["leader"],
    )
    award = Award.objects.get(person=person)
    assert (award.form_id, award.year, award.field) == ("giay_khen_chu_tich_huyen", 2024, "cchc")
    assert award.decision_number == "15/QĐ-UBND"
    assert award.decision_date == dt.date(2025, 3, 5)
    assert award.issuer == "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"
    assert list(decision.awards.values_list("amount", flat=True)) == [None]
    decision.refresh_from_db()
    assert decision.money_mode == "khong"
    assert any("98/2023" in b for b in decision.legal_bases)
    assert not any("152/2025" in b for b in decision.legal_bases)

    after = _individual(evaluate_campaign(campaign, 2025), person.code)
    assert after["eligible"] is True
    criterion = _criterion(after, "giay_khen_cchc_nam_truoc")
    assert criterion["verdict"] is True
    assert "Giấy khen" in criterion["detail"] and "2024" in criterion["detail"]


# -- drafting --------------------------------------------------------------------------------


def test_draft_takes_reviewed_nominations_whose_ballot_passed_or_needed_none(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    dossier = _reviewed_dossier(campaign, district["a"], 2025, accounts)
    no_ballot = _nominate(dossier, "lao_dong_tien_tien", person=people["a"])
    voted = _nominate(dossier, "giay_khen_chu_tich_huyen", unit=district["a"])
    session = CouncilSession.objects.create(
        campaign=campaign, held_on=dt.date(2026, 1, 20), total_members=5
    )
    Ballot.objects.create(session=session, nomination=voted, approve=4)
    Ballot.objects.filter(nomination=voted).update(passed=True)

    decision = draft_decision(
        campaign=campaign,
        title="khen thưởng năm 2025",
        nominations=[no_ballot, voted],
        user=accounts["office"],
        today=dt.date(2025, 6, 1),  # a district decides these until 30/6/2025 (issue 8)
    )
    assert decision.status == Decision.Status.DRAFT
    rows = list(decision.awards.values_list("person_id", "unit_id", "form_id", "year", "field"))
    assert rows == [
        (people["a"].pk, None, "lao_dong_tien_tien", 2025, "cchc"),
        (None, district["a"].pk, "giay_khen_chu_tich_huyen", 2025, "cchc"),
    ]
    assert decision.signer_authority == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]  # the plan's signer
    assert decision.legal_bases[0].startswith("Căn cứ Luật Thi đua, khen thưởng")
    assert any("Kế hoạch số 69/KH-UBND" in b for b in decision.legal_bases)

    with pytest.raises(DecisionError, match="đã có trong một quyết định khác"):
        draft_decision(
            campaign=campaign,
            title="lần nữa",
            nominations=[voted],
            user=accounts["office"],
            today=dt.date(2025, 6, 1),
        )


def test_draft_refuses_a_failed_ballot_an_unreviewed_dossier_and_the_wrong_people(
    district, people, accounts, campaign
) -> None:  # type: ignore[no-untyped-def]
    reviewed = _reviewed_dossier(campaign, district["a"], 2025, accounts)
    failed = _nominate(reviewed, "lao_dong_tien_tien", person=people["a"])
    session = CouncilSession.objects.create(
        campaign=campaign, held_on=dt.date(2026, 1, 20), total_members=5
    )
    Ballot.objects.create(session=session, nomination=failed, approve=1, reject=4)
    Ballot.objects.filter(nomination=failed).update(passed=False)
    with pytest.raises(DecisionError, match="không đạt khi Hội đồng bỏ phiếu"):
        draft_decision(campaign=campaign, title="x", nominations=[failed], user=accounts["office"])

    draft = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    early = _nominate(draft, "lao_dong_tien_tien", person=people["b"])
    with pytest.raises(DecisionError, match="chưa được Hội đồng xét"):
        draft_decision(campaign=campaign, title="x", nominations=[early], user=accounts["office"])

    ok = _nominate(reviewed, "giay_khen_chu_tich_huyen", unit=district["a"])
    for persona in ("unit_a", "council"):
        with pytest.raises(DecisionError, match="Chỉ cơ quan thường trực hoặc lãnh đạo"):
            draft_decision(campaign=campaign, title="x", nominations=[ok], user=accounts[persona])
    with pytest.raises(DecisionError, match="trích yếu"):
        draft_decision(campaign=campaign, title="  ", nominations=[ok], user=accounts["office"])
    assert not Decision.objects.exists()


def _draft_many(campaign, district, accounts, count: int, django_assert_max_num_queries, most):  # type: ignore[no-untyped-def]
    year = 2024 if count < 10 else 2025  # one dossier per unit and year
    dossier = _reviewed_dossier(campaign, district["a"], year, accounts)
    session = CouncilSession.objects.create(
        campaign=campaign,
        held_on=dt.date(2026, 1, 20),
        total_members=5,
        closed_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC),
    )
    nominations = []
    for i in range(count):
        person = Person.objects.create(
            code=f"CB-N{count}-{i}", full_name=f"Người thứ {i}", gender="nam", unit=district["a"]
        )
        form = ("lao_dong_tien_tien", "chien_si_thi_dua_co_so")[i % 2]  # no ballot; a ballot
        nomination = _nominate(dossier, form, person=person)
        if form == "chien_si_thi_dua_co_so":
            Ballot.objects.create(session=session, nomination=nomination, approve=5)
        nominations.append(nomination)
    Ballot.objects.filter(session=session).update(passed=True)
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(most):
        decision = draft_decision(
            campaign=campaign,
            title=f"khen thưởng {count}",
            nominations=nominations,
            user=accounts["office"],
            today=dt.date(2025, 6, 1),
        )
    assert decision.awards.count() == count
    return len(queries)


def test_drafting_asks_the_law_a_fixed_number_of_times(
    district, accounts, campaign, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """Issue 3 of the review: the ballot rule and the competence of every nomination are
    read in one query each, so 20 nominations cost no more queries than 2."""
    few = _draft_many(campaign, district, accounts, 2, django_assert_max_num_queries, 30)
    _draft_many(campaign, district, accounts, 20, django_assert_max_num_queries, few)


# -- money -----------------------------------------------------------------------------------


def _decision(campaign, accounts, *awards):  # type: ignore[no-untyped-def]
    decision = Decision.objects.create(
        campaign=campaign, title="khen thưởng", created_by=accounts["office"]
    )
    for subject, form in awards:
        DecisionAward.objects.create(
            decision=decision,
            form_id=form,
            year=2025,
            person=subject if subject.__class__.__name__ == "Person" else None,
            unit=subject if subject.__class__.__name__ == "Unit" else None,
        )
    return decision


def _amounts(decision):  # type: ignore[no-untyped-def]
    return list(decision.awards.order_by("pk").values_list("form_id", "amount"))


def test_money_on_15_12_2025_uses_2_340_000(district, people, accounts, commune) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(
        commune,
        accounts,
        (people["a"], "lao_dong_tien_tien"),
        (district["a"], "giay_khen_chu_tich_xa"),
    )
    sign_decision(decision, number="101", signed_on=dt.date(2025, 12, 15), user=accounts["office"])
    # 0,3 × 2.340.000 = 702.000 → 710.000; 0,6 × 2.340.000 = 1.404.000 → 1.410.000
    assert _amounts(decision) == [
        ("lao_dong_tien_tien", 710_000),
        ("giay_khen_chu_tich_xa", 1_410_000),
    ]
    assert compute_money(decision) == 2_120_000


def test_money_on_01_07_2026_uses_2_530_000_and_the_total(
    district, people, accounts, commune
) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(
        commune,
        accounts,
        (district["a"], "giay_khen_chu_tich_xa"),
        (district["b"], "giay_khen_chu_tich_xa"),
        (people["a"], "giay_khen_chu_tich_xa"),
    )
    decision.signed_on = dt.date(2026, 7, 1)
    assert compute_money(decision) == 1_520_000 * 2 + 760_000  # draft preview
    sign_decision(decision, number="7", signed_on=dt.date(2026, 7, 1), user=accounts["leader"])
    # collective 0,6 × 2.530.000 = 1.518.000 → 1.520.000; person 0,3 × … = 759.000 → 760.000
    assert [a for _, a in _amounts(decision)] == [1_520_000, 1_520_000, 760_000]
    assert compute_money(decision) == 3_800_000


def test_a_decision_signed_before_01_07_2026_keeps_its_figures(
    district, people, accounts, commune
) -> None:  # type: ignore[no-untyped-def]
    BaseSalary.objects.filter(effective_from=dt.date(2026, 7, 1)).delete()
    decision = _decision(commune, accounts, (people["a"], "lao_dong_tien_tien"))
    sign_decision(decision, number="3", signed_on=dt.date(2026, 6, 30), user=accounts["leader"])
    assert _amounts(decision) == [("lao_dong_tien_tien", 710_000)]
    # The 2026 base salary is entered afterwards (or corrected): the signed decision keeps
    # its 2.340.000-based figures.
    salaries.forwards(django_apps, None)
    BaseSalary.objects.filter(effective_from=dt.date(2024, 7, 1)).update(amount=2_600_000)
    assert compute_money(decision) == 710_000
    assert _amounts(decision) == [("lao_dong_tien_tien", 710_000)]
    later = _decision(commune, accounts, (people["a"], "chien_si_thi_dua_co_so"))
    sign_decision(later, number="4", signed_on=dt.date(2026, 7, 2), user=accounts["leader"])
    assert _amounts(later) == [("chien_si_thi_dua_co_so", 2_530_000)]


def test_only_the_highest_title_of_a_person_is_paid_a_form_besides_it_is(
    people, accounts, commune
) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(
        commune,
        accounts,
        (people["a"], "lao_dong_tien_tien"),
        (people["a"], "chien_si_thi_dua_co_so"),
        (people["a"], "giay_khen_chu_tich_xa"),
        (people["b"], "lao_dong_tien_tien"),
    )
    sign_decision(decision, number="9", signed_on=dt.date(2025, 12, 15), user=accounts["office"])
    assert _amounts(decision) == [
        ("lao_dong_tien_tien", 0),  # a lower title of the same person and year
        ("chien_si_thi_dua_co_so", 2_340_000),
        ("giay_khen_chu_tich_xa", 710_000),
        ("lao_dong_tien_tien", 710_000),
    ]
    assert compute_money(decision) == 3_760_000


# -- signing ---------------------------------------------------------------------------------


def test_signing_is_refused_twice_to_the_wrong_people_and_without_number_or_date(
    people, accounts, commune
) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(commune, accounts, (people["a"], "lao_dong_tien_tien"))
    day = dt.date(2025, 12, 15)
    for persona in ("unit_a", "council"):
        with pytest.raises(DecisionError, match="Chỉ lãnh đạo hoặc cơ quan thường trực"):
            sign_decision(decision, number="1", signed_on=day, user=accounts[persona])
    with pytest.raises(DecisionError, match="số của quyết định"):
        sign_decision(decision, number=" ", signed_on=day, user=accounts["leader"])
    with pytest.raises(DecisionError, match="ngày ký"):
        sign_decision(decision, number="1", signed_on=None, user=accounts["leader"])
    assert not Award.objects.exists()

    signed = sign_decision(decision, number="1", signed_on=day, user=accounts["leader"])
    assert (signed.status, signed.number, signed.signed_on) == (Decision.Status.SIGNED, "1", day)
    with pytest.raises(DecisionError, match="đã được ký ngày 15/12/2025"):
        sign_decision(decision, number="2", signed_on=day, user=accounts["leader"])
    assert Award.objects.count() == 1

    other = _decision(commune, accounts, (people["b"], "lao_dong_tien_tien"))
    with pytest.raises(DecisionError, match="Số 1/QĐ-UBND đã được dùng"):
        sign_decision(other, number="1", signed_on=day, user=accounts["leader"])
    sign_decision(other, number="1", signed_on=dt.date(2026, 1, 5), user=accounts["leader"])


def test_a_chairmans_decision_is_signed_chu_tich_not_for_the_committee() -> None:
    """A plan is signed "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; the decision the chairman makes in
    his own name is signed "CHỦ TỊCH" (or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""
    from thidua.awards.decisions import chairman_authority

    assert chairman_authority(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]) == ["CHỦ TỊCH"]
    assert chairman_authority(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]) == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert chairman_authority([]) == ["CHỦ TỊCH"]
