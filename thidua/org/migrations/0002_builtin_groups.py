from django.db import migrations

GROUPS = [
    ("phong", "Khối cơ quan chuyên môn, phòng, ban", 10),
    ("xa", "Khối UBND xã, phường, thị trấn", 20),
    ("bo_phan", "Khối bộ phận, đoàn thể", 30),
    ("thon", "Khối thôn, tổ dân phố", 40),
    ("tw", "Khối cơ quan Trung ương đóng trên địa bàn", 50),
    ("khac", "Khối khác", 60),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("org", "CompetitionGroup")
    for code, name, order in GROUPS:
        Group.objects.update_or_create(code=code, defaults={"name": name, "order": order, "builtin": True})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
