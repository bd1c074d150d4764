"""The audit actor does not outlive its test (thidua/conftest.py ``_no_actor_left``): the
first test leaves auditlog's context variable holding the office after a request, the
second — run after it, in file order — must not see it."""

from __future__ import annotations

import pytest

from thidua.lib.audit import current_actor

pytestmark = pytest.mark.django_db


def test_a_request_sets_the_actor_for_its_own_writes(login, accounts) -> None:  # type: ignore[no-untyped-def]
    assert login("office").get("/").status_code == 200
    assert current_actor() == accounts["office"]  # auditlog leaves it set after the response


def test_the_next_test_starts_with_no_actor() -> None:
    assert current_actor() is None
