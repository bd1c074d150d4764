"""The schemes form: forms labelled at the issuer's level, groups, quotas, the dossier's
components; unchanged saves change nothing; one message per wrong input."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )


def _data(campaign: Campaign, **kw) -> dict:  # type: ignore[no-untyped-def, type-arg]
    scheme = campaign.rules["schemes"][0]
    components = "\n".join(
        c["name"] + (f" — {c['note']}" if c.get("note") else "")
        for c in campaign.rules["dossier"]["components"]
    )
    return {
        "form_0": scheme["form"],
        "groups_0": scheme["groups"],
        "quota_0": "6",
        "components": components,
    } | kw


def test_it_labels_forms_at_the_issuers_level(login, campaign) -> None:  # type: ignore[no-untyped-def]
    body = login("office").get(f"/phong-trao/{campaign.pk}/phuong-an/").content.decode()
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An" in body
    assert "giay_khen_chu_tich_xa</" not in body


def test_saving_it_unchanged_changes_nothing(login, campaign) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.get_for_object(campaign).count()
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/phuong-an/", _data(campaign), follow=True
    )
    assert "Không có thay đổi nào" in response.content.decode()
    assert LogEntry.objects.get_for_object(campaign).count() == before


def test_it_saves_form_groups_quota_and_components(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    old = campaign.rules["dossier"]["components"]
    lines = f"{old[0]['name']}\nDanh sách trích ngang — theo mẫu"
    data = _data(
        campaign,
        form_0="giay_khen_chu_tich_xa",
        groups_0=["bo_phan", "thon"],
        quota_0="3",
        components=lines,
    )
    response = login("office").post(f"/phong-trao/{campaign.pk}/phuong-an/", data)
    assert response.status_code == 302
    rules = Campaign.objects.get(pk=campaign.pk).rules
    scheme = rules["schemes"][0]
    assert scheme["form"] == "giay_khen_chu_tich_xa"
    assert scheme["groups"] == ["bo_phan", "thon"]
    assert scheme["quota"] == {"total": 3}
    assert {"bo_phan", "thon"} <= set(rules["participants"]["groups"])
    components = rules["dossier"]["components"]
    assert components[0]["key"] == old[0]["key"]
    assert components[1]["name"] == "Danh sách trích ngang" and components[1]["note"] == "theo mẫu"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quota_0", "-1", "Chỉ tiêu không được là số âm."),
        ("quota_0", "abc", "Chỉ tiêu phải là một số nguyên"),
        ("groups_0", [], "Chọn ít nhất một khối thi đua."),
        ("groups_0", ["khong_co"], "Hãy chọn khối thi đua trong danh sách."),
        ("form_0", "khong_co", "Hãy chọn một hình thức khen thưởng trong danh sách."),
    ],
)
def test_a_wrong_input_is_one_message(login, campaign, field, value, message) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/phuong-an/", _data(campaign, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).rules == campaign.rules
