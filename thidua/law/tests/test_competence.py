"""Issue 8, item 1: competence as data. A decision holds only what its issuing authority may
award on its date (the 2025 move of the district chairman's powers to the commune chairman);
a nomination above it is "đề nghị cấp trên"; a form that does not fit the recipient is
refused naming the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards import services
from thidua.awards.decisions import DecisionError, draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State, move
from thidua.awards.forms import NominationForm
from thidua.awards.records import Decision, DecisionAward, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.law import lookup
from thidua.org.models import Person, Unit
from thidua.scoring.models import Award, AwardForm

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


def _campaign(issuer: Unit, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=issuer, user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def commune(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return _campaign(district["b"], accounts)


@pytest.fixture
def district_campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return _campaign(district["root"], accounts)


def _decision(campaign, accounts, subject, form: str) -> Decision:  # type: ignore[no-untyped-def]
    decision = Decision.objects.create(
        campaign=campaign, title="khen thưởng", created_by=accounts["office"]
    )
    is_person = isinstance(subject, Person)
    DecisionAward.objects.create(
        decision=decision,
        form_id=form,
        year=2025,
        person=subject if is_person else None,
        unit=None if is_person else subject,
    )
    return decision


@pytest.fixture
def thon(district) -> Unit:  # type: ignore[no-untyped-def]
    return Unit.objects.create(
        code="TDP-1", name="Tổ dân phố 1", level="thon", group_id="thon", parent=district["b"]
    )


# -- the lookup, by date -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_2025_move_of_the_district_chairmans_powers_by_date() -> None:
    for key in ("lao_dong_tien_tien", "chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien"):
        assert lookup.deciding_level(key, BEFORE) == "huyen"
        assert lookup.deciding_level(key, AFTER) == "xa"
        assert lookup.may_decide("huyen", key, BEFORE) and not lookup.may_decide("xa", key, BEFORE)
        assert lookup.may_decide("xa", key, AFTER) and not lookup.may_decide("huyen", key, AFTER)
    assert lookup.may_decide("huyen", "giay_khen_chu_tich_huyen", BEFORE)
    assert lookup.deciding_level("giay_khen_chu_tich_huyen", AFTER) is None
    assert lookup.deciding_level("bang_khen_thu_tuong", AFTER) == "thu_tuong"
    assert lookup.deciding_level("huan_chuong_lao_dong_hang_ba", AFTER) == "chu_tich_nuoc"
    assert lookup.deciding_level("xa_tieu_bieu", AFTER) == "tinh"
    assert not lookup.may_decide("xa", "bang_khen_chu_tich_tinh", AFTER)


# -- decisions ----------------------------------------------------------------------------


def test_a_commune_decision_cannot_hold_a_bang_khen_thu_tuong(commune, people, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(commune, accounts, people["b"], "bang_khen_thu_tuong")
    with pytest.raises(DecisionError) as refused:
        sign_decision(decision, number="3", signed_on=dt.date(2025, 12, 1), user=accounts["leader"])
    message = str(refused.value)
    assert message == (
        "Trần Thị Bình: Chủ tịch UBND cấp xã không có thẩm quyền quyết định vào ngày "
        "01/12/2025: “Bằng khen của Thủ tướng Chính phủ” do Thủ tướng Chính phủ quyết định "
        "(Luật Thi đua, khen thưởng 2022). Đề nghị này phải trình cấp trên."
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT and decision.number == ""
    assert not Award.objects.exists()


@pytest.mark.parametrize(
    "form", ["huan_chuong_lao_dong_hang_ba", "bang_khen_chu_tich_tinh", "co_thi_dua_tinh"]
)
def test_a_district_decision_cannot_hold_a_huan_chuong_or_provincial_forms(
    district_campaign, district, people, accounts, form
) -> None:  # type: ignore[no-untyped-def]
    subject = district["a"] if form == "co_thi_dua_tinh" else people["a"]
    decision = _decision(district_campaign, accounts, subject, form)
    with pytest.raises(DecisionError, match="Chủ tịch UBND cấp huyện không có thẩm quyền"):
        sign_decision(
            decision, number="4", signed_on=BEFORE, user=accounts["leader"], money_mode="khong"
        )


def test_a_district_decision_after_01_07_2025_cannot_hold_lao_dong_tien_tien(
    district_campaign, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(district_campaign, accounts, people["a"], "lao_dong_tien_tien")
    with pytest.raises(DecisionError) as refused:
        sign_decision(decision, number="5", signed_on=AFTER, user=accounts["leader"])
    assert "Chủ tịch UBND cấp huyện không có thẩm quyền quyết định vào ngày 01/07/2025" in str(
        refused.value
    )
    assert "do Chủ tịch UBND cấp xã quyết định (Nghị định 129/2025/NĐ-CP Điều 59" in str(
        refused.value
    )
    # The same decision dated the day before the move is the district's to take.
    signed = sign_decision(
        decision, number="5", signed_on=BEFORE, user=accounts["leader"], money_mode="khong"
    )
    assert signed.status == Decision.Status.SIGNED


def test_the_commune_decides_lao_dong_tien_tien_after_the_move_not_before(
    commune, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(commune, accounts, people["b"], "lao_dong_tien_tien")
    with pytest.raises(DecisionError, match="Chủ tịch UBND cấp xã không có thẩm quyền"):
        sign_decision(
            decision, number="6", signed_on=BEFORE, user=accounts["leader"], money_mode="khong"
        )
    sign_decision(decision, number="6", signed_on=AFTER, user=accounts["leader"])
    assert decision.awards.get().amount == 710_000


# -- nominations: recipient fit --------------------------------------------------------------


def _form(unit: Unit, data: dict) -> NominationForm:  # type: ignore[type-arg]
    return NominationForm(
        data,
        units=unit.subtree(),
        people=Person.objects.filter(unit__path__startswith=unit.path),
        schemes=[],
    )


def test_a_thon_cannot_be_xa_tieu_bieu_but_can_be_thon_van_hoa(district, thon) -> None:  # type: ignore[no-untyped-def]
    form = _form(district["root"], {"unit": thon.pk, "form": "xa_tieu_bieu"})
    assert not form.is_valid()
    assert form.errors["form"] == [
        "“Xã, phường, đặc khu tiêu biểu” chỉ xét tặng cho đơn vị loại Cấp xã (xã, phường, đặc "
        "khu, thị trấn) (Luật Thi đua, khen thưởng 2022); “Tổ dân phố 1” là thôn, tổ dân phố."
    ]
    assert _form(district["root"], {"unit": thon.pk, "form": "thon_van_hoa"}).is_valid()
    assert _form(district["root"], {"unit": district["b"].pk, "form": "xa_tieu_bieu"}).is_valid()
    commune_as_thon = _form(district["root"], {"unit": district["b"].pk, "form": "thon_van_hoa"})
    assert not commune_as_thon.is_valid()
    assert "chỉ xét tặng cho đơn vị loại Thôn, tổ dân phố" in commune_as_thon.errors["form"][0]


def test_an_individual_cannot_get_tap_the_lao_dong_xuat_sac(district, people) -> None:  # type: ignore[no-untyped-def]
    form = _form(district["root"], {"person": people["a"].pk, "form": "tap_the_lao_dong_xuat_sac"})
    assert not form.is_valid()
    assert form.errors["form"] == [
        "“Tập thể lao động xuất sắc” là danh hiệu, hình thức chỉ xét tặng cho tập thể, không "
        "cho cá nhân Nguyễn Văn An."
    ]


def test_a_to_dan_pho_cannot_get_chien_si_thi_dua_toan_quoc(district, thon, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district["b"], accounts)
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    with pytest.raises(services.ValidationError) as refused:
        services.add_nomination(
            dossier,
            user=accounts["unit_b"],
            unit=thon,
            form=AwardForm.objects.get(key="chien_si_thi_dua_toan_quoc"),
        )
    assert refused.value.messages == [
        "“Chiến sĩ thi đua toàn quốc” là danh hiệu, hình thức chỉ xét tặng cho cá nhân, không "
        "cho tập thể “Tổ dân phố 1”."
    ]
    assert not Nomination.objects.exists()


def test_the_dossier_page_refuses_a_misfit_with_the_rule(login, district, thon, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district["b"], accounts)
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    page = login("unit_b").post(
        f"/ho-so/{dossier.pk}/de-nghi/", {"unit": thon.pk, "form": "xa_tieu_bieu"}, follow=True
    )
    assert page.status_code == 400  # the dossier page again, the form as typed
    assert "chỉ xét tặng cho đơn vị loại Cấp xã" in page.content.decode()
    assert not Nomination.objects.exists()


# -- nominations above the issuer's competence --------------------------------------------


def _reviewed(dossier: Dossier, accounts) -> Dossier:  # type: ignore[no-untyped-def]
    today = dt.date(2026, 1, 10)
    for target, persona in (
        (State.SUBMITTED, "unit_b"),
        (State.APPRAISING, "office"),
        (State.ELIGIBLE, "office"),
        (State.TO_COUNCIL, "office"),
        (State.REVIEWED, "office"),
    ):
        dossier = move(dossier, target, user=accounts[persona], today=today)
    return dossier


def test_a_nomination_above_the_commune_is_proposed_upward_never_decided(
    login, district, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign(district["b"], accounts)
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    local = services.add_nomination(
        dossier,
        user=accounts["unit_b"],
        person=people["b"],
        form=AwardForm.objects.get(key="lao_dong_tien_tien"),
    )
    upward = services.add_nomination(
        dossier,
        user=accounts["unit_b"],
        person=people["b_section"],
        form=AwardForm.objects.get(key="bang_khen_chu_tich_tinh"),
    )
    assert (local.higher_level, upward.higher_level) == (False, True)

    page = login("office").get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Đề nghị cấp trên" in page
    assert "“Bằng khen của Chủ tịch UBND cấp tỉnh” do Chủ tịch UBND cấp tỉnh quyết định" in page
    assert "to-trinh-cap-tren.docx" in page  # no parent campaign: a Tờ trình to the province
    proposal = login("office").get(f"/ho-so/{dossier.pk}/mau/to-trinh-cap-tren.docx")
    assert proposal.status_code == 200
    assert login("unit_b").get(f"/ho-so/{dossier.pk}/mau/to-trinh-cap-tren.docx").status_code == 403

    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    with pytest.raises(DecisionError) as refused:
        draft_decision(
            campaign=campaign, title="khen thưởng", nominations=[upward], user=accounts["office"]
        )
    assert str(refused.value) == (
        "Lê Văn Cường: “Bằng khen của Chủ tịch UBND cấp tỉnh” là đề nghị cấp trên, không "
        "quyết định tại cấp này."
    )
    decision = draft_decision(
        campaign=campaign, title="khen thưởng", nominations=[local], user=accounts["office"]
    )
    assert [a.form_id for a in decision.awards.all()] == ["lao_dong_tien_tien"]


def test_with_a_parent_campaign_the_upward_nomination_is_forwarded(
    district, people, accounts, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    province = Unit.objects.create(code="TINH", name="UBND tỉnh Thử", level="tinh", group_id="khac")
    parent = _campaign(province, accounts)
    campaign = _campaign(district["b"], accounts)
    campaign.parent = parent
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    upward = services.add_nomination(
        dossier,
        user=accounts["unit_b"],
        person=people["b"],
        form=AwardForm.objects.get(key="chien_si_thi_dua_tinh"),
    )
    assert upward.higher_level
    Dossier.objects.filter(pk=dossier.pk).update(state=State.ELIGIBLE)
    copy = services.forward_nomination(
        Nomination.objects.get(pk=upward.pk), user=accounts["office"]
    )
    assert copy.dossier.campaign == parent
    upward.refresh_from_db()
    assert upward.forwarded_to == parent


def test_a_form_nobody_decides_any_more_says_so(district_campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _decision(district_campaign, accounts, district["a"], "giay_khen_chu_tich_huyen")
    with pytest.raises(DecisionError) as refused:
        sign_decision(decision, number="1", signed_on=AFTER, user=accounts["leader"])
    assert str(refused.value) == (
        "Phòng Nội vụ: Chủ tịch UBND cấp huyện không có thẩm quyền quyết định vào ngày "
        "01/07/2025: chưa có quy định thẩm quyền nào cho “Giấy khen của Chủ tịch UBND cấp "
        "huyện” vào ngày 01/07/2025."
    )
