"""The columns of each kind of import: canonical field names (the API's schema too), the
Vietnamese header the product's template writes, the other wordings offices use, and
what a cell holds. Plain data, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# What a column's drop-down list offers in the template (and what its cells must name).
RATING, AWARD_FORM, GROUP, LEVEL, SCOPE, DISCIPLINE, ATTESTATION, FIELD, YES_NO, GENDER = (
    "rating",
    "award_form",
    "group",
    "level",
    "scope",
    "discipline",
    "attestation",
    "field",
    "yes_no",
    "gender",
)


@dataclass(frozen=True)
class Field:
    name: str  # canonical name: the key of import_rows' mappings and of the API
    header: str  # the template's header
    required: bool = False
    synonyms: tuple[str, ...] = ()  # other wordings met in offices' files
    type: type = str  # str, int, Decimal, dt.date, bool
    note: str = ""  # what the column takes, in the template's notes row
    choices: str = ""  # the drop-down list (one of the names above), if any
    # The record the row is about: its cell decides a "Tổng cộng" row or a heading.
    subject: bool = False

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)


UNIT_NAME = ("Tên đơn vị", "Đơn vị", "Cơ quan, đơn vị", "Tên cơ quan, đơn vị", "Cơ quan")
PERSON_NAME = ("Họ và tên", "Họ tên", "Tên cá nhân", "Cá nhân", "Họ và tên cá nhân")
YEAR_NOTE = "Ví dụ: 2025 (để trống: năm chọn khi nhập)"
YEAR = Field("year", "Năm", synonyms=("Năm đánh giá", "Năm thực hiện"), type=int, note=YEAR_NOTE)

_unit_code = Field(
    "unit_code", "Mã đơn vị", synonyms=("Mã cơ quan",), note="Không bắt buộc nếu ghi tên đơn vị"
)
_unit_name = Field(
    "unit",
    "Tên đơn vị",
    synonyms=UNIT_NAME[1:],
    note="Bắt buộc nếu không ghi mã đơn vị; tên như trong hệ thống",
    subject=True,
)
_person_code = Field(
    "person_code",
    "Mã cá nhân",
    synonyms=("Mã cán bộ", "Mã CBCC", "Mã nhân viên"),
    note="Không bắt buộc nếu ghi họ tên và đơn vị",
)
_person_name = Field(
    "person", "Họ và tên", synonyms=PERSON_NAME[1:], note="Cá nhân (nếu là cá nhân)", subject=True
)
_person_unit = Field(
    "unit", "Đơn vị", synonyms=UNIT_NAME, note="Đơn vị của cá nhân, hoặc đơn vị (tập thể)"
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "units": (
        Field("code", "Mã đơn vị", synonyms=("Mã",), note="Chữ không dấu, số, - _ ."),
        Field("name", "Tên đơn vị", True, UNIT_NAME[1:], note="Ví dụ: UBND xã Ân Mỹ", subject=True),
        Field(
            "parent",
            "Đơn vị cấp trên",
            synonyms=("Trực thuộc", "Cấp trên", "Đơn vị quản lý"),
            note="Tên hoặc mã đơn vị cấp trên",
        ),
        Field(
            "group",
            "Khối thi đua",
            True,
            ("Khối", "Cụm, khối thi đua"),
            note="Chọn trong danh sách",
            choices=GROUP,
        ),
        Field("level", "Cấp", synonyms=("Cấp đơn vị",), note="Để trống: theo khối", choices=LEVEL),
        Field(
            "par_assessed",
            "Chấm Chỉ số CCHC",
            synonyms=("Chấm CCHC", "Thuộc diện chấm Chỉ số CCHC"),
            type=bool,
            note="Có / Không (để trống: Có)",
            choices=YES_NO,
        ),
        Field("valid_from", "Hiệu lực từ", synonyms=("Từ ngày",), type=dt.date, note="dd/mm/yyyy"),
        Field("valid_to", "Hiệu lực đến", synonyms=("Đến ngày",), type=dt.date, note="dd/mm/yyyy"),
        Field("email", "Thư điện tử", synonyms=("Email", "E-mail", "Thư điện tử công vụ")),
    ),
    "people": (
        Field(
            "code", "Mã cá nhân", synonyms=_person_code.synonyms, note="Chữ không dấu, số, - _ ."
        ),
        Field("full_name", "Họ và tên", True, PERSON_NAME[1:], subject=True),
        Field("unit", "Đơn vị", True, UNIT_NAME, note="Tên hoặc mã đơn vị công tác"),
        Field("position", "Chức vụ", synonyms=("Chức danh", "Chức vụ, chức danh")),
        Field("gender", "Giới tính", synonyms=("Nam/Nữ",), note="Nam / Nữ", choices=GENDER),
        Field("birth_year", "Năm sinh", type=int),
        Field(
            "key_leader",
            "Lãnh đạo chủ chốt",
            type=bool,
            note="Có / Không",
            choices=YES_NO,
        ),
        Field(
            "cchc_role",
            "Phụ trách công tác CCHC",
            synonyms=("Phụ trách CCHC",),
            type=bool,
            note="Có / Không",
            choices=YES_NO,
        ),
        Field(
            "unit_chair",
            "Chủ tịch/Phó Chủ tịch UBND xã",
            synonyms=("Chủ tịch, Phó Chủ tịch UBND",),
            type=bool,
            note="Có / Không",
            choices=YES_NO,
        ),
        Field("email", "Thư điện tử", synonyms=("Email", "E-mail")),
    ),
    "par": (
        _unit_code,
        _unit_name,
        YEAR,
        Field(
            "self_score",
            "Điểm tự đánh giá",
            synonyms=("Tự chấm", "Tự đánh giá", "Điểm tự chấm", "Điểm tự đánh giá, chấm điểm"),
            type=Decimal,
            note="Ví dụ: 85,5",
        ),
        Field(
            "score",
            "Điểm thẩm định",
            synonyms=(
                "Tổng điểm đạt được",
                "Thẩm định",
                "Điểm đạt được",
                "Điểm sau thẩm định",
                "Kết quả thẩm định",
                "Tổng điểm",
            ),
            type=Decimal,
            note="Điểm dùng để xét thi đua",
        ),
        Field(
            "max_score",
            "Điểm tối đa",
            synonyms=("Thang điểm", "Tối đa", "Điểm chuẩn", "Tổng điểm tối đa"),
            type=Decimal,
            note="Để trống: 100",
        ),
        Field("note", "Ghi chú"),
    ),
    "ratings": (
        _unit_code,
        _person_code,
        _person_name,
        _person_unit,
        YEAR,
        Field(
            "rating",
            "Xếp loại",
            True,
            ("Mức xếp loại", "Kết quả xếp loại", "Xếp loại chất lượng", "Kết quả đánh giá"),
            note="Chọn trong danh sách",
            choices=RATING,
        ),
    ),
    "awards": (
        _unit_code,
        _person_code,
        _person_name,
        _person_unit,
        Field(
            "form",
            "Hình thức khen thưởng",
            True,
            ("Danh hiệu", "Danh hiệu thi đua", "Hình thức", "Danh hiệu, hình thức khen thưởng"),
            note="Chọn trong danh sách",
            choices=AWARD_FORM,
        ),
        Field(
            "year",
            "Năm thành tích",
            synonyms=("Năm", "Năm khen thưởng"),
            type=int,
            note="Năm của thành tích được khen (để trống: năm chọn khi nhập)",
        ),
        Field("field", "Lĩnh vực", note="Để trống: Chung", choices=FIELD),
        Field("decision_number", "Số quyết định", synonyms=("Số QĐ", "Quyết định số")),
        Field(
            "decision_date",
            "Ngày quyết định",
            synonyms=("Ngày QĐ", "Ngày ký"),
            type=dt.date,
            note="dd/mm/yyyy",
        ),
        Field("issuer", "Cơ quan quyết định", synonyms=("Cấp khen", "Cơ quan ban hành")),
    ),
    "disciplines": (
        _person_code,
        Field("person", "Họ và tên", True, PERSON_NAME[1:], subject=True),
        Field("unit", "Đơn vị", synonyms=UNIT_NAME, note="Đơn vị của cá nhân"),
        Field(
            "level",
            "Hình thức kỷ luật",
            True,
            ("Kỷ luật", "Hình thức"),
            note="Chọn trong danh sách",
            choices=DISCIPLINE,
        ),
        Field(
            "date",
            "Ngày quyết định",
            True,
            ("Ngày quyết định kỷ luật", "Ngày kỷ luật", "Ngày QĐ"),
            type=dt.date,
            note="dd/mm/yyyy",
        ),
        Field("reference", "Số quyết định", synonyms=("Số QĐ", "Quyết định số")),
        Field("note", "Ghi chú", synonyms=("Lý do",)),
    ),
    "initiatives": (
        Field("code", "Mã sáng kiến", note="Để trống: hệ thống tự đặt"),
        Field("title", "Tên sáng kiến", True, ("Sáng kiến", "Tên đề tài, sáng kiến"), subject=True),
        Field("unit", "Đơn vị chủ trì", synonyms=("Đơn vị", *UNIT_NAME[1:])),
        Field(
            "authors",
            "Tác giả",
            synonyms=("Tác giả, đồng tác giả", "Tác giả sáng kiến"),
            note="Họ tên hoặc mã, cách nhau bằng dấu ;",
        ),
        Field(
            "year",
            "Năm công nhận",
            synonyms=("Năm",),
            type=int,
            note=YEAR_NOTE,
        ),
        Field(
            "scope",
            "Phạm vi ảnh hưởng",
            True,
            ("Phạm vi công nhận", "Phạm vi áp dụng", "Cấp công nhận", "Phạm vi"),
            note="Chọn trong danh sách",
            choices=SCOPE,
        ),
    ),
    "attestations": (
        _unit_code,
        _person_code,
        _person_name,
        _person_unit,
        YEAR,
        Field(
            "key",
            "Nội dung xác nhận",
            True,
            ("Nội dung", "Xác nhận"),
            note="Chọn trong danh sách",
            choices=ATTESTATION,
        ),
        Field("note", "Căn cứ", synonyms=("Ghi chú",)),
    ),
}

# Columns that are never data.
IGNORED_HEADERS = ("STT", "Số thứ tự", "TT", "Số TT")
