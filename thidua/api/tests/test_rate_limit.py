"""Requests are counted per token: over the limit, 429 with Retry-After; another token is
not slowed by the first one's requests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_too_many_reads_get_429(api, district, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_RATE_READ = 3
    client = api("office")
    assert [client.get("/units").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/units")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "thử lại sau" in response.json()["detail"]
    assert api("office").get("/units").status_code == 200  # a fresh token has its own count


def test_writes_have_their_own_lower_limit(api, district, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_RATE_WRITE = 1
    client = api("office")
    body = {"rows": [{"unit": "Không có đơn vị này", "year": 2024, "score": 10}]}
    first = client.post("/par-results/bulk", body, QUERY_STRING="dry_run=true")
    assert first.status_code != 429
    assert client.post("/par-results/bulk", body).status_code == 429
    assert client.get("/units").status_code == 200
