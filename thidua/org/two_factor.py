"""The optional second factor of office and administrator accounts: a time-based code
(TOTP, RFC 6238) from an authenticator app, by django-otp.

An account turns it on itself (the key shown once, as a QR code and as text, confirmed by a
first code), and off with a current code; an administrator removes it for someone who lost
the phone. After the password, a sign-in of an account that has it waits on the code page
(`SecondFactorMiddleware`) until the code is right; django-otp slows repeated wrong codes.
Every step enters the audit trail (`security.record`)."""

from __future__ import annotations

import io
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.org import access, security
from thidua.org.models import User

ENABLED = "Bật xác thực hai bước"
DISABLED = "Tắt xác thực hai bước"
REMOVED = "Gỡ xác thực hai bước (quản trị viên)"
CODE_OK = "Nhập đúng mã xác thực"
CODE_WRONG = "Nhập sai mã xác thực"

PENDING = "thidua_otp_pending"  # session key: the password was right, the code is awaited
DEVICE_NAME = "Ứng dụng xác thực"

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."
THROTTLED = "Nhập sai mã quá nhiều lần: hãy chờ {seconds} giây rồi thử lại."


def may_use(user: Any) -> bool:
    """The second factor is offered to the office's and the administrators' accounts."""
    return bool(getattr(user, "is_authenticated", False) and user.is_office)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _pending_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def _clean_code(text: str) -> str:
    """What a person types: "123 456", "123-456" → "123456"; anything else is not a code."""
    code = "".join(ch for ch in (text or "")[:20] if ch not in " -")
    return code if code.isdigit() and len(code) == 6 else ""


def check_code(device: TOTPDevice, text: str) -> str | None:
    """None when the code is right, else the Vietnamese reason (django-otp's throttle
    counts the failures and makes the wait grow)."""
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        wait = (detail or {}).get("locked_until")
        seconds = 1
        if wait is not None:
            seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1)
        return THROTTLED.format(seconds=seconds)
    code = _clean_code(text)
    if code and device.verify_token(code):
        return None
    if not code:
        device.throttle_increment()
    return WRONG_CODE


@receiver(user_logged_in)
def _awaits_code(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A sign-in of an account with a confirmed device waits for its code (one query at
    sign-in, none per page)."""
    if not security.from_the_network(request) or not hasattr(request, "session"):
        return  # a script's or a test's force_login, not a sign-in
    if user_has_device(user, confirmed=True):
        request.session[PENDING] = True
    else:
        request.session.pop(PENDING, None)


ALLOWED_WHILE_PENDING = ("otp-verify", "logout")


class SecondFactorMiddleware:
    """Between the password and the code only the code page and signing out are open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(PENDING)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(n) for n in ALLOWED_WHILE_PENDING}
        ):
            target = reverse("otp-verify")
            if request.method == "GET":
                target += "?next=" + request.get_full_path()[:500]
            return redirect(target)
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _never_cached(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code page after the password."""
    if not request.session.get(PENDING):
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    if device is None:  # removed meanwhile by an administrator
        request.session.pop(PENDING, None)
        return redirect(_next_url(request))
    error = None
    if request.method == "POST":
        error = check_code(device, request.POST.get("code", ""))
        if error is None:
            otp_login(request, device)
            request.session.pop(PENDING, None)
            security.record(CODE_OK, request=request, user=request.user, actor=request.user)
            return redirect(_next_url(request))
        security.record(CODE_WRONG, request=request, user=request.user, actor=request.user)
    status = 400 if error else 200
    return _never_cached(
        render(
            request,
            "registration/otp_verify.html",
            {"error": error, "next": request.POST.get("next") or request.GET.get("next", "")},
            status=status,
        )
    )


def _require_may_use(request: HttpRequest) -> None:
    if not may_use(request.user):
        raise PermissionDenied(
            "Xác thực hai bước dành cho tài khoản của cơ quan thường trực và quản trị viên."
        )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """One's own second factor: off, being set up (the key to scan), or on."""
    _require_may_use(request)
    device = confirmed_device(request.user)
    pending = None if device else _pending_device(request.user)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "start" and device is None:
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
                pending = TOTPDevice.objects.create(
                    user=request.user, name=DEVICE_NAME, confirmed=False
                )
        elif action == "confirm" and pending is not None:
            error = check_code(pending, request.POST.get("code", ""))
            if error is None:
                with transaction.atomic():
                    pending.confirmed = True
                    pending.save()
                    security.record(ENABLED, request=request, user=request.user, actor=request.user)
                otp_login(request, pending)
                messages.success(
                    request, "Đã bật xác thực hai bước: lần đăng nhập sau sẽ hỏi mã xác thực."
                )
                return redirect("otp-settings")
        elif action == "cancel" and pending is not None:
            pending.delete()
            return redirect("otp-settings")
        elif action == "disable" and device is not None:
            error = check_code(device, request.POST.get("code", ""))
            if error is None:
                with transaction.atomic():
                    TOTPDevice.objects.filter(user=request.user).delete()
                    security.record(
                        DISABLED, request=request, user=request.user, actor=request.user
                    )
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("otp-settings")
        else:
            return redirect("otp-settings")
    context = {
        "device": device,
        "pending": pending,
        "secret": _grouped_secret(pending) if pending else "",
        "error": error,
    }
    return _never_cached(
        render(request, "org/two_factor.html", context, status=400 if error else 200)
    )


def _grouped_secret(device: TOTPDevice) -> str:
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def qr_code(request: HttpRequest) -> HttpResponse:
    """The key being set up as a QR code (SVG), for the authenticator app to scan; only its
    owner, only before it is confirmed."""
    _require_may_use(request)
    pending = _pending_device(request.user)
    if pending is None:
        return HttpResponse(status=404)
    out = io.BytesIO()
    segno.make(pending.config_url, error="m").save(out, kind="svg", scale=5, border=2)
    return _never_cached(HttpResponse(out.getvalue(), content_type="image/svg+xml"))


@login_required
@require_POST
def remove_for(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator removes someone's second factor (a lost phone); they sign in with
    the password alone until they turn it on again."""
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied("Chỉ quản trị viên được gỡ xác thực hai bước của tài khoản khác.")
    account = get_object_or_404(User, pk=pk)
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=account).delete()
        if removed:
            security.record(REMOVED, request=request, user=account, actor=request.user)
    if removed:
        messages.success(request, f"Đã gỡ xác thực hai bước của “{account.username}”.")
    else:
        messages.info(request, f"“{account.username}” chưa bật xác thực hai bước.")
    return redirect("org:account-edit", pk=account.pk)
