"""Campaign screens: verdicts per scheme and candidate, filters, the what-if sandbox and the
Excel export, for the office and for units (each sees only its own candidates)."""

from __future__ import annotations

from io import BytesIO

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.scoring import models as m


@pytest.fixture
def campaign(district, people, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    # Unit A (phong) 95 %, unit B (xa) 85 % in 2024; Phù Mỹ's annual collective scheme
    # admits the top three of each group.
    m.ParScore.objects.create(unit=district["a"], year=2024, score=95)
    m.ParScore.objects.create(unit=district["b"], year=2024, score=85)
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def test_it_creates_a_campaign_from_a_template(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    response = client.post(
        "/phong-trao/tao/", {"template": "dinh-du-2024", "name": "Thi đua CCHC 2024"}
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.template_key == "dinh-du-2024"
    assert campaign.template.scheme("ca-nhan") is not None
    assert LogEntry.objects.get_for_object(campaign).count() == 1


def test_it_refuses_campaign_creation_to_units(login, district) -> None:  # type: ignore[no-untyped-def]
    assert login("unit_a").post("/phong-trao/tao/", {"template": "dinh-du-2024"}).status_code == 403
    assert not Campaign.objects.exists()


def test_it_shows_verdicts_with_explanations(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/?nam=2024")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phòng Nội vụ" in body and "UBND xã Mỹ An" in body
    assert "Xếp hạng 1/1 năm 2024 (95,00%)" in body


def test_it_filters_by_verdict(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    m.ParScore.objects.filter(unit=district["b"]).delete()
    url = f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/?nam=2024"
    unknown = login("office").get(url + "&loc=chua-ro").content.decode()
    assert "UBND xã Mỹ An" in unknown and "Phòng Nội vụ" not in unknown


def test_it_shows_a_unit_only_its_own_candidates(login, campaign) -> None:  # type: ignore[no-untyped-def]
    body = login("unit_a").get(f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/?nam=2024")
    text = body.content.decode()
    assert "Phòng Nội vụ" in text
    assert "UBND xã Mỹ An" not in text
    other = login("unit_a").get(f"/phong-trao/{campaign.pk}/xet/tap-the-hang-nam/XA-AN/?nam=2024")
    assert other.status_code == 404


def test_it_hides_draft_campaigns_from_units(login, campaign) -> None:  # type: ignore[no-untyped-def]
    campaign.status = Campaign.Status.DRAFT
    campaign.save()
    assert login("unit_a").get(f"/phong-trao/{campaign.pk}/").status_code == 404
    assert login("council").get(f"/phong-trao/{campaign.pk}/").status_code == 200


def test_it_explains_a_candidate_in_full(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/phong-trao/{campaign.pk}/xet/ca-nhan-hang-nam/CB-A/?nam=2024")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phụ trách công tác CCHC" in body
    assert "Chưa có kết quả xếp loại năm 2024" in body


def test_it_tries_a_change_without_touching_the_campaign(login, campaign) -> None:  # type: ignore[no-untyped-def]
    rules = campaign.rules
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/?nam=2024",
        {
            "expression": "par_top3",
            "c0_max_rank": "1",
            "c0_year": "Y",
            "c0_when_not_assessed": "",
            "quota_total": "1",
            "try": "",
        },
    )
    assert response.status_code == 200
    assert response.context["changes"]  # the quota of 1 leaves one of the two out
    # each changed candidate by its name, never its code
    rows = response.content.decode().split("Đối tượng thay đổi kết quả")[1]
    for change in response.context["changes"]:
        assert change.name in rows and f">{change.code}<" not in rows
    campaign.refresh_from_db()
    assert campaign.rules == rules


def test_it_names_the_wrong_token_of_an_expression(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/",
        {"expression": "par_top3 VÀ khong_co", "c0_max_rank": "3", "c0_year": "Y", "try": ""},
    )
    assert "không có tiêu chí nào tên là “khong_co”" in response.content.decode()


def test_it_applies_a_change_for_the_office_only(login, campaign) -> None:  # type: ignore[no-untyped-def]
    data = {
        "expression": "par_top3",
        "c0_max_rank": "2",
        "c0_year": "Y",
        "c0_when_not_assessed": "",
        "quota_total": "",
        "apply": "",
    }
    url = f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/"
    assert login("leader").post(url, data).status_code == 403
    # The campaign is issued: the change needs its reason, recorded as an amendment.
    refused = login("office").post(url, data)
    assert "hãy ghi lý do sửa đổi" in refused.content.decode()
    applied = login("office").post(url, {**data, "reason": "Quyết định của Hội đồng ngày 05/01"})
    assert applied.status_code == 302
    campaign.refresh_from_db()
    assert campaign.template.scheme("tap-the-hang-nam").criteria[0].params["max_rank"] == 2
    assert LogEntry.objects.get_for_object(campaign).filter(action=LogEntry.Action.UPDATE).exists()
    assert campaign.amendments.get().reason == "Quyết định của Hội đồng ngày 05/01"


def test_it_exports_the_results_to_excel(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/phong-trao/{campaign.pk}/xet/xuat-excel/?nam=2024")
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]  # the first scheme, tập thể hằng năm
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if row[0] == "STT")
    assert rows[head][:5] == ("STT", "Tập thể", "Khối", "Đủ điều kiện", "Được chọn")
    names = [row[1] for row in rows[head + 1 :]]
    assert names == ["Phòng Nội vụ", "UBND xã Mỹ An"]  # names, never codes
    assert rows[head + 1][3] == "Đạt"
    assert sheet.freeze_panes == f"A{head + 2}"
