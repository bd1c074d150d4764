"""Reminders N days before each deadline to those who still have to act, the office's
digest, each sent once however often the scan runs."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.awards.dossiers import State
from thidua.campaigns.models import Registration
from thidua.notifications import reminders
from thidua.notifications.models import Kind, Mail, Notification, Reminder
from thidua.notifications.tests.conftest import with_deadline

# The seed plan's deadlines on 30/11: the dossiers (ho-so-de-nghi) and the report
# (bao-cao-ket-qua, every participating unit).
DUE = dt.date(2025, 11, 30)


def _told() -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for n in Notification.objects.select_related("user"):
        key = (n.user.username, n.kind)
        found[key] = found.get(key, 0) + 1
    return found


def test_a_dossier_deadline_reminds_the_units_without_a_submitted_dossier(
    campaign, dossier_of, mailboxes
) -> None:  # type: ignore[no-untyped-def]
    dossier_of("a", State.SUBMITTED)  # unit A has submitted; unit B has not
    told = reminders.scan(DUE - dt.timedelta(days=3))
    assert _told() == {
        ("donvi_b", Kind.REMINDER): 2,  # the dossier and the report
        ("donvi_a", Kind.REMINDER): 1,  # the report only
        ("noivu", Kind.DIGEST): 2,
    }
    assert told == 5
    dossier_notice = Notification.objects.get(user=mailboxes["unit_b"], title__contains="Hồ sơ")
    assert dossier_notice.title.startswith("Nhắc hạn: còn 3 ngày đến hạn (30/11/2025)")
    assert dossier_notice.url == reverse("awards:unit-dossier", args=[campaign.pk])
    digest = Notification.objects.filter(kind=Kind.DIGEST, title__contains="Hồ sơ").get()
    assert "1 đơn vị chưa nộp hồ sơ" in digest.body and "UBND xã Mỹ An" in digest.body
    assert "Phòng Nội vụ" not in digest.body
    assert Mail.objects.count() == 5  # everyone here has an address


def test_each_reminder_goes_once_however_often_the_scan_runs(
    campaign, dossier_of, accounts
) -> None:  # type: ignore[no-untyped-def]
    three_days = DUE - dt.timedelta(days=3)
    first = reminders.scan(three_days)
    assert first > 0
    assert reminders.scan(three_days) == 0
    assert reminders.scan(three_days + dt.timedelta(days=1)) == 0  # still the 3-day one
    assert Notification.objects.count() == first
    one_day = reminders.scan(DUE - dt.timedelta(days=1))  # the 1-day reminder, once
    assert one_day == first
    assert reminders.scan(DUE - dt.timedelta(days=1)) == 0
    assert Reminder.objects.count() == Notification.objects.count() == 2 * first


def test_a_missed_day_sends_the_reminder_due_not_every_missed_one(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    reminders.scan(DUE - dt.timedelta(days=1))  # the worker was down on the 3-day day
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {1}
    assert reminders.scan(DUE) == 0  # the day itself: no reminder of 0 days was asked for


def test_the_registration_deadline_reminds_the_units_that_have_not_registered(
    campaign, district, accounts
) -> None:  # type: ignore[no-untyped-def]
    campaign = with_deadline(
        campaign, "dang-ky", "Đăng ký thi đua", dt.date(2025, 3, 10), yearly=True
    )
    Registration.objects.create(
        campaign=campaign, unit=district["a"], year=2025, status=Registration.Status.SUBMITTED
    )
    Registration.objects.create(campaign=campaign, unit=district["b"], year=2025)  # a draft
    reminders.scan(dt.date(2025, 3, 9))
    assert _told() == {("donvi_b", Kind.REMINDER): 1, ("noivu", Kind.DIGEST): 1}
    notice = Notification.objects.get(kind=Kind.REMINDER)
    assert notice.url == reverse("campaigns:register", args=[campaign.pk])
    assert "còn 1 ngày đến hạn (10/03/2025)" in notice.title


def test_the_campaign_s_days_decide_and_a_closed_campaign_reminds_no_one(
    campaign, accounts
) -> None:  # type: ignore[no-untyped-def]
    campaign.reminder_days = [7]
    campaign.save()
    assert reminders.scan(DUE - dt.timedelta(days=3)) > 0  # within 7 days: the 7-day one
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {7}
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    campaign.reminder_days = []
    campaign.save()
    assert reminders.scan(DUE - dt.timedelta(days=1)) == 0
    campaign.reminder_days = [3, 1]
    campaign.status = campaign.Status.CLOSED
    campaign.save()
    assert reminders.scan(DUE - dt.timedelta(days=1)) == 0


def test_the_digest_goes_to_the_issuer_s_office_only(campaign, district, accounts) -> None:  # type: ignore[no-untyped-def]
    from thidua.org.models import User

    campaign.issuing_unit = district["b"]  # the commune's campaign: its units only
    campaign.save()
    User.objects.create(username="vanphong_xa", role=User.Role.OFFICE, unit=district["b_section"])
    User.objects.create(username="noivu_khac", role=User.Role.OFFICE, unit=district["a"])
    reminders.scan(DUE - dt.timedelta(days=1))
    digests = {u for (u, kind) in _told() if kind == Kind.DIGEST}
    assert digests == {"noivu", "vanphong_xa"}  # no unit: the whole tree's office
    assert {u for (u, kind) in _told() if kind == Kind.REMINDER} == {"donvi_b"}
