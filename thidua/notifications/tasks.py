"""The worker's side of notifications (django-tasks, run by `thidua worker`).

- `send_mail(mail_id)`: claims a queued (or failed, to retry) Mail row by a conditional
  update, sends it with Django's e-mail backend, and records sent or failed with the error.
  A failed send is queued again after MAIL_RETRY_MINUTES × attempts, up to
  MAIL_MAX_ATTEMPTS attempts in all; a row claimed by a worker that died while sending stays
  "đang gửi" (never sent twice).
- `scan_reminders()`: runs the reminder scan (reminders.scan) and queues itself again
  REMINDER_SCAN_MINUTES later, unless a scan is already waiting. `ensure_scan()` — called by
  `thidua worker` when it starts (settings.WORKER_STARTUP) — queues one when none waits, so a
  deployment needs nothing else; `thidua remind` runs the scan from cron or a timer instead.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from thidua.notifications import reminders
from thidua.notifications.models import Mail

logger = logging.getLogger(__name__)

SCAN_PATH = "thidua.notifications.tasks.scan_reminders"


@task()
def send_mail(mail_id: int) -> str:
    retryable = (Mail.State.QUEUED, Mail.State.FAILED)
    claimed = Mail.objects.filter(
        pk=mail_id, state__in=retryable, attempts__lt=settings.MAIL_MAX_ATTEMPTS
    ).update(state=Mail.State.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    mail = Mail.objects.get(pk=mail_id)
    try:
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.address]).send()
    except Exception as e:  # every failure of the backend is the log's to show
        mail.state = Mail.State.FAILED
        mail.error = f"{type(e).__name__}: {e}"[:2000]
        mail.save(update_fields=["state", "error"])
        if mail.attempts < settings.MAIL_MAX_ATTEMPTS and send_mail.get_backend().supports_defer:
            later = timezone.now() + dt.timedelta(
                minutes=settings.MAIL_RETRY_MINUTES * mail.attempts
            )
            send_mail.using(run_after=later).enqueue(mail.pk)
        logger.warning("mail %s failed (attempt %s): %s", mail.pk, mail.attempts, mail.error)
        return "failed"
    mail.state = Mail.State.SENT
    mail.sent_at = timezone.now()
    mail.error = ""
    mail.save(update_fields=["state", "sent_at", "error"])
    return "sent"


def scan_waiting() -> bool:
    return DBTaskResult.objects.filter(task_path=SCAN_PATH, status="READY").exists()


@task()
def scan_reminders() -> int:
    told = reminders.scan()
    if scan_reminders.get_backend().supports_defer and not scan_waiting():
        later = timezone.now() + dt.timedelta(minutes=settings.REMINDER_SCAN_MINUTES)
        scan_reminders.using(run_after=later).enqueue()
    return told


def ensure_scan() -> None:
    """Queue a scan now unless one is waiting (the worker's start)."""
    if not scan_waiting():
        scan_reminders.enqueue()
