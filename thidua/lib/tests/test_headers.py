"""Security headers: a strict CSP and a Permissions-Policy on every answer, no-store on
whatever a signed-in person sees and on every generated document, HTTPS and HSTS switched
on by HTTPS=1 with `thidua check --deploy` clean under the README's production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )


def _strict(response) -> None:  # type: ignore[no-untyped-def]
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_signed_in_page_is_strict_and_never_stored(login) -> None:  # type: ignore[no-untyped-def]
    for persona in ("office", "unit_a"):
        response = login(persona).get("/don-vi/")
        assert response.status_code == 200
        _strict(response)
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_generated_document_is_never_stored(login) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/don-vi/xuat-excel/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_has_the_policy_and_may_be_cached(district) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/bang-vang/")
    assert response.status_code == 200
    _strict(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_login_page_has_the_policy(db) -> None:  # type: ignore[no-untyped-def]
    _strict(Client().get("/dang-nhap/"))


def test_plain_http_stays_plain_by_default() -> None:
    # `make run` serves http://127.0.0.1: no redirect, no HSTS, cookies without Secure.
    if os.environ.get("HTTPS"):
        pytest.skip("HTTPS is set in this environment")
    assert not settings.SECURE_SSL_REDIRECT
    assert settings.SECURE_HSTS_SECONDS == 0
    assert not settings.SESSION_COOKIE_SECURE
    assert Client().get("/dang-nhap/").status_code == 200


PRODUCTION = {
    "DEBUG": "0",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.gov.vn",
    "SECRET_KEY": "k" * 20 + "-production-example-key-0123456789",
}


def _thidua(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A production process has neither the test's settings nor the async-safety switch the
    # browser tests' conftest sets in this process (async.E001 under --deploy).
    ignored = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "-m", "thidua", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = _thidua("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_https_switches_on_redirect_hsts_and_secure_cookies() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    done = _thidua("shell", "-c", code, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]
