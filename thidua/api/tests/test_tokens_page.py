"""The administrator's page of API tokens: list, create (the token shown once), revoke with
a confirmation; every change in the audit trail; other roles are refused."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry

from thidua.api.models import ApiToken
from thidua.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_only_the_administrator_manages_tokens(login) -> None:  # type: ignore[no-untyped-def]
    for persona in ("office", "unit_a", "council", "leader"):
        assert login(persona).get("/tai-khoan/ma-api/").status_code == 403
        assert login(persona).post("/tai-khoan/ma-api/them/", {}).status_code == 403
    assert login("admin").get("/tai-khoan/ma-api/").status_code == 200


def test_the_administrator_creates_a_token_shown_once(login, accounts) -> None:  # type: ignore[no-untyped-def]
    admin = login("admin")
    response = admin.post(
        "/tai-khoan/ma-api/them/",
        {
            "name": "Hệ thống chấm điểm CCHC của tỉnh",
            "user": accounts["unit_a"].pk,
            "scope": "write",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(thd_[^"]+)"', response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get()
    assert token.user == accounts["unit_a"] and token.created_by == accounts["admin"]
    assert ApiClient(secret).get("/units").status_code == 200
    listing = admin.get("/tai-khoan/ma-api/").content.decode()
    assert "Hệ thống chấm điểm CCHC của tỉnh" in listing and token.prefix in listing
    assert secret not in listing
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.actor == accounts["admin"] and secret not in str(entry.changes)


def test_the_form_refuses_an_empty_name(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post(
        "/tai-khoan/ma-api/them/", {"name": "   ", "user": accounts["unit_a"].pk, "scope": "read"}
    )
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert 'class="error' in response.content.decode()


def test_revoking_from_the_page(login, accounts) -> None:  # type: ignore[no-untyped-def]
    token, secret = ApiToken.issue(user=accounts["office"], name="Cổng dữ liệu", scope="read")
    admin = login("admin")
    page = admin.get("/tai-khoan/ma-api/").content.decode()
    assert f'action="/tai-khoan/ma-api/{token.pk}/thu-hoi/"' in page and "data-confirm=" in page
    assert admin.get(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 405
    response = admin.post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/units").status_code == 401
    revoked = LogEntry.objects.get_for_object(token).filter(action=LogEntry.Action.UPDATE).get()
    assert revoked.actor == accounts["admin"] and "revoked_at" in revoked.changes
    assert login("office").post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 403


def test_the_accounts_page_links_to_the_tokens(login) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/tai-khoan/ma-api/"' in login("admin").get("/tai-khoan/").content.decode()
