import datetime

from django.db import migrations, models

# LEGAL.md "Reward money": mức lương cơ sở.
BASE_SALARIES = [
    (2_340_000, datetime.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP", ""),
    (2_530_000, datetime.date(2026, 7, 1), "Nghị định 161/2026/NĐ-CP", "Cần kiểm tra trước khi dùng"),
]


def forwards(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    for amount, effective_from, legal_basis, note in BASE_SALARIES:
        # get_or_create: rows an administrator has since corrected are left alone.
        BaseSalary.objects.get_or_create(
            effective_from=effective_from,
            defaults={"amount": amount, "legal_basis": legal_basis, "confidence_note": note},
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='BaseSalary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.PositiveIntegerField(verbose_name='mức lương cơ sở (đồng)')),
                ('effective_from', models.DateField(unique=True, verbose_name='áp dụng từ ngày')),
                ('legal_basis', models.CharField(help_text='Ví dụ: Nghị định 73/2024/NĐ-CP', max_length=200, verbose_name='căn cứ pháp lý')),
                ('confidence_note', models.CharField(blank=True, max_length=200, verbose_name='ghi chú độ tin cậy')),
            ],
            options={
                'verbose_name': 'mức lương cơ sở',
                'verbose_name_plural': 'mức lương cơ sở',
                'ordering': ['-effective_from'],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
