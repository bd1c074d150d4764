"""The answer to an uncaught exception (``handler500`` in thidua/urls.py).

When the database does not answer (PostgreSQL restarting, the network to it cut, SQLite
locked past its timeout) every request fails in whatever touches it first — the session,
the user, the view. Django turns each such exception into the handler's answer, so this
one place tells them apart: a database ``OperationalError``/``InterfaceError`` is a 503
with a Vietnamese page (JSON under /api/) and ``Retry-After``, anything else the 500 page.
Neither renders through a context processor or a session: both answer with the database
down. Django closes a connection that raised on the request's end and opens a new one on
the next, so the app recovers by itself once the database is back.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (
    "Cơ sở dữ liệu tạm thời không trả lời; yêu cầu có thể chưa được ghi lại. "
    "Hãy thử lại sau ít phút."
)


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": UNAVAILABLE, "field": ""},
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
