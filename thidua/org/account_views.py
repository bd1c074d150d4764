"""Account security pages: one's own password, an administrator's reset, the lockouts."""

from __future__ import annotations

import secrets

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from thidua.lib import xlsx
from thidua.lib.xlsx import Column
from thidua.org import access, security
from thidua.org.forms import OwnPasswordForm
from thidua.org.models import User

LOCKOUT_COLUMNS = [
    Column("Tên đăng nhập", lambda a: a.username or ""),
    Column("Địa chỉ IP", lambda a: a.ip_address or ""),
    Column("Số lần sai", lambda a: a.failures_since_start),
    Column("Lần sai gần nhất", lambda a: a.attempt_time),
]


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.must_change_password = False
            user.save()
            security.record(
                security.PASSWORD_CHANGED, request=request, user=user, actor=request.user
            )
        update_session_auth_hash(request, user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("home")
    response = render(
        request,
        "org/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )
    add_never_cache_headers(response)
    return response


def _temporary_password() -> str:
    """12 characters of letters and digits with at least one of each (the rules refuse a
    numeric-only one)."""
    while True:
        word = secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word


@login_required
@require_POST
def account_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator gives an account a temporary password, shown once, which its
    owner must change at the next sign-in; the account's lockouts are lifted."""
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied("Chỉ quản trị viên được đặt lại mật khẩu.")
    account = get_object_or_404(User, pk=pk)
    if account.pk == request.user.pk:
        messages.error(request, "Mật khẩu của chính mình được đổi ở trang Đổi mật khẩu.")
        return redirect("password-change")
    temporary = _temporary_password()
    with transaction.atomic():
        account.set_password(temporary)
        account.must_change_password = True
        account.save()
        axes_reset(username=account.username)
        security.record(security.PASSWORD_RESET, request=request, user=account, actor=request.user)
    response = render(
        request, "org/account_reset_done.html", {"account": account, "temporary": temporary}
    )
    add_never_cache_headers(response)
    return response


def _require_unlocker(request: HttpRequest) -> None:
    if not access.can_unlock_logins(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được mở khóa đăng nhập.")


@login_required
def lockout_list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    _require_unlocker(request)
    attempts = security.locked_attempts()
    if xlsx_export:
        return xlsx.export(request, "Đăng nhập bị khóa", LOCKOUT_COLUMNS, attempts)
    accounts = dict(
        User.objects.filter(username__in=[a.username for a in attempts]).values_list(
            "username", "full_name"
        )
    )
    rows = [(a, accounts.get(a.username)) for a in attempts]
    return render(request, "org/lockout_list.html", {"rows": rows})


@login_required
@require_POST
def lockout_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _require_unlocker(request)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    with transaction.atomic():
        # Every record of the account, and of the address, goes: both locks are lifted.
        if attempt.username:
            axes_reset(username=attempt.username)
        if attempt.ip_address:
            axes_reset(ip=attempt.ip_address)
        security.record(
            security.UNLOCKED,
            request=request,
            username=attempt.username or "",
            actor=request.user,
            detail=f"địa chỉ {attempt.ip_address}" if attempt.ip_address else "",
        )
    who = attempt.username or attempt.ip_address
    messages.success(request, f"Đã mở khóa đăng nhập cho “{who}”.")
    return redirect("org:lockout-list")
