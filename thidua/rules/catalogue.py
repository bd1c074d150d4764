"""Closed lists of the interchange format thidua-facts/1 (RULES.md §1 and §4) and their
Vietnamese labels.

Everything here is the *interchange* vocabulary: the database catalogue may grow, the file
format stays closed so that a file means the same everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

GROUPS: Final = ("phong", "xa", "bo_phan", "thon", "tw", "khac")
GROUP_LABELS: Final = {
    "phong": "cơ quan chuyên môn, phòng, ban, đơn vị",
    "xa": "UBND xã, phường, thị trấn",
    "bo_phan": "bộ phận, ban ngành, đoàn thể thuộc UBND xã",
    "thon": "thôn, tổ dân phố",
    "tw": "cơ quan Trung ương trú đóng trên địa bàn",
    "khac": "đơn vị khác",
}

# Best first.
RATINGS: Final = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
RATING_RANK: Final = {r: i for i, r in enumerate(reversed(RATINGS))}  # KHTNV=0 … HTXSNV=3
RATING_LABELS: Final = {
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "hoàn thành tốt nhiệm vụ",
    "HTNV": "hoàn thành nhiệm vụ",
    "KHTNV": "không hoàn thành nhiệm vụ",
}

# Lightest first.
DISCIPLINE_LEVELS: Final = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
)
DISCIPLINE_RANK: Final = {lvl: i for i, lvl in enumerate(DISCIPLINE_LEVELS)}
DISCIPLINE_LABELS: Final = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}

REVIEW_KINDS: Final = ("xem_xet_ky_luat", "khieu_nai", "bao_chi")
REVIEW_LABELS: Final = {
    "xem_xet_ky_luat": "đang xem xét kỷ luật",
    "khieu_nai": "có đơn khiếu nại, tố cáo hợp lệ đang giải quyết",
    "bao_chi": "có phản ánh của báo chí chưa được xác minh",
}

AWARD_FIELDS: Final = ("cchc", "chung")

# Narrowest first.
INITIATIVE_SCOPES: Final = ("co_so", "huyen", "tinh", "toan_quoc")
SCOPE_RANK: Final = {s: i for i, s in enumerate(INITIATIVE_SCOPES)}
SCOPE_LABELS: Final = {
    "co_so": "cấp cơ sở",
    "huyen": "cấp huyện",
    "tinh": "cấp tỉnh",
    "toan_quoc": "toàn quốc",
}

# key -> (full name of RULES.md §4, short name used in explanations, kind)
AWARD_FORMS: Final[dict[str, tuple[str, str, str]]] = {
    "giay_khen_chu_tich_xa": (
        "Giấy khen của Chủ tịch UBND cấp xã",
        "Giấy khen Chủ tịch UBND xã",
        "form",
    ),
    "giay_khen_chu_tich_huyen": (
        "Giấy khen của Chủ tịch UBND cấp huyện",
        "Giấy khen Chủ tịch UBND huyện",
        "form",
    ),
    "giay_khen_thu_truong": (
        "Giấy khen của Thủ trưởng cơ quan, đơn vị",
        "Giấy khen Thủ trưởng cơ quan, đơn vị",
        "form",
    ),
    "bang_khen_chu_tich_tinh": (
        "Bằng khen của Chủ tịch UBND cấp tỉnh",
        "Bằng khen Chủ tịch UBND tỉnh",
        "form",
    ),
    "bang_khen_bo": (
        "Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương",
        "Bằng khen Bộ, ban, ngành, đoàn thể Trung ương",
        "form",
    ),
    "bang_khen_thu_tuong": (
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen Thủ tướng Chính phủ",
        "form",
    ),
    "huan_chuong_lao_dong_hang_ba": (
        "Huân chương Lao động hạng Ba",
        "Huân chương Lao động hạng Ba",
        "form",
    ),
    "huan_chuong_lao_dong_hang_nhi": (
        "Huân chương Lao động hạng Nhì",
        "Huân chương Lao động hạng Nhì",
        "form",
    ),
    "huan_chuong_lao_dong_hang_nhat": (
        "Huân chương Lao động hạng Nhất",
        "Huân chương Lao động hạng Nhất",
        "form",
    ),
    "lao_dong_tien_tien": ("Lao động tiên tiến", "Lao động tiên tiến", "title"),
    "chien_si_thi_dua_co_so": ("Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cơ sở", "title"),
    "chien_si_thi_dua_tinh": (
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "title",
    ),
    "chien_si_thi_dua_toan_quoc": (
        "Chiến sĩ thi đua toàn quốc",
        "Chiến sĩ thi đua toàn quốc",
        "title",
    ),
    "tap_the_lao_dong_tien_tien": (
        "Tập thể lao động tiên tiến",
        "Tập thể lao động tiên tiến",
        "title",
    ),
    "tap_the_lao_dong_xuat_sac": (
        "Tập thể lao động xuất sắc",
        "Tập thể lao động xuất sắc",
        "title",
    ),
    "co_thi_dua_tinh": ("Cờ thi đua của UBND cấp tỉnh", "Cờ thi đua UBND tỉnh", "title"),
    "co_thi_dua_chinh_phu": ("Cờ thi đua của Chính phủ", "Cờ thi đua Chính phủ", "title"),
}

# "CSTĐ or higher" (RULES.md §2.8), lowest first.
CSTD_FORMS: Final = (
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_tinh",
    "chien_si_thi_dua_toan_quoc",
)

PERSON_FLAGS: Final = ("cchc_role", "unit_chair", "key_leader")
# flag -> (true text, false text) for a whole explanation …
PERSON_FLAG_TEXTS: Final = {
    "cchc_role": ("Phụ trách công tác CCHC", "Không phụ trách công tác CCHC"),
    "unit_chair": (
        "Là Chủ tịch hoặc Phó Chủ tịch UBND xã",
        "Không là Chủ tịch hoặc Phó Chủ tịch UBND xã",
    ),
    "key_leader": ("Là lãnh đạo chủ chốt của đơn vị", "Không là lãnh đạo chủ chốt của đơn vị"),
}
# … and the short form used inside compound explanations.
PERSON_FLAG_SHORT: Final = {
    "cchc_role": ("Phụ trách CCHC", "Không phụ trách CCHC"),
    "unit_chair": ("Là Chủ tịch/Phó Chủ tịch UBND xã", "Không là Chủ tịch/Phó Chủ tịch UBND xã"),
    "key_leader": ("Là lãnh đạo chủ chốt", "Không là lãnh đạo chủ chốt"),
}

# Default PAR classification bands (RULES.md §4): (name, lower bound in percent), best first.
DEFAULT_BANDS: Final = (
    ("Xuất sắc", Decimal(90)),
    ("Tốt", Decimal(80)),
    ("Khá", Decimal(70)),
    ("Trung bình", Decimal(50)),
    ("Yếu", Decimal(0)),
)

SUBJECT_LABELS: Final = {"collective": "tập thể", "individual": "cá nhân"}
