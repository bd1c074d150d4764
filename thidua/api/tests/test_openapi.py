"""The OpenAPI document is valid OpenAPI; the interactive page loads its assets from our
own /static/ (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_validates() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["info"]["title"] == "API Thi đua – Khen thưởng"
    assert "/api/v1/par-results/bulk" in document["paths"]
    assert "/api/v1/campaigns/{campaign_id}/schemes/{scheme_key}/results" in document["paths"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_bulk_schema_names_the_imports_columns() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    row = document["components"]["schemas"]["ParRow"]
    assert {"unit", "unit_code", "year", "score", "self_score", "max_score"} <= set(
        row["properties"]
    )
    assert row["additionalProperties"] is False
    assert "Điểm thẩm định" in row["properties"]["score"]["description"]


def test_the_docs_page_serves_its_assets_itself() -> None:
    client = Client()
    body = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', body)
    assert assets, body[:500]
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert "cdn" not in body.lower()
