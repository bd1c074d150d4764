from django.db import migrations

# RULES.md §4: the closed list of the interchange format.
CATALOGUE = [
    ("giay_khen_chu_tich_xa", "Giấy khen của Chủ tịch UBND cấp xã", "form", "any"),
    ("giay_khen_chu_tich_huyen", "Giấy khen của Chủ tịch UBND cấp huyện", "form", "any"),
    ("giay_khen_thu_truong", "Giấy khen của Thủ trưởng cơ quan, đơn vị", "form", "any"),
    ("bang_khen_chu_tich_tinh", "Bằng khen của Chủ tịch UBND cấp tỉnh", "form", "any"),
    ("bang_khen_bo", "Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương", "form", "any"),
    ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "form", "any"),
    ("huan_chuong_lao_dong_hang_ba", "Huân chương Lao động hạng Ba", "form", "any"),
    ("huan_chuong_lao_dong_hang_nhi", "Huân chương Lao động hạng Nhì", "form", "any"),
    ("huan_chuong_lao_dong_hang_nhat", "Huân chương Lao động hạng Nhất", "form", "any"),
    ("lao_dong_tien_tien", "Lao động tiên tiến", "title", "person"),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "title", "person"),
    ("chien_si_thi_dua_tinh", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "title", "person"),
    ("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", "title", "person"),
    ("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến", "title", "collective"),
    ("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", "title", "collective"),
    ("co_thi_dua_tinh", "Cờ thi đua của UBND cấp tỉnh", "title", "collective"),
    ("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", "title", "collective"),
]


def forwards(apps, schema_editor):
    AwardForm = apps.get_model("scoring", "AwardForm")
    for order, (key, name, kind, recipient) in enumerate(CATALOGUE, start=1):
        AwardForm.objects.update_or_create(
            key=key,
            defaults={"name": name, "kind": kind, "recipient": recipient, "order": order * 10,
                      "in_interchange": True},
        )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
