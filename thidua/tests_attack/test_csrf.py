"""CSRF: every URL pattern posted by the signed-in owner of its objects — the office and the
unit, each with the form its own page shows — but without the CSRF token (or with a token
of another session) is refused with 403 and writes nothing. The API is the one exception:
it takes bearer tokens, never the session cookie (test_api_fuzz.py checks a cookie alone is
refused there)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from thidua.tests_attack.test_cross_access import attacked, owners_forms
from thidua.tests_attack.world import (
    Side,
    Snapshot,
    csrf_token,
    form_data,
    fresh_files,
    path_of,
    signed_in,
)

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any]) -> int | str:
    try:
        return client.post(url, fresh_files(data)).status_code
    except Exception as e:  # the test client re-raises what would be a 500
        return f"500 {type(e).__name__}"


@pytest.mark.parametrize("owner", ["noivu", "donvi1"])
def test_every_post_without_a_valid_token_is_refused(
    sides: dict[str, Side], words: Any, owner: str
) -> None:
    side = sides["district"]
    urls = attacked(words, side)
    forms = owners_forms(side, urls)
    client = signed_in(owner)
    stranger = csrf_token(signed_in(None))  # a real token, of another browser's session
    problems = []
    for pattern, url in urls:
        form = forms.get(path_of(url))
        for label, token in (("không có mã", None), ("mã của phiên khác", stranger)):
            data = form_data(form, token)
            before = Snapshot.take()
            status = _post(client, url, data)
            changes = before.changes(Snapshot.take())
            if status != 403 or changes:
                problems.append(f"POST {url} [{pattern.name}] {label}: {status} {changes}")
    assert not problems, "\n".join(problems)


def test_the_login_form_needs_its_token(demo_district: Any, db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "noivu", "password": "thidua@2026"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
