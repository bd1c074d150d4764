"""The API (django-ninja, /api/v1/) under fuzz: every endpoint of the resolver with a token of
each role and scope — query strings and bodies of hostile values (1,000 levels of JSON,
1e1000000, 10,000 digits, 60,000 characters, NUL, wrong types, arrays for objects, missing
and extra fields) — never answers 500 and every error is the API's JSON shape
{"detail": …, "field": …}; nothing is written by a refused body; ids of another unit are
404 to a unit's token; the session cookie alone opens nothing."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from thidua.api.models import ApiToken
from thidua.org.models import User
from thidua.tests_attack.world import Pattern, Side, Snapshot, patterns

pytestmark = pytest.mark.django_db

PERSONAS = ("quantri", "noivu", "donvi1", "hoidong1", "chutich", "vanphong", "donvixa")
FACT_SLUGS = {
    "par-results": "chi-so-cchc",
    "ratings": "xep-loai",
    "disciplines": "ky-luat",
    "reviews": "xem-xet",
    "awards": "khen-thuong",
    "initiatives": "sang-kien",
    "attestations": "xac-nhan",
}
DEEP = "[" * 1000 + "]" * 1000
HUGE = "9" * 10_000
VALUES = ("1e1000000", HUGE, "x" * 60_000, "a\x00b", "-1", "[]", "{}", "١٢٣", "2024-13-45")
QUERY_KEYS = ("year", "unit", "limit", "offset", "updated_since", "dry_run", "state", "q")
BODIES = (
    DEEP,
    '{"rows": ' + DEEP + "}",
    '{"rows": [{"a": ' + "{" * 0 + '"b"}], "year": 1e1000000}',
    '{"year": ' + HUGE + ', "rows": [{}]}',
    '{"rows": [{"name": "' + "x" * 60_000 + '"}]}',
    '{"rows": [{"name": "a\\u0000b", "code": "X"}]}',
    '{"rows": "không phải danh sách"}',
    '{"rows": [[1, 2, 3]]}',
    '{"rows": [{"name": {"deep": [1, 2]}}]}',
    "[]",
    "{}",
    '{"year": 2024}',
    '{"rows": [{"name": "A"}], "them": 1}',
    '{"rows": [{"khong_co": "A"}]}',
    '{"rows": [' + ",".join(['{"name": "A"}'] * 20_000) + "]}",
    "{",
    "\x00",
    "1e1000000",
)


def url_of(pattern: Pattern, side: Side) -> str:
    ids = side.ids
    route = pattern.route
    head = route.split("/")[2] if route.count("/") >= 2 else ""
    values = {
        "unit_id": ids["unit"],
        "person_id": ids["person"],
        "campaign_id": ids["campaign"],
        "scheme_key": ids["scheme"],
        "dossier_id": ids["dossier"],
        "decision_id": ids["signed"],
        "fact_id": ids["facts"].get(FACT_SLUGS.get(head, ""), 1),
    }
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def api_patterns() -> list[Pattern]:
    return [p for p in patterns() if p.api and "openapi" not in p.name]


def check_json_error(response: Any, label: str) -> str | None:
    if response.status_code >= 500:
        return f"{label}: {response.status_code}"
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"{label}: {response.status_code} không phải JSON"
    # {"detail", "field"}; a refused bulk write is its report with "detail" and "errors"
    shape = {"detail", "errors"} if isinstance(body, dict) and "errors" in body else None
    if not isinstance(body, dict) or not (shape or {"detail", "field"}) <= set(body):
        return f"{label}: {response.status_code} {str(body)[:120]}"
    return None


def _send(client: Client, method: str, url: str, label: str, **kwargs: Any) -> Any:
    try:
        return client.generic(method, url, **kwargs)
    except Exception as e:  # the test client re-raises what would be a 500
        return type("Failed", (), {"status_code": 500, "content": str(e).encode()})()


@pytest.fixture
def tokens(sides: dict[str, Side]) -> dict[tuple[str, str], str]:
    return {
        (username, scope): ApiToken.issue(
            user=User.objects.get(username=username), name=f"Thử {scope}", scope=scope
        )[1]
        for username in PERSONAS
        for scope in ("read", "write")
    }


@pytest.mark.parametrize("username", PERSONAS)
def test_every_endpoint_under_fuzz_answers_json_never_500(
    sides: dict[str, Side], tokens: dict[tuple[str, str], str], username: str, settings: Any
) -> None:
    settings.API_RATE_READ = settings.API_RATE_WRITE = 1_000_000
    cache.clear()
    side = sides["commune" if username in ("donvi1",) else "district"]
    problems = []
    for scope in ("read", "write"):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[username, scope]}"}
        client = Client()
        client.get("/api/v1/units", **headers)  # the token's last use is written once
        for pattern in api_patterns():
            url = url_of(pattern, side)
            method = "POST" if url.endswith("/bulk") else "GET"
            if method == "GET":
                for value in VALUES:
                    query = "&".join(f"{k}={value[:10_000]}" for k in QUERY_KEYS)
                    response = _send(client, "GET", f"{url}?{query}", url, **headers)
                    problems.append(check_json_error(response, f"GET {url} {value[:12]!r}"))
                continue
            for body in BODIES:
                before = Snapshot.take()
                response = _send(
                    client, "POST", url, url, data=body, content_type="application/json", **headers
                )
                label = f"POST {url} ({scope}) {body[:30]!r}"
                problems.append(check_json_error(response, label))
                if response.status_code < 400:
                    problems.append(f"{label}: accepted {response.status_code}")
                if changes := before.changes(Snapshot.take()):
                    problems.append(f"{label}: ghi {changes[:3]}")
    problems = [p for p in problems if p]
    assert not problems, f"{len(problems)}:\n" + "\n".join(problems[:60])


def test_a_units_token_gets_404_for_another_units_ids(
    sides: dict[str, Side], tokens: dict[tuple[str, str], str], settings: Any
) -> None:
    settings.API_RATE_READ = 1_000_000
    cache.clear()
    problems = []
    for username, other in (("donvi1", "commune"), ("donvixa", "district")):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[username, 'write']}"}
        for pattern in api_patterns():
            if not pattern.kwargs or pattern.name.endswith("results"):
                continue
            url = url_of(pattern, sides[other])
            if "/campaigns/" in url:  # issued campaigns are every unit's (not a unit's own)
                continue
            response = Client().get(url, **headers)
            if response.status_code != 404 or check_json_error(response, url):
                problems.append(f"{username} GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_the_session_cookie_alone_opens_no_endpoint(sides: dict[str, Side]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="quantri"))
    problems = []
    for pattern in api_patterns():
        if pattern.name == "api:api-root":  # no endpoint: a JSON 404 to everyone
            continue
        url = url_of(pattern, sides["district"])
        method = "POST" if url.endswith("/bulk") else "GET"
        response = client.generic(
            method, url, data='{"rows": [{}]}', content_type="application/json"
        )
        if response.status_code != 401 or check_json_error(response, url):
            problems.append(f"{method} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
