"""The fuzz walk: every kind of page and every form the crawl finds, as every role of the
demo (the district's and the commune's), given hostile input — a number of a million
digits' worth (`1e1000000`), 10,000 digits, 240 nested brackets, deep JSON, a long string,
a NUL, digits of other scripts — answers a page, a redirect or a clear refusal, never a
server error. test_query_params.py and test_form_inputs.py hold the milder absurd values
for a few roles; this file is the hostile set for all of them."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import resolve

from thidua.tests_walk.conftest import ROLES
from thidua.tests_walk.crawl import FILE_SUFFIXES, Crawl, Form, forms_by_kind, get, post_errors

pytestmark = pytest.mark.django_db

HOSTILE = (
    "1e1000000",
    "9" * 10_000,
    "(" * 240 + "a" + ")" * 240,
    "[" * 240 + "]" * 240,
    "x" * 60_000,  # longer than any text field takes
    "a\x00b",
    "١٢٣𝟗",  # Arabic-Indic and mathematical digits: str.isdigit() says yes to both
)
QUERY_CAP = 10_000  # a URL carries at most this much of a value (servers cut longer ones)
PARAMETERS = ("nam", "year", "page", "trang", "unit", "person", "parent", "group", "q")
PARAMETERS += ("trang_thai", "actor", "loc", "khoi", "sort", "id")
SKIPPED_FORMS = {"logout"}
# Each kind of page and of form is fuzzed once per run, as the first role (in ROLES order)
# that reaches it: the roles together reach every kind, and a role run alone (-k) fuzzes
# all of its own. The parsing is shared, so a second role adds time, not cases.
_DONE: set[str] = set()


def _first_time(kind: str) -> bool:
    if kind in _DONE:
        return False
    _DONE.add(kind)
    return True


def page_kinds(crawl: Crawl) -> dict[str, tuple[str, set[str]]]:
    """One page of each view the crawl reached, with every query key seen on that view."""
    pages: dict[str, tuple[str, set[str]]] = {}
    for url, visit in crawl.visits.items():
        parts = urlsplit(url)
        if visit.status != 200 or parts.path.endswith(FILE_SUFFIXES):
            continue
        name = resolve(parts.path).view_name
        path, keys = pages.setdefault(name, (parts.path, set()))
        keys.update(key for key, _ in parse_qsl(parts.query, keep_blank_values=True))
    return pages


def query_errors(client: Any, path: str, keys: set[str]) -> list[str]:
    names = sorted(set(PARAMETERS) | keys)
    errors = []
    for value in HOSTILE:
        query = urlencode(dict.fromkeys(names, value[:QUERY_CAP]))
        status, _, error = get(client, f"{path}?{query}")
        if status >= 500:
            errors.append(f"GET {path} ({value[:20]!r}…): {error}"[:400])
    return errors


def form_kinds(crawl: Crawl) -> list[Form]:
    return list(forms_by_kind(crawl.forms, SKIPPED_FORMS).values())


def form_errors(client: Any, form: Form) -> list[str]:
    return [f"POST {error}" for error in post_errors(client, form, HOSTILE, shown=20)]


@pytest.mark.parametrize("username", ROLES)
def test_hostile_query_strings_give_no_500(crawled: Any, client_as: Any, username: str) -> None:
    client = client_as(username)
    errors = []
    for name, (path, keys) in page_kinds(crawled(username)).items():
        if _first_time(f"GET {name}"):
            errors += query_errors(client, path, keys)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("username", ROLES)
def test_hostile_form_inputs_give_no_500(crawled: Any, client_as: Any, username: str) -> None:
    client = client_as(username)
    forms = form_kinds(crawled(username))
    assert forms or username in ("chutich", "chutichxa"), "the crawl found no form"
    errors = []
    for form in forms:
        if _first_time(f"POST {resolve(urlsplit(form.action).path).view_name}"):
            errors += form_errors(client, form)
    assert not errors, "\n".join(errors)


def test_anonymous_visitors_meet_the_same_bounds(client: Any, demo_district: Any) -> None:
    """The public pages (login, honour board, portal) with the hostile query strings."""
    errors = []
    for path in ("/dang-nhap/", "/bang-vang/"):
        errors += query_errors(client, path, set())
    assert not errors, "\n".join(errors)
