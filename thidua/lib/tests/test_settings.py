"""settings.py reads the environment and refuses a bad value at start, naming the variable.

Each case imports the settings module in a fresh interpreter, so the test process's own
settings are untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

# Variables settings.py reads; the child starts from none of them.
SETTINGS_VARS = {
    "DEBUG",
    "THIDUA_VAR_DIR",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_NAME",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "SESSION_COOKIE_AGE",
    "SECURE_COOKIES",
    "TIME_ZONE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "UPLOAD_MAX_BYTES",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "LOG_LEVEL",
    "DJANGO_SETTINGS_MODULE",
}

PRINT = (
    "import thidua.settings as s; "
    "print(s.DEBUG, s.EMAIL_PORT, s.DATABASES['default']['ENGINE'], s.MEDIA_ROOT, s.VAR_DIR)"
)


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    child_env["THIDUA_VAR_DIR"] = str(tmp_path / "var")
    child_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=REPO,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of"),
        ("EMAIL_PORT", "abc", "EMAIL_PORT must be a whole number"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must be an sqlite:// or postgres:// URL"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
        ("MEDIA_ROOT", "relative/path", "MEDIA_ROOT must be an absolute path"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    result = run_settings(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_it_refuses_tls_and_ssl_together(tmp_path: Path) -> None:
    result = run_settings(tmp_path, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in result.stderr


def test_it_starts_with_good_values(tmp_path: Path) -> None:
    media = tmp_path / "uploads"
    result = run_settings(
        tmp_path,
        DEBUG="yes",
        EMAIL_PORT="465",
        EMAIL_USE_TLS="0",
        EMAIL_USE_SSL="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/thidua",
        SECRET_KEY="k" * 50,
        MEDIA_ROOT=str(media),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "465",
        "django.db.backends.postgresql",
        str(media),
        str(tmp_path / "var"),
    ]


def test_it_starts_with_defaults_and_keeps_a_generated_secret(tmp_path: Path) -> None:
    first = run_settings(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split()[:3] == ["False", "587", "django.db.backends.sqlite3"]
    key_file = tmp_path / "var" / "secret_key"
    assert len(key_file.read_text().strip()) >= 32
    assert key_file.stat().st_mode & 0o077 == 0
    key = key_file.read_text()
    assert run_settings(tmp_path).returncode == 0
    assert key_file.read_text() == key
