"""notify(): the one way a message reaches accounts — a Notification row each (the bell and
the list) and, for each recipient who has an address and has not turned that kind off, a
Mail row the worker sends (tasks.send_mail), queued once the transaction commits.

No e-mail is ever sent in the request: the web process only writes rows and queues tasks.
`quiet()` (the demo) writes the in-app notifications and queues no e-mail.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from thidua.campaigns.access import serving_accounts
from thidua.campaigns.models import Campaign
from thidua.notifications.models import Kind, Mail, MailOptOut, Notification
from thidua.org.models import Unit, User

_mail_on: contextvars.ContextVar[bool] = contextvars.ContextVar("notify_mail", default=True)


@contextmanager
def quiet() -> Iterator[None]:
    """Notifications in the app only, no e-mail queued (the demo's seeded events)."""
    token = _mail_on.set(False)
    try:
        yield
    finally:
        _mail_on.reset(token)


def mail_on() -> bool:
    return _mail_on.get()


def _of_issuer(
    users: QuerySet[User], campaign: Campaign | None, on: dt.date | None
) -> QuerySet[User]:
    """The accounts of the campaign's issuer (xã Ân Mỹ's office is not told of the ended
    district's work, nor the district's of the commune's)."""
    return serving_accounts(users, campaign, on or timezone.localdate())


def office_accounts(campaign: Campaign | None = None, on: dt.date | None = None) -> QuerySet[User]:
    """The office's active accounts (of `campaign`'s issuer when given)."""
    users = User.objects.filter(role=User.Role.OFFICE, is_active=True)
    return _of_issuer(users, campaign, on)


def leader_accounts(campaign: Campaign | None = None, on: dt.date | None = None) -> QuerySet[User]:
    users = User.objects.filter(role=User.Role.LEADER, is_active=True)
    return _of_issuer(users, campaign, on)


def unit_accounts(units: Iterable[Unit | int]) -> QuerySet[User]:
    """The active accounts of exactly these units (not of the units above or below)."""
    ids = [u if isinstance(u, int) else u.pk for u in units]
    return User.objects.filter(role=User.Role.UNIT, unit_id__in=ids, is_active=True)


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def mail_text(user: User, title: str, body: str, url: str) -> tuple[str, str]:
    """The e-mail's Vietnamese subject and body: the message, the absolute link, signed."""
    lines = [f"Kính gửi {user.full_name or user.username},", "", title]
    if body:
        lines += ["", body]
    if url:
        lines += ["", f"Xem và xử lý tại: {absolute(url)}"]
    lines += [
        "",
        "Trân trọng,",
        settings.SITE_NAME,
        "",
        "Thư này do hệ thống gửi tự động, xin đừng trả lời. Chọn loại thư muốn nhận tại: "
        + absolute("/tai-khoan/thong-bao/"),
    ]
    return f"[{settings.SITE_NAME}] {title}"[:300], "\n".join(lines)


def notify(
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    *,
    exclude: User | int | None = None,
    mail: bool | None = None,
) -> list[Notification]:
    """Write one notification per active recipient (once each, `exclude` left out: the
    person who acted) and queue their e-mails; returns the notifications."""
    excluded = exclude.pk if isinstance(exclude, User) else exclude
    users: dict[int, User] = {}
    for user in recipients:
        if user.is_active and user.pk != excluded:
            users.setdefault(user.pk, user)
    if not users:
        return []
    title = " ".join(title.split())[:300]
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(user=u, kind=kind, title=title, body=body, url=url)
                for u in users.values()
            ]
        )
        if mail is None:
            mail = mail_on()
        if mail:
            _queue_mail(users, rows, kind, title, body, url)
    return rows


def _queue_mail(
    users: dict[int, User],
    rows: list[Notification],
    kind: str,
    title: str,
    body: str,
    url: str,
) -> None:
    from thidua.notifications import tasks

    off = set(
        MailOptOut.objects.filter(user_id__in=list(users), kind=kind).values_list(
            "user_id", flat=True
        )
    )
    mails = []
    for user, row in zip(users.values(), rows, strict=True):
        if not user.email or user.pk in off:
            continue
        subject, text = mail_text(user, title, body, url)
        mails.append(
            Mail(
                user=user,
                notification=row,
                kind=kind,
                address=user.email,
                subject=subject,
                body=text,
            )
        )
    for m in Mail.objects.bulk_create(mails):
        transaction.on_commit(lambda pk=m.pk: tasks.send_mail.enqueue(pk))


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def wants(user: User) -> dict[str, bool]:
    """Kind → whether `user` gets e-mails of it (default: yes)."""
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return {k: k not in off for k in Kind.values}


__all__ = ["Kind", "notify", "quiet", "unread_count", "wants"]
