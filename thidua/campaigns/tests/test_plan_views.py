"""The campaign's plan: editing while a draft, issuing, amendments with a reason once
issued, closing, the calendar and its .ics, the parent/child cascade."""

from __future__ import annotations

import pytest

from thidua.campaigns.models import Amendment, Campaign
from thidua.campaigns.services import campaign_create_from_template


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )


def _header(campaign: Campaign, **changes: str) -> dict[str, str]:
    plan = campaign.plan
    data = {
        "name": campaign.name,
        "superior": plan.get("superior", ""),
        "issuer": plan["issuer"],
        "number": plan["number"],
        "symbol": plan["symbol"],
        "place": plan["place"],
        "date": "19/07/2024",
        "title": plan["title"],
        "legal_bases": "\n".join(plan["legal_bases"]),
        "preamble": plan.get("preamble", ""),
        "closing": plan["closing"],
        "recipients": "\n".join(plan["recipients"]),
        "signer_authority": "\n".join(plan["signer"]["authority"]),
        "signer_name": plan["signer"]["name"],
    }
    data.update(changes)
    return data


def test_it_copies_the_seed_plan_into_a_new_campaign(campaign) -> None:  # type: ignore[no-untyped-def]
    assert campaign.plan["number"] == "158"
    assert campaign.plan["symbol"] == "KH-UBND"
    assert campaign.status == Campaign.Status.DRAFT
    assert len(campaign.plan["sections"]) >= 3


def test_it_edits_a_draft_freely(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/ke-hoach/sua/", _header(campaign, number="200")
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.plan["number"] == "200"
    assert not Amendment.objects.exists()


def test_it_refuses_a_bad_date_in_vietnamese(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/ke-hoach/sua/", _header(campaign, date="31/02/2024")
    )
    assert "Ngày không hợp lệ" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.plan["date"] == "2024-07-19"


def test_it_issues_then_requires_a_reason_for_every_change(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    assert (
        client.post(f"/phong-trao/{campaign.pk}/trang-thai/", {"action": "ban-hanh"}).status_code
        == 302
    )
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ISSUED and campaign.issued_at is not None

    refused = client.post(
        f"/phong-trao/{campaign.pk}/ke-hoach/sua/", _header(campaign, place="Lộc Thái")
    )
    assert "hãy ghi lý do sửa đổi" in refused.content.decode()
    campaign.refresh_from_db()
    assert campaign.plan["place"] == "Lộc Ninh"

    done = client.post(
        f"/phong-trao/{campaign.pk}/ke-hoach/sua/",
        _header(campaign, place="Lộc Thái", reason="Sửa địa danh theo công văn 12/UBND"),
    )
    assert done.status_code == 302
    campaign.refresh_from_db()
    assert campaign.plan["place"] == "Lộc Thái"
    amendment = Amendment.objects.get()
    assert amendment.reason == "Sửa địa danh theo công văn 12/UBND"
    assert amendment.made_by.username == "noivu"


def test_it_will_not_issue_an_unnumbered_plan(login, campaign) -> None:  # type: ignore[no-untyped-def]
    campaign.plan = {**campaign.plan, "number": ""}
    campaign.save()
    client = login("office")
    client.post(f"/phong-trao/{campaign.pk}/trang-thai/", {"action": "ban-hanh"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert (
        "Kế hoạch chưa có số văn bản." in client.get(f"/phong-trao/{campaign.pk}/").content.decode()
    )


def test_a_closed_campaign_is_read_only(login, campaign) -> None:  # type: ignore[no-untyped-def]
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    response = login("office").post(f"/phong-trao/{campaign.pk}/ke-hoach/sua/", _header(campaign))
    assert response.status_code == 403


def test_units_and_leaders_cannot_edit_the_plan(login, campaign) -> None:  # type: ignore[no-untyped-def]
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    for persona in ("unit_a", "leader", "council"):
        assert (
            login(persona)
            .post(f"/phong-trao/{campaign.pk}/ke-hoach/sua/", _header(campaign))
            .status_code
            == 403
        )


def test_it_edits_the_sections(login, campaign) -> None:  # type: ignore[no-untyped-def]
    sections = campaign.plan["sections"]
    data = {"phan-TOTAL_FORMS": str(len(sections) + 1), "phan-INITIAL_FORMS": str(len(sections))}
    for i, s in enumerate(sections):
        data.update(
            {
                f"phan-{i}-heading": s["heading"],
                f"phan-{i}-role": s["role"],
                f"phan-{i}-text": s["text"],
            }
        )
    data["phan-0-DELETE"] = "on"
    n = len(sections)
    data.update(
        {
            f"phan-{n}-heading": "VI. ĐIỀU KHOẢN THI HÀNH",
            f"phan-{n}-role": "other",
            f"phan-{n}-text": "Kế hoạch có hiệu lực từ ngày ký.",
        }
    )
    assert (
        login("office").post(f"/phong-trao/{campaign.pk}/ke-hoach/cac-phan/", data).status_code
        == 302
    )
    campaign.refresh_from_db()
    headings = [s["heading"] for s in campaign.plan["sections"]]
    assert sections[0]["heading"] not in headings
    assert headings[-1] == "VI. ĐIỀU KHOẢN THI HÀNH"


def test_it_refuses_bad_markup_in_a_section(login, campaign) -> None:  # type: ignore[no-untyped-def]
    data = {
        "phan-TOTAL_FORMS": "1",
        "phan-INITIAL_FORMS": "0",
        "phan-0-heading": "I. MỤC ĐÍCH",
        "phan-0-role": "purpose",
        "phan-0-text": "**chưa đóng",
    }
    response = login("office").post(f"/phong-trao/{campaign.pk}/ke-hoach/cac-phan/", data)
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.plan["sections"][0]["text"] != "**chưa đóng"


def test_it_shows_the_deadlines_and_exports_them_to_ics(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    page = client.get(f"/phong-trao/{campaign.pk}/lich/").content.decode()
    assert "30/11/2024" in page and "30/11/2025" in page
    assert "10 ngày trước" in page
    ics = client.get(f"/phong-trao/{campaign.pk}/lich.ics")
    text = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20241130" in text


def test_a_child_campaign_cites_its_parent(login, campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    child = campaign_create_from_template(
        key="dinh-du-2024",
        name="",
        issuing_unit=district["b"],
        user=accounts["office"],
        parent=campaign,
    )
    page = login("office").get(f"/phong-trao/{campaign.pk}/").content.decode()
    assert child.name in page
    assert campaign.name in login("office").get(f"/phong-trao/{child.pk}/").content.decode()


def test_it_copies_an_earlier_campaign(login, campaign) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/phong-trao/tao/", {"template": f"sao-{campaign.pk}", "name": "Năm 2026"}
    )
    copy = Campaign.objects.get(name="Năm 2026")
    assert response.status_code == 302
    assert copy.rules == campaign.rules
    assert copy.plan["number"] == "" and copy.plan["title"] == campaign.plan["title"]


def test_it_edits_the_rules_and_names_a_wrong_value(login, campaign) -> None:  # type: ignore[no-untyped-def]
    import json

    rules = campaign.rules
    rules["schemes"][0]["quota"] = {"total": -1}
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/quy-dinh/", {"rules": json.dumps(rules)}
    )
    body = response.content.decode()
    assert "chỉ tiêu phải là số nguyên không âm" in body and "schemes[0].quota.total" in body
    rules["schemes"][0]["quota"] = {"total": 4}
    assert (
        login("office")
        .post(f"/phong-trao/{campaign.pk}/quy-dinh/", {"rules": json.dumps(rules)})
        .status_code
        == 302
    )
    campaign.refresh_from_db()
    assert campaign.template.schemes[0].quota.total == 4
    broken = login("office").post(f"/phong-trao/{campaign.pk}/quy-dinh/", {"rules": "{"})
    assert "Không đọc được nội dung" in broken.content.decode()


def test_it_starts_a_campaign_from_scratch_and_issues_it(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.post(
        "/phong-trao/tao/",
        {"template": "moi", "name": "Thi đua CCHC 2026", "issuing_unit": district["b"].pk},
    )
    campaign = Campaign.objects.get(name="Thi đua CCHC 2026")
    assert campaign.plan == {} and len(campaign.template.schemes) == 2
    form = client.get(f"/phong-trao/{campaign.pk}/ke-hoach/sua/").content.decode()
    assert "KH-UBND" in form and "TM. ỦY BAN NHÂN DÂN" in form
    data = {
        "name": "Thi đua CCHC 2026",
        "issuer": "ỦY BAN NHÂN DÂN\nXÃ MỸ AN",
        "number": "12",
        "symbol": "KH-UBND",
        "place": "Mỹ An",
        "date": "05/01/2026",
        "title": "Phát động phong trào thi đua cải cách hành chính năm 2026",
        "closing": "Trên đây là Kế hoạch./.",
        "recipients": "Các bộ phận;\nLưu: VT.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "signer_name": "Trần Văn Hòa",
    }
    assert client.post(f"/phong-trao/{campaign.pk}/ke-hoach/sua/", data).status_code == 302
    client.post(f"/phong-trao/{campaign.pk}/trang-thai/", {"action": "ban-hanh"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ISSUED
    assert [s["heading"] for s in campaign.plan["sections"]][0] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert client.get(f"/phong-trao/{campaign.pk}/ke-hoach.docx").status_code == 200


def _as_a_browser_posts(client, url: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The form's values as shown, textareas' newlines as "\\r\\n" as browsers send them."""
    from thidua.tests_walk.crawl import parse

    [form] = [
        f for f in parse(url, client.get(url).content.decode()).forms if f.action.endswith(url)
    ]
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value.replace("\r\n", "\n").replace("\n", "\r\n"))
    return data


@pytest.mark.parametrize("issued", [False, True])
def test_the_header_saved_unchanged_changes_nothing(login, campaign, issued) -> None:  # type: ignore[no-untyped-def]
    from auditlog.models import LogEntry

    if issued:
        Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.ISSUED)
    client = login("office")
    url = f"/phong-trao/{campaign.pk}/ke-hoach/sua/"
    page = client.get(url).content.decode()
    assert 'value="19/07/2024"' in page and "2024-07-19" not in page
    data = _as_a_browser_posts(client, url)
    assert any("\r\n" in v for values in data.values() for v in values)
    before = LogEntry.objects.get_for_object(campaign).count()
    response = client.post(url, data, follow=True)
    assert "Không có thay đổi nào" in response.content.decode()
    assert "hãy ghi lý do" not in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).plan == campaign.plan
    assert LogEntry.objects.get_for_object(campaign).count() == before
    assert not Amendment.objects.exists()
