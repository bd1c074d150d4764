"""E-mails: queued only for who wants that kind and has an address, sent by the worker's
task (never in the request), a failed SMTP send logged as failed and retried, bounded."""

from __future__ import annotations

import socket

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.notifications import services, tasks
from thidua.notifications.models import Kind, Mail, MailOptOut, Notification


def _free_port() -> int:
    """A port nothing listens on: the SMTP connection is refused for real."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_only_who_wants_that_kind_and_has_an_address_gets_an_email(
    mailboxes, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    MailOptOut.objects.create(user=mailboxes["unit_a"], kind=Kind.RETURNED)
    mailboxes["unit_b"].email = ""
    mailboxes["unit_b"].save()
    people = [mailboxes["unit_a"], mailboxes["unit_b"], mailboxes["office"]]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.notify(people, Kind.RETURNED, "Hồ sơ cần bổ sung", "Thiếu tờ trình", "/ho-so/1/")
    assert Notification.objects.count() == 3  # everyone sees it in the app
    (only,) = Mail.objects.all()
    assert (only.user, only.address, only.state) == (
        mailboxes["office"],
        "office@hoaphong.example.vn",
        Mail.State.QUEUED,
    )
    assert only.subject == "[Thi đua CCHC] Hồ sơ cần bổ sung"
    assert "Thiếu tờ trình" in only.body
    assert "Xem và xử lý tại: http://127.0.0.1:8000/ho-so/1/" in only.body
    assert only.body.splitlines()[-3] == "Thi đua CCHC"  # signed with the system's name
    assert not outbox.outbox  # nothing sent in the request
    assert len(queued) == 1  # the send is queued after commit
    # the other kinds still come to unit A
    services.notify([mailboxes["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện")
    assert Mail.objects.filter(user=mailboxes["unit_a"], kind=Kind.ELIGIBLE).count() == 1


def test_quiet_writes_the_notifications_and_no_email(mailboxes) -> None:  # type: ignore[no-untyped-def]
    with services.quiet():
        services.notify([mailboxes["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện")
    assert Notification.objects.count() == 1
    assert not Mail.objects.exists()


def test_the_task_sends_it_once(mailboxes, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.notify([mailboxes["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện")
    row = Mail.objects.get()
    assert tasks.send_mail.call(row.pk) == "sent"
    assert tasks.send_mail.call(row.pk) == "skipped"
    row.refresh_from_db()
    assert (row.state, row.attempts, row.error) == (Mail.State.SENT, 1, "")
    assert row.sent_at is not None
    (sent,) = outbox.outbox
    assert sent.to == ["unit_a@hoaphong.example.vn"]
    assert sent.subject == "[Thi đua CCHC] Hồ sơ đủ điều kiện"


def test_a_failed_smtp_send_is_logged_failed_and_retried_a_bounded_number_of_times(
    mailboxes, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    settings.EMAIL_USE_TLS = False
    settings.MAIL_MAX_ATTEMPTS = 3
    services.notify([mailboxes["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện")
    row = Mail.objects.get()
    assert tasks.send_mail.call(row.pk) == "failed"
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Mail.State.FAILED, 1)
    assert "ConnectionRefusedError" in row.error
    retry = DBTaskResult.objects.get(task_path="thidua.notifications.tasks.send_mail")
    assert retry.status == "READY" and retry.args_kwargs["args"] == [row.pk]
    assert retry.run_after > timezone.now()  # later, not at once
    # the office's log shows it
    page = _office_log(mailboxes)
    assert "Gửi lỗi" in page and "ConnectionRefusedError" in page
    # the retry succeeds once the server answers
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_mail.call(row.pk) == "sent"
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Mail.State.SENT, 2)
    assert len(outbox.outbox) == 1


def test_retries_stop_after_the_last_attempt(mailboxes, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    settings.EMAIL_USE_TLS = False
    settings.MAIL_MAX_ATTEMPTS = 2
    services.notify([mailboxes["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện")
    row = Mail.objects.get()
    assert [tasks.send_mail.call(row.pk) for _ in range(3)] == ["failed", "failed", "skipped"]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Mail.State.FAILED, 2)
    # one retry queued after the first failure, none after the last
    assert (
        DBTaskResult.objects.filter(task_path="thidua.notifications.tasks.send_mail").count() == 1
    )


def _office_log(accounts) -> str:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(accounts["office"])
    response = client.get(reverse("notifications:log"), {"state": Mail.State.FAILED})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["unit_a", "council", "leader"])
def test_the_preferences_page_turns_a_kind_off_and_on(login, mailboxes, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(persona)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert f"{persona}@hoaphong.example.vn" in page
    assert 'name="kind" value="phien_hop" checked' in page or persona == "unit_a"
    offered = [k for k in Kind.values if f'value="{k}"' in page]
    assert offered and all(f'value="{k}" checked' in page for k in offered)  # default on
    keep = offered[1:]
    assert client.post(url, {"kind": keep}).status_code == 302
    user = mailboxes[persona]
    assert list(MailOptOut.objects.filter(user=user).values_list("kind", flat=True)) == [offered[0]]
    assert services.wants(user)[offered[0]] is False
    client.post(url, {"kind": offered})
    assert not MailOptOut.objects.filter(user=user).exists()
