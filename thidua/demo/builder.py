"""The demo district: a fictional UBND huyện Hòa Phong (tỉnh Bình Định) with its departments,
communes, sections, villages, ~400 people, five years of facts (2021–2025), its accounts,
and the 2024 award chain of the Lộc Ninh campaign (`award_chain`: dossiers in every state,
the council, its sessions, a decision), then the 2025 reform (`reform`: the district ends on
30/6/2025, all its communes merge into five new communes on 1/7/2025, their people carried
over, xã Ân Mỹ's accounts, its 2026 campaign and decision).

`thidua seed_demo` calls `load_demo()` once. The data is deterministic (random.Random(2026))
and shaped so that the five campaign templates of RULES.md §3 have something to say in 2024:
ties in rank and at quota boundaries, 89,995 %, 18,9/21 = 90 %, missing scores, open and
closed reviews, disciplined key leaders. Those cases live in the hand-written tables below
(PAR_TABLE, UNIT_RATINGS_2024, PERSON_RATINGS_FIXED, DISCIPLINES, REVIEWS, INITIATIVES,
ATTESTATIONS_2024, AWARDS_FIXED); everything else is seeded random filler.

`thidua.org` must not import `thidua.scoring` (import-linter contract), so the fact models are
looked up through the app registry. The demo spans both apps; see the note in the report.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from thidua.api.models import ApiToken
from thidua.awards import numbering
from thidua.campaigns.models import Registration, RegistrationLine
from thidua.campaigns.registrations import participants
from thidua.campaigns.services import template_sources
from thidua.demo import after_decision, award_chain, plans, publication, reform
from thidua.demo.notifications import seeded
from thidua.lib.audit import acting_as, bulk_create_logged
from thidua.lib.vietnamese import normalize_name
from thidua.org.models import CompetitionGroup, Person, Unit, User
from thidua.scoring import models as scoring_models

SEED = 2026
DEMO_PASSWORD = "thidua@2026"
YEARS = (2021, 2022, 2023, 2024, 2025)
PROVINCE = "tỉnh Bình Định"
DISTRICT = "huyện Hòa Phong"
ROOT_CODE = "HOAPHONG"
# Hòa Lợi + Hòa Thọ -> Hòa Đông, inside the district (the 2025 reform is demo.reform).
MERGER_LAST_DAY = date(2024, 12, 31)
MERGER_FIRST_DAY = date(2025, 1, 1)
THOUSANDTH = Decimal("0.001")

# --------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    full_name: str
    unit_code: str | None = None
    admin: bool = False
    # The district's accounts work for it until 30/6/2025 (afterwards they read its
    # history); the communes' accounts from 1/7/2025, created by the reform step.
    until: date | None = None
    since: date | None = None


DISTRICT_END = reform.LAST_DAY
COMMUNE_START = reform.FIRST_DAY
ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("quantri", User.Role.ADMIN, "Phan Minh Quân", admin=True),
    AccountSpec("noivu", User.Role.OFFICE, "Lê Thị Thu Hà", "PNV", until=DISTRICT_END),
    AccountSpec("donvi1", User.Role.UNIT, "Huỳnh Ngọc Lan", "PNV", until=DISTRICT_END),
    AccountSpec("donvi2", User.Role.UNIT, "Bùi Văn Tâm", "TTHOAPHONG", until=DISTRICT_END),
    AccountSpec("hoidong1", User.Role.COUNCIL, "Đặng Thị Mai", until=DISTRICT_END),
    AccountSpec("hoidong2", User.Role.COUNCIL, "Lê Thị Thu Hà", until=DISTRICT_END),
    AccountSpec("hoidong3", User.Role.COUNCIL, "Trần Quốc Bảo", until=DISTRICT_END),
    AccountSpec("hoidong4", User.Role.COUNCIL, "Phan Văn Lộc", until=DISTRICT_END),
    AccountSpec("chutich", User.Role.LEADER, "Võ Đức Hùng", ROOT_CODE, until=DISTRICT_END),
    # xã Ân Mỹ (demo.reform): its officer for thi đua, khen thưởng, a unit, two council
    # members voting on screen, its chairman.
    AccountSpec("vanphong", User.Role.OFFICE, "Đoàn Minh Nhật", "ANMY-VP", since=COMMUNE_START),
    AccountSpec("donvixa", User.Role.UNIT, "Trương Thị Mỹ Hạnh", "ANMY-HCC", since=COMMUNE_START),
    AccountSpec("hoidongxa1", User.Role.COUNCIL, "Trần Thị Kim Oanh", since=COMMUNE_START),
    AccountSpec("hoidongxa2", User.Role.COUNCIL, "Lê Văn Phúc", since=COMMUNE_START),
    AccountSpec(
        "chutichxa", User.Role.LEADER, reform.CHAIRMAN, reform.ISSUER.code, since=COMMUNE_START
    ),
)

# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------
# The data tables below are laid out by hand for reading; ruff format leaves them alone.
# fmt: off


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    size: int
    head: str = "Trưởng phòng"
    deputy: str = "Phó Trưởng phòng"
    staff: tuple[str, ...] = ("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Cán sự")
    par_assessed: bool = True


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "VPUBND", "Văn phòng HĐND và UBND", 14, "Chánh Văn phòng", "Phó Chánh Văn phòng",
        ("Chuyên viên", "Chuyên viên", "Văn thư", "Kế toán", "Nhân viên lái xe"),
    ),
    DepartmentSpec("PNV", "Phòng Nội vụ", 10),
    DepartmentSpec("PTP", "Phòng Tư pháp", 8),
    DepartmentSpec("PTCKH", "Phòng Tài chính - Kế hoạch", 12),
    DepartmentSpec("PKTHT", "Phòng Kinh tế và Hạ tầng", 11),
    DepartmentSpec("PNNMT", "Phòng Nông nghiệp và Môi trường", 12),
    DepartmentSpec("PVHKHTT", "Phòng Văn hóa, Khoa học và Thông tin", 9),
    DepartmentSpec("PGDDT", "Phòng Giáo dục và Đào tạo", 13),
    DepartmentSpec("PYT", "Phòng Y tế", 8),
    DepartmentSpec(
        "TTH", "Thanh tra huyện", 8, "Chánh Thanh tra huyện", "Phó Chánh Thanh tra huyện",
        ("Thanh tra viên", "Thanh tra viên", "Thanh tra viên chính"),
    ),
    DepartmentSpec("PDTTG", "Phòng Dân tộc và Tôn giáo", 6),
    DepartmentSpec(
        "BQLDA", "Ban Quản lý dự án đầu tư xây dựng huyện", 9, "Giám đốc", "Phó Giám đốc",
        ("Viên chức kỹ thuật", "Viên chức kỹ thuật", "Kế toán", "Cán sự"),
        par_assessed=False,  # a public service unit: not scored by the PAR index
    ),
)


@dataclass(frozen=True)
class SectionType:
    name: str
    par_assessed: bool
    # (position title, tag, key_leader, cchc_role); the title gets " xã"/" thị trấn" when
    # it ends in "{kind}".
    staff: tuple[tuple[str, str, bool, bool], ...]
    gender: str | None = None


SECTION_TYPES: dict[str, SectionType] = {
    "MC": SectionType(
        "Bộ phận Một cửa",
        True,
        (("Công chức Bộ phận Một cửa", "staff", False, True),
         ("Công chức Bộ phận Một cửa", "staff2", False, False)),
    ),
    "CA": SectionType(
        "Công an",
        True,
        (("Trưởng Công an {kind}", "head", True, False),
         ("Phó Trưởng Công an {kind}", "deputy", False, False)),
        gender="nam",
    ),
    "QS": SectionType(
        "Ban Chỉ huy Quân sự",
        True,
        (("Chỉ huy trưởng Ban Chỉ huy Quân sự {kind}", "head", True, False),),
        gender="nam",
    ),
    # Mass organisations are not state administrative bodies: no PAR index.
    "PN": SectionType(
        "Hội Liên hiệp Phụ nữ",
        False,
        (("Chủ tịch Hội Liên hiệp Phụ nữ {kind}", "head", True, False),),
        gender="nu",
    ),
    "DTN": SectionType(
        "Đoàn Thanh niên", False, (("Bí thư Đoàn {kind}", "head", True, False),)
    ),
    "HND": SectionType(
        "Hội Nông dân", False, (("Chủ tịch Hội Nông dân {kind}", "head", True, False),)
    ),
    "CCB": SectionType(
        "Hội Cựu chiến binh",
        False,
        (("Chủ tịch Hội Cựu chiến binh {kind}", "head", True, False),),
        gender="nam",
    ),
}


@dataclass(frozen=True)
class CommuneSpec:
    code: str
    kind: str  # "xã" or "thị trấn"
    place: str
    sections: tuple[str, ...]
    villages: tuple[str, ...] = ()
    assessed_villages: tuple[str, ...] = ()  # scored by the commune on a 50-point scale
    vices: int = 1
    staff: int = 12
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def name(self) -> str:
        return f"UBND {self.kind} {self.place}"


COMMUNES: tuple[CommuneSpec, ...] = (
    CommuneSpec(
        "TTHOAPHONG", "thị trấn", "Hòa Phong", ("MC", "CA", "PN", "DTN"),
        ("Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3"),
        assessed_villages=("Tổ dân phố 1", "Tổ dân phố 2"), vices=2, staff=12,
    ),
    CommuneSpec("ANTHANH", "xã", "An Thạnh", ("MC", "CA", "PN"), ("Thôn An Lợi", "Thôn Phú An"),
                vices=2),
    CommuneSpec("ANHAO", "xã", "Ân Hảo", ("MC", "QS", "HND"), ("Thôn Ân Hậu", "Thôn Hảo Đức"),
                assessed_villages=("Thôn Ân Hậu",)),
    CommuneSpec("MYCHAU", "xã", "Mỹ Châu", ("MC", "CA"),
                ("Thôn Châu Trúc", "Thôn Vạn Thiện", "Thôn Mỹ Thành"), vices=2),
    CommuneSpec("MYDUC", "xã", "Mỹ Đức", ("MC", "PN", "CCB"), ("Thôn Đức Phổ",)),
    CommuneSpec("CATHANH", "xã", "Cát Thành", ("MC", "CA", "QS"),
                ("Thôn Chánh Hòa", "Thôn Tân Thắng")),
    CommuneSpec("BINHTHUAN", "xã", "Bình Thuận", ("MC", "DTN"),
                ("Thôn Bình Long", "Thôn Thuận Phong")),
    CommuneSpec("DAILOC", "xã", "Đại Lộc", ("MC", "CA", "HND"), ("Thôn Lộc Thượng",)),
    CommuneSpec("PHUOCHUNG", "xã", "Phước Hưng", ("MC", "CA", "PN", "QS"),
                ("Thôn Hưng Mỹ", "Thôn An Sơn"), vices=2),
    CommuneSpec("TAMQUAN", "xã", "Tam Quan", ("MC", "QS"),
                ("Thôn Tân Phú", "Thôn Trung Hòa", "Thôn Quan Nam")),
    CommuneSpec("TANLAP", "xã", "Tân Lập", ("MC", "CA", "DTN"),
                ("Thôn Lập Thành", "Thôn Tân Hòa")),
    CommuneSpec("THANHLONG", "xã", "Thạnh Long", ("MC", "PN"), ("Thôn Long Hậu",)),
    CommuneSpec("XUANSON", "xã", "Xuân Sơn", ("MC", "CA", "CCB"),
                ("Thôn Sơn Bình", "Thôn Xuân Hòa")),
    # The arrangement of 2023–2025 inside the district: Hòa Lợi and Hòa Thọ end on
    # 31/12/2024 and become Hòa Đông on 01/01/2025. Their people and villages moved to Hòa
    # Đông; their facts stay on them. (On 01/07/2025 the reform merges Hòa Đông again.)
    CommuneSpec("HOALOI", "xã", "Hòa Lợi", ("MC", "CA"), staff=0, vices=0,
                valid_to=MERGER_LAST_DAY),
    CommuneSpec("HOATHO", "xã", "Hòa Thọ", ("MC", "PN"), staff=0, vices=0,
                valid_to=MERGER_LAST_DAY),
    CommuneSpec("HOADONG", "xã", "Hòa Đông", ("MC", "CA", "PN", "QS"),
                ("Thôn Lợi Thượng", "Thôn Lợi Hạ", "Thôn Thọ Bắc"), vices=3, staff=17,
                valid_from=MERGER_FIRST_DAY),
)
MERGED_FROM = {"HOADONG": ("HOALOI", "HOATHO")}

# --------------------------------------------------------------------------------------
# PAR-index results of the departments and communes, 2021–2025
# --------------------------------------------------------------------------------------
# Each cell: None (no result that year), "88.5" (appraised, of 100), "18.9/21" (appraised,
# of 21), "95.5>94.75" (self-assessed 95.5, appraised 94.75) or "93>" (self-assessed only:
# appraisal pending). Self-assessments of 2021–2024 are generated a little above the score.

PAR_TABLE: dict[str, tuple[str | None, ...]] = {
    #             2021    2022     2023        2024       2025
    "VPUBND":    ("88.5", "90.25", "93",       "96",      "95.5>94.75"),
    "PTP":       ("84",   "86.5",  "90.5",     "94.75",   "93>"),
    "PNV":       ("87",   "89",    "91.5",     "92.5",    "94>93.25"),
    "PTCKH":     ("85.5", "87.25", "89",       "92.5",    "92>91"),
    "PKTHT":     ("78",   "82.5",  "86",       "90",      "91.5>"),
    "PVHKHTT":   ("80",   "83.5",  "17.85/21", "18.9/21", "91>"),
    "PNNMT":     ("76.5", "79",    "84.5",     "88",      "90>89.5"),
    "PGDDT":     ("81",   None,    "83",       "85.25",   "88>86.75"),
    "PYT":       ("72",   "74.5",  "77",       "79.5",    "82>"),
    "TTH":       ("65",   "68",    "69.995",   "72",      "74>"),
    "PDTTG":     (None,   None,    "62",       "65",      "70>71"),
    "TTHOAPHONG": ("89",  "91.5",  "93",       "95.5",    "96>95"),
    "ANTHANH":   ("86",   "90",    "94",       "93",      "93.5>"),
    "ANHAO":     ("84.5", "88",    "90.5",     "93",      "92>92"),
    "MYCHAU":    ("82",   "85",    "88",       "91.25",   "90>"),
    "MYDUC":     ("80",   "84",    "87.5",     "89.995",  "91>90"),
    "CATHANH":   ("79",   "81.5",  "85",       "88",      "88>87.5"),
    "BINHTHUAN": (None,   "80",    "83",       "86.5",    "87>"),
    "DAILOC":    ("76",   "79.5",  "86.5",     "86.5",    "88>88.25"),
    "PHUOCHUNG": ("74",   "77",    "81",       "84",      "85>84.5"),
    "TAMQUAN":   ("72.5", "75",    "79",       "82.75",   "84>"),
    "TANLAP":    ("70",   "73.5",  "76",       "80",      "82>81"),
    "THANHLONG": ("68",   "71",    "75.5",     "79.995",  "81>"),
    "XUANSON":   ("61",   "66",    "69",       None,      "72>"),
    "HOALOI":    ("75",   "78.5",  "82",       "71.5",    None),
    "HOATHO":    ("64",   "70",    "73",       "68",      None),
    "HOADONG":   (None,   None,    None,       None,      "83>82.5"),
}

# Unit ratings (xếp loại) of 2024, chosen for the templates; other years follow the score.
UNIT_RATINGS_2024: dict[str, str] = {
    "VPUBND": "HTXSNV", "PTP": "HTXSNV", "PNV": "HTXSNV", "PTCKH": "HTXSNV",
    "PKTHT": "HTXSNV", "PVHKHTT": "HTXSNV", "PNNMT": "HTXSNV", "PGDDT": "HTXSNV",
    "PYT": "HTTNV", "TTH": "HTTNV", "PDTTG": "HTTNV", "BQLDA": "HTXSNV",
    "TTHOAPHONG": "HTXSNV", "ANTHANH": "HTXSNV", "ANHAO": "HTXSNV", "MYCHAU": "HTXSNV",
    "MYDUC": "HTTNV", "CATHANH": "HTXSNV", "BINHTHUAN": "HTXSNV", "DAILOC": "HTXSNV",
    "PHUOCHUNG": "HTXSNV", "TAMQUAN": "HTXSNV", "TANLAP": "HTXSNV", "THANHLONG": "HTXSNV",
    "XUANSON": "HTXSNV", "HOALOI": "HTTNV", "HOATHO": "HTNV",
    "TTHOAPHONG-MC": "HTXSNV", "TTHOAPHONG-PN": "HTXSNV",
}
UNIT_RATINGS_FIXED: dict[tuple[str, int], str | None] = {
    ("HOADONG", 2025): "HTXSNV",
    ("PDTTG", 2021): None,
    ("PDTTG", 2022): None,
}
# Section results the 2024 Đình Dù scheme reads (par_tot_tang): 88 -> 93,5.
SECTION_PAR_FIXED: dict[tuple[str, int], str | None] = {
    ("TTHOAPHONG-MC", 2023): "88",
    ("TTHOAPHONG-MC", 2024): "93.5",
}

# --------------------------------------------------------------------------------------
# The showcase people: tag "UNITCODE:role" -> name and gender
# --------------------------------------------------------------------------------------

NAMED_PEOPLE: dict[str, tuple[str, str]] = {
    f"{ROOT_CODE}:head": ("Võ Đức Hùng", "nam"),
    "VPUBND:cchc": ("Nguyễn Văn An", "nam"),
    "VPUBND:it": ("Phan Minh Quân", "nam"),
    "PNV:head": ("Đặng Thị Mai", "nu"),
    "PNV:cchc": ("Lê Thị Thu Hà", "nu"),
    "PNV:staff1": ("Huỳnh Ngọc Lan", "nu"),
    "PNV:staff2": ("Nguyễn Văn Ân", "nam"),
    "PTCKH:cchc": ("Nguyễn Thị Ánh", "nu"),
    "PTCKH:staff1": ("Nguyễn Thị Anh", "nu"),
    "PGDDT:staff1": ("Nguyễn Văn Anh", "nam"),
    "PYT:staff1": ("Trần Văn An", "nam"),
    "TTHOAPHONG:cchc": ("Nguyễn Văn An", "nam"),
    "TTHOAPHONG:clerk": ("Bùi Văn Tâm", "nam"),
    "PHUOCHUNG-T1:head": ("Nguyễn Văn An", "nam"),
    "ANHAO:cchc": ("Lê Thị Ân", "nu"),
}

# Person ratings that the showcase needs; None = deliberately missing.
PERSON_RATINGS_FIXED: dict[tuple[str, int], str | None] = {
    **{
        (tag, 2024): "HTXSNV"
        for tag in (
            # Thái Nguyên individuals, phong: 5 with cchc_role, 4 without, 1 disciplined.
            "PNV:cchc", "PTCKH:cchc", "PKTHT:cchc", "PNNMT:cchc", "PVHKHTT:cchc",
            "PNV:staff1", "PTCKH:staff1", "PGDDT:staff1", "PYT:staff1", "PTP:head",
            # Thái Nguyên individuals, xa: 9 with cchc_role, 4 without, 2 chairs.
            "TTHOAPHONG:cchc", "ANTHANH:cchc", "ANHAO:cchc", "MYCHAU:cchc", "CATHANH:cchc",
            "BINHTHUAN:cchc", "DAILOC:cchc", "TAMQUAN:cchc", "TANLAP:cchc",
            "TTHOAPHONG:chair", "TTHOAPHONG:clerk", "ANHAO:tp", "CATHANH:tp",
            "THANHLONG:chair", "XUANSON:chair",
            # Đình Dù individuals and Phù Mỹ.
            "PHUOCHUNG:dc", "TTHOAPHONG-MC:staff", "XUANSON:cchc",
        )
    },
    ("VPUBND:cchc", 2024): None,
    ("PGDDT:cchc", 2024): None,
    ("MYDUC:cchc", 2024): "HTTNV",
}

# --------------------------------------------------------------------------------------
# Events: disciplines, reviews, initiatives, attestations, hand-picked awards
# --------------------------------------------------------------------------------------

# (person tag, date, level, decision number, note)
DISCIPLINES: tuple[tuple[str, date, str, str, str], ...] = (
    ("PTP:head", date(2024, 8, 15), "khien_trach", "412/QĐ-UBND",
     "Chậm chỉ đạo giải quyết hồ sơ chứng thực quá hạn"),
    ("PHUOCHUNG:dc", date(2024, 5, 20), "canh_cao", "236/QĐ-UBND",
     "Vi phạm quy trình cấp giấy chứng nhận quyền sử dụng đất"),
    ("MYDUC:vice", date(2023, 10, 10), "khien_trach", "501/QĐ-UBND", ""),
    ("TANLAP-T1:head", date(2022, 4, 12), "canh_cao", "18/QĐ-UBND", ""),
    ("PNNMT:staff1", date(2025, 1, 2), "khien_trach", "03/QĐ-UBND",
     "Vi phạm trong năm 2024, quyết định ban hành năm 2025"),
    ("PGDDT:deputy", date(2025, 6, 10), "khien_trach", "288/QĐ-UBND", ""),
    ("ANHAO:chair", date(2025, 9, 15), "khien_trach", "615/QĐ-UBND", ""),
)

# (subject: unit code or person tag, kind, since, until, note)
REVIEWS: tuple[tuple[str, str, date, date | None, str], ...] = (
    ("MYCHAU", "bao_chi", date(2024, 11, 20), None,
     "Báo phản ánh việc trả hồ sơ đất đai trễ hẹn, đang xác minh"),
    ("BINHTHUAN", "xem_xet_ky_luat", date(2024, 9, 1), date(2024, 12, 31),
     "Kiểm điểm tập thể về chậm báo cáo; đã kết thúc ngày 31/12/2024"),
    ("TANLAP", "khieu_nai", date(2025, 4, 1), None,
     "Đơn khiếu nại về bồi thường giải phóng mặt bằng"),
    ("TTHOAPHONG:clerk", "khieu_nai", date(2024, 10, 5), date(2025, 3, 20),
     "Đơn tố cáo của công dân, đã giải quyết ngày 20/3/2025"),
    ("MYCHAU:cchc", "khieu_nai", date(2024, 3, 1), date(2024, 6, 30), "Đã giải quyết"),
    ("DAILOC-CA:head", "xem_xet_ky_luat", date(2025, 2, 10), None, ""),
)


@dataclass(frozen=True)
class InitiativeSpec:
    code: str
    year: int
    unit: str
    scope: str
    title: str
    authors: tuple[str, ...] = ()


INITIATIVES: tuple[InitiativeSpec, ...] = (
    InitiativeSpec("SK-2021-01", 2021, "VPUBND", "huyen",
                   "Quy trình xử lý văn bản điện tử liên thông huyện – xã", ("VPUBND:head",)),
    InitiativeSpec("SK-2021-02", 2021, "TTHOAPHONG", "co_so",
                   "Bảng hướng dẫn thủ tục hành chính bằng hình ảnh tại Bộ phận Một cửa",
                   ("TTHOAPHONG:cchc",)),
    InitiativeSpec("SK-2022-01", 2022, "PNV", "tinh",
                   "Phần mềm theo dõi, chấm điểm Chỉ số CCHC các xã, thị trấn", ("PNV:head",)),
    InitiativeSpec("SK-2022-02", 2022, "ANHAO", "huyen",
                   "Số hóa sổ hộ tịch giai đoạn 1976–2015", ("ANHAO:tp",)),
    InitiativeSpec("SK-2022-03", 2022, "HOALOI", "huyen",
                   "Tổ tư vấn thủ tục đất đai lưu động tại thôn", ("HOADONG:cchc",)),
    InitiativeSpec("SK-2023-01", 2023, "PTCKH", "co_so",
                   "Mẫu hóa hồ sơ thẩm định dự toán cấp xã", ("PTCKH:deputy",)),
    InitiativeSpec("SK-2023-02", 2023, "ANTHANH", "tinh",
                   "Trả kết quả thủ tục hành chính tại nhà qua bưu điện cho người cao tuổi",
                   ("ANTHANH:cchc", "ANTHANH:chair")),
    InitiativeSpec("SK-2023-03", 2023, "HOATHO", "co_so",
                   "Hộp thư góp ý điện tử về thái độ phục vụ", ()),
    InitiativeSpec("SK-2024-01", 2024, "VPUBND", "tinh",
                   "Hệ thống họp không giấy tờ của UBND huyện",
                   ("VPUBND:cchc", "VPUBND:head")),
    InitiativeSpec("SK-2024-02", 2024, "PNV", "huyen",
                   "Bộ công cụ tự đánh giá Chỉ số CCHC cho các phòng chuyên môn",
                   ("PNV:cchc", "PNV:staff1")),
    InitiativeSpec("SK-2024-03", 2024, "PKTHT", "huyen",
                   "Tra cứu quy hoạch xây dựng bằng mã QR", ("PKTHT:cchc",)),
    InitiativeSpec("SK-2024-04", 2024, "PVHKHTT", "huyen",
                   "Tích hợp dịch vụ công trực tuyến vào Cổng thông tin điện tử huyện",
                   ("PVHKHTT:cchc",)),
    InitiativeSpec("SK-2024-05", 2024, "BQLDA", "huyen",
                   "Giám sát tiến độ dự án đầu tư công trên bản đồ số", ("BQLDA:head",)),
    InitiativeSpec("SK-2024-06", 2024, "PTP", "huyen",
                   "Sổ tay hướng dẫn chứng thực bản sao điện tử", ("PTP:cchc",)),
    InitiativeSpec("SK-2024-07", 2024, "PTCKH", "huyen",
                   "Thu phí, lệ phí thủ tục hành chính không dùng tiền mặt", ("PTCKH:cchc",)),
    InitiativeSpec("SK-2024-08", 2024, "TTHOAPHONG", "tinh",
                   "Tổ công nghệ số cộng đồng hỗ trợ người dân nộp hồ sơ trực tuyến",
                   ("TTHOAPHONG:cchc", "TTHOAPHONG:clerk")),
    InitiativeSpec("SK-2024-09", 2024, "ANTHANH", "huyen",
                   "Tra cứu kết quả giải quyết hồ sơ qua Zalo", ("ANTHANH:cchc",)),
    InitiativeSpec("SK-2024-10", 2024, "ANHAO", "huyen",
                   "Liên thông đăng ký khai sinh – thường trú – thẻ bảo hiểm y tế trẻ em",
                   ("ANHAO:cchc",)),
    InitiativeSpec("SK-2024-11", 2024, "MYCHAU", "co_so",
                   "Phiếu hẹn điện tử gửi qua tin nhắn", ("MYCHAU:cchc",)),
    InitiativeSpec("SK-2024-12", 2024, "MYDUC", "huyen",
                   "Ngày thứ Bảy tiếp nhận hồ sơ cho người lao động", ("MYDUC:cchc",)),
    InitiativeSpec("SK-2024-13", 2024, "CATHANH", "co_so",
                   "Lịch tiếp công dân công khai qua mã QR", ("CATHANH:cchc",)),
    InitiativeSpec("SK-2024-14", 2024, "BINHTHUAN", "co_so",
                   "Sổ theo dõi hồ sơ trễ hẹn trên bảng tính dùng chung", ("BINHTHUAN:cchc",)),
    InitiativeSpec("SK-2024-15", 2024, "PHUOCHUNG", "co_so",
                   "Đo đạc, cắm mốc ranh giới thửa đất bằng thiết bị định vị", ("PHUOCHUNG:dc",)),
    InitiativeSpec("SK-2024-16", 2024, "XUANSON", "co_so",
                   "Hướng dẫn thủ tục hành chính bằng tiếng Ba Na", ("XUANSON:cchc",)),
    InitiativeSpec("SK-2024-17", 2024, "TTHOAPHONG-MC", "co_so",
                   "Ki-ốt tra cứu thủ tục và khu vực chờ thân thiện", ("TTHOAPHONG-MC:staff",)),
    InitiativeSpec("SK-2024-18", 2024, "TTHOAPHONG-PN", "co_so",
                   "Phụ nữ thị trấn hướng dẫn nhau dùng dịch vụ công trực tuyến",
                   ("TTHOAPHONG-PN:head",)),
    InitiativeSpec("SK-2025-01", 2025, "VPUBND", "huyen",
                   "Trợ lý ảo tra cứu văn bản chỉ đạo", ("VPUBND:cchc",)),
    InitiativeSpec("SK-2025-02", 2025, "PNV", "huyen",
                   "Số hóa hồ sơ cán bộ, công chức cấp xã", ("PNV:cchc",)),
    InitiativeSpec("SK-2025-03", 2025, "TTHOAPHONG", "huyen",
                   "Thanh toán trực tuyến phí, lệ phí hộ tịch", ("TTHOAPHONG:cchc",)),
    InitiativeSpec("SK-2025-04", 2025, "MYDUC", "huyen",
                   "Tổ hỗ trợ người cao tuổi làm thủ tục trực tuyến", ("MYDUC:cchc",)),
    InitiativeSpec("SK-2025-05", 2025, "PTP", "huyen",
                   "Chứng thực điện tử từ bản chính", ("PTP:cchc",)),
    InitiativeSpec("SK-2025-06", 2025, "ANTHANH", "tinh",
                   "Bản đồ số dịch vụ công của xã", ("ANTHANH:cchc",)),
    InitiativeSpec("SK-2025-07", 2025, "BQLDA", "huyen",
                   "Nhật ký công trình điện tử", ("BQLDA:head",)),
    InitiativeSpec("SK-2025-08", 2025, "PTCKH", "co_so",
                   "Đối chiếu số liệu ngân sách xã tự động", ("PTCKH:cchc",)),
    InitiativeSpec("SK-2025-09", 2025, "ANHAO", "huyen",
                   "Một cửa liên thông tại nhà văn hóa thôn", ("ANHAO:cchc",)),
    InitiativeSpec("SK-2025-10", 2025, "HOADONG", "huyen",
                   "Hợp nhất dữ liệu hộ tịch của hai xã sau sắp xếp", ("HOADONG:cchc",)),
)

TN_KEYS = ("phat_dong_phong_trao", "noi_bo_doan_ket", "dang_tsvm")
COUNCIL_NOTE = "Biên bản họp Hội đồng Thi đua – Khen thưởng huyện ngày {day}"

_TN_UNITS = (
    "VPUBND", "PTP", "PNV", "PTCKH", "PKTHT", "PVHKHTT", "PNNMT", "BQLDA",
    "TTHOAPHONG", "ANTHANH", "ANHAO", "MYCHAU", "MYDUC", "CATHANH", "BINHTHUAN",
    "DAILOC", "PHUOCHUNG", "TAMQUAN", "TANLAP", "THANHLONG", "XUANSON",
)
# Attestations of 2024 are all hand-picked (other years are partly random): subject codes
# or person tags per key.
ATTESTATIONS_2024: dict[str, tuple[str, ...]] = {
    # Lộc Ninh: dan_dau_noi_dung.
    "dan_dau_noi_dung": (
        "VPUBND", "PTP", "PNV", "PKTHT", "PVHKHTT", "BQLDA",
        "TTHOAPHONG", "ANTHANH", "ANHAO", "MYCHAU", "MYDUC",
    ),
    # Thái Nguyên collectives: all three keys, except PGDDT which lacks dang_tsvm.
    "phat_dong_phong_trao": (*_TN_UNITS, "PGDDT"),
    "noi_bo_doan_ket": (*_TN_UNITS, "PGDDT"),
    "dang_tsvm": _TN_UNITS,
    # Thái Nguyên individuals.
    "guong_mau": (
        "PNV:cchc", "PTCKH:cchc", "PKTHT:cchc", "PNNMT:cchc", "PVHKHTT:cchc",
        "PNV:staff1", "PTCKH:staff1", "PGDDT:staff1", "PYT:staff1", "PTP:head", "VPUBND:cchc",
        "TTHOAPHONG:cchc", "ANTHANH:cchc", "ANHAO:cchc", "MYCHAU:cchc", "CATHANH:cchc",
        "BINHTHUAN:cchc", "DAILOC:cchc", "TAMQUAN:cchc", "TANLAP:cchc",
        "TTHOAPHONG:chair", "TTHOAPHONG:clerk", "ANHAO:tp", "CATHANH:tp",
        "THANHLONG:chair", "XUANSON:chair",
    ),
    # Đình Dù individuals.
    "thuc_hien_tot_cchc": (
        "TTHOAPHONG:cchc", "TTHOAPHONG:clerk", "ANHAO:cchc", "MYDUC:cchc", "PHUOCHUNG:dc",
        "TTHOAPHONG-MC:staff", "MYCHAU:cchc",
    ),
    # Tân Châu.
    "dat_tieu_chuan_6900": ("VPUBND", "PNV", "TTHOAPHONG", "ANHAO", "PNV:cchc",
                            "TTHOAPHONG:cchc"),
}
ATTESTATIONS_FIXED: tuple[tuple[str, int, str], ...] = (
    # Lộc Ninh 2025.
    *(
        (code, 2025, "dan_dau_noi_dung")
        for code in ("VPUBND", "PNV", "PTCKH", "PTP", "BQLDA", "TTHOAPHONG", "ANTHANH",
                     "ANHAO", "MYDUC")
    ),
    # Phù Mỹ phase schemes.
    ("TTH", 2025, "tieu_bieu_giai_doan"),
    ("XUANSON", 2025, "tieu_bieu_giai_doan"),
    ("PNV:cchc", 2025, "tieu_bieu_giai_doan"),
    ("PYT:staff1", 2025, "tieu_bieu_giai_doan"),
)

# Hand-picked awards: (recipient: unit code or person tag, form, year, field).
AWARDS_FIXED: tuple[tuple[str, str, int, str], ...] = (
    ("PNV:cchc", "giay_khen_chu_tich_huyen", 2022, "cchc"),
    ("PNV:cchc", "giay_khen_chu_tich_huyen", 2023, "cchc"),
    ("PNV:cchc", "giay_khen_chu_tich_huyen", 2024, "cchc"),
    ("PTCKH:cchc", "giay_khen_chu_tich_huyen", 2022, "cchc"),
    ("PTCKH:cchc", "giay_khen_chu_tich_huyen", 2023, "chung"),
    ("PKTHT:cchc", "chien_si_thi_dua_co_so", 2023, "chung"),
    ("PGDDT:cchc", "giay_khen_chu_tich_huyen", 2023, "cchc"),
    ("XUANSON:cchc", "giay_khen_chu_tich_huyen", 2023, "cchc"),
    ("PYT:staff1", "giay_khen_chu_tich_huyen", 2023, "cchc"),
    ("TTHOAPHONG:cchc", "giay_khen_chu_tich_huyen", 2021, "cchc"),
    ("VPUBND:cchc", "giay_khen_chu_tich_huyen", 2022, "cchc"),
    ("VPUBND:cchc", "giay_khen_chu_tich_huyen", 2023, "cchc"),
    ("ANTHANH:cchc", "giay_khen_chu_tich_huyen", 2024, "cchc"),
    ("ANTHANH:cchc", "chien_si_thi_dua_co_so", 2024, "chung"),
    ("VPUBND:head", "bang_khen_chu_tich_tinh", 2022, "chung"),
    ("TTHOAPHONG:chair", "bang_khen_chu_tich_tinh", 2023, "cchc"),
    ("VPUBND", "bang_khen_chu_tich_tinh", 2022, "cchc"),
    ("TTHOAPHONG", "bang_khen_chu_tich_tinh", 2023, "cchc"),
    ("PNV", "bang_khen_chu_tich_tinh", 2021, "chung"),
    ("HOALOI", "giay_khen_chu_tich_huyen", 2022, "chung"),
)
# People whose 2021–2025 history is exactly what the showcase says: no random awards or
# attestations for them (their LĐTT titles still follow their ratings).
SHOWCASE_ONLY = (
    {tag for tag, *_ in AWARDS_FIXED if ":" in tag}
    | {tag for tags in ATTESTATIONS_2024.values() for tag in tags if ":" in tag}
    | {tag for tag, _year in PERSON_RATINGS_FIXED}
)

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 34), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 3), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lương", 1),
)
MIDDLE_NAMES = {
    "nam": ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân",
            "Ngọc", "Đình", "Quang"),
    "nu": ("Thị", "Thị", "Thị", "Thị Thu", "Thị Thanh", "Thị Kim", "Thị Mỹ", "Thị Hồng",
           "Ngọc", "Minh", "Thu", "Bích"),
}
GIVEN_NAMES = {
    "nam": ("An", "Ân", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đức", "Hải", "Hiếu", "Hùng",
            "Huy", "Khánh", "Khoa", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
            "Quang", "Sơn", "Tâm", "Thành", "Thắng", "Trí", "Trung", "Tuấn", "Việt", "Vinh"),
    "nu": ("An", "Anh", "Ánh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương",
           "Lan", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
           "Tâm", "Thảo", "Thủy", "Trang", "Uyên", "Vân", "Yến"),
}
# fmt: on

# --------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------


@dataclass
class PersonSpec:
    position: str
    tag: str
    key_leader: bool = False
    cchc_role: bool = False
    unit_chair: bool = False
    gender: str | None = None
    born: tuple[int, int] = (1972, 2000)


@dataclass
class Decision:
    number: str
    date: date
    issuer: str


@dataclass
class DemoBuilder:
    """Builds the demo inside one transaction, attributed to `actor`; one method per kind."""

    actor: User
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    units: dict[str, Unit] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    tagged: dict[str, Person] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _decisions: dict[tuple[Any, ...], Decision] = field(default_factory=dict)
    _par: dict[tuple[str, int], Any] = field(default_factory=dict)
    _ratings: dict[tuple[str, int], str] = field(default_factory=dict)

    # -- units -------------------------------------------------------------------------

    def build_units(self) -> None:
        groups = {g.code: g for g in CompetitionGroup.objects.all()}
        self._unit(ROOT_CODE, f"UBND {DISTRICT}", "huyen", groups["khac"], None, False)
        root = self.units[ROOT_CODE]
        for dep in DEPARTMENTS:
            self._unit(dep.code, dep.name, "co_quan", groups["phong"], root, dep.par_assessed)
        for commune in COMMUNES:
            unit = self._unit(
                commune.code,
                commune.name,
                "xa",
                groups["xa"],
                root,
                True,
                commune.valid_from,
                commune.valid_to,
            )
            for key in commune.sections:
                section = SECTION_TYPES[key]
                self._unit(
                    f"{commune.code}-{key}",
                    f"{section.name} {commune.kind} {commune.place}",
                    "bo_phan",
                    groups["bo_phan"],
                    unit,
                    section.par_assessed,
                    commune.valid_from,
                    commune.valid_to,
                )
            for n, village in enumerate(commune.villages, start=1):
                self._unit(
                    f"{commune.code}-T{n}",
                    village,
                    "thon",
                    groups["thon"],
                    unit,
                    village in commune.assessed_villages,
                )
        for new, olds in MERGED_FROM.items():
            self.units[new].merged_from.set([self.units[code] for code in olds])

    def _unit(
        self,
        code: str,
        name: str,
        level: str,
        group: CompetitionGroup,
        parent: Unit | None,
        par_assessed: bool,
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> Unit:
        # One save() per unit: Unit.save maintains the materialised path.
        unit = Unit(
            code=code,
            name=name,
            level=level,
            group=group,
            parent=parent,
            par_assessed=par_assessed,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        unit.save()
        self.units[code] = unit
        self.counts["units"] += 1
        return unit

    # -- people ------------------------------------------------------------------------

    def build_people(self) -> None:
        self._staff(
            ROOT_CODE,
            [
                PersonSpec(f"Chủ tịch UBND {DISTRICT}", "head", key_leader=True, born=(1966, 1975)),
                PersonSpec(
                    f"Phó Chủ tịch UBND {DISTRICT}",
                    "deputy",
                    key_leader=True,
                    cchc_role=True,
                    born=(1968, 1980),
                ),
                PersonSpec(
                    f"Phó Chủ tịch UBND {DISTRICT}", "deputy2", key_leader=True, born=(1968, 1980)
                ),
            ],
        )
        for dep in DEPARTMENTS:
            self._staff(dep.code, self._department_roster(dep))
        for commune in COMMUNES:
            self._staff(commune.code, self._commune_roster(commune))
            for key in commune.sections:
                if commune.valid_to is None:
                    self._staff(f"{commune.code}-{key}", self._section_roster(commune, key))
            for n, _village in enumerate(commune.villages, start=1):
                self._staff(f"{commune.code}-T{n}", self._village_roster(commune))
        bulk_create_logged(Person, self.people)
        self.counts["people"] = len(self.people)

    def _department_roster(self, dep: DepartmentSpec) -> list[PersonSpec]:
        roster = [PersonSpec(dep.head, "head", key_leader=True, born=(1966, 1980))]
        for n in range(1 if dep.size < 10 else 2):
            roster.append(
                PersonSpec(
                    dep.deputy,
                    "deputy" if n == 0 else "deputy2",
                    key_leader=True,
                    born=(1968, 1985),
                )
            )
        if dep.code == "PNV":
            # The office's own CCHC lead is a deputy head.
            roster[1].cchc_role = True
            roster[1].tag = "cchc"
        else:
            roster.append(PersonSpec("Chuyên viên", "cchc", cchc_role=True, born=(1980, 1996)))
        if dep.code == "VPUBND":
            roster.append(PersonSpec("Chuyên viên công nghệ thông tin", "it", born=(1985, 1995)))
        n = 0
        while len(roster) < dep.size:
            n += 1
            roster.append(PersonSpec(self.rng.choice(dep.staff), f"staff{n}"))
        return roster

    def _commune_roster(self, commune: CommuneSpec) -> list[PersonSpec]:
        if commune.staff == 0:
            return []  # dissolved in the merger: its people moved to the new commune
        kind = commune.kind
        roster = [
            PersonSpec(
                f"Chủ tịch UBND {kind}",
                "chair",
                key_leader=True,
                unit_chair=True,
                born=(1966, 1982),
            ),
        ]
        for n in range(commune.vices):
            roster.append(
                PersonSpec(
                    f"Phó Chủ tịch UBND {kind}",
                    "vice" if n == 0 else f"vice{n + 1}",
                    key_leader=True,
                    unit_chair=True,
                    born=(1968, 1986),
                )
            )
        roster += [
            PersonSpec("Công chức Văn phòng - Thống kê", "cchc", cchc_role=True, born=(1982, 1998)),
            PersonSpec("Công chức Văn phòng - Thống kê", "clerk"),
            PersonSpec("Công chức Tư pháp - Hộ tịch", "tp"),
            PersonSpec("Công chức Địa chính - Xây dựng", "dc"),
            PersonSpec("Công chức Tài chính - Kế toán", "tc"),
            PersonSpec("Công chức Văn hóa - Xã hội", "vh"),
        ]
        extra = (
            "Công chức Tư pháp - Hộ tịch",
            "Công chức Địa chính - Nông nghiệp - Môi trường",
            "Công chức Văn hóa - Xã hội",
            "Người hoạt động không chuyên trách",
            "Người hoạt động không chuyên trách",
        )
        size = commune.staff + self.rng.randint(-1, 1)
        n = 0
        while len(roster) < size:
            n += 1
            roster.append(PersonSpec(self.rng.choice(extra), f"staff{n}"))
        return roster

    def _section_roster(self, commune: CommuneSpec, key: str) -> list[PersonSpec]:
        section = SECTION_TYPES[key]
        born = (1965, 1972) if key == "CCB" else (1990, 2000) if key == "DTN" else (1972, 1998)
        roster = [
            PersonSpec(
                title.format(kind=commune.kind),
                tag,
                key_leader=leader,
                cchc_role=cchc,
                gender=section.gender,
                born=born,
            )
            for title, tag, leader, cchc in section.staff
        ]
        if len(roster) > 1 and self.rng.random() < 0.4:
            roster.pop()  # some sections have one person only
        return roster

    def _village_roster(self, commune: CommuneSpec) -> list[PersonSpec]:
        head = "Tổ trưởng tổ dân phố" if commune.kind == "thị trấn" else "Trưởng thôn"
        roster = [PersonSpec(head, "head", key_leader=True, born=(1965, 1985))]
        if self.rng.random() < 0.5:
            roster.append(PersonSpec("Bí thư Chi bộ", "secretary", born=(1965, 1985)))
        return roster

    def _staff(self, unit_code: str, roster: Sequence[PersonSpec]) -> None:
        unit = self.units[unit_code]
        for spec in roster:
            tag = f"{unit_code}:{spec.tag}"
            named = NAMED_PEOPLE.get(tag)
            gender = named[1] if named else spec.gender or self.rng.choice(("nam", "nam", "nu"))
            full_name = normalize_name(named[0] if named else self._random_name(gender))
            code = f"CB{len(self.people) + 1:04d}"
            person = Person(
                code=code,
                full_name=full_name,
                gender=gender,
                birth_year=self.rng.randint(*spec.born),
                position=spec.position,
                unit=unit,
                key_leader=spec.key_leader,
                cchc_role=spec.cchc_role,
                unit_chair=spec.unit_chair,
            ).derive()  # bulk_create does not call save()
            if tag in self.tagged:
                raise ValueError(f"Two demo people share the tag {tag}")
            self.people.append(person)
            self.tagged[tag] = person

    def _random_name(self, gender: str) -> str:
        names, weights = zip(*FAMILY_NAMES, strict=True)
        family = self.rng.choices(names, weights)[0]
        middle = self.rng.choice(MIDDLE_NAMES[gender])
        given = self.rng.choice(GIVEN_NAMES[gender])
        return f"{family} {middle} {given}"

    # -- accounts ----------------------------------------------------------------------

    def build_accounts(self, password_hash: str, *, communes: bool = False) -> None:
        """The district's accounts, or (`communes`) those of the communes formed on
        1/7/2025, once the reform has made their units."""
        for spec in ACCOUNTS:
            if spec.username == self.actor.username or (spec.since is not None) != communes:
                continue
            user = User(
                username=spec.username,
                full_name=spec.full_name,
                role=spec.role,
                unit=Unit.objects.get(code=spec.unit_code) if spec.unit_code else None,
                password=password_hash,
                is_staff=spec.admin,
                is_superuser=spec.admin,
            )
            user.save()
            self.counts["accounts"] += 1

    # -- facts -------------------------------------------------------------------------

    def _fact(self, model: str, **values: Any) -> models.Model:
        return _model(model)(created_by=self.actor, **values)

    def _subject(self, ref: str) -> dict[str, Any]:
        """A unit code or a person tag -> the subject fields of a fact."""
        if ":" in ref:
            return {"person": self.tagged[ref]}
        return {"unit": self.units[ref]}

    def _save_all(self, model: str, objs: Sequence[models.Model]) -> None:
        bulk_create_logged(_model(model), objs)
        self.counts[model] += len(objs)

    def build_par_scores(self) -> None:
        objs: list[models.Model] = []
        for code, cells in PAR_TABLE.items():
            for year, cell in zip(YEARS, cells, strict=True):
                if cell is not None:
                    objs.append(self._par_score(code, year, cell))
        for unit in self.units.values():
            if unit.level in ("bo_phan", "thon") and unit.par_assessed:
                objs += self._random_par_scores(unit)
        self._save_all("ParScore", objs)

    def _par_score(self, code: str, year: int, cell: str) -> models.Model:
        """One PAR_TABLE cell: "88.5", "18.9/21", "95.5>94.75" or "93>"."""
        max_score = Decimal(100)
        if "/" in cell:
            cell, max_text = cell.split("/")
            max_score = Decimal(max_text)
        self_score: Decimal | None = None
        if ">" in cell:
            self_text, cell = cell.split(">")
            self_score = Decimal(self_text)
        score = Decimal(cell) if cell else None
        return self._make_par(code, year, self_score, score, max_score)

    def _make_par(
        self,
        code: str,
        year: int,
        self_score: Decimal | None,
        score: Decimal | None,
        max_score: Decimal,
    ) -> models.Model:
        if self_score is None and score is not None:
            # Units assess themselves a little above what the appraisal gives them.
            bump = Decimal(self.rng.choice(("0", "0.5", "1", "1.5", "2", "2.75")))
            self_score = min(max_score, score + (bump * max_score / 100).quantize(THOUSANDTH))
        self._par[(code, year)] = score * 100 / max_score if score is not None else None
        return self._fact(
            "ParScore",
            unit=self.units[code],
            year=year,
            self_score=self_score,
            score=score,
            max_score=max_score,
            note="" if score is not None else "Đang chờ kết quả thẩm định",
        )

    def _random_par_scores(self, unit: Unit) -> list[models.Model]:
        """Sections and villages: a drifting score, one year in ten missing; the commune
        scores its villages on 50 points. Half of 2025 is still being appraised."""
        max_score = Decimal(50) if unit.level == "thon" else Decimal(100)
        percent = self.rng.uniform(68, 88)
        objs = []
        for year in self._unit_years(unit):
            if fixed := SECTION_PAR_FIXED.get((unit.code, year)):
                objs.append(self._par_score(unit.code, year, fixed))
                continue
            percent = min(98.0, percent + self.rng.uniform(-2, 4))
            if self.rng.random() < 0.1:
                continue
            value = (Decimal(round(percent * 4)) / 4 * max_score / 100).quantize(THOUSANDTH)
            if year == 2025 and self.rng.random() < 0.5:
                objs.append(self._make_par(unit.code, year, value, None, max_score))
            else:
                objs.append(self._make_par(unit.code, year, None, value, max_score))
        return objs

    def build_ratings(self) -> None:
        objs: list[models.Model] = []
        for code, unit in self.units.items():
            if unit.level == "huyen":
                continue
            for year in self._unit_years(unit):
                rating = self._unit_rating(code, unit, year)
                if rating:
                    self._ratings[(code, year)] = rating
                    objs.append(self._fact("Rating", unit=unit, year=year, rating=rating))
        levels, weights = ("HTXSNV", "HTTNV", "HTNV", "KHTNV", None), (18, 62, 15, 2, 3)
        for tag, person in self.tagged.items():
            for year in YEARS:
                if (tag, year) in PERSON_RATINGS_FIXED:
                    rating = PERSON_RATINGS_FIXED[(tag, year)]
                else:
                    missing = 25 if year == 2025 else 3
                    rating = self.rng.choices(levels, weights[:-1] + (missing,))[0]
                if rating:
                    self._ratings[(tag, year)] = rating
                    objs.append(self._fact("Rating", person=person, year=year, rating=rating))
        self._save_all("Rating", objs)

    def _unit_years(self, unit: Unit) -> list[int]:
        """The years a unit has facts of its own: begun by 1 January, not ended before 31
        December (a unit merged away at the end of 2024 has 2024, not 2025)."""
        return [
            y
            for y in YEARS
            if not (unit.valid_from and unit.valid_from.year > y)
            and not (unit.valid_to and unit.valid_to < date(y, 12, 31))
        ]

    def _unit_rating(self, code: str, unit: Unit, year: int) -> str | None:
        if (code, year) in UNIT_RATINGS_FIXED:
            return UNIT_RATINGS_FIXED[(code, year)]
        if year == 2024 and code in UNIT_RATINGS_2024:
            return UNIT_RATINGS_2024[code]
        percent = self._par.get((code, year))
        if percent is None:
            return self.rng.choices(("HTXSNV", "HTTNV", "HTNV", None), (25, 55, 12, 8))[0]
        if percent >= 90:
            return "HTXSNV"
        if percent >= 80:
            return "HTXSNV" if self.rng.random() < 0.4 else "HTTNV"
        return "HTTNV" if percent >= 65 else "HTNV"

    def build_disciplines(self) -> None:
        objs = [
            self._fact(
                "Discipline",
                person=self.tagged[tag],
                date=day,
                level=level,
                reference=reference,
                note=note,
            )
            for tag, day, level, reference, note in DISCIPLINES
        ]
        self._save_all("Discipline", objs)

    def build_reviews(self) -> None:
        objs = [
            self._fact(
                "Review", kind=kind, since=since, until=until, note=note, **self._subject(ref)
            )
            for ref, kind, since, until, note in REVIEWS
        ]
        self._save_all("Review", objs)

    def build_initiatives(self) -> None:
        objs = [
            self._fact(
                "Initiative",
                code=spec.code,
                title=spec.title,
                year=spec.year,
                unit=self.units[spec.unit],
                scope=spec.scope,
            )
            for spec in INITIATIVES
        ]
        self._save_all("Initiative", objs)
        for obj, spec in zip(objs, INITIATIVES, strict=True):
            if spec.authors:
                # One m2m change per initiative, logged by auditlog's signal.
                obj.authors.set([self.tagged[tag] for tag in spec.authors])  # type: ignore[attr-defined]

    def build_attestations(self) -> None:
        seen: set[tuple[str, int, str]] = set()
        rows: list[tuple[str, int, str]] = []

        def add(ref: str, year: int, key: str) -> None:
            if (ref, year, key) not in seen:
                seen.add((ref, year, key))
                rows.append((ref, year, key))

        for key, refs in ATTESTATIONS_2024.items():
            for ref in refs:
                add(ref, 2024, key)
        for ref, year, key in ATTESTATIONS_FIXED:
            add(ref, year, key)
        for year in (2021, 2022, 2023, 2025):
            for code, unit in self.units.items():
                if unit.group_id not in ("phong", "xa") or year not in self._unit_years(unit):
                    continue
                if self._ratings.get((code, year)) == "HTXSNV":
                    for key in TN_KEYS:
                        if self.rng.random() < 0.75:
                            add(code, year, key)
                    percent = self._par.get((code, year))
                    leading = year < 2025 and percent is not None and percent >= 90
                    if leading and self.rng.random() < 0.6:
                        add(code, year, "dan_dau_noi_dung")
                if self.rng.random() < 0.15:
                    add(code, year, "dat_tieu_chuan_6900")
            for tag, person in self.tagged.items():
                if tag in SHOWCASE_ONLY or self._ratings.get((tag, year)) != "HTXSNV":
                    continue
                if self.rng.random() < 0.3:
                    add(tag, year, "guong_mau")
                if person.cchc_role and self.rng.random() < 0.5:
                    add(tag, year, "thuc_hien_tot_cchc")
        objs = [
            self._fact(
                "Attestation",
                year=year,
                key=key,
                note=COUNCIL_NOTE.format(day=f"{self.rng.randint(10, 22)}/12/{year}"),
                **self._subject(ref),
            )
            for ref, year, key in rows
        ]
        self._save_all("Attestation", objs)

    def build_campaigns(self) -> None:
        """The district's campaigns: each template made huyện Hòa Phong's own (its header,
        place, number, basis and chairman), the issued ones issued by the service."""
        root = self.units[ROOT_CODE]
        for key, status, number, parent in DEMO_CAMPAIGNS:
            rules, _plan = template_sources(key)
            date = dt.date.fromisoformat(rules["date"])
            campaign = plans.own_campaign(
                key,
                root,
                user=self.actor,
                start_year=dt.date.fromisoformat(rules["period"]["start"]).year,
                number=number,
                date=date,
                place=reform.DISTRICT_PLACE,
                parent_reference=parent,
            )
            self.counts["campaigns"] += 1
            if status == "ban_hanh":
                plans.issue(campaign, user=self.actor, on=date)
                self.build_registrations(campaign, max(campaign.template.years))

    def build_registrations(self, campaign: Any, year: int) -> None:
        """Registrations of `year` in every state: submitted, being written, reopened by the
        office after submission, and units that have not registered at all."""
        units = participants(campaign)
        states = ["da_nop", "da_nop", "nhap", "da_nop", "mo_lai", None]
        for i, unit in enumerate(units):
            state = states[i % len(states)]
            if state is None:
                continue
            registration = Registration.objects.create(
                campaign=campaign, unit=unit, year=year, status=state, created_by=self.actor
            )
            if state in ("da_nop", "mo_lai"):
                registration.submitted_at = timezone.make_aware(
                    dt.datetime(year, 3, 1 + i % 27, 9, 30)
                )
                registration.save(update_fields=["submitted_at"])
            lines = [
                RegistrationLine(
                    registration=registration,
                    section="collective",
                    unit=unit,
                    marks=["giay_khen_huyen"]
                    if i % 3
                    else ["giay_khen_huyen", "bang_khen_tinh_bo"],
                )
            ]
            members = [p for p in self.people if p.unit_id == unit.pk][:3]
            for n, person in enumerate(members):
                marks = ["lao_dong_tien_tien"] + (["chien_si_thi_dua_co_so"] if n == 0 else [])
                lines.append(
                    RegistrationLine(
                        registration=registration, section="individual", person=person, marks=marks
                    )
                )
            lines.append(
                RegistrationLine(
                    registration=registration,
                    section="individual",
                    label="Toàn thể cán bộ, công chức, người lao động",
                    marks=["hoan_thanh_nhiem_vu"],
                )
            )
            bulk_create_logged(RegistrationLine, lines)
            self.counts["registrations"] += 1

    def build_awards(self) -> None:
        objs: list[models.Model] = []
        for ref, form, year, field_ in AWARDS_FIXED:
            objs.append(self._award(ref, form, year, field_))
        objs += self._unit_awards()
        objs += self._person_awards()
        self._save_all("Award", objs)

    def _unit_awards(self) -> list[models.Model]:
        """Phù Mỹ-style Giấy khen for the top three of each group, 2021–2023, and a few
        general ones. 2024 and 2025 are left to the demo's campaigns to decide."""
        objs = []
        for year in (2021, 2022, 2023):
            for group in ("phong", "xa"):
                scored = [
                    (percent, code)
                    for (code, y), percent in self._par.items()
                    if y == year and percent is not None and self.units[code].group_id == group
                ]
                for percent, code in scored:
                    rank = 1 + sum(1 for other, _ in scored if other > percent)
                    if rank <= 3:
                        objs.append(self._award(code, "giay_khen_chu_tich_huyen", year, "cchc"))
            others = sorted(
                code
                for code, unit in self.units.items()
                if unit.group_id in ("phong", "xa") and self._ratings.get((code, year)) == "HTXSNV"
            )
            for code in self.rng.sample(others, min(2, len(others))):
                objs.append(self._award(code, "giay_khen_chu_tich_huyen", year, "chung"))
        return objs

    def _person_awards(self) -> list[models.Model]:
        objs = []
        for year in (2021, 2022, 2023, 2024):
            for tag in self.tagged:
                rating = self._ratings.get((tag, year))
                if rating not in ("HTXSNV", "HTTNV") or self.rng.random() >= 0.9:
                    continue
                objs.append(self._award(tag, "lao_dong_tien_tien", year, "chung"))
                if rating == "HTXSNV" and tag not in SHOWCASE_ONLY:
                    if self.rng.random() < 0.3:
                        objs.append(self._award(tag, "chien_si_thi_dua_co_so", year, "chung"))
                    elif self.rng.random() < 0.1:
                        objs.append(self._award(tag, "giay_khen_chu_tich_huyen", year, "chung"))
                    elif self.rng.random() < 0.1 and self._commune_of(tag):
                        objs.append(self._award(tag, "giay_khen_chu_tich_xa", year, "chung"))
        return objs

    def _commune_of(self, ref: str) -> CommuneSpec | None:
        code = ref.split(":")[0].split("-")[0]
        return next((c for c in COMMUNES if c.code == code), None)

    def _award(self, ref: str, form: str, year: int, field_: str) -> models.Model:
        decision = self._decision(ref, form, year)
        return self._fact(
            "Award",
            form_id=form,
            year=year,
            field=field_,
            decision_number=decision.number,
            decision_date=decision.date,
            issuer=decision.issuer,
            **self._subject(ref),
        )

    def _decision(self, ref: str, form: str, year: int) -> Decision:
        """One decision per issuer, form and achievement year, signed early the next year."""
        issued = year + 1
        if form == "bang_khen_chu_tich_tinh":
            key: tuple[Any, ...] = ("tinh", year)
            issuer = f"Chủ tịch UBND {PROVINCE}"
            number_range, month = (1800, 3200), 4
        elif form == "giay_khen_chu_tich_xa":
            commune = self._commune_of(ref)
            assert commune is not None
            key = (commune.code, year)
            issuer = f"Chủ tịch {commune.name}"
            number_range, month = (5, 60), 1
        else:
            key = (form, year, ref.count(":") == 0)
            issuer = f"Chủ tịch UBND {DISTRICT}"
            number_range, month = (60, 480), {"lao_dong_tien_tien": 1}.get(form, 2)
        if key not in self._decisions:
            self._decisions[key] = Decision(
                f"{self.rng.randint(*number_range)}/QĐ-UBND",
                date(issued, month, self.rng.randint(5, 27)),
                issuer,
            )
        return self._decisions[key]


def _model(name: str) -> type[models.Model]:
    return getattr(scoring_models, name)


# --------------------------------------------------------------------------------------
# Public API used by the command
# --------------------------------------------------------------------------------------


def demo_exists() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


def conflicts() -> list[str]:
    """Accounts, units or people of the demo that a database without the demo already holds
    (the demo cannot be loaded beside them)."""
    usernames = [a.username for a in ACCOUNTS]
    codes = [ROOT_CODE, *(d.code for d in DEPARTMENTS), *(c.code for c in COMMUNES)]
    codes += [c.code for c in reform.NEW_COMMUNES]
    users = User.objects.filter(username__in=usernames).values_list("username", flat=True)
    units = Unit.objects.filter(code__in=codes).values_list("code", flat=True)
    people = Person.objects.filter(code__regex=r"^CB[0-9]{4}$").values_list("code", flat=True)
    return (
        [f"tài khoản {name}" for name in users]
        + [f"đơn vị {code}" for code in units]
        + [f"cá nhân {code}" for code in people[:3]]
    )


@seeded  # the chain's events notify in the app, no e-mail; then example addresses
@transaction.atomic
def load_demo(*, after_reform: bool = True) -> dict[str, int]:
    """Create the whole demo in one transaction. Returns what was created, by kind.

    Without `after_reform`, the district as it was on 30/6/2025, never ended (the tests
    compare its evaluations with and without the reform: `reform_step` adds it after)."""
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    admin_spec = ACCOUNTS[0]
    admin = User(
        username=admin_spec.username,
        full_name=admin_spec.full_name,
        role=admin_spec.role,
        password=password_hash,
        is_staff=True,
        is_superuser=True,
    )
    admin.save()
    with acting_as(admin):
        # The administrator's own creation, logged as done by itself, like every other row.
        LogEntry.objects.filter(
            content_type__app_label="org", content_type__model="user", object_pk=str(admin.pk)
        ).update(actor=admin)
        builder = DemoBuilder(actor=admin)
        builder.build_units()
        builder.build_people()
        builder.build_accounts(password_hash)
        builder.counts["accounts"] += 1  # the administrator
        builder.build_par_scores()
        builder.build_ratings()
        builder.build_disciplines()
        builder.build_reviews()
        builder.build_initiatives()
        builder.build_attestations()
        builder.build_awards()
        builder.build_campaigns()
        award_chain.build(builder.counts)
        after_decision.build(builder.counts)
    if after_reform:
        reform_step(builder, password_hash)
    publication.build(builder.counts)
    # Dossiers and sessions the demo moved directly: numbered in order of submission/closing.
    with acting_as(admin):
        numbering.backfill(user=admin)
        _api_token(admin)
    return dict(builder.counts)


def _api_token(admin: User) -> None:
    """The token the province's PAR scoring system would use (its secret is not kept: the
    page shows it as the administrator sees a real one, with its revoke button)."""
    office = User.objects.filter(role=User.Role.OFFICE, is_active=True).order_by("pk").last()
    if office is not None:
        ApiToken.issue(
            user=office,
            name="Hệ thống chấm điểm CCHC của tỉnh",
            scope=ApiToken.Scope.WRITE,
            created_by=admin,
        )


@seeded
@transaction.atomic
def apply_reform() -> None:
    """The reform step on a demo loaded with `load_demo(after_reform=False)`."""
    builder = DemoBuilder(actor=User.objects.get(username=ACCOUNTS[0].username))
    reform_step(builder, make_password(DEMO_PASSWORD))
    with acting_as(builder.actor):
        numbering.backfill(user=builder.actor)


def reform_step(builder: DemoBuilder, password_hash: str) -> None:
    """From 01/7/2025: the district ends, its units merge into communes (by the
    administrator), the communes' accounts, and xã Ân Mỹ's 2026 chain (by its accounts)."""
    with acting_as(builder.actor):
        reform.build(builder.counts, builder.actor)
        builder.build_accounts(password_hash, communes=True)
    reform.build_2026(builder.counts)


# Campaigns of the demo: (template, state). Tân Châu (2020) and Thái Nguyên (2018–2020)
# read years before the demo's facts; an office copies them to start its own.
DEMO_CAMPAIGNS = (
    (
        "loc-ninh-2024-2025",
        "ban_hanh",
        "86",
        "Kế hoạch số 230/KH-UBND ngày 10/7/2024 của UBND tỉnh Bình Định về phát động phong "
        "trào thi đua “Đẩy mạnh cải cách hành chính nhà nước” tỉnh Bình Định giai đoạn "
        "2024 - 2025",
    ),
    ("phu-my-2021-2025", "ban_hanh", "47", ""),
    (
        "dinh-du-2024",
        "nhap",
        "41",
        "Kế hoạch số 15/KH-UBND ngày 26/01/2024 của UBND tỉnh Bình Định về cải cách hành "
        "chính năm 2024",
    ),
)


def account_period(spec: AccountSpec) -> str:
    if spec.until:
        return f"đến {spec.until:%d/%m/%Y}"
    if spec.since:
        return f"từ {spec.since:%d/%m/%Y}"
    return ""


def account_rows() -> list[tuple[str, str, str, str, str]]:
    """(username, role, unit, period, password) of the demo accounts that exist."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS]).select_related(
            "unit"
        )
    }
    return [
        (
            spec.username,
            users[spec.username].get_role_display(),
            users[spec.username].unit.name if users[spec.username].unit else "—",
            account_period(spec),
            DEMO_PASSWORD,
        )
        for spec in ACCOUNTS
        if spec.username in users
    ]
