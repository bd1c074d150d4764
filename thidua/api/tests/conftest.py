"""API personas: a token per persona of thidua/conftest.py, and a client that sends it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from thidua.api.models import ApiToken
from thidua.org.models import User


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class ApiClient:
    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any, **kwargs: Any) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers, **kwargs
        )


@pytest.fixture
def token(accounts: dict[str, User]) -> Callable[..., tuple[ApiToken, str]]:
    def make(persona: str, scope: str = "write") -> tuple[ApiToken, str]:
        return ApiToken.issue(user=accounts[persona], name=f"Thử {persona}", scope=scope)

    return make


@pytest.fixture
def api(token: Callable[..., tuple[ApiToken, str]]) -> Callable[..., ApiClient]:
    """api("unit_a") -> a client sending a fresh write token of that persona."""

    def make(persona: str | None, scope: str = "write") -> ApiClient:
        return ApiClient(token(persona, scope)[1] if persona else None)

    return make
