"""The decrees' own issue dates, so a decision cites "Nghị định số 152/2025/NĐ-CP ngày 14
tháng 6 năm 2025 …" from data. Both dates are marked S: LEGAL.md does not give them and they
were read in secondary sources only (NĐ 152/2025: 14/6/2025, several sources agree; NĐ
98/2023: 31/12/2023, one source gives 16/12/2023) — verify against the Official Gazette.

`forwards` is idempotent: the test fixtures call it again after a transactional flush."""

import datetime

from django.db import migrations, models

ISSUE_DATES = [
    # schedule name, issue date, confidence
    ("Nghị định 98/2023/NĐ-CP", datetime.date(2023, 12, 31), "S"),
    ("Nghị định 152/2025/NĐ-CP", datetime.date(2025, 6, 14), "S"),
]


def forwards(apps, schema_editor):
    Schedule = apps.get_model("law", "Schedule")
    for name, issued, mark in ISSUE_DATES:
        Schedule.objects.filter(name=name, issued_on__isnull=True).update(
            issued_on=issued, issued_confidence=mark
        )


class Migration(migrations.Migration):
    dependencies = [("law", "0002_legal_md")]

    operations = [
        migrations.AddField(
            model_name="schedule",
            name="issued_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày ban hành"),
        ),
        migrations.AddField(
            model_name="schedule",
            name="issued_confidence",
            field=models.CharField(
                choices=[
                    ("V", "V — đã đối chiếu văn bản"),
                    ("S", "S — chỉ có nguồn thứ cấp, cần kiểm tra"),
                    ("M", "M — ghi theo trí nhớ, cần kiểm tra"),
                ],
                default="M",
                max_length=1,
                verbose_name="độ tin cậy của ngày ban hành",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
