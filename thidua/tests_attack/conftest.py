"""The attack suite's fixtures: the walking tests' demo district (loaded once for the
package, inside a transaction rolled back at the end), the two sides' objects, and
sessions kept in the cache, so that a request that changes nothing writes no row at all
(the session table would otherwise take a row per sign-in and per message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from thidua.tests_attack.world import Side, build_sides
from thidua.tests_walk.conftest import client_as, demo_district

__all__ = ["client_as", "demo_district"]

# The non-id parts of a URL (a kind of fact, a table, a form…), one real value each.
WORDS: dict[str, dict[str, str]] = {
    "campaigns:plan-document": {"fmt": "docx"},
    "awards:draft": {"name": "to-trinh.docx"},
    "awards:certificate-layout": {"form_key": "giay_khen_chu_tich_huyen"},
    "awards:certificate-test": {"form_key": "giay_khen_chu_tich_huyen"},
    "law:add": {"table": "he-so"},
    "documents:template": {"kind": "to-trinh"},
    "documents:template-product": {"kind": "to-trinh"},
    "documents:template-current": {"kind": "to-trinh"},
    "documents:template-reset": {"kind": "to-trinh"},
    "imports:template": {"kind": "par"},
    "desks:gaps": {"slug": "xep-loai"},
    "desks:gaps-xlsx": {"slug": "xep-loai"},
}


@pytest.fixture(autouse=True)
def _sessions_in_cache(settings: Any) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


@pytest.fixture(scope="package")
def sides(demo_district: dict[str, Any], django_db_blocker: Any) -> dict[str, Side]:
    with (
        django_db_blocker.unblock(),
        override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache"),
    ):
        sides = build_sides(demo_district)
        # The objects the demo lacks (and the walk's pipeline) were made after the demo
        # stored its evaluations: store them again, so that a results page an attacker
        # opens reads them and writes nothing (a stale one would be recomputed in the
        # request by the tests' immediate task backend).
        from thidua.campaigns.evaluations import compute_all

        compute_all()
        return sides


@pytest.fixture
def words() -> dict[str, dict[str, str]]:
    return WORDS
