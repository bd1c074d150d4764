"""Bearer tokens: missing, unknown or revoked -> 401 JSON in Vietnamese; a read token on a
write endpoint -> 403; a locked account's token no longer works."""

from __future__ import annotations

import pytest

from thidua.api.models import ApiToken, token_hash

pytestmark = pytest.mark.django_db


def _assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["field"] == "Authorization"
    assert "mã API" in body["detail"]


def test_no_token_is_refused(api, district) -> None:  # type: ignore[no-untyped-def]
    _assert_401(api(None).get("/units"))


def test_an_unknown_token_is_refused(api, district) -> None:  # type: ignore[no-untyped-def]
    client = api(None)
    client.headers = {"Authorization": "Bearer thd_notatoken"}
    _assert_401(client.get("/units"))
    client.headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    _assert_401(client.get("/units"))


def test_a_revoked_token_is_refused(token, district) -> None:  # type: ignore[no-untyped-def]
    from thidua.api.tests.conftest import ApiClient

    row, secret = token("office")
    client = ApiClient(secret)
    assert client.get("/units").status_code == 200
    row.revoke()
    _assert_401(client.get("/units"))


def test_a_locked_accounts_token_is_refused(token, accounts, district) -> None:  # type: ignore[no-untyped-def]
    from thidua.api.tests.conftest import ApiClient

    _, secret = token("unit_a")
    accounts["unit_a"].is_active = False
    accounts["unit_a"].save()
    _assert_401(ApiClient(secret).get("/units"))


def test_a_read_token_cannot_write(api, district) -> None:  # type: ignore[no-untyped-def]
    response = api("office", "read").post("/par-results/bulk", {"rows": [{"unit": "x"}]})
    assert response.status_code == 403
    assert "chỉ có quyền đọc" in response.json()["detail"]


def test_only_the_hash_and_a_prefix_are_stored(token, district) -> None:  # type: ignore[no-untyped-def]
    row, secret = token("office")
    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.token_hash == token_hash(secret) and secret not in stored.token_hash
    assert secret.startswith(stored.prefix) and len(stored.prefix) < len(secret) / 3


def test_using_a_token_records_when(api, district) -> None:  # type: ignore[no-untyped-def]
    client = api("office")
    assert ApiToken.objects.get().last_used_at is None
    client.get("/units")
    assert ApiToken.objects.get().last_used_at is not None
