"""The database not answering is a Vietnamese 503 page (JSON under /api/), not a traceback."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection


def _refuse(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("path", ["/", "/don-vi/", "/phong-trao/"])
def test_a_page_with_the_database_down_answers_503_in_vietnamese(login, path: str) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Cơ sở dữ liệu tạm thời không trả lời" in text
    assert "Traceback" not in text and "OperationalError" not in text
    # and once the database answers again, the same client is served
    assert client.get(path).status_code == 200


def test_the_api_with_the_database_down_answers_json(login) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):
        response = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer nothing")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Cơ sở dữ liệu tạm thời không trả lời")


def test_any_other_error_is_still_the_500_page(login) -> None:  # type: ignore[no-untyped-def]
    def fail(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError

    client = login("office")
    client.raise_request_exception = False
    with connection.execute_wrapper(fail):
        response = client.get("/")
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()
