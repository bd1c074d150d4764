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
    ("chutichxa", "district"),
)
# Not attacked here: one's own session (sign in and out, one's own password, the second
# factor's code page — it only ever redirects a session not waiting for a code; the accounts
# tests cover them) and the API (test_api_fuzz.py, bearer tokens, no cookies).
NOT_ATTACKED = {"login", "logout", "password-change", "otp-verify"}

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
# other request of ATTACKS must be refused. "*" = both methods: a read page answers a POST
# as it answers a GET (it reads nothing of the body and writes nothing).
ALLOWED: dict[tuple[str, str, str], str] = {}


def _allow(who: tuple[str, ...], names: str, method: str, reason: str) -> None:
    for role in who:
        for name in names.split():
            ALLOWED[role, name, method] = reason


SIGNED_IN = ("unit", "council", "leader")
READERS = ("council", "leader")
_allow(
    ("anonymous", *SIGNED_IN),
    "portal:honor-board portal:feed portal:example portal:photo portal:comment",
    "*",
    "the public portal: published items only; a comment form refused after its window "
    "(or its honeypot) writes nothing",
)
_allow(
    SIGNED_IN,
    "home org:unit-list org:unit-list-xlsx org:person-list org:person-list-xlsx "
    "scoring:par-ranking scoring:par-ranking-xlsx scoring:fact-index scoring:fact-list "
    "scoring:fact-list-xlsx campaigns:list campaigns:list-xlsx campaigns:results-first "
    "campaigns:results campaigns:evaluation-status campaigns:export campaigns:export-scheme "
    "awards:register "
    "awards:register-xlsx awards:unit-decisions awards:unit-decisions-xlsx notifications:list "
    "notifications:list-xlsx notifications:preferences reports:dashboard reports:dashboard-xlsx",
    "*",
    "the user's own desk, lists, results and exports: rows through the access helpers (a unit "
    "sees its subtree only; the ids in the URL are not read)",
)
_allow(
    ("unit",),
    "org:person-create scoring:fact-create campaigns:register",
    "*",
    "the unit's own forms: the other unit's units and people are not among the choices, so "
    "the posted ids are refused by the form (200 with the error)",
)
_allow(
    ("unit",),
    "awards:unit-dossier",
    "*",
    "opens the dossier of the user's own unit (never of the unit the form came from)",
)
_allow(
    ("unit",),
    "documents:templates documents:template documents:template-product "
    "documents:template-current documents:template-reset",
    "*",
    "the unit's own Tờ trình template (store.scope_of: the user's unit, whatever is posted)",
)
_allow(("unit", *READERS), "notifications:mark-all-read", "POST", "the user's own notifications")
_allow(
    ("donvi2",),
    "awards:unit-decision-docx awards:unit-decision-pdf",
    "*",
    "Quyết định 2150 honours thị trấn Hòa Phong too (awards.access.honouring_decisions)",
)
_allow(
    ("donvi1", *READERS),
    "campaigns:detail campaigns:calendar campaigns:calendar-ics campaigns:plan-document",
    "*",
    "an issued campaign is read by every account (campaigns.access.visible_campaigns)",
)
_allow(
    READERS,
    "org:unit-detail org:person-detail scoring:unit-record scoring:person-record "
    "scoring:evidence-download awards:attachment awards:campaign-dossiers "
    "awards:campaign-dossiers-xlsx awards:dossier awards:dossier-xlsx awards:draft "
    "awards:council awards:council-xlsx awards:composition awards:revocations "
    "awards:revocations-xlsx awards:revocation awards:unit-decision-docx "
    "awards:unit-decision-pdf campaigns:registrations campaigns:registrations-export "
    "campaigns:registration-document campaigns:what-if law:index",
    "*",
    "council members and leaders read every unit (User.sees_everything); the what-if is a "
    "sandbox that stores nothing; a page with a form refuses their POST without writing",
)
_allow(
    ("leader",),
    "awards:certificate-layouts awards:certificate-layout awards:certificate-test "
    "awards:certificates awards:certificates-blank awards:decision awards:decision-document "
    "awards:decision-pdf awards:decision-xlsx awards:fund awards:fund-xlsx awards:minutes "
    "awards:payment-list awards:payment-list-docx awards:payment-list-xlsx awards:session "
    "awards:session-xlsx reports:statistics-xlsx reports:summary-report",
    "*",
    "leaders read every award chain (awards.access.reads_chain) and the fund, and print",
)
_allow(
    READERS,
    "awards:move awards:decision-draft awards:key-in awards:key-in-written awards:vote "
    "awards:session-agenda awards:session-attendance awards:session-cancel "
    "awards:session-close awards:session-edit awards:session-postpone awards:revocation-sign",
    "POST",
    "refused by the service (the move, the ballot, the session, the decision): back to the "
    "page with its Vietnamese message, 302, nothing written",
)
# Writes a role may make while attacking: its own data only, whatever the form carried.
ALLOWED_WRITES: dict[tuple[str, str, str], str] = {
    ("unit", "awards:unit-dossier", "POST"): "opens the unit's own dossier",
    ("unit", "documents:template-reset", "POST"): "the audit entry of its own template's reset",
    **{
        (role, "notifications:mark-all-read", "POST"): "its own notifications read"
        for role in ("unit", *READERS)
    },
    **{
        (role, "notifications:preferences", "POST"): "its own e-mail choices"
        for role in ("unit", *READERS)
    },
}


def expected(username: str | None, role: str, name: str, method: str) -> str | None:
    keys = [(who, name, m) for who in (username or "", role) for m in (method, "*")]
    for key in keys:
        if key in ALLOWED:
            return ALLOWED[key]
    return None


def attack(
    sides: dict[str, Side],
    words: Any,
    username: str | None,
    side_name: str,
    methods: tuple[str, ...],
) -> tuple[list[str], int, int, int]:
    """Every URL of ``side_name`` as ``username``: (problems, refused, allowed, URLs)."""
    side = sides[side_name]
    urls = attacked(words, side)
    forms = owners_forms(side, urls)
    role = role_of(username)
    client = signed_in(username)
    token = csrf_token(client)
    problems, allowed, refused = [], 0, 0
    for pattern, url in urls:
        for method in methods:
            data = form_data(forms.get(path_of(url)), token) if method == "POST" else {}
            before = Snapshot.take()
            answer = request(client, method, url, data)
            changes = before.changes(Snapshot.take())
            reason = expected(username, role, pattern.name, method)
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
    return problems, refused, allowed, len(urls)


@pytest.mark.parametrize(("username", "side_name"), ATTACKS)
def test_every_url_refuses_the_other_side_and_writes_nothing(
    sides: dict[str, Side], words: Any, username: str | None, side_name: str
) -> None:
    problems, refused, allowed, count = attack(sides, words, username, side_name, ("GET", "POST"))
    print(f"{username}: {refused} refused, {allowed} allowed ({count} URLs x 2)")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.xfail(
    strict=True,
    reason="design, not yet decided: an office account sees and changes every unit "
    "(User.is_office, ARCHITECTURE Permissions), so xã Ân Mỹ's office edits and deletes the "
    "district's people and facts, changes its campaigns, sessions, publications and imports "
    "(and the district's ended office the commune's). Scoping offices to the body they serve "
    "(campaigns.access.served_units) would make this pass; strict: it then must be un-marked.",
)
def test_an_office_writes_nothing_of_another_body(sides: dict[str, Side], words: Any) -> None:
    problems = [
        p
        for p in attack(sides, words, "vanphong", "district", ("POST",))[0]
        if "; ghi: " in p  # reads are the office's by design; writes are the question
    ]
    assert not problems, f"{len(problems)} writes:\n" + "\n".join(problems)
