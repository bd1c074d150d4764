"""The working calendar 2024–2027 and the law's processing times, as rows.

Holidays (Bộ luật Lao động 2019, Điều 112: Tết Dương lịch 01 day, Tết Âm lịch 05 days, Giỗ
Tổ Hùng Vương 10/3 âm lịch, 30/4, 01/5, Quốc khánh 02/9 and one adjacent day; a holiday on
a weekend gives a compensatory working day, Điều 111 khoản 3) as the weekdays public
servants do not work, and the Saturdays declared working days in exchange (ngày làm bù).
2024 and 2025 follow the Ministry's yearly notices as read in secondary sources (S: the
numbers of the notices not checked); 2026 is marked S where the press reported the
Government's schedule and M where it is computed from Điều 112 only; 2027 is not announced
yet and computed (M) — the administrator replaces it on /phap-ly/ when the notice appears.
The four fixed solar holidays are also rows ``every_year``: they count in any year without
dated rows.

`forwards` is idempotent: the test fixtures call it again after a transactional flush."""

import datetime

from django.db import migrations

D = datetime.date
BLLD = "Bộ luật Lao động 2019, Điều 112"
NOTICE = "Thông báo lịch nghỉ lễ, Tết năm {} của Bộ Lao động – Thương binh và Xã hội"
COMPUTED = "Tính theo Bộ luật Lao động 2019, Điều 111, 112 (chưa có thông báo)"

# (day, kind, name, basis, mark); kind "nghi" a holiday, "lam-bu" a declared working day
DAYS = [
    (D(2024, 1, 1), "nghi", "Tết Dương lịch", NOTICE.format(2024), "S"),
    *[
        (D(2024, 2, d), "nghi", "Tết Nguyên đán Giáp Thìn", NOTICE.format(2024), "S")
        for d in (8, 9, 12, 13, 14)
    ],
    (D(2024, 4, 18), "nghi", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", NOTICE.format(2024), "S"),
    (D(2024, 4, 29), "nghi", "Nghỉ hoán đổi dịp 30/4 – 01/5", NOTICE.format(2024), "S"),
    (D(2024, 4, 30), "nghi", "Ngày Chiến thắng 30/4", NOTICE.format(2024), "S"),
    (D(2024, 5, 1), "nghi", "Ngày Quốc tế Lao động 01/5", NOTICE.format(2024), "S"),
    (D(2024, 5, 4), "lam-bu", "Làm bù cho ngày 29/4/2024", NOTICE.format(2024), "S"),
    (D(2024, 9, 2), "nghi", "Quốc khánh 02/9", NOTICE.format(2024), "S"),
    (D(2024, 9, 3), "nghi", "Ngày liền kề Quốc khánh", NOTICE.format(2024), "S"),
    (D(2025, 1, 1), "nghi", "Tết Dương lịch", NOTICE.format(2025), "S"),
    *[
        (D(2025, 1, d), "nghi", "Tết Nguyên đán Ất Tỵ", NOTICE.format(2025), "S")
        for d in (27, 28, 29, 30, 31)
    ],
    (D(2025, 4, 7), "nghi", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", NOTICE.format(2025), "S"),
    (D(2025, 4, 30), "nghi", "Ngày Chiến thắng 30/4", NOTICE.format(2025), "S"),
    (D(2025, 5, 1), "nghi", "Ngày Quốc tế Lao động 01/5", NOTICE.format(2025), "S"),
    (D(2025, 5, 2), "nghi", "Nghỉ hoán đổi dịp 30/4 – 01/5", NOTICE.format(2025), "S"),
    (D(2025, 4, 26), "lam-bu", "Làm bù cho ngày 02/5/2025", NOTICE.format(2025), "S"),
    (D(2025, 9, 1), "nghi", "Ngày liền kề Quốc khánh", NOTICE.format(2025), "S"),
    (D(2025, 9, 2), "nghi", "Quốc khánh 02/9", NOTICE.format(2025), "S"),
    (D(2026, 1, 1), "nghi", "Tết Dương lịch", NOTICE.format(2026), "S"),
    *[
        (D(2026, 2, d), "nghi", "Tết Nguyên đán Bính Ngọ", NOTICE.format(2026), "S")
        for d in (16, 17, 18, 19, 20)
    ],
    (D(2026, 4, 27), "nghi", "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)", COMPUTED, "M"),
    (D(2026, 4, 30), "nghi", "Ngày Chiến thắng 30/4", BLLD, "S"),
    (D(2026, 5, 1), "nghi", "Ngày Quốc tế Lao động 01/5", BLLD, "S"),
    (D(2026, 9, 1), "nghi", "Ngày liền kề Quốc khánh (chưa rõ 01/9 hay 03/9)", COMPUTED, "M"),
    (D(2026, 9, 2), "nghi", "Quốc khánh 02/9", BLLD, "S"),
    (D(2027, 1, 1), "nghi", "Tết Dương lịch", BLLD, "S"),
    *[
        (D(2027, 2, d), "nghi", "Tết Nguyên đán Đinh Mùi", COMPUTED, "M")
        for d in (5, 8, 9, 10, 11)
    ],
    (D(2027, 4, 16), "nghi", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", COMPUTED, "M"),
    (D(2027, 4, 30), "nghi", "Ngày Chiến thắng 30/4", BLLD, "S"),
    (D(2027, 5, 3), "nghi", "Nghỉ bù ngày 01/5 (thứ Bảy)", COMPUTED, "M"),
    (D(2027, 9, 2), "nghi", "Quốc khánh 02/9", BLLD, "S"),
    (D(2027, 9, 3), "nghi", "Ngày liền kề Quốc khánh", COMPUTED, "M"),
]

# Fixed solar holidays, counted on their day and month in the years not announced.
EVERY_YEAR = [
    (D(2024, 1, 1), "Tết Dương lịch"),
    (D(2024, 4, 30), "Ngày Chiến thắng 30/4"),
    (D(2024, 5, 1), "Ngày Quốc tế Lao động 01/5"),
    (D(2024, 9, 2), "Quốc khánh 02/9"),
]

CENTRAL = " — thời hạn xử lý hồ sơ khen thưởng cấp Trung ương"
TIMES = [
    # step, days, working, from, to, basis, mark
    ("tra-ho-so", 5, True, D(2024, 1, 1), D(2025, 6, 30), "Nghị định 98/2023/NĐ-CP" + CENTRAL, "S"),
    ("tham-dinh", 20, True, D(2024, 1, 1), D(2025, 6, 30), "Nghị định 98/2023/NĐ-CP" + CENTRAL, "S"),
    ("tra-ho-so", 5, True, D(2025, 7, 1), None, "Nghị định 152/2025/NĐ-CP" + CENTRAL, "V"),
    ("tham-dinh", 20, True, D(2025, 7, 1), None, "Nghị định 152/2025/NĐ-CP" + CENTRAL, "V"),
]


def forwards(apps, schema_editor):
    Holiday = apps.get_model("law", "Holiday")
    ProcessingTime = apps.get_model("law", "ProcessingTime")
    for day, kind, name, basis, mark in DAYS:
        Holiday.objects.get_or_create(
            day=day,
            every_year=False,
            defaults={"kind": kind, "name": name, "legal_basis": basis, "confidence": mark},
        )
    for day, name in EVERY_YEAR:
        Holiday.objects.get_or_create(
            day=day,
            every_year=True,
            defaults={"kind": "nghi", "name": name, "legal_basis": BLLD, "confidence": "S"},
        )
    for step, days, working, start, end, basis, mark in TIMES:
        ProcessingTime.objects.get_or_create(
            step=step,
            valid_from=start,
            defaults={
                "days": days,
                "working": working,
                "valid_to": end,
                "legal_basis": basis,
                "confidence": mark,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("law", "0004_holidays_processing_times")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
