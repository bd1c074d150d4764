"""The what-if and the rules editor: huge numbers, deep JSON and deep brackets get a
Vietnamese message, and the refusal comes before any evaluation (counted in queries: an
evaluation reads the campaign's facts; a refused edit reads none of them)."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.scoring import models as m


@pytest.fixture
def campaign(district, people, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    m.ParScore.objects.create(unit=district["a"], year=2024, score=95)
    m.ParScore.objects.create(unit=district["b"], year=2024, score=85)
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _what_if(client, campaign, **edits):  # type: ignore[no-untyped-def]
    data = {
        "expression": "par_top3",
        "c0_max_rank": "3",
        "c0_year": "Y",
        "c0_when_not_assessed": "",
        "quota_total": "",
        "try": "",
        **edits,
    }
    url = f"/phong-trao/{campaign.pk}/thu/tap-the-hang-nam/?nam=2024"
    with CaptureQueriesContext(connection) as queries:
        started = time.process_time()
        response = client.post(url, data)
        cpu = time.process_time() - started
    facts = [q for q in queries.captured_queries if "scoring_parscore" in q["sql"]]
    return response, facts, cpu


@pytest.mark.parametrize(
    ("edits", "says"),
    [
        ({"c0_max_rank": "1e1000000"}, "quá lớn"),
        ({"c0_max_rank": "9" * 10_000}, "quá dài"),
        ({"quota_total": "9" * 25}, "quá lớn"),
        ({"expression": "(" * 240 + "par_top3" + ")" * 240}, "quá sâu"),
        ({"expression": "KHÔNG " * 300 + "par_top3"}, "quá sâu"),
    ],
)
def test_what_if_refuses_huge_values_before_evaluating(login, campaign, edits, says) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    accepted, facts_read, _ = _what_if(client, campaign)
    assert accepted.context["evaluated"] and facts_read  # the measure: a real try reads facts
    refused, facts, cpu = _what_if(client, campaign, **edits)
    assert refused.status_code == 200
    assert says in refused.content.decode()
    assert "evaluated" not in refused.context and not facts  # refused before any work
    print(f"what-if refused {list(edits)[0]}: {cpu * 1000:.1f} ms CPU")  # measured, not asserted


def test_the_council_sees_the_same_refusal(login, campaign) -> None:  # type: ignore[no-untyped-def]
    refused, facts, _ = _what_if(login("council"), campaign, c0_max_rank="1e1000000")
    assert refused.status_code in (200, 403)
    assert not facts


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 240 + "]" * 240, "lồng nhau quá sâu"),
        ('{"schemes": ' + "9" * 10_000 + "}", "quá lớn"),
        ('{"schemes": [1e1000000]}', "quá lớn"),
        ("{" * 5000, "lồng nhau quá sâu"),
    ],
)
def test_the_rules_editor_refuses_deep_or_huge_json(login, campaign, text, says) -> None:  # type: ignore[no-untyped-def]
    rules = campaign.rules
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/quy-dinh/", {"rules": text, "reason": "Thử"}
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.rules == rules


def test_the_rules_editor_refuses_a_deep_expression_inside_valid_json(login, campaign) -> None:  # type: ignore[no-untyped-def]
    rules = json.loads(json.dumps(campaign.rules))
    rules["schemes"][0]["expression"] = "(" * 240 + "par_top3" + ")" * 240
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/quy-dinh/",
        {"rules": json.dumps(rules, ensure_ascii=False), "reason": "Thử"},
    )
    assert response.status_code == 200
    assert "quá sâu" in response.content.decode()
