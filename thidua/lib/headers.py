"""Response headers every page gets: Permissions-Policy, and `Cache-Control: no-store` on
whatever a signed-in person sees and on every generated file (a shared computer or a proxy
must not keep a copy). The Content-Security-Policy comes from django-csp (settings)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def is_document(response: HttpResponse) -> bool:
    """A generated file sent for download (Word, Excel, PDF, calendar, uploaded evidence)."""
    return response.has_header("Content-Disposition")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        by_token = "HTTP_AUTHORIZATION" in request.META  # the REST API's callers
        if signed_in or by_token or is_document(response):
            add_never_cache_headers(response)
        return response
