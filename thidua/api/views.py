"""The administrator's page of API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.api.forms import TokenForm
from thidua.api.models import ApiToken
from thidua.org.access import can_manage_accounts


def _require_admin(request: HttpRequest) -> None:
    if not can_manage_accounts(request.user):
        raise PermissionDenied("Chỉ quản trị viên được quản lý mã API.")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    tokens = ApiToken.objects.select_related("user", "user__unit", "created_by")
    return render(request, "api/token_list.html", {"tokens": tokens})


@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            token, secret = ApiToken.issue(
                user=data["user"], name=data["name"], scope=data["scope"], created_by=request.user
            )
        # Shown in this answer only: never stored, never put in a redirect or a message.
        response = render(request, "api/token_created.html", {"token": token, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    token = get_object_or_404(ApiToken, pk=pk)
    if token.revoked_at is not None:
        messages.info(request, f"Mã API “{token.name}” đã bị thu hồi từ trước.")
    else:
        with transaction.atomic():
            token.revoke()
        messages.success(request, f"Đã thu hồi mã API “{token.name}”: mã này không dùng được nữa.")
    return redirect("api-tokens:list")


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any other path under /api/: JSON, like every answer of the API."""
    return JsonResponse(
        {"detail": "Không có địa chỉ này trong API (xem /api/v1/docs).", "field": ""},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
