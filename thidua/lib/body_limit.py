"""Request bodies over ``settings.REQUEST_BODY_MAX_BYTES`` are refused (413) before they are read.

First in MIDDLEWARE, so nothing has touched the body yet:

- a Content-Length over the limit answers 413 at once; not one byte of the body is read;
- a streamed body (``Transfer-Encoding: chunked``, no Content-Length, which Django on its
  own would silently treat as empty) is read into a spooled temporary file (memory up to
  FILE_UPLOAD_MAX_MEMORY_SIZE, then disk) and refused as soon as it passes the limit —
  at most limit + one chunk is ever read; under the limit it is handed to Django with its
  length, as if it had been sent with one.

The reverse proxy should refuse earlier still (nginx ``client_max_body_size``, README).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

_CHUNK = 64 * 1024


def too_large_message() -> str:
    from thidua.lib.uploads import format_size

    return (
        f"Dữ liệu gửi lên vượt giới hạn {format_size(settings.REQUEST_BODY_MAX_BYTES)} cho một "
        "lần gửi. Hãy gửi tệp nhỏ hơn hoặc chia thành nhiều lần."
    )


def _refuse(request: HttpRequest) -> HttpResponse:
    message = too_large_message()
    if request.path.startswith("/api/"):  # the REST API answers JSON, never a page
        response: HttpResponse = JsonResponse(
            {"detail": message, "field": ""}, status=413, json_dumps_params={"ensure_ascii": False}
        )
    else:
        # A bare template: no session or user is known yet at this point.
        response = HttpResponse(
            loader.render_to_string(
                "413.html", {"message": message, "SITE_NAME": settings.SITE_NAME}
            ),
            status=413,
        )
    # No "Connection: close" here: WSGI forbids hop-by-hop headers from the application;
    # gunicorn's sync workers close every connection after the response anyway.
    return response


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.strip():
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                return HttpResponse(
                    "Độ dài dữ liệu gửi lên không hợp lệ.",
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            if length > limit:
                return _refuse(request)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            stream = request.META.get("wsgi.input")
            if stream is not None and not self._buffer(request, stream, limit):
                return _refuse(request)
        return self.get_response(request)

    @staticmethod
    def _buffer(request: HttpRequest, stream, limit: int) -> bool:  # noqa: ANN001
        # Not a with-block: on success the spool lives on as the request's body stream.
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        size = 0
        while True:
            chunk = stream.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                spool.close()
                return False
            spool.write(chunk)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)  # type: ignore[attr-defined]
        request._read_started = False  # type: ignore[attr-defined]
        return True
