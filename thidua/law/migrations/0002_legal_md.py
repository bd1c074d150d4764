"""LEGAL.md as rows: the two catalogue titles the interchange list lacks, the decrees a
decision cites for its money (NĐ 98/2023 until 30/6/2025, NĐ 152/2025 from 01/7/2025) with
NĐ 152's coefficients, who decides what (and the 2025 move of the district chairman's
powers to the commune chairman), the council's ballot rules and quorum, and which kind of
unit a collective title fits. Each row carries its confidence mark (V/S/M).

`forwards` is idempotent: the test fixtures call it again after a transactional flush."""

import datetime

from django.db import migrations

D = datetime.date
LAW_2022 = "Luật Thi đua, khen thưởng 2022"
BEFORE_REFORM = D(2025, 6, 30)
REFORM = D(2025, 7, 1)
ND_98 = "Nghị định 98/2023/NĐ-CP Điều 30 khoản 7"
ND_152 = "Nghị định 152/2025/NĐ-CP"
DEFAULT = "Mặc định của hệ thống (pháp luật không quy định), sửa được"

# Catalogue titles beyond RULES.md §4's interchange list (not in the interchange format).
FORMS = [
    ("xa_tieu_bieu", "Xã, phường, đặc khu tiêu biểu", "title", "collective", 175),
    ("thon_van_hoa", "Thôn, tổ dân phố văn hóa", "title", "collective", 176),
]

SCHEDULES = [
    # name, citation, valid_from, valid_to, has_coefficients, legal_basis, confidence
    (
        "Nghị định 98/2023/NĐ-CP",
        "Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng",
        D(2024, 1, 1),
        BEFORE_REFORM,
        False,
        "Thay bằng Nghị định 152/2025/NĐ-CP từ 01/7/2025; ngày bắt đầu lấy theo Luật 2022 "
        "(01/01/2024); bảng hệ số chưa nhập",
        "M",
    ),
    (
        "Nghị định 152/2025/NĐ-CP",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng",
        REFORM,
        None,
        True,
        "Nghị định 152/2025/NĐ-CP Điều 49–54",
        "V",
    ),
]

# NĐ 152/2025 Điều 49–54 (LEGAL.md "Reward money"): key, individual, collective.
COEFFICIENTS_152 = [
    ("giay_khen_chu_tich_xa", "0.3", "0.6"),
    ("giay_khen_chu_tich_huyen", "0.3", "0.6"),
    ("giay_khen_thu_truong", "0.3", "0.6"),
    ("bang_khen_chu_tich_tinh", "1.5", "3.0"),
    ("bang_khen_bo", "1.5", "3.0"),
    ("bang_khen_thu_tuong", "3.5", "7.0"),
    ("lao_dong_tien_tien", "0.3", None),
    ("chien_si_thi_dua_co_so", "1.0", None),
    ("chien_si_thi_dua_tinh", "3.0", None),
    ("chien_si_thi_dua_toan_quoc", "4.5", None),
    ("tap_the_lao_dong_tien_tien", None, "0.8"),
    ("tap_the_lao_dong_xuat_sac", None, "1.5"),
    ("xa_tieu_bieu", None, "2.0"),
    ("thon_van_hoa", None, "1.5"),
    ("co_thi_dua_tinh", None, "8"),
    ("co_thi_dua_chinh_phu", None, "12"),
]

LOCAL = [
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "tap_the_lao_dong_tien_tien",
    "thon_van_hoa",
]
START = D(2024, 1, 1)
# form, authority, valid_from, valid_to, legal_basis, confidence
COMPETENCE = [
    *[(k, "huyen", START, BEFORE_REFORM, f"{LAW_2022} (trước khi bỏ cấp huyện)", "M") for k in LOCAL],
    ("giay_khen_chu_tich_huyen", "huyen", START, BEFORE_REFORM, f"{LAW_2022} (trước khi bỏ cấp huyện)", "M"),
    *[
        (k, "xa", REFORM, None, "Nghị định 129/2025/NĐ-CP Điều 59 (thẩm quyền của Chủ tịch UBND cấp huyện chuyển cho Chủ tịch UBND cấp xã)", "V")
        for k in LOCAL
    ],
    ("giay_khen_chu_tich_xa", "xa", START, None, LAW_2022, "V"),
    ("giay_khen_thu_truong", "co_quan", START, None, LAW_2022, "M"),
    *[
        (k, "tinh", START, None, LAW_2022, "V")
        for k in (
            "bang_khen_chu_tich_tinh",
            "co_thi_dua_tinh",
            "chien_si_thi_dua_tinh",
            "tap_the_lao_dong_xuat_sac",
            "xa_tieu_bieu",
        )
    ],
    ("bang_khen_bo", "bo", START, None, LAW_2022, "M"),
    ("chien_si_thi_dua_tinh", "bo", START, None, LAW_2022, "M"),
    *[
        (k, "thu_tuong", START, None, LAW_2022, "V")
        for k in ("bang_khen_thu_tuong", "co_thi_dua_chinh_phu", "chien_si_thi_dua_toan_quoc")
    ],
    *[
        (k, "chu_tich_nuoc", START, None, LAW_2022, "V")
        for k in (
            "huan_chuong_lao_dong_hang_ba",
            "huan_chuong_lao_dong_hang_nhi",
            "huan_chuong_lao_dong_hang_nhat",
        )
    ],
]

# form or None, family, label, numerator, denominator, strict, valid_from, valid_to, basis, mark
_THRESHOLDS = [
    ("chien_si_thi_dua_tinh", "", "", 9, 10),
    ("chien_si_thi_dua_toan_quoc", "", "", 9, 10),
    (None, "anh_hung", "Danh hiệu Anh hùng", 9, 10),
    ("chien_si_thi_dua_co_so", "", "", 4, 5),
    (None, "co_thi_dua", "Cờ thi đua (các cấp)", 4, 5),
]
BALLOTS = [
    *[(f, fam, lab, n, d, False, START, BEFORE_REFORM, ND_98, "V") for f, fam, lab, n, d in _THRESHOLDS],
    *[
        (f, fam, lab, n, d, False, REFORM, None, f"{ND_152} (giữ tỷ lệ của {ND_98}: chưa đối chiếu)", "S")
        for f, fam, lab, n, d in _THRESHOLDS
    ],
    (None, "", "", 1, 2, True, D(1990, 1, 1), None, DEFAULT, "S"),
]

QUORUM = [(2, 3, D(1990, 1, 1), None, f"{DEFAULT}: hai phần ba tổng số thành viên", "S")]

FITS = [
    ("thon_van_hoa", "thon", LAW_2022, "V"),
    ("xa_tieu_bieu", "xa", LAW_2022, "V"),
]


def forwards(apps, schema_editor):
    AwardForm = apps.get_model("scoring", "AwardForm")
    Schedule = apps.get_model("law", "Schedule")
    Coefficient = apps.get_model("law", "Coefficient")
    Competence = apps.get_model("law", "Competence")
    BallotRule = apps.get_model("law", "BallotRule")
    Quorum = apps.get_model("law", "Quorum")
    RecipientFit = apps.get_model("law", "RecipientFit")

    for key, name, kind, recipient, order in FORMS:
        AwardForm.objects.get_or_create(
            key=key, defaults={"name": name, "kind": kind, "recipient": recipient, "order": order}
        )
    schedules = {}
    for name, citation, start, end, coded, basis, mark in SCHEDULES:
        schedules[name], _ = Schedule.objects.get_or_create(
            name=name,
            valid_from=start,
            defaults={
                "citation": citation,
                "valid_to": end,
                "has_coefficients": coded,
                "legal_basis": basis,
                "confidence": mark,
            },
        )
    nd_152 = schedules["Nghị định 152/2025/NĐ-CP"]
    for key, individual, collective in COEFFICIENTS_152:
        Coefficient.objects.get_or_create(
            schedule=nd_152,
            form_id=key,
            defaults={
                "individual": individual,
                "collective": collective,
                "legal_basis": "Nghị định 152/2025/NĐ-CP Điều 49–54",
                "confidence": "V",
            },
        )
    for key, authority, start, end, basis, mark in COMPETENCE:
        Competence.objects.get_or_create(
            form_id=key,
            authority=authority,
            valid_from=start,
            defaults={"valid_to": end, "legal_basis": basis, "confidence": mark},
        )
    for key, family, label, num, den, strict, start, end, basis, mark in BALLOTS:
        BallotRule.objects.get_or_create(
            form_id=key,
            family=family,
            valid_from=start,
            defaults={
                "label": label,
                "requires_ballot": key is not None or bool(family),
                "numerator": num,
                "denominator": den,
                "strict": strict,
                "valid_to": end,
                "legal_basis": basis,
                "confidence": mark,
            },
        )
    for num, den, start, end, basis, mark in QUORUM:
        Quorum.objects.get_or_create(
            valid_from=start,
            defaults={
                "numerator": num,
                "denominator": den,
                "valid_to": end,
                "legal_basis": basis,
                "confidence": mark,
            },
        )
    for key, level, basis, mark in FITS:
        RecipientFit.objects.get_or_create(
            form_id=key, unit_level=level, defaults={"legal_basis": basis, "confidence": mark}
        )


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial"), ("scoring", "0005_recorded")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
