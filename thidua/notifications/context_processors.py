from typing import Any

from django.http import HttpRequest

from thidua.notifications.models import Notification


def bell(request: HttpRequest) -> dict[str, Any]:
    """The header's unread count: one COUNT query per page, only for a signed-in user and
    only when the template reads it (a lazy value)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = Notification.objects.filter(  # type: ignore[attr-defined]
                user=user, read_at__isnull=True
            ).count()
        return request._unread_notifications  # type: ignore[attr-defined]

    return {"unread_notifications": count}
