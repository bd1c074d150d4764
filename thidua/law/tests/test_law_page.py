"""Issue 8, item 6: the law tables on a page (office and administrator read, the
administrator adds a dated row, audited), preloaded from LEGAL.md with confidence marks;
the lookups read the row in force on a date."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from auditlog.models import LogEntry

from thidua.awards import council
from thidua.awards.salary import BaseSalary
from thidua.law import lookup
from thidua.law.models import BallotRule, Competence, Quorum

AFTER = dt.date(2025, 7, 1)


def test_the_office_and_the_administrator_read_every_table_units_do_not(login) -> None:  # type: ignore[no-untyped-def]
    for persona in ("office", "admin"):
        page = login(persona).get("/phap-ly/")
        assert page.status_code == 200
        html = page.content.decode()
        for heading in (
            "Văn bản quy định tiền thưởng",
            "Thẩm quyền khen thưởng",
            "Hệ số tiền thưởng",
            "Bỏ phiếu của Hội đồng Thi đua – Khen thưởng",
            "Số thành viên tối thiểu dự họp",
            "Đối tượng phù hợp của danh hiệu tập thể",
            "Mức lương cơ sở",
        ):
            assert heading in html
        assert "Nghị định 129/2025/NĐ-CP Điều 59" in html
        assert "2.530.000 đ" in html and "S — chỉ có nguồn thứ cấp, cần kiểm tra" in html
        assert "ít nhất 90% tổng số thành viên" in html
        assert "Quy định pháp luật" in html  # the nav link
        for code in ("chien_si_thi_dua_co_so", "thu_tuong", 'huyen"', ">xa<"):
            assert code not in html
    assert ("+ Thẩm quyền khen thưởng" in login("admin").get("/phap-ly/").content.decode()) is True
    assert "+ Thẩm quyền khen thưởng" not in login("office").get("/phap-ly/").content.decode()
    # The council and the leader read the law they vote and sign by; a unit does not.
    for persona in ("council", "leader"):
        assert login(persona).get("/phap-ly/").status_code == 200
    assert login("unit_a").get("/phap-ly/").status_code == 403
    assert "Quy định pháp luật" not in login("unit_a").get("/").content.decode()


def test_only_the_administrator_adds_a_row(login) -> None:  # type: ignore[no-untyped-def]
    data = {
        "numerator": "3",
        "denominator": "4",
        "valid_from": "01/10/2026",
        "legal_basis": "Luật sửa đổi 2026",
        "confidence": "S",
    }
    assert login("office").post("/phap-ly/them/tuc-so/", data).status_code == 403
    assert login("office").get("/phap-ly/them/tuc-so/").status_code == 403
    assert login("admin").get("/phap-ly/them/khong-co/").status_code == 404
    assert login("admin").get("/phap-ly/them/tuc-so/").status_code == 200
    response = login("admin").post("/phap-ly/them/tuc-so/", data)
    assert response.status_code == 302
    row = Quorum.objects.get(valid_from=dt.date(2026, 10, 1))
    assert LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.CREATE).exists()
    assert lookup.quorum(dt.date(2026, 9, 30)) == Fraction(2, 3)
    assert lookup.quorum(dt.date(2026, 10, 1)) == Fraction(3, 4)


def test_a_wrong_row_is_refused_with_vietnamese_messages(login) -> None:  # type: ignore[no-untyped-def]
    page = login("admin").post(
        "/phap-ly/them/tuc-so/",
        {
            "numerator": "5",
            "denominator": "4",
            "valid_from": "31/02/2026",
            "legal_basis": "",
            "confidence": "V",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy" in html
    bad_share = login("admin").post(
        "/phap-ly/them/tuc-so/",
        {
            "numerator": "5",
            "denominator": "4",
            "valid_from": "01/01/2027",
            "valid_to": "01/01/2026",
            "legal_basis": "x",
            "confidence": "V",
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu áp dụng." in bad_share.content.decode()
    assert Quorum.objects.count() == 1


def test_the_administrator_moves_a_competence_by_date(login) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post(
        "/phap-ly/them/tham-quyen/",
        {
            "form": "giay_khen_chu_tich_xa",
            "authority": "tinh",
            "valid_from": "01/10/2026",
            "legal_basis": "Văn bản giả định",
            "confidence": "M",
            "replace": "on",
        },
    )
    assert response.status_code == 302
    assert lookup.may_decide("xa", "giay_khen_chu_tich_xa", dt.date(2026, 9, 30))
    assert not lookup.may_decide("xa", "giay_khen_chu_tich_xa", dt.date(2026, 10, 1))
    assert lookup.may_decide("tinh", "giay_khen_chu_tich_xa", dt.date(2026, 10, 1))
    old = Competence.objects.get(form_id="giay_khen_chu_tich_xa", authority="xa")
    assert old.valid_to == dt.date(2026, 9, 30)


def test_an_administrators_salary_row_shows_its_mark(login) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post(
        "/phap-ly/them/luong-co-so/",
        {
            "amount": "2800000",
            "effective_from": "01/07/2027",
            "legal_basis": "Nghị định giả định",
            "confidence": "S",
        },
    )
    assert response.status_code == 302
    assert BaseSalary.in_force_on(dt.date(2027, 7, 1)).amount == 2_800_000


# -- the preloaded rows and the lookups ----------------------------------------------------


@pytest.mark.django_db
def test_ballot_rules_by_date_with_their_marks() -> None:
    before = lookup.ballot_rule("chien_si_thi_dua_tinh", dt.date(2025, 6, 30))
    after = lookup.ballot_rule("chien_si_thi_dua_tinh", AFTER)
    assert (before.share, before.confidence, before.required) == (Fraction(9, 10), "V", True)
    assert (after.share, after.confidence, after.uncertain) == (Fraction(9, 10), "S", True)
    assert "Nghị định 98/2023/NĐ-CP Điều 30 khoản 7" in before.legal_basis
    assert lookup.requires_ballot("anh_hung_lao_dong", AFTER)
    assert lookup.requires_ballot("co_thi_dua_chinh_phu", AFTER)
    assert lookup.requires_ballot("chien_si_thi_dua_co_so", AFTER)
    assert not lookup.requires_ballot("giay_khen_chu_tich_xa", AFTER)
    default = lookup.ballot_rule("giay_khen_chu_tich_xa", AFTER)
    assert (default.share, default.strict, default.phrase) == (
        Fraction(1, 2),
        True,
        "trên một nửa tổng số thành viên",
    )
    assert lookup.quorum(AFTER) == Fraction(2, 3)


@pytest.mark.django_db
def test_a_new_default_threshold_applies_from_its_date() -> None:
    BallotRule.objects.create(
        numerator=2,
        denominator=3,
        valid_from=dt.date(2026, 10, 1),
        legal_basis="Quy chế mới",
        confidence="V",
    )
    assert council.threshold("giay_khen_chu_tich_xa", dt.date(2026, 9, 30))[0] == Fraction(1, 2)
    assert council.threshold("giay_khen_chu_tich_xa", dt.date(2026, 10, 1)) == (
        Fraction(2, 3),
        "ít nhất hai phần ba tổng số thành viên",
    )
    # A form with its own row keeps it.
    assert council.threshold("chien_si_thi_dua_tinh", dt.date(2026, 10, 1))[0] == Fraction(9, 10)


@pytest.mark.django_db
def test_lookups_are_one_query_each(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for call in (
        lambda: lookup.ballot_rule("chien_si_thi_dua_co_so", AFTER),
        lambda: lookup.requires_ballot("chien_si_thi_dua_co_so", AFTER),
        lambda: lookup.quorum(AFTER),
        lambda: lookup.deciding_level("lao_dong_tien_tien", AFTER),
        lambda: lookup.may_decide("xa", "lao_dong_tien_tien", AFTER),
    ):
        with django_assert_max_num_queries(1):
            call()


def test_a_threshold_marked_s_is_warned_on_the_session_page(
    login, district, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    from thidua.awards import composition
    from thidua.awards.dossiers import Dossier, State
    from thidua.awards.records import Attendance
    from thidua.campaigns.models import Campaign
    from thidua.campaigns.services import campaign_create_from_template

    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    # A 2024 dossier: both meetings fall after its deadline (30/11/2024).
    dossier = Dossier.objects.create(
        campaign=campaign, unit=district["b"], year=2024, state=State.TO_COUNCIL
    )
    nomination = dossier.nominations.create(person=people["b"], form_id="chien_si_thi_dua_co_so")
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
    for held_on, warned in ((dt.date(2025, 6, 20), False), (dt.date(2025, 12, 1), True)):
        session = council.open_session(
            campaign=campaign,
            council=body,
            held_on=held_on,
            starts_at=dt.time(8, 0),
            attendance={seat.pk: Attendance.Mode.SCREEN},
            user=accounts["office"],
        )
        council.put_on_agenda(session, [nomination], user=accounts["office"])
        html = login("office").get(f"/phien-hop/{session.pk}/").content.decode()
        assert "ít nhất 80% tổng số thành viên" in html
        assert ("ít nhất 80% tổng số thành viên</td>" in html) is not warned
        assert ("S — cần kiểm tra" in html) is True  # the quorum (a product default) is S
        assert "Số thành viên tối thiểu dự họp (hai phần ba tổng số thành viên): S" in html
        session.ballots.all().delete()
