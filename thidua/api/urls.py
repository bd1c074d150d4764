from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path

from thidua.api import views
from thidua.api.main import api

app_name = "api-tokens"

urlpatterns = [
    path("tai-khoan/ma-api/", views.token_list, name="list"),
    path("tai-khoan/ma-api/them/", views.token_create, name="create"),
    path("tai-khoan/ma-api/<int:pk>/thu-hoi/", views.token_revoke, name="revoke"),
]

NOT_ALLOWED = "Địa chỉ này không nhận phương thức {method} (chỉ nhận: {allowed})."


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method a path does not take with a plain-text 405: JSON here too."""

    @wraps(view)  # keeps csrf_exempt: the API takes bearer tokens, not cookies
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        json = JsonResponse(
            {"detail": NOT_ALLOWED.format(method=request.method, allowed=allowed), "field": ""},
            status=405,
            json_dumps_params={"ensure_ascii": False},
        )
        json["Allow"] = allowed
        return json

    return answer


patterns, api_app, api_namespace = api.urls
for pattern in patterns:
    if getattr(pattern, "name", "") == "api-root":
        # ninja's root raises Http404, which became the site's HTML page: JSON here too
        # (the pattern stays, ninja reverses it to find the API's prefix).
        pattern.callback = lambda request, **kwargs: views.api_not_found(request)  # type: ignore[attr-defined]
    else:
        pattern.callback = _json_405(pattern.callback)  # type: ignore[attr-defined]

# The API's own URLs (outside the app namespace above: ninja names them "api:…"), then a
# JSON 404 for any other path under /api/ rather than the site's HTML page.
api_urlpatterns = [
    path("api/v1/", (patterns, api_app, api_namespace)),
    re_path(r"^api/", views.api_not_found),
]
