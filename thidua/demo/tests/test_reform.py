"""The demo after the 2025 reform (demo.reform): the merged communes, their people carried
over with their history, and xã Ân Mỹ's 2026 campaign decided by the commune.

The demo is loaded once for the module inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings

from thidua.awards.models import Council, CouncilSession, Decision, Dossier
from thidua.campaigns.models import Campaign, Registration
from thidua.campaigns.services import evaluate_campaign
from thidua.demo import reform
from thidua.demo.builder import ROOT_CODE, load_demo
from thidua.law import lookup
from thidua.org.access import in_force as in_force_on
from thidua.org.models import Person, Unit, User
from thidua.scoring.adapters import facts_from_db
from thidua.scoring.models import Award, ParScore

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    unblocked = django_db_blocker.unblock()  # type: ignore[attr-defined]
    with unblocked, override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _campaign_2026() -> Campaign:
    return Campaign.objects.get(issuing_unit__code=reform.ISSUER.code)


def test_the_old_communes_end_and_the_new_ones_begin_on_1_july_2025() -> None:
    for spec in reform.NEW_COMMUNES:
        new = Unit.objects.get(code=spec.code)
        assert (new.level, new.valid_from, new.valid_to, new.parent) == (
            "xa",
            dt.date(2025, 7, 1),
            None,
            None,
        )
        olds = Unit.objects.filter(code__in=spec.merged_from)
        assert set(new.merged_from.all()) == set(olds)
        assert {u.valid_to for u in olds} == {dt.date(2025, 6, 30)}
        # Their sections and thôn end with them; each goes on under the new commune (the
        # Bộ phận Một cửa as the Trung tâm Phục vụ hành chính công).
        below = Unit.objects.filter(parent__in=olds)
        assert below.exists() and {u.valid_to for u in below} == {dt.date(2025, 6, 30)}
        for old in below:
            (successor,) = Unit.objects.filter(merged_from=old)
            assert successor.parent_id == new.pk and successor.valid_from == dt.date(2025, 7, 1)
            assert successor.level == old.level or successor.name.startswith("Trung tâm")
        offices = set(new.children.filter(level="co_quan").values_list("name", flat=True))
        assert f"Văn phòng HĐND và UBND xã {spec.place}" in offices and len(offices) == 4
        # The old units' own history is reachable through the lineage.
        assert set(olds.values_list("pk", flat=True)) <= set(new.lineage_ids())
    anmy = Unit.objects.get(code=reform.ISSUER.code)
    assert ParScore.objects.filter(unit__in=anmy.lineage_ids(), year=2024).count() == 3


def test_the_district_and_everything_in_it_ends_on_30_june_2025() -> None:
    district = Unit.objects.get(code=ROOT_CODE)
    assert district.valid_to == dt.date(2025, 6, 30)
    units = district.subtree()
    assert units.count() > 100
    in_force = in_force_on(units, dt.date(2025, 7, 1))
    assert not in_force.exists()
    # On its last day everything is there but Hòa Lợi, Hòa Thọ (ended 31/12/2024) and theirs.
    before = set(units.values_list("code", flat=True))
    before -= set(in_force_on(units, dt.date(2025, 6, 30)).values_list("code", flat=True))
    assert {code.split("-")[0] for code in before} == {"HOALOI", "HOATHO"}
    # Every commune and thị trấn went into a new commune; the departments' people too.
    communes = units.filter(level="xa")
    assert not communes.filter(merged_into=None).exists()
    ended = Unit.objects.filter(valid_to__lt=dt.date(2026, 1, 1))
    assert not Person.objects.filter(unit__in=ended).exists()
    assert not Person.objects.filter(unit__valid_from__gt=dt.date(2025, 7, 1)).exists()
    lan = Person.objects.get(full_name="Huỳnh Ngọc Lan")  # donvi1's person, of Phòng Nội vụ
    assert (lan.former_unit.code, lan.unit.name) == ("PNV", "Văn phòng HĐND và UBND xã Ân Mỹ")
    # The district's council ends with it.
    body = Council.objects.get(issuing_unit=district)
    assert {m.valid_to for m in body.members.all()} == {dt.date(2025, 6, 30)}


def test_the_communes_accounts_work_for_the_commune() -> None:
    commune = Unit.objects.get(code=reform.ISSUER.code)
    for username in ("vanphong", "donvixa", "chutichxa"):
        unit = User.objects.get(username=username).unit
        assert unit.path.startswith(commune.path) and unit.valid_to is None, username
    body = Council.objects.get(issuing_unit=commune)
    seated = set(body.members.exclude(user=None).values_list("user__username", flat=True))
    assert seated == {"hoidongxa1", "hoidongxa2"}
    chairman = body.members.get(role="chu_tich")
    assert chairman.person.unit == commune and chairman.full_name == reform.CHAIRMAN
    assert User.objects.get(username="chutichxa").full_name == reform.CHAIRMAN
    # The unit account registered for 2026 before the deadline.
    unit_user = User.objects.get(username="donvixa")
    (registration,) = Registration.objects.filter(campaign=_campaign_2026(), unit=unit_user.unit)
    assert (registration.status, registration.created_by) == ("da_nop", unit_user)
    assert registration.submitted_at.date() <= reform.REGISTER_BY
    assert registration.lines.filter(person__unit=unit_user.unit).exists()


def test_the_people_are_carried_over_with_their_former_unit() -> None:
    olds = Unit.objects.filter(code__in=reform.ISSUER.merged_from)
    old_tree = Unit.objects.filter(pk__in=olds) | Unit.objects.filter(parent__in=olds)
    assert not Person.objects.filter(unit__in=old_tree).exists()
    moved = Person.objects.filter(former_unit__in=old_tree)
    new = Unit.objects.get(code=reform.ISSUER.code)
    assert moved.count() > 30
    assert {p.unit.path.startswith(new.path) for p in moved} == {True}


def test_the_district_still_reads_them_as_members_of_their_old_units_in_2024() -> None:
    facts = facts_from_db([2024])
    person = Person.objects.filter(former_unit__code="ANHAO").order_by("code").first()
    assert person is not None
    assert facts.person_by_code[person.code].unit == "ANHAO"
    # 2026: the old unit is gone, the person is read as a member of the new commune.
    assert facts_from_db([2026]).person_by_code[person.code].unit == reform.ISSUER.code


def test_a_person_whose_unit_was_merged_keeps_its_awards_in_the_2026_evaluation() -> None:
    decision = Decision.objects.get(campaign=_campaign_2026())
    person = decision.awards.exclude(person=None).first().person
    assert person.former_unit.code in reform.ISSUER.merged_from
    old = Award.objects.get(person=person, form_id="lao_dong_tien_tien", year=2024)
    assert old.issuer == "Chủ tịch UBND huyện Hòa Phong"  # decided by the district, in 2025

    evaluation = evaluate_campaign(_campaign_2026(), 2026)
    scheme = evaluation.scheme("ca-nhan")
    assert scheme is not None
    (candidate,) = [c for c in scheme["candidates"] if c["code"] == person.code]
    verdicts = {c["key"]: c["verdict"] for c in candidate["criteria"]}
    assert verdicts[reform.AWARD_CRITERION] is True
    assert candidate["eligible"] is True
    assert evaluation.units_of[person.code] == "UBND xã Ân Mỹ"


def test_the_2026_campaign_and_decision_were_made_by_the_communes_accounts() -> None:
    campaign = _campaign_2026()
    assert campaign.created_by.username == "vanphong"
    (dossier,) = Dossier.objects.filter(campaign=campaign)
    assert dossier.unit == campaign.issuing_unit and dossier.created_by.username == "vanphong"
    assert {t.actor.username for t in dossier.transitions.all()} == {"vanphong", "chutichxa"}
    session = CouncilSession.objects.get(campaign=campaign)
    assert session.council.created_by.username == "vanphong"
    (decision,) = Decision.objects.filter(campaign=campaign)
    assert decision.signed_by.username == "chutichxa"
    assert (decision.created_by.username, decision.signer_name) == ("vanphong", reform.CHAIRMAN)
    # On screen: the two council accounts, in every ballot.
    assert {b.casts.count() for b in session.ballots.all()} == {2}


def test_the_2026_decision_is_the_communes_and_signed() -> None:
    campaign = _campaign_2026()
    assert campaign.status == Campaign.Status.ISSUED
    assert campaign.template.years == (2026,)
    assert campaign.template.period_start.year == 2026
    (decision,) = Decision.objects.filter(campaign=campaign)
    assert decision.status == Decision.Status.SIGNED
    assert (decision.number, decision.signed_on) == ("45", dt.date(2026, 12, 1))
    assert decision.signer_name == reform.CHAIRMAN
    assert dt.date(2025, 7, 1) < decision.signed_on < dt.date(2026, 12, 3)
    level = campaign.issuing_unit.level
    forms = set(decision.awards.values_list("form_id", flat=True))
    assert forms == {"giay_khen_chu_tich_xa"}
    assert all(lookup.may_decide(level, form, decision.signed_on) for form in forms)
    assert not lookup.may_decide("huyen", "giay_khen_chu_tich_huyen", decision.signed_on)
    # NĐ 152/2025: 0,3 × 2.530.000 đ = 759.000 đ, rounded up to the next 10.000 đ.
    assert decision.money_mode == "theo_bang"
    assert {a.amount for a in decision.awards.all()} == {760_000}
    session = CouncilSession.objects.get(campaign=campaign)
    assert session.status == CouncilSession.Status.CLOSED
    assert session.council.issuing_unit == campaign.issuing_unit
    assert Council.objects.get(pk=session.council_id).members.count() == len(reform.COUNCIL)


def test_the_district_keeps_its_2024_chain_and_decides_nothing_after_the_reform() -> None:
    district = Decision.objects.get(campaign__issuing_unit__code=ROOT_CODE)
    assert (district.number, district.signed_on) == ("2150", dt.date(2024, 12, 25))


def test_the_2026_pages_open_for_the_office() -> None:
    client = Client()
    client.force_login(User.objects.get(username="vanphong"))
    campaign = _campaign_2026()
    decision = Decision.objects.get(campaign=campaign)
    session = CouncilSession.objects.get(campaign=campaign)
    for url in (
        f"/quyet-dinh/{decision.pk}/quyet-dinh.docx",
        f"/phien-hop/{session.pk}/",
        f"/phien-hop/{session.pk}/bien-ban.docx",
    ):
        assert client.get(url).status_code == 200, url


def test_the_person_page_names_the_former_unit() -> None:
    client = Client()
    client.force_login(User.objects.get(username="noivu"))
    person = Person.objects.filter(former_unit__code="ANHAO").order_by("code").first()
    assert person is not None
    page = client.get(f"/ca-nhan/{person.pk}/").content.decode()
    assert "Đơn vị trước khi sáp nhập" in page
    assert "UBND xã Ân Hảo (đến ngày 30/06/2025)" in page


def test_a_council_member_is_shown_only_the_sessions_they_sit_on() -> None:
    body = Council.objects.get(issuing_unit__code=reform.ISSUER.code)
    session = CouncilSession.objects.get(council=body)
    link = f'href="/phien-hop/{session.pk}/"'
    member, office = Client(), Client()
    member.force_login(User.objects.get(username="hoidong1"))  # of the district's council
    office.force_login(User.objects.get(username="noivu"))
    assert link not in member.get(f"/hoi-dong-thi-dua/{body.pk}/").content.decode()
    assert member.get(f"/phien-hop/{session.pk}/").status_code == 403
    assert link in office.get(f"/hoi-dong-thi-dua/{body.pk}/").content.decode()


def test_an_account_of_an_ended_unit_is_told_and_its_unit_issues_nothing_more() -> None:
    def page(username: str, url: str) -> str:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        return response.content.decode()

    assert "Phòng Nội vụ đã kết thúc hoạt động từ ngày 30/06/2025" in page("noivu", "/")
    assert "đơn vị kế tục: UBND xã Hòa Phong" in page("donvi2", "/")
    assert "kết thúc hoạt động" not in page("vanphong", "/")
    district = Unit.objects.get(code=ROOT_CODE)
    commune = Unit.objects.get(code=reform.ISSUER.code)
    for username in ("noivu", "vanphong"):
        form = page(username, "/phong-trao/tao/")
        issuers = form[form.index('name="issuing_unit"') :]
        issuers = issuers[: issuers.index("</select>")]
        assert f'value="{district.pk}"' not in issuers
        assert f'value="{commune.pk}"' in issuers


def test_a_district_units_registration_still_lists_the_people_the_merger_moved() -> None:
    from thidua.campaigns.registrations import rows_for_form

    unit = Unit.objects.get(code="PNV")
    registration = Registration.objects.get(campaign__template_key="loc-ninh-2024-2025", unit=unit)
    registered = set(registration.lines.exclude(person=None).values_list("person", flat=True))
    assert registered  # its people of 2025, now in xã Ân Mỹ's Văn phòng
    rows = rows_for_form(unit, registration)
    listed = {row.person.pk for row in rows if row.person}
    assert registered <= listed
    assert Person.objects.get(full_name="Huỳnh Ngọc Lan").pk in listed
    # Not in a registration of a year after the unit ended.
    later = Registration(campaign=registration.campaign, unit=unit, year=2026)
    assert not [row for row in rows_for_form(unit, later) if row.person]


def test_a_unit_account_sees_the_names_of_the_units_merged_into_its_unit() -> None:
    client = Client()
    user = User.objects.get(username="donvixa")
    client.force_login(user)
    page = client.get(f"/don-vi/{user.unit.pk}/").content.decode()
    (first, *_) = user.unit.predecessors()
    assert first.name in page
    assert f'href="/don-vi/{first.pk}/"' not in page
    assert client.get(f"/don-vi/{first.pk}/").status_code == 404


def test_each_new_commune_has_one_chairman_who_signs_for_it() -> None:
    from thidua.documents.dossier_docs import unit_head

    anmy = Unit.objects.get(code=reform.ISSUER.code)
    assert unit_head(anmy).full_name == reform.CHAIRMAN
    # The district's chairman chairs xã Hòa Phong; the old communes' chairmen are vice-chairmen.
    hoaphong = Unit.objects.get(code="XAHOAPHONG")
    assert unit_head(hoaphong).full_name == "Võ Đức Hùng"
    for spec in reform.NEW_COMMUNES:
        chairs = Person.objects.filter(unit__code=spec.code, position__startswith="Chủ tịch")
        assert chairs.count() <= 1, spec.code


def test_every_demo_campaign_speaks_for_its_issuer() -> None:
    """QA #1/#3/#5/#11: each template made its issuer's own (make_own): no seed issuer's
    name left, the issuer's number, place and chairman; the commune's decision and
    certificates follow."""
    import json

    from thidua.awards.decisions import plan_issuer
    from thidua.awards.records import Decision
    from thidua.documents.certificates import chairman_line
    from thidua.documents.decision_docx import proposing_office

    for campaign in Campaign.objects.select_related("issuing_unit"):
        text = json.dumps([campaign.name, campaign.rules, campaign.plan], ensure_ascii=False)
        for seed in ("Đình Dù", "Lộc Ninh", "Phù Mỹ", "Bình Phước"):
            assert seed not in text, (campaign.pk, seed)
        assert campaign.plan["number"] and campaign.rules["number"].endswith("/KH-UBND")
        place = campaign.issuing_unit.name.split(" ", 2)[-1]
        assert campaign.plan["place"] == place
        assert place.upper() in campaign.plan["issuer"]
    commune = _campaign_2026()
    assert commune.plan["signer"]["name"] == reform.CHAIRMAN
    # Its text follows its own dates: the deadlines set by the commune, no 2024 left.
    sections = " ".join(s["text"] for s in commune.plan["sections"])
    assert "31/03/2026" in sections and "20/11/2026" in sections
    assert "2024" not in json.dumps(commune.plan | {"key": ""}, ensure_ascii=False)
    assert any("tỉnh Bình Định" in b for b in commune.plan["legal_bases"])
    decision = Decision.objects.get(campaign=commune)
    assert any("Kế hoạch số 08/KH-UBND" in b for b in decision.legal_bases)
    assert chairman_line(plan_issuer(commune)) == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ÂN MỸ"
    assert proposing_office(decision) == "Chánh Văn phòng HĐND và UBND xã Ân Mỹ"


def test_the_demo_dossiers_carry_their_files_and_the_council_page_its_decided() -> None:
    """QA #29: a dossier sent carries a file for every component (filed through
    awards.services.attach, readable by the office); the council page lists what a decision
    took, not "(0)"."""
    from thidua.awards.dossiers import Dossier, State
    from thidua.awards.records import Attachment
    from thidua.awards.services import missing_components

    sent = Dossier.objects.exclude(state__in=[State.DRAFT, State.NEEDS_MORE])
    assert sent.count() >= 10
    for dossier in sent:
        assert missing_components(dossier) == [], dossier
    office = Client()
    office.force_login(User.objects.get(username="vanphong"))
    attachment = Attachment.objects.filter(
        dossier__campaign=_campaign_2026(), component="to-trinh"
    ).get()
    response = office.get(f"/tep/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a .docx
    page = office.get(f"/phong-trao/{_campaign_2026().pk}/hoi-dong/").content.decode()
    assert "Đề nghị đã có quyết định khen thưởng (3)" in page
    assert "Quyết định số 45/QĐ-UBND" in page
