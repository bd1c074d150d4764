from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_cert_layout")]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="recipients",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Mỗi dòng một nơi nhận; trống: “Như Điều 3”, “Lưu: VT”.",
                verbose_name="nơi nhận",
            ),
        ),
    ]
