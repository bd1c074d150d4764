"""The demo's notifications (issue 11): the award chain's events, made through the services
the screens use, leave their notifications in the app (the bell of donvi1, the office, the
council members…) and queue no e-mail; afterwards every demo account gets an example address
(<username>@hoaphong.example.vn) so the e-mail choices page shows one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from thidua.lib.audit import acting_as, bulk_update_logged
from thidua.notifications.services import quiet
from thidua.org.models import User

DOMAIN = "hoaphong.example.vn"
F = TypeVar("F", bound=Callable[..., Any])


def seeded(function: F) -> F:
    """Around a demo loader: its events notify in the app only; then the addresses."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with quiet():
            result = function(*args, **kwargs)
        give_addresses()
        return result

    return wrapper  # type: ignore[return-value]


def give_addresses() -> None:
    users = [*User.objects.filter(email="").order_by("pk")]
    for user in users:
        user.email = f"{user.username}@{DOMAIN}"
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    with acting_as(admin):
        bulk_update_logged(User, users, ["email"])
