"""Decisions with their awardees and money: read by those who read the award chain (the
office, leaders); a unit's token reads none, as on the screens."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards.records import Decision, DecisionAward
from thidua.campaigns.services import campaign_create_from_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(district, people, accounts) -> Decision:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    decision = Decision.objects.create(
        campaign=campaign,
        number="12",
        signed_on=dt.date(2025, 1, 20),
        title="Về việc khen thưởng",
        status=Decision.Status.SIGNED,
    )
    DecisionAward.objects.create(
        decision=decision,
        unit=district["a"],
        form_id="giay_khen_chu_tich_huyen",
        year=2024,
        amount=2_340_000,
    )
    DecisionAward.objects.create(
        decision=decision,
        person=people["b"],
        form_id="giay_khen_chu_tich_huyen",
        year=2024,
        amount=1_170_000,
    )
    return decision


def test_the_office_reads_decisions_with_awardees_and_money(api, decision, district) -> None:  # type: ignore[no-untyped-def]
    body = api("office").get("/decisions", year=2025).json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["reference"] == "12/QĐ-UBND" and item["total_amount"] == 3_510_000
    assert item["status"] == {"key": "da_ky", "label": "Đã ký"}
    assert {a["amount"] for a in item["awardees"]} == {2_340_000, 1_170_000}
    assert item["awardees"][0]["form"]["label"] == "Giấy khen của Chủ tịch UBND cấp huyện"
    assert api("office").get("/decisions", year=2024).json()["total"] == 0
    by_unit = api("office").get("/decisions", unit=district["b"].code).json()
    assert by_unit["total"] == 1  # the person of xã Mỹ An is an awardee


def test_a_unit_token_reads_no_decision(api, decision) -> None:  # type: ignore[no-untyped-def]
    client = api("unit_a")
    assert client.get("/decisions").json()["total"] == 0
    assert client.get(f"/decisions/{decision.pk}").status_code == 404
    assert api("leader", "read").get(f"/decisions/{decision.pk}").status_code == 200
