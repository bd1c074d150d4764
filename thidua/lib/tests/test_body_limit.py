"""The request body is limited before it is read (issue 12 item 6).

The requests go through Django's real WSGI handler with a body that is produced as it is
read and counts what was read, as a server hands a socket's stream to the application."""

from __future__ import annotations

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler

MIB = 1024 * 1024


class Endless(io.RawIOBase):
    """``size`` bytes of a multipart-looking body, generated as they are read."""

    def __init__(self, size: int, prefix: bytes = b"") -> None:
        self.size, self.prefix, self.consumed = size, prefix, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.consumed
        n = left if n is None or n < 0 else min(n, left)
        start = self.consumed
        self.consumed += n
        head = self.prefix[start : start + n]
        return head + b"x" * (n - len(head))

    def readline(self, limit: int = -1) -> bytes:  # type: ignore[override]
        return self.read(limit if limit and limit > 0 else 64 * 1024)


def call(path: str, stream: Endless, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": stream,
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "multipart/form-data; boundary=b",
        **headers,
    }
    seen: dict[str, object] = {}

    def start_response(status: str, response_headers, exc_info=None):  # type: ignore[no-untyped-def]
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    body = b"".join(WSGIHandler()(environ, start_response))
    return seen["status"], seen["headers"], body.decode()


@pytest.mark.django_db
def test_a_200_mib_body_is_refused_without_reading_a_byte() -> None:
    stream = Endless(200 * MIB)
    status, headers, body = call("/ho-so/1/tep/", stream, {"CONTENT_LENGTH": str(200 * MIB)})
    assert status == 413 and stream.consumed == 0
    assert "Dữ liệu gửi lên quá lớn" in body and "vượt giới hạn 51 MB" in body
    assert "Connection" not in headers  # hop-by-hop: WSGI servers refuse it from an app


@pytest.mark.django_db
def test_a_streamed_200_mib_body_is_refused_once_past_the_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REQUEST_BODY_MAX_BYTES = 3 * MIB
    stream = Endless(200 * MIB)
    status, _, body = call("/ho-so/1/tep/", stream, {"HTTP_TRANSFER_ENCODING": "chunked"})
    assert status == 413 and "vượt giới hạn 3 MB" in body
    assert 3 * MIB < stream.consumed <= 3 * MIB + 64 * 1024


@pytest.mark.django_db
def test_the_api_answers_json() -> None:
    stream = Endless(200 * MIB)
    status, headers, body = call("/api/v1/x", stream, {"CONTENT_LENGTH": str(200 * MIB)})
    assert status == 413 and headers["Content-Type"] == "application/json"
    assert "vượt giới hạn" in body and stream.consumed == 0


def test_a_body_under_the_limit_and_a_streamed_one_reach_the_view(rf, settings) -> None:  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    from thidua.lib.body_limit import BodyLimitMiddleware

    settings.REQUEST_BODY_MAX_BYTES = 1 * MIB
    form = b"ten=Nguy%E1%BB%85n+V%C4%83n+A"

    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse(request.POST["ten"])

    middleware = BodyLimitMiddleware(view)
    request = rf.post("/", form, content_type="application/x-www-form-urlencoded")
    assert middleware(request).content.decode() == "Nguyễn Văn A"

    streamed = rf.generic(
        "POST", "/", b"-", content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
    )  # fmt: skip
    streamed.META.pop("CONTENT_LENGTH")  # as a server hands on a chunked body
    streamed.META["wsgi.input"] = io.BytesIO(form)
    response = middleware(streamed)
    assert response.status_code == 200 and response.content.decode() == "Nguyễn Văn A"


def test_a_nonsense_content_length_is_400(rf) -> None:  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    from thidua.lib.body_limit import BodyLimitMiddleware

    request = rf.post("/", {})
    request.META["CONTENT_LENGTH"] = "-5"
    response = BodyLimitMiddleware(lambda r: HttpResponse("ok"))(request)
    assert response.status_code == 400 and "Độ dài" in response.content.decode()


def test_django_spools_big_files_to_disk_and_caps_form_fields(settings) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings as live

    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * MIB
    assert live.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MIB
    assert live.REQUEST_BODY_MAX_BYTES >= live.IMPORT_MAX_BYTES >= live.UPLOAD_MAX_BYTES
    assert live.MIDDLEWARE[0] == "thidua.lib.body_limit.BodyLimitMiddleware"
