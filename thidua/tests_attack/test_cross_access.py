"""Every URL pattern of the project (Django's resolver, not only what a crawl finds), made
to name the other side's objects, requested as each role with GET and with POST — a valid
CSRF token of the attacker's session, the form's own field names with the values its owner's
page holds, a PDF in each file input — answers a refusal, and nothing is written: neither a
row (per-table count, largest id, update stamps; the connection's write counters) nor a file
under MEDIA_ROOT.

The refusals are the project's conventions (docs/ARCHITECTURE.md, Permissions): the
anonymous are sent to the login page; an object the user may not see is 404, one they may see
but not change 403; a method a view does not take 405. What a role IS allowed to reach is
the ALLOWED table below, each with its reason; an allowed request must still write nothing
(no allowed entry writes), and an allowed write is an entry of ALLOWED_WRITES."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from thidua.org.models import User
from thidua.tests_attack.world import (
    Pattern,
    Side,
    Snapshot,
    csrf_token,
    form_data,
    forms_on,
    fresh_files,
    path_of,
    patterns,
    signed_in,
    url_for,
)

pytestmark = pytest.mark.django_db

# (attacker, the side whose objects the URLs name); None = anonymous.
ATTACKS = (
    (None, "district"),
    ("donvi2", "district"),  # unit B on unit A's (donvi1's) objects and the district's
    ("donvixa", "district"),  # the commune's unit on the district's
    ("donvi1", "commune"),  # unit A on xã Ân Mỹ's
    ("hoidong1", "commune"),  # a member of the district's council on the commune's body
    ("hoidongxa1", "district"),
    ("chutich", "commune"),
    ("chutichxa", "district"),
    ("vanphong", "district"),  # the commune's office on the district's objects
    ("noivu", "commune"),
)
# Not attacked here: one's own session (sign in and out, one's own password; the accounts
# tests cover them) and the API (test_api_fuzz.py, bearer tokens, no cookies).
NOT_ATTACKED = {"login", "logout", "password-change"}

_FORMS: dict[str, dict[str, Any]] = {}


def role_of(username: str | None) -> str:
    if username is None:
        return "anonymous"
    return {
        User.Role.UNIT: "unit",
        User.Role.COUNCIL: "council",
        User.Role.LEADER: "leader",
        User.Role.OFFICE: "office",
        User.Role.ADMIN: "office",
    }[User.objects.get(username=username).role]


def attacked(words: dict[str, dict[str, str]], side: Side) -> list[tuple[Pattern, str]]:
    return [
        (p, url_for(p, side, words))
        for p in patterns()
        if not p.api and p.name not in NOT_ATTACKED and not p.route.startswith("^api")
    ]


def owners_forms(side: Side, urls: list[tuple[Pattern, str]]) -> dict[str, Any]:
    """Every form the side's owners see on the attacked pages, by the path it posts to (the
    unit's own form first, then the office's), and one per URL name as a fallback."""
    if side.name in _FORMS:
        return _FORMS[side.name]
    by_path: dict[str, Any] = {}
    for owner in side.owners:
        client = Client()
        client.force_login(User.objects.get(username=owner))
        for _, url in urls:
            if url.endswith((".pdf", ".docx", ".xlsx", ".ics", ".jpg", ".txt", ".json")):
                continue
            for form in forms_on(client, url):
                by_path.setdefault(path_of(form.action), form)
    _FORMS[side.name] = by_path
    return by_path


def outcome(response: Any) -> str:
    status = response.status_code
    login = reverse(settings.LOGIN_URL)
    if status in (301, 302, 303) and response["Location"].startswith(login):
        return "login"
    if status in (403, 404, 405):
        return "refused"
    return f"answered {status}"


def request(client: Client, method: str, url: str, data: dict[str, Any]) -> str:
    try:
        if method == "GET":
            return outcome(client.get(url))
        return outcome(client.post(url, fresh_files(data)))
    except Exception as e:  # the test client re-raises what would be a 500
        return f"500 {type(e).__name__}: {e}"[:200]


# What a role may reach of the other side, by URL name and method, with the reason. Every
# other request of ATTACKS must be refused. "*" = both methods.
ALLOWED: dict[tuple[str, str, str], str] = {}
# Writes a role may make on the other side's objects (none: a write here is a hole).
ALLOWED_WRITES: dict[tuple[str, str, str], str] = {}


def expected(role: str, name: str, method: str) -> str | None:
    for key in ((role, name, method), (role, name, "*")):
        if key in ALLOWED:
            return ALLOWED[key]
    return None


@pytest.mark.parametrize(("username", "side_name"), ATTACKS)
def test_every_url_refuses_the_other_side_and_writes_nothing(
    sides: dict[str, Side], words: Any, username: str | None, side_name: str
) -> None:
    side = sides[side_name]
    urls = attacked(words, side)
    forms = owners_forms(side, urls)
    role = role_of(username)
    client = signed_in(username)
    token = csrf_token(client)
    problems, allowed, refused = [], 0, 0
    for pattern, url in urls:
        for method in ("GET", "POST"):
            data = form_data(forms.get(path_of(url)), token) if method == "POST" else {}
            before = Snapshot.take()
            answer = request(client, method, url, data)
            changes = before.changes(Snapshot.take())
            reason = expected(role, pattern.name, method)
            ok = answer == ("login" if role == "anonymous" else "refused") or (
                reason is not None and not answer.startswith("500")
            )
            if role == "anonymous" and answer == "refused":
                ok = True  # a 405 or 404 before the login check: still nothing for them
            writes_ok = not changes or (role, pattern.name, method) in ALLOWED_WRITES
            if ok and writes_ok:
                allowed += reason is not None
                refused += reason is None
                continue
            problems.append(
                f"{method} {url} [{pattern.name}] as {username or 'anonymous'}: {answer}"
                + (f"; ghi: {', '.join(changes)[:300]}" if changes else "")
            )
    print(f"{username}: {refused} refused, {allowed} allowed ({len(urls)} URLs x 2)")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
