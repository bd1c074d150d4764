"""Bearer tokens and per-token rate limits for the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from thidua.api.models import ApiToken

# last_used_at is written at most this often per token (not on every request).
USE_RECORD_EVERY = dt.timedelta(minutes=1)


class ReadOnlyToken(Exception):
    """A read token asked for a write endpoint (403)."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer thd_…`: the token's account becomes request.user, so every
    queryset goes through the apps' access helpers with that account's role and units."""

    def __init__(self, *, write: bool = False) -> None:
        super().__init__()
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.find(token.strip())
        if found is None:
            return None
        if self.write and not found.writes:
            raise ReadOnlyToken
        request.user = found.user
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > USE_RECORD_EVERY:
            # Bookkeeping, not a change of the token: no audit entry (update() sends none).
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


class TokenThrottle(SimpleRateThrottle):
    """N requests a minute per token, N from settings (API_RATE_READ / API_RATE_WRITE),
    counted in the Django cache; over it, 429 with Retry-After."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.scope = setting.lower()
        super().__init__(self._rate())

    def _rate(self) -> str:
        return f"{int(getattr(settings, self.setting))}/m"

    def allow_request(self, request: HttpRequest) -> bool:
        # Read the limit each time: a changed setting applies without a restart of the class.
        self.rate = self._rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token: Any = getattr(request, "auth", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


read_auth = TokenAuth()
write_auth = TokenAuth(write=True)
