"""Irreversible actions ask for confirmation: every form the crawl found that issues a plan,
submits a registration or a dossier, removes a nomination, closes a session or signs a
decision carries `data-confirm` (static/js/confirm.js asks before it is sent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from thidua.tests_walk.conftest import ROLES
from thidua.tests_walk.crawl import Form

pytestmark = pytest.mark.django_db


def _posts(name: str, value: str) -> Callable[[Form], bool]:
    return lambda form: (name, value) in form.fields


def _has_button(name: str) -> Callable[[Form], bool]:
    return lambda form: any(b[0] == name for b in form.buttons)


# URL name of the action -> which of its forms are irreversible.
IRREVERSIBLE: dict[str, Callable[[Form], bool]] = {
    "campaigns:status": _posts("action", "ban-hanh"),
    "campaigns:register": _has_button("submit"),
    "awards:move": _posts("target", "da_nop"),
    "awards:nomination-remove": lambda form: True,
    "awards:session-close": lambda form: True,
    "awards:decision": lambda form: True,
    "imports:job-import": lambda form: True,
    "api-tokens:revoke": lambda form: True,
    "org:account-reset": lambda form: True,
}
# Owned by the other parts of the issue (their templates): fixed where they are owned.
# Known defects, each an expected failure naming its URL and owner; none at present.
KNOWN: dict[str, str] = {}


def unconfirmed(forms: list[Form], names: set[str]) -> list[str]:
    found = []
    for form in forms:
        name = resolve(urlsplit(form.action).path).view_name
        if name in names and IRREVERSIBLE[name](form) and not form.confirm:
            found.append(f"{name}: {form.action} on {form.page}")
    return sorted(set(found))


@pytest.mark.parametrize("username", ROLES)
def test_irreversible_actions_ask_first(crawled: Any, username: str) -> None:
    missing = unconfirmed(crawled(username).forms, set(IRREVERSIBLE) - set(KNOWN))
    assert not missing, "Thiếu data-confirm:\n" + "\n".join(missing)


def test_the_crawl_finds_the_irreversible_forms(crawled: Any) -> None:
    """So that the test above cannot pass by finding none of them."""
    seen = set()
    for username in ROLES:
        for form in crawled(username).forms:
            name = resolve(urlsplit(form.action).path).view_name
            if name in IRREVERSIBLE and IRREVERSIBLE[name](form):
                seen.add(name)
    assert seen == set(IRREVERSIBLE), seen


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=why)) for n, why in KNOWN.items()],
)
def test_known_irreversible_actions_ask_first(crawled: Any, name: str) -> None:
    forms = [f for username in ("noivu", "chutich") for f in crawled(username).forms]
    assert not unconfirmed(forms, {name})
