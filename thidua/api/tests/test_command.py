"""`thidua api-token USERNAME [--scope read|write] [--name TEXT]` prints a working token."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from thidua.api.models import ApiToken
from thidua.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_prints_a_working_token(accounts, district) -> None:  # type: ignore[no-untyped-def]
    secret, note = _run("donvi_a", "--scope", "write", "--name", "Hệ thống của tỉnh")
    token = ApiToken.objects.get()
    assert token.user == accounts["unit_a"] and token.scope == "write"
    assert token.name == "Hệ thống của tỉnh" and "shown once" in note
    response = ApiClient(secret).get("/units")
    assert response.status_code == 200
    assert {u["code"] for u in response.json()["items"]} == {"PNV"}


def test_the_default_scope_is_read(accounts) -> None:  # type: ignore[no-untyped-def]
    secret, _ = _run("noivu")
    assert ApiToken.objects.get().scope == "read"
    assert ApiClient(secret).post("/par-results/bulk", {"rows": []}).status_code == 403


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody",), "no account named 'nobody'"),
        (("noivu", "--scope", "admin"), "unknown scope 'admin'"),
    ],
)
def test_bad_usage_exits_2(accounts, capsys, args, message) -> None:  # type: ignore[no-untyped-def]
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("api-token", *args, stdout=io.StringIO(), stderr=err)
    assert exit.value.code == 2
    assert message in err.getvalue()
    assert not ApiToken.objects.exists()
