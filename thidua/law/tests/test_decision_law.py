"""Issue 8, items 5 and 6 on the decision: priced and cited by the law in force on its date
(NĐ 98/2023 before 01/7/2025: typed amounts with a reason or "no money", never a silent 0),
S warnings where an S figure is used, the number (a positive integer unique per issuer and
year), the date (not in the future) and the signer (recorded at signing)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from thidua.awards.decisions import DecisionError, draft_decision, law_warnings, sign_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Decision, DecisionAward, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.decision_docx import decision_docx
from thidua.scoring.models import Award

JUNE_30 = dt.date(2025, 6, 30)
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def commune(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def district_campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _draft(campaign, accounts, people, *, today, form="lao_dong_tien_tien") -> Decision:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(
        campaign=campaign, unit=people["b"].unit, year=2024, state=State.REVIEWED
    )
    nomination = Nomination.objects.create(dossier=dossier, person=people["b"], form_id=form)
    return draft_decision(
        campaign=campaign,
        title="khen thưởng năm 2024",
        nominations=[nomination],
        user=accounts["office"],
        today=today,
    )


def _bare(campaign, accounts, people, form="lao_dong_tien_tien") -> Decision:  # type: ignore[no-untyped-def]
    decision = Decision.objects.create(
        campaign=campaign, title="khen thưởng", created_by=accounts["office"]
    )
    DecisionAward.objects.create(decision=decision, person=people["b"], form_id=form, year=2025)
    return decision


# -- the decree in force on the decision's date ----------------------------------------------


def test_a_decision_of_30_06_2025_cites_nd_98_and_wants_typed_amounts_or_no_money(
    district_campaign, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _draft(district_campaign, accounts, people, today=dt.date(2025, 6, 20))
    assert any("Nghị định số 98/2023/NĐ-CP" in b for b in decision.legal_bases)
    assert not any("152/2025" in b for b in decision.legal_bases)

    with pytest.raises(DecisionError) as refused:
        sign_decision(decision, number="12", signed_on=JUNE_30, user=accounts["leader"])
    assert str(refused.value) == (
        "Quyết định ngày 30/06/2025 thực hiện theo Nghị định 98/2023/NĐ-CP; bảng hệ số tiền "
        "thưởng của văn bản này chưa được nhập vào hệ thống. Hãy nhập số tiền thưởng của từng "
        "tập thể, cá nhân kèm lý do, hoặc ghi rõ quyết định không kèm tiền thưởng."
    )
    award = decision.awards.get()
    with pytest.raises(DecisionError, match="phải ghi lý do"):
        sign_decision(
            decision,
            number="12",
            signed_on=JUNE_30,
            user=accounts["leader"],
            money_mode="nhap_tay",
            amounts={award.pk: "710000"},
        )
    with pytest.raises(DecisionError, match="Hãy nhập số tiền thưởng .* cho: Trần Thị Bình"):
        sign_decision(
            decision,
            number="12",
            signed_on=JUNE_30,
            user=accounts["leader"],
            money_mode="nhap_tay",
            money_reason="Mức theo Nghị định 98/2023/NĐ-CP",
            amounts={award.pk: "bảy trăm"},
        )
    assert not Award.objects.exists()
    signed = sign_decision(
        decision,
        number="12",
        signed_on=JUNE_30,
        user=accounts["leader"],
        money_mode="nhap_tay",
        money_reason="Mức theo Nghị định 98/2023/NĐ-CP",
        amounts={award.pk: "702.000"},
    )
    assert signed.awards.get().amount == 702_000
    assert signed.schedule.name == "Nghị định 98/2023/NĐ-CP"
    doc = Document(io.BytesIO(decision_docx(signed)))
    article_2 = next(p.text for p in doc.paragraphs if p.text.startswith("Điều 2."))
    assert "Mức theo Nghị định 98/2023/NĐ-CP" in article_2 and "702.000 đồng" in article_2
    assert "152/2025" not in article_2


def test_no_money_is_stated_in_the_decision(district_campaign, people, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(district_campaign, accounts, people)
    signed = sign_decision(
        decision, number="2", signed_on=JUNE_30, user=accounts["leader"], money_mode="khong"
    )
    assert signed.awards.get().amount is None
    doc = Document(io.BytesIO(decision_docx(signed)))
    texts = [p.text for p in doc.paragraphs]
    assert "Điều 2. Quyết định này không kèm tiền thưởng." in texts


def test_a_draft_of_june_signed_in_july_cites_nd_152(commune, people, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    Decision.objects.filter(pk=decision.pk).update(
        legal_bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số "
            "điều của Luật Thi đua, khen thưởng",
            "Xét đề nghị",
        ]
    )
    signed = sign_decision(
        decision, number="8", signed_on=dt.date(2025, 7, 2), user=accounts["leader"]
    )
    assert signed.legal_bases == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng",
        "Xét đề nghị",
    ]
    assert signed.awards.get().amount == 710_000


# -- S warnings -----------------------------------------------------------------------------


def test_an_s_base_salary_is_warned_on_the_decision_page(login, commune, people, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    sign_decision(decision, number="9", signed_on=dt.date(2026, 7, 1), user=accounts["leader"])
    assert decision.awards.get().amount == 760_000  # 0,3 × 2.530.000 = 759.000 → 760.000
    warnings = law_warnings(Decision.objects.get(pk=decision.pk))
    assert any(
        "Mức lương cơ sở 2.530.000 đ" in w and "S — chỉ có nguồn thứ cấp" in w for w in warnings
    )
    page = login("office").get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert "Số liệu pháp lý cần kiểm tra" in page
    assert "Mức lương cơ sở 2.530.000 đ áp dụng từ 01/07/2026" in page

    earlier = _bare(commune, accounts, people)
    sign_decision(earlier, number="10", signed_on=dt.date(2026, 6, 30), user=accounts["leader"])
    # only the decree's issue date, cited in the bases, is from secondary sources
    assert law_warnings(Decision.objects.get(pk=earlier.pk)) == [
        "Ngày ban hành của Nghị định 152/2025/NĐ-CP (14/06/2025, trích trong căn cứ của quyết "
        "định): độ tin cậy S — chỉ có nguồn thứ cấp, cần kiểm tra."
    ]


def test_a_district_decision_warns_that_its_competence_is_marked_m(
    district_campaign, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(district_campaign, accounts, people)
    sign_decision(
        decision, number="1", signed_on=JUNE_30, user=accounts["leader"], money_mode="khong"
    )
    warnings = law_warnings(Decision.objects.get(pk=decision.pk))
    assert any(w.startswith("Nghị định 98/2023/NĐ-CP") for w in warnings)
    assert any(
        "Thẩm quyền quyết định “Lao động tiên tiến” của Chủ tịch UBND cấp huyện" in w
        for w in warnings
    )


# -- number, date, signer ------------------------------------------------------------------


@pytest.mark.parametrize("number", ["abc", "0", "-3", "1.5", "15/QĐ"])
def test_a_number_that_is_not_a_positive_integer_is_refused(
    commune, people, accounts, number
) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    with pytest.raises(DecisionError) as refused:
        sign_decision(
            decision, number=number, signed_on=dt.date(2025, 12, 1), user=accounts["leader"]
        )
    assert str(refused.value) == (
        f"Số quyết định “{number}” không hợp lệ: số của văn bản là số nguyên dương (ví dụ: 15), "
        "đánh liên tục trong năm của cơ quan ban hành (Nghị định 30/2020/NĐ-CP)."
    )
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT


def test_a_number_is_unique_per_issuer_and_year(
    commune, district_campaign, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2025, 12, 1)
    sign_decision(
        _bare(commune, accounts, people), number="07", signed_on=day, user=accounts["leader"]
    )
    assert Decision.objects.get(number="7").number == "7"  # stored without leading zeros
    with pytest.raises(DecisionError) as refused:
        sign_decision(
            _bare(commune, accounts, people), number="7", signed_on=day, user=accounts["leader"]
        )
    assert str(refused.value) == (
        "Số 7/QĐ-UBND đã được dùng cho một quyết định khác năm 2025 của cơ quan ban hành: mỗi "
        "số chỉ dùng một lần trong năm (Nghị định 30/2020/NĐ-CP)."
    )
    # Another year, or another issuer, may use it.
    sign_decision(
        _bare(commune, accounts, people),
        number="7",
        signed_on=dt.date(2026, 1, 2),
        user=accounts["leader"],
    )
    sign_decision(
        _bare(district_campaign, accounts, people),
        number="7",
        signed_on=JUNE_30,
        user=accounts["leader"],
        money_mode="khong",
    )


def test_a_date_in_the_future_is_refused(commune, people, accounts) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    with pytest.raises(DecisionError) as refused:
        sign_decision(
            decision,
            number="abc" if False else "3",
            signed_on=dt.date(2026, 12, 4),
            user=accounts["leader"],
            today=TODAY,
        )
    assert str(refused.value) == (
        "Ngày ký 04/12/2026 là ngày trong tương lai: chỉ ghi nhận quyết định đã ký, ngày ký "
        "không được sau hôm nay (03/12/2026)."
    )
    sign_decision(decision, number="3", signed_on=TODAY, user=accounts["leader"], today=TODAY)


def test_the_signer_is_who_signs_not_the_plans_signer(login, commune, people, accounts) -> None:  # type: ignore[no-untyped-def]
    accounts["leader"].full_name = "Phạm Văn Ký"
    accounts["leader"].save()
    decision = _draft(commune, accounts, people, today=dt.date(2025, 12, 1))
    assert decision.signer_name == "Lê Văn Lịch"  # the plan's signer, on the draft
    page = login("leader").get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert 'value="Phạm Văn Ký"' in page  # the signing form proposes who signs

    response = login("leader").post(
        f"/quyet-dinh/{decision.pk}/",
        {
            "number": "15",
            "signed_on": "01/12/2025",
            "signer_name": "  Nguyễn  Thị Ba ",
            "money_mode": "theo_bang",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.SIGNED
    assert (decision.signer_name, decision.signed_by) == ("Nguyễn Thị Ba", accounts["leader"])
    doc = Document(io.BytesIO(decision_docx(decision)))
    assert "Nguyễn Thị Ba" in [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs]

    other = _bare(commune, accounts, people)
    sign_decision(other, number="16", signed_on=dt.date(2025, 12, 1), user=accounts["leader"])
    assert Decision.objects.get(pk=other.pk).signer_name == "Phạm Văn Ký"  # default: the user
    blank = _bare(commune, accounts, people)
    with pytest.raises(DecisionError, match="Hãy ghi họ và tên người ký quyết định."):
        sign_decision(
            blank,
            number="17",
            signed_on=dt.date(2025, 12, 1),
            user=accounts["leader"],
            signer_name=" ",
        )


def test_the_signing_form_keeps_what_was_typed_and_says_why(
    login, commune, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    page = login("office").post(
        f"/quyet-dinh/{decision.pk}/",
        {"number": "abc", "signed_on": "01/12/2025", "signer_name": "Nguyễn Thị Ba"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Số quyết định “abc” không hợp lệ" in html
    assert 'value="abc"' in html and 'value="Nguyễn Thị Ba"' in html
    tomorrow = login("office").post(
        f"/quyet-dinh/{decision.pk}/",
        {"number": "1", "signed_on": "31/12/2099", "signer_name": "Nguyễn Thị Ba"},
    )
    assert "là ngày trong tương lai" in tomorrow.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT


def test_absurd_inputs_are_refused_with_a_message_not_a_500(
    login, commune, people, accounts
) -> None:  # type: ignore[no-untyped-def]
    decision = _bare(commune, accounts, people)
    award = decision.awards.get()
    client = login("office")
    for data, message in (
        ({"number": "99999999999"}, "không hợp lệ"),
        ({"number": "1", "signer_name": "A" * 151}, "Họ và tên người ký quá dài"),
        (
            {
                "number": "1",
                "money_mode": "nhap_tay",
                "money_reason": "x",
                f"amount-{award.pk}": "99999999999",
            },
            "Hãy nhập số tiền thưởng",
        ),
        ({"number": "1", "money_mode": "vang"}, "Hãy chọn cách ghi tiền thưởng"),
        ({"number": "1", "signed_on": "31/02/2025"}, "Hãy ghi ngày ký quyết định."),
    ):
        page = client.post(
            f"/quyet-dinh/{decision.pk}/",
            {"signed_on": "01/12/2025", "signer_name": "Nguyễn Thị Ba", **data},
        )
        assert page.status_code == 200 and message in page.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT
