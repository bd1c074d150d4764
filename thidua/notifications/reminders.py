"""Reminders N days before each deadline of the issued campaigns, N per campaign
(`Campaign.reminder_days`, default 3 and 1), sent once whatever the number of scans.

For a deadline due in `left` days, the reminder of the smallest N ≥ left goes out: on the
day N = 3 comes the "3 days" reminder, on the day N = 1 the "1 day" one; a scan that missed
a day (the worker was down) still sends the reminder due, once, not every missed one.

Who still has to act: for the registration deadline (`dang-ky`), the participating units
without a submitted registration of that year; for a dossier deadline (`ho-so…`), those
without a dossier submitted (any state after "nháp"); for any other deadline, every
participating unit. Each of their accounts gets a reminder, each office account a digest
naming the units. Every (deadline uid, N, account) is claimed by a unique row before its
notification is written, in the same transaction: a second scan, a restarted worker, or two
scans at once find the claim and send nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.campaigns.deadlines import DueDeadline, upcoming
from thidua.campaigns.models import REGISTRATION_DEADLINE, Campaign, Registration
from thidua.campaigns.registrations import participants
from thidua.notifications import services
from thidua.notifications.models import Kind, Reminder
from thidua.org.models import Unit, User


@dataclass(frozen=True)
class Due:
    deadline: DueDeadline
    days_before: int  # the N of the reminder
    left: int  # days from today to the deadline


def due_reminders(today: dt.date) -> list[Due]:
    found: list[Due] = []
    for campaign in Campaign.objects.filter(status=Campaign.Status.ISSUED).select_related(
        "issuing_unit"
    ):
        days = campaign.reminder_offsets
        if not days:
            continue
        for deadline in upcoming([campaign], today, today + dt.timedelta(days=max(days))):
            left = (deadline.due - today).days
            n = min(d for d in days if d >= left)
            found.append(Due(deadline, n, left))
    return found


def still_to_act(deadline: DueDeadline, today: dt.date) -> list[Unit]:
    from thidua.awards.dossiers import Dossier, State

    campaign = deadline.campaign
    units = [
        u
        for u in participants(campaign)
        if (u.valid_from is None or u.valid_from <= today)
        and (u.valid_to is None or u.valid_to >= today)
    ]
    if deadline.key == REGISTRATION_DEADLINE:
        done = set(
            Registration.objects.filter(
                campaign=campaign, year=deadline.year, status=Registration.Status.SUBMITTED
            ).values_list("unit_id", flat=True)
        )
    elif deadline.key.startswith("ho-so"):
        done = set(
            Dossier.objects.filter(campaign=campaign, year=deadline.year)
            .exclude(state=State.DRAFT)
            .values_list("unit_id", flat=True)
        )
    else:
        done = set()
    return [u for u in units if u.pk not in done]


def _when(left: int, due: dt.date) -> str:
    if left == 0:
        return f"hôm nay ({due:%d/%m/%Y}) là hạn"
    return f"còn {left} ngày đến hạn ({due:%d/%m/%Y})"


def _claim(uid: str, days_before: int, user: User) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(deadline_uid=uid, days_before=days_before, user=user)
    except IntegrityError:
        return False
    return True


def _unit_url(deadline: DueDeadline) -> str:
    pk = deadline.campaign.pk
    if deadline.key == REGISTRATION_DEADLINE:
        return reverse("campaigns:register", args=[pk])
    if deadline.key.startswith("ho-so"):
        return reverse("awards:unit-dossier", args=[pk])
    return reverse("campaigns:calendar", args=[pk])


def _office_url(deadline: DueDeadline) -> str:
    pk = deadline.campaign.pk
    if deadline.key == REGISTRATION_DEADLINE:
        return reverse("campaigns:registrations", args=[pk])
    if deadline.key.startswith("ho-so"):
        return reverse("awards:campaign-dossiers", args=[pk])
    return reverse("campaigns:calendar", args=[pk])


def remind(due: Due, today: dt.date) -> int:
    """Send one deadline's reminder (units still to act, the office's digest); returns how
    many accounts were newly told."""
    deadline = due.deadline
    units = still_to_act(deadline, today)
    if not units:
        return 0
    names = {u.pk: u.name for u in units}
    what = f"“{deadline.label}” năm {deadline.year} — {deadline.campaign.name}"
    title = f"Nhắc hạn: {_when(due.left, deadline.due)} {what}"
    told = 0
    with transaction.atomic():
        for user in services.unit_accounts(units).order_by("pk"):
            if _claim(deadline.uid, due.days_before, user):
                body = f"Đơn vị {names[user.unit_id]} chưa hoàn thành việc này."
                services.notify([user], Kind.REMINDER, title, body, _unit_url(deadline))
                told += 1
        listing = "\n".join(f"- {name}" for name in names.values())
        if deadline.key == REGISTRATION_DEADLINE:
            heading = f"{len(names)} đơn vị chưa nộp đăng ký thi đua:"
        elif deadline.key.startswith("ho-so"):
            heading = f"{len(names)} đơn vị chưa nộp hồ sơ đề nghị khen thưởng:"
        else:
            heading = f"{len(names)} đơn vị tham gia được nhắc:"
        for user in services.office_accounts(deadline.campaign, today).order_by("pk"):
            if _claim(deadline.uid, due.days_before, user):
                services.notify(
                    [user],
                    Kind.DIGEST,
                    f"Tổng hợp nhắc hạn: {_when(due.left, deadline.due)} {what}",
                    f"{heading}\n{listing}",
                    _office_url(deadline),
                )
                told += 1
    return told


def scan(today: dt.date | None = None) -> int:
    """Every reminder due today not yet sent; returns how many accounts were told."""
    today = today or timezone.localdate()
    return sum(remind(due, today) for due in due_reminders(today))
