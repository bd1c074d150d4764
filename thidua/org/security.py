"""Sign-in security: the lockout (django-axes), its page, the audit entries of logins,
failures, lockouts and unlocks, and the forced change of a temporary password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thidua.lib.clientip import client_ip

LOGIN_OK = "Đăng nhập"
LOGIN_FAILED = "Đăng nhập sai"
LOCKED_OUT = "Bị khóa đăng nhập"
UNLOCKED = "Mở khóa đăng nhập"
PASSWORD_CHANGED = "Tự đổi mật khẩu"
PASSWORD_RESET = "Đặt lại mật khẩu tạm thời"
UNKNOWN_ACCOUNT_PK = "0"  # entries about a username that is no account


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Đăng nhập tạm thời bị khóa vì nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau "
        f"{minutes} phút, hoặc liên hệ cơ quan thường trực để được mở khóa."
    )


def record(
    event: str,
    *,
    request: HttpRequest | None,
    user: Any = None,
    username: str = "",
    actor: Any = None,
    detail: str = "",
) -> LogEntry:
    """One entry of the audit trail about an account: who, when, from which address."""
    User = get_user_model()
    if user is None and username:
        user = User.objects.filter(username=username).first()
    changes = {"Sự kiện": ["", event]}
    address = client_ip(request) if request is not None else None
    if address:
        changes["Địa chỉ IP"] = ["", address]
    if detail:
        changes["Chi tiết"] = ["", detail]
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk) if user is not None else UNKNOWN_ACCOUNT_PK,
        object_id=user.pk if user is not None else None,
        object_repr=(str(user) if user is not None else (username or "(không rõ)"))[:200],
        action=LogEntry.Action.ACCESS,
        changes=changes,
        actor=actor if getattr(actor, "pk", None) else None,
        remote_addr=address,
        timestamp=timezone.now(),
    )


def from_the_network(request: HttpRequest | None) -> bool:
    """A sign-in through an HTTP request. The test client's login() and force_login() (and
    a script) open a session with a bare HttpRequest, which has no method: not a sign-in."""
    return request is not None and request.method is not None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if from_the_network(request):
        record(LOGIN_OK, request=request, user=user, actor=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if not from_the_network(request):
        return  # a script's authenticate(), not a sign-in
    username = str(credentials.get("username") or "")[:150]
    if getattr(request, "axes_locked_out", False):
        return  # the lockout entry says it
    record(LOGIN_FAILED, request=request, username=username)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    record(LOCKED_OUT, request=request, username=(username or "")[:150])


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password is tried, for every sign-in through a request.
    A call without a request (a test's client.login, a script) is not a sign-in from the
    network and is left to the next backend."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with the lockout said in Vietnamese (HTTP 429)."""
    form = AuthenticationForm(request)
    if credentials and credentials.get("username"):
        form.initial["username"] = credentials["username"]
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")},
        status=429,
    )


def locked_attempts() -> QuerySet[AccessAttempt]:
    """The sign-in records that lock an account or an address now."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts.order_by("-attempt_time")


# Forced change of a temporary password ----------------------------------------------

ALLOWED_WHILE_FORCED = ("password-change", "logout")


class ForcePasswordChangeMiddleware:
    """A user whose password an administrator set goes to the change page first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(n) for n in ALLOWED_WHILE_FORCED}
        ):
            return redirect("password-change")
        return self.get_response(request)
