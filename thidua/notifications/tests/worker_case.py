"""Set-up and read-outs for test_worker's subprocesses (run with `thidua shell -c`): a
district of two units with accounts and addresses, an issued campaign whose report is due
tomorrow (every unit reminded), its dossiers due in three days (unit A has submitted)."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from thidua.awards.dossiers import Dossier, State
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.notifications.models import Mail, Reminder
from thidua.notifications.tasks import SCAN_PATH
from thidua.org.models import Unit, User


def build() -> None:
    root = Unit.objects.create(code="H", name="UBND huyện Thử", level="huyen", group_id="khac")
    a = Unit.objects.create(
        code="A", name="Phòng Nội vụ", level="co_quan", group_id="phong", parent=root
    )
    b = Unit.objects.create(code="B", name="UBND xã Mỹ An", level="xa", group_id="xa", parent=root)
    office = User.objects.create(
        username="noivu", role=User.Role.OFFICE, email="noivu@hoaphong.example.vn"
    )
    for unit, name in ((a, "donvi_a"), (b, "donvi_b")):
        User.objects.create(
            username=name, role=User.Role.UNIT, unit=unit, email=f"{name}@hoaphong.example.vn"
        )
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=root, user=office
    )
    today = timezone.localdate()
    rules = dict(campaign.rules)
    rules["deadlines"] = [
        {"key": "bao-cao", "label": "Báo cáo kết quả", "date": str(today + dt.timedelta(1))},
        {"key": "ho-so-de-nghi", "label": "Hồ sơ đề nghị", "date": str(today + dt.timedelta(3))},
    ]
    campaign.rules = rules
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    # a fixed date belongs to the campaign's first year (campaigns.deadlines.upcoming)
    Dossier.objects.create(campaign=campaign, unit=a, year=2024, state=State.SUBMITTED)


def counts() -> None:
    print(
        json.dumps(
            {
                "reminders": Reminder.objects.count(),
                "mails": Mail.objects.count(),
                "sent": Mail.objects.filter(state=Mail.State.SENT).count(),
            }
        )
    )


def scan_due_now() -> None:
    """As if the worker's next periodic scan had come: its waiting task is due now."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=SCAN_PATH, status="READY")
    assert waiting.count() == 1, waiting.count()
    waiting.update(run_after=timezone.now())
