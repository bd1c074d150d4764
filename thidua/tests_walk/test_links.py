"""Every link on every page works for every role: as each demo account, follow every
same-site link from the home page (GET only, a few pages of each kind) and find no 404, no
403 and no 500. A link a page shows to a user must work for that user."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.tests_walk.conftest import ROLES
from thidua.tests_walk.crawl import kind_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ROLES)
def test_every_link_works(crawled: Any, username: str) -> None:
    result = crawled(username)
    failures = [
        f"{v.status} {v.url} (shown on {v.shown_on}) {v.error}".strip() for v in result.failures
    ]
    kinds = {kind_of(url) for url in result.visits}
    print(f"{username}: {len(result.visits)} pages, {len(kinds)} kinds, {len(result.forms)} forms")
    assert not failures, "\n".join(failures)
