"""A unit's token reaches only its unit's subtree: other units' records are not listed and
are 404 by id, exactly as on the screens (the apps' access helpers decide)."""

from __future__ import annotations

import pytest

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.scoring import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(district, people):  # type: ignore[no-untyped-def]
    return {
        "par_a": m.ParScore.objects.create(unit=district["a"], year=2024, score=95),
        "par_b": m.ParScore.objects.create(unit=district["b"], year=2024, score=85),
        "rating_a": m.Rating.objects.create(person=people["a"], year=2024, rating="HTXSNV"),
        "rating_b": m.Rating.objects.create(person=people["b"], year=2024, rating="HTTNV"),
    }


def _ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_a_unit_lists_only_its_own_units_and_people(api, district, people) -> None:  # type: ignore[no-untyped-def]
    client = api("unit_b")
    assert _ids(client.get("/units")) == {district["b"].pk, district["b_section"].pk}
    assert _ids(client.get("/people")) == {people["b"].pk, people["b_section"].pk}
    assert client.get(f"/units/{district['a'].pk}").status_code == 404
    assert client.get(f"/people/{people['a'].pk}").status_code == 404
    assert client.get(f"/units/{district['b'].pk}").json()["code"] == "XA-AN"


def test_the_office_lists_everything(api, district, people) -> None:  # type: ignore[no-untyped-def]
    assert len(_ids(api("office").get("/units"))) == 4
    assert len(_ids(api("leader", "read").get("/people"))) == 3


def test_a_unit_reads_only_its_own_facts(api, facts) -> None:  # type: ignore[no-untyped-def]
    client = api("unit_a")
    assert _ids(client.get("/par-results")) == {facts["par_a"].pk}
    assert _ids(client.get("/ratings")) == {facts["rating_a"].pk}
    missing = client.get(f"/par-results/{facts['par_b'].pk}")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không tìm thấy bản ghi.", "field": ""}
    assert client.get(f"/ratings/{facts['rating_b'].pk}").status_code == 404
    assert client.get(f"/par-results/{facts['par_a'].pk}").status_code == 200


def test_a_unit_cannot_filter_by_another_unit(api, district, facts) -> None:  # type: ignore[no-untyped-def]
    response = api("unit_a").get("/par-results", unit=district["b"].code)
    assert response.status_code == 404
    assert response.json()["field"] == "unit"
    assert "XA-AN" in response.json()["detail"]


def test_choices_come_with_their_label_and_units_with_id_and_code(api, facts, people) -> None:  # type: ignore[no-untyped-def]
    rating = api("office").get(f"/ratings/{facts['rating_a'].pk}").json()
    assert rating["rating"] == {"key": "HTXSNV", "label": "Hoàn thành xuất sắc nhiệm vụ"}
    assert rating["person"]["code"] == "CB-A" and rating["person"]["id"] == people["a"].pk
    assert rating["unit"] is None
    par = api("office").get(f"/par-results/{facts['par_a'].pk}").json()
    assert par["unit"]["code"] == "PNV" and par["score"] == 95.0 and par["percent"] == 95.0
    assert par["confirmed"] is True


def test_filters_by_year_and_unit(api, district, facts) -> None:  # type: ignore[no-untyped-def]
    m.ParScore.objects.create(unit=district["a"], year=2023, score=90)
    client = api("office")
    assert len(_ids(client.get("/par-results", year=2024))) == 2
    assert _ids(client.get("/par-results", year=2024, unit="pnv")) == {facts["par_a"].pk}
    assert _ids(client.get("/par-results", unit=str(district["a"].pk))) == {
        p.pk for p in m.ParScore.objects.filter(unit=district["a"])
    }
    # A unit filter takes the unit's subtree: the district holds both.
    assert len(_ids(client.get("/par-results", unit="HUYEN"))) == 3


@pytest.fixture
def campaign(district, accounts, facts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def test_results_show_each_criterion_and_only_the_units_own_candidates(api, campaign) -> None:  # type: ignore[no-untyped-def]
    url = f"/campaigns/{campaign.pk}/schemes/tap-the-hang-nam/results"
    office = api("office").get(url, year=2024)
    assert office.status_code == 200, office.content
    body = office.json()
    codes = {(c["unit"] or {}).get("code") for c in body["candidates"]}
    assert {"PNV", "XA-AN"} <= codes
    first = next(c for c in body["candidates"] if c["unit"] and c["unit"]["code"] == "PNV")
    assert first["criteria"] and all("explanation" in k for k in first["criteria"])
    assert any("95,00%" in (k["explanation"] or "") for k in first["criteria"])
    unit = api("unit_b").get(url, year=2024).json()
    assert {c["unit"]["code"] for c in unit["candidates"]} <= {"XA-AN", "XA-AN-MC"}
    assert unit["candidates"]


def test_results_refuse_a_year_the_campaign_does_not_read(api, campaign) -> None:  # type: ignore[no-untyped-def]
    url = f"/campaigns/{campaign.pk}/schemes/tap-the-hang-nam/results"
    response = api("office").get(url, year=2030)
    assert response.status_code == 422
    assert "không xét năm 2030" in response.json()["detail"]
    assert api("office").get(f"/campaigns/{campaign.pk}/schemes/nothing/results").status_code == 404


def test_campaigns_list_their_schemes(api, campaign) -> None:  # type: ignore[no-untyped-def]
    body = api("unit_a").get("/campaigns").json()
    assert body["total"] == 1
    schemes = body["items"][0]["schemes"]
    assert any(sc["key"] == "tap-the-hang-nam" for sc in schemes)
    assert all(sc["form"]["label"] for sc in schemes)


def test_a_unit_sees_only_its_own_dossiers(api, campaign, district) -> None:  # type: ignore[no-untyped-def]
    own = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2024)
    other = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2024)
    client = api("unit_a")
    assert _ids(client.get("/dossiers")) == {own.pk}
    assert client.get(f"/dossiers/{other.pk}").status_code == 404
    assert client.get(f"/dossiers/{own.pk}").json()["state"] == {"key": "nhap", "label": "Nháp"}
    assert _ids(api("office").get("/dossiers", campaign=campaign.pk)) == {own.pk, other.pk}
