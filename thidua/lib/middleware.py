"""Requests no browser sends when a person types: refused whole, before any view."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

NUL_MESSAGE = (
    "Nội dung gửi lên có ký tự điều khiển không hợp lệ (NUL); hãy gõ lại hoặc dán dạng văn "
    "bản thường."
)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    params = [request.GET]
    if request.method == "POST":
        params.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in v for v in values)
        for qd in params
        for key, values in qd.lists()
    )


class RefuseNulMiddleware:
    """A NUL in the path, a query or a form field answers 400 with a Vietnamese message:
    PostgreSQL cannot store it, and no view should have to think of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):  # the REST API answers JSON, never a page
                return JsonResponse(
                    {"detail": NUL_MESSAGE, "field": ""},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
        return self.get_response(request)
