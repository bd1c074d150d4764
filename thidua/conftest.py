"""Personas shared by the tests: the campaign office, two units (A and B, an outsider to
each other), a council member, a leader and an administrator."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import import_module

import pytest
from auditlog.context import auditlog_value
from django.apps import apps as django_apps
from django.test import Client

from thidua.org.models import Person, Unit, User

PASSWORD = "thidua@2026"
org_groups = import_module("thidua.org.migrations.0002_builtin_groups")
award_catalogue = import_module("thidua.scoring.migrations.0002_award_catalogue")
base_salaries = import_module("thidua.awards.migrations.0001_initial")
salary_marks = import_module("thidua.awards.migrations.0008_law_money_competence_signer")
law_tables = import_module("thidua.law.migrations.0002_legal_md")
law_issue_dates = import_module("thidua.law.migrations.0003_schedule_issue_dates")
law_calendar = import_module("thidua.law.migrations.0005_holidays_2024_2027")


@pytest.fixture(autouse=True)
def _fast_hasher(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _evaluations_inline(settings: object) -> None:
    """Stored evaluations are recomputed inside the request (the immediate task backend),
    so pages show results without a worker; campaigns' tests of the queue set it back."""
    settings.EVALUATIONS_TASK_BACKEND = "immediate"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_actor_left() -> Iterator[None]:
    """No audit actor from an earlier test: auditlog's middleware leaves the last request's
    user in its context variable after the response, and ``lib.audit.current_actor`` (the
    bulk writes) would attribute a later test's changes to it."""
    auditlog_value.set({})
    yield
    auditlog_value.set({})


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The rows the migrations load (competition groups, award catalogue, base salaries,
    the law tables).
    A transactional test's flush removes them, so every database test puts them back."""
    wants_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not wants_db:
        return
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            break
    for module in (
        org_groups,
        award_catalogue,
        base_salaries,
        salary_marks,
        law_tables,
        law_issue_dates,
        law_calendar,
    ):
        module.forwards(django_apps, None)


@pytest.fixture
def district(db: None) -> dict[str, Unit]:
    """A district with one department (A) and one commune (B) that has a section."""
    root = Unit.objects.create(
        code="HUYEN",
        name="UBND huyện Thử Nghiệm",
        level="huyen",
        group_id="khac",
        par_assessed=False,
    )
    unit_a = Unit.objects.create(
        code="PNV", name="Phòng Nội vụ", level="co_quan", group_id="phong", parent=root
    )
    unit_b = Unit.objects.create(
        code="XA-AN", name="UBND xã Mỹ An", level="xa", group_id="xa", parent=root
    )
    section_b = Unit.objects.create(
        code="XA-AN-MC",
        name="Bộ phận Một cửa xã Mỹ An",
        level="bo_phan",
        group_id="bo_phan",
        parent=unit_b,
    )
    return {"root": root, "a": unit_a, "b": unit_b, "b_section": section_b}


@pytest.fixture
def people(district: dict[str, Unit]) -> dict[str, Person]:
    return {
        "a": Person.objects.create(
            code="CB-A", full_name="Nguyễn Văn An", gender="nam", unit=district["a"], cchc_role=True
        ),
        "b": Person.objects.create(
            code="CB-B", full_name="Trần Thị Bình", gender="nu", unit=district["b"]
        ),
        "b_section": Person.objects.create(
            code="CB-BS", full_name="Lê Văn Cường", gender="nam", unit=district["b_section"]
        ),
    }


def _account(username: str, role: str, unit: Unit | None = None) -> User:
    user = User(username=username, role=role, unit=unit, full_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def accounts(district: dict[str, Unit]) -> dict[str, User]:
    return {
        "admin": _account("quantri", User.Role.ADMIN),
        "office": _account("noivu", User.Role.OFFICE),
        "unit_a": _account("donvi_a", User.Role.UNIT, district["a"]),
        "unit_b": _account("donvi_b", User.Role.UNIT, district["b"]),
        "council": _account("hoidong", User.Role.COUNCIL),
        "leader": _account("chutich", User.Role.LEADER),
    }


@pytest.fixture
def login(accounts: dict[str, User]):  # type: ignore[no-untyped-def]
    """login("unit_a") -> a test client signed in as that persona."""

    def _login(persona: str) -> Client:
        client = Client()
        client.force_login(accounts[persona])
        return client

    return _login


# SQLite's upstream default since 3.32; Debian's build raises it to 250,000, which would let
# an unbatched query that a stock build refuses pass here.
SQLITE_STOCK_VARIABLE_LIMIT = 32_766


@pytest.fixture
def stock_sqlite_limit(db: None) -> Iterator[int | None]:
    """SQLite's variable limit of a stock build on the test's connection (SQLite's own limit,
    set as any build sets it, not a mock); None on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, min(previous, SQLITE_STOCK_VARIABLE_LIMIT))
    yield raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, previous)
