"""The client's address, as far as it can be trusted.

REMOTE_ADDR is the peer of the socket. X-Forwarded-For is a header anyone can send, so it
is read only when the peer is one of the reverse proxies named in settings.TRUSTED_PROXIES
(addresses or networks); the client is then the right-most address of the header that is not
itself a trusted proxy. Used by the login lockout (django-axes) and the audit trail."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:].split("]")[0]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: Any, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in n for n in networks)


def client_ip(request: HttpRequest) -> str | None:
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return str(peer) if peer is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[:2000]
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: stop at the last address a proxy vouched for
        if not _trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, with the address from `client_ip` (its own takes the
    first address of X-Forwarded-For, which the client writes)."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)
