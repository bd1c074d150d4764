"""The plan document (Kế hoạch phát động) as data: header, legal bases, body sections,
recipients and signer, laid out per Nghị định 30/2020 by the .docx builder.

Pure Python (no Django): the model is a tree of frozen dataclasses; ``plan_from_dict``
validates a plain dict (as stored in JSON or edited by the UI) and ``Plan.to_dict`` gives it
back exactly. The five shipped plans live in ``plans/<key>.toml`` (one per seed).

Section text uses a tiny markup the builder understands:

- paragraphs are separated by a blank line;
- a line starting with ``## `` is a sub-heading ("## 1. Mục đích"), ``### `` a
  sub-sub-heading ("### 1.1. Đối với tập thể"); nothing deeper;
- inside a paragraph ``**bold**`` and ``*italic*``;
- a paragraph starting with ``- `` is a dash item; "a) …" items are ordinary paragraphs.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from thidua.lib.formatting import format_date_long as vietnamese_date

__all__ = [
    "ROLES",
    "Plan",
    "PlanError",
    "Section",
    "Signer",
    "load_plan",
    "parse_markup",
    "plan_from_dict",
    "plan_keys",
    "registration_columns",
    "vietnamese_date",
]

PLANS_DIR = Path(__file__).resolve().parent / "plans"

#: Section roles, in the usual order of a plan.
ROLES: tuple[str, ...] = (
    "purpose",  # mục đích, yêu cầu
    "participants",  # đối tượng thi đua
    "contents",  # nội dung thi đua
    "period",  # thời gian thi đua
    "commendation",  # khen thưởng: danh hiệu, hình thức, tiêu chuẩn, hồ sơ, thời gian
    "implementation",  # tổ chức thực hiện
    "other",
)

ROLE_LABELS: dict[str, str] = {
    "purpose": "Mục đích, yêu cầu",
    "participants": "Đối tượng thi đua",
    "contents": "Nội dung thi đua",
    "period": "Thời gian thi đua",
    "commendation": "Khen thưởng",
    "implementation": "Tổ chức thực hiện",
    "other": "Khác",
}

#: Vietnamese names of the fields, used in the error messages.
FIELD_LABELS: dict[str, str] = {
    "key": "Mã mẫu kế hoạch",
    "superior": "Cơ quan chủ quản",
    "issuer": "Cơ quan ban hành",
    "number": "Số văn bản",
    "symbol": "Ký hiệu văn bản",
    "place": "Địa danh",
    "date": "Ngày ban hành",
    "doc_type": "Tên loại văn bản",
    "title": "Trích yếu",
    "legal_bases": "Căn cứ ban hành",
    "preamble": "Đoạn mở đầu",
    "sections": "Các phần của kế hoạch",
    "closing": "Đoạn kết",
    "recipients": "Nơi nhận",
    "signer": "Người ký",
    "authority": "Quyền hạn, chức vụ người ký",
    "name": "Họ và tên người ký",
    "heading": "Tiêu đề phần",
    "role": "Loại nội dung của phần",
    "text": "Nội dung phần",
}

PLAN_FIELDS = (
    "key",
    "superior",
    "issuer",
    "number",
    "symbol",
    "place",
    "date",
    "doc_type",
    "title",
    "legal_bases",
    "preamble",
    "sections",
    "closing",
    "recipients",
    "signer",
)
# Fields that may be left out of the input (they then take these values).
OPTIONAL_DEFAULTS: dict[str, Any] = {
    "superior": "",
    "number": "",
    "preamble": "",
    "legal_bases": [],
}
SECTION_FIELDS = ("heading", "role", "text")
SIGNER_FIELDS = ("authority", "name")

BLANK_NUMBER = "      "  # what "Số:" is followed by when the number is left for the clerk

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER_RE = re.compile(r"^\d+$")
_HEADING_RE = re.compile(r"^(#+)(?:\s|$)")


class PlanError(ValueError):
    """A plan that cannot be used. ``message`` is Vietnamese and names the field; ``path``
    locates it (``"sections[2].heading"``, ``"signer.authority[0]"``, ``"date"``)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.message} [{self.path}]" if self.path else self.message


# --------------------------------------------------------------------------- dates


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Section:
    heading: str  # as printed: "I. MỤC ĐÍCH, YÊU CẦU"
    role: str  # one of ROLES
    text: str  # body in the plan markup

    def to_dict(self) -> dict[str, str]:
        return {"heading": self.heading, "role": self.role, "text": self.text}


@dataclass(frozen=True)
class Signer:
    authority: tuple[str, ...]  # ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"authority": list(self.authority), "name": self.name}


@dataclass(frozen=True)
class Plan:
    key: str
    superior: str
    issuer: str
    number: str
    symbol: str
    place: str
    date: str
    doc_type: str
    title: str
    legal_bases: tuple[str, ...]
    preamble: str
    sections: tuple[Section, ...]
    closing: str
    recipients: tuple[str, ...]
    signer: Signer

    @property
    def number_and_symbol(self) -> str:
        """ "Số: 158/KH-UBND", or "Số:      /KH-UBND" when the number is left blank."""
        return f"Số: {self.number or BLANK_NUMBER}/{self.symbol}"

    @property
    def place_and_date(self) -> str:
        """ "Lộc Ninh, ngày 19 tháng 7 năm 2024"."""
        return f"{self.place}, {vietnamese_date(self.date)}"

    def sections_with_role(self, role: str) -> list[Section]:
        return [section for section in self.sections if section.role == role]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (str, list, dict) that ``plan_from_dict`` turns back into this plan."""
        return {
            "key": self.key,
            "superior": self.superior,
            "issuer": self.issuer,
            "number": self.number,
            "symbol": self.symbol,
            "place": self.place,
            "date": self.date,
            "doc_type": self.doc_type,
            "title": self.title,
            "legal_bases": list(self.legal_bases),
            "preamble": self.preamble,
            "sections": [section.to_dict() for section in self.sections],
            "closing": self.closing,
            "recipients": list(self.recipients),
            "signer": self.signer.to_dict(),
        }


# --------------------------------------------------------------------------- validation


def _label(field: str) -> str:
    return f"{FIELD_LABELS.get(field, field)} ({field})"


def _check_keys(data: Any, allowed: tuple[str, ...], path: str, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PlanError(f"{what} phải là một bảng (dict) các trường.", path)
    for name in data:
        if name not in allowed:
            where = f"{path}.{name}" if path else str(name)
            raise PlanError(
                f"Trường “{name}” không có trong mẫu {what.lower()}; các trường hợp lệ: "
                + ", ".join(allowed)
                + ".",
                where,
            )
    return data


def _string(
    data: dict[str, Any], field: str, path: str, *, required: bool, default: str = ""
) -> str:
    if field not in data:
        if required:
            raise PlanError(f"Thiếu trường {_label(field)}.", path)
        return default
    value = data[field]
    if field == "date" and isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = value.isoformat()  # an unquoted TOML date
    if not isinstance(value, str):
        raise PlanError(f"{_label(field)} phải là chuỗi ký tự.", path)
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise PlanError(f"{_label(field)} không được để trống.", path)
    return value


def _string_list(data: dict[str, Any], field: str, path: str, *, minimum: int) -> list[str]:
    if field not in data:
        if minimum:
            raise PlanError(f"Thiếu trường {_label(field)}.", path)
        return []
    value = data[field]
    if not isinstance(value, list):
        raise PlanError(f"{_label(field)} phải là một danh sách.", path)
    if len(value) < minimum:
        raise PlanError(f"{_label(field)} phải có ít nhất {minimum} dòng.", path)
    items: list[str] = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(item, str):
            raise PlanError(f"Dòng {index + 1} của {_label(field)} phải là chuỗi ký tự.", where)
        item = unicodedata.normalize("NFC", item).strip()
        if not item:
            raise PlanError(f"Dòng {index + 1} của {_label(field)} không được để trống.", where)
        items.append(item)
    return items


def _capitals(value: str, field: str, path: str) -> None:
    if value != value.upper():
        raise PlanError(f"{_label(field)} phải viết IN HOA (theo Nghị định 30/2020).", path)


def parse_markup(text: str) -> list[tuple[str, str]]:
    """Check section text and split it into blocks: ("h2" | "h3" | "dash" | "p", content).
    Content keeps its inline ``**bold**`` / ``*italic*`` marks. Raises PlanError (without a
    path; ``plan_from_dict`` adds it) naming the offending line."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if not paragraph:
            return
        content = " ".join(part.strip() for part in paragraph)
        if content.count("**") % 2:
            raise PlanError(
                f"Dòng {start}: dấu in đậm “**” không cân (mở mà không đóng, hoặc ngược lại)."
            )
        if content.startswith("- "):
            blocks.append(("dash", content[2:].strip()))
        else:
            blocks.append(("p", content))
        paragraph.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        match = _HEADING_RE.match(stripped)
        if match:
            flush()
            level = len(match.group(1))
            content = stripped[level:].strip()
            if level >= 4:
                raise PlanError(
                    f"Dòng {number}: tiêu đề “{'#' * level}” quá sâu; chỉ dùng “## ” (mục) "
                    "và “### ” (tiểu mục)."
                )
            if level == 1:
                raise PlanError(
                    f"Dòng {number}: tiêu đề “# ” không dùng trong nội dung phần; "
                    "dùng “## ” (mục) hoặc “### ” (tiểu mục)."
                )
            if not content:
                raise PlanError(f"Dòng {number}: tiêu đề trống.")
            if content.count("**") % 2:
                raise PlanError(f"Dòng {number}: dấu in đậm “**” không cân.")
            blocks.append(("h2" if level == 2 else "h3", content))
            continue
        if not paragraph:
            start = number
        paragraph.append(stripped)
    flush()
    return blocks


def _section(data: Any, path: str) -> Section:
    data = _check_keys(data, SECTION_FIELDS, path, "Phần kế hoạch")
    heading = _string(data, "heading", f"{path}.heading", required=True)
    if "\n" in heading:
        raise PlanError(f"{_label('heading')} phải nằm trên một dòng.", f"{path}.heading")
    role = _string(data, "role", f"{path}.role", required=True)
    if role not in ROLES:
        raise PlanError(
            f"{_label('role')} “{role}” không hợp lệ; chọn một trong: " + ", ".join(ROLES) + ".",
            f"{path}.role",
        )
    text = _string(data, "text", f"{path}.text", required=True)
    try:
        parse_markup(text)
    except PlanError as error:
        raise PlanError(f"{_label('text')}: {error.message}", f"{path}.text") from None
    return Section(heading=heading, role=role, text=text)


def _signer(data: dict[str, Any]) -> Signer:
    if "signer" not in data:
        raise PlanError(f"Thiếu trường {_label('signer')}.", "signer")
    raw = _check_keys(data["signer"], SIGNER_FIELDS, "signer", "Người ký")
    authority = _string_list(raw, "authority", "signer.authority", minimum=1)
    for index, line in enumerate(authority):
        _capitals(line, "authority", f"signer.authority[{index}]")
    name = _string(raw, "name", "signer.name", required=True)
    return Signer(authority=tuple(authority), name=name)


def plan_from_dict(data: Any) -> Plan:
    """Validate plain data and build the plan. Raises PlanError (Vietnamese message, path)."""
    data = _check_keys(data, PLAN_FIELDS, "", "Kế hoạch")
    values: dict[str, Any] = {}
    for field in ("key", "issuer", "symbol", "place", "date", "doc_type", "title", "closing"):
        values[field] = _string(data, field, field, required=True)
    for field in ("superior", "number", "preamble"):
        values[field] = _string(data, field, field, required=False)

    if re.search(r"\s", values["key"]) or "/" in values["key"]:
        raise PlanError(f"{_label('key')} không được chứa khoảng trắng hoặc “/”.", "key")
    if values["superior"]:
        _capitals(values["superior"], "superior", "superior")
    _capitals(values["issuer"], "issuer", "issuer")
    _capitals(values["doc_type"], "doc_type", "doc_type")
    if values["number"] and not _NUMBER_RE.match(values["number"]):
        raise PlanError(
            f"{_label('number')} chỉ gồm chữ số (ví dụ “158”); ký hiệu “KH-UBND” ghi ở "
            "trường symbol; để trống nếu chưa cấp số.",
            "number",
        )
    if values["symbol"].startswith("/") or re.search(r"\s", values["symbol"]):
        raise PlanError(
            f"{_label('symbol')} ghi liền, không có “/” ở đầu (ví dụ “KH-UBND”).", "symbol"
        )
    if not _DATE_RE.match(values["date"]):
        raise PlanError(f"{_label('date')} phải có dạng YYYY-MM-DD (ví dụ 2024-07-19).", "date")
    try:
        _dt.date.fromisoformat(values["date"])
    except ValueError:
        raise PlanError(
            f"{_label('date')} “{values['date']}” không phải là một ngày có thật.", "date"
        ) from None
    if not values["closing"].endswith("./."):
        raise PlanError(
            f"{_label('closing')} phải kết thúc bằng “./.” (theo Nghị định 30/2020).", "closing"
        )

    legal_bases = _string_list(data, "legal_bases", "legal_bases", minimum=0)

    if "sections" not in data:
        raise PlanError(f"Thiếu trường {_label('sections')}.", "sections")
    raw_sections = data["sections"]
    if not isinstance(raw_sections, list):
        raise PlanError(f"{_label('sections')} phải là một danh sách.", "sections")
    if not raw_sections:
        raise PlanError(f"{_label('sections')} phải có ít nhất 1 phần.", "sections")
    sections = tuple(_section(raw, f"sections[{index}]") for index, raw in enumerate(raw_sections))

    recipients = _string_list(data, "recipients", "recipients", minimum=1)
    for index, line in enumerate(recipients):
        if line.startswith(("- ", "-\t")):
            raise PlanError(
                f"Dòng {index + 1} của {_label('recipients')}: bỏ dấu “- ” ở đầu dòng "
                "(văn bản tự thêm).",
                f"recipients[{index}]",
            )
    if not recipients[-1].startswith("Lưu"):
        raise PlanError(
            f"Dòng cuối của {_label('recipients')} phải là “Lưu: VT, …” (theo Nghị định 30/2020).",
            f"recipients[{len(recipients) - 1}]",
        )

    return Plan(
        key=values["key"],
        superior=values["superior"],
        issuer=values["issuer"],
        number=values["number"],
        symbol=values["symbol"],
        place=values["place"],
        date=values["date"],
        doc_type=values["doc_type"],
        title=values["title"],
        legal_bases=tuple(legal_bases),
        preamble=values["preamble"],
        sections=sections,
        closing=values["closing"],
        recipients=tuple(recipients),
        signer=_signer(data),
    )


# --------------------------------------------------------------------------- shipped plans


def plan_keys() -> list[str]:
    """Keys of the shipped plans (``plans/<key>.toml``), sorted."""
    return sorted(path.stem for path in PLANS_DIR.glob("*.toml"))


@cache
def load_plan(key: str) -> Plan:
    """The shipped plan ``key``. KeyError for an unknown key; PlanError if the file is bad."""
    if key not in plan_keys():
        raise KeyError(f"Không có mẫu kế hoạch “{key}”.")
    path = PLANS_DIR / f"{key}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"Tệp {path.name} không đúng cú pháp TOML: {error}", "") from None
    plan = plan_from_dict(data)
    if plan.key != key:
        raise PlanError(f"{_label('key')} “{plan.key}” không khớp tên tệp {path.name}.", "key")
    return plan


# --------------------------------------------------------------------------- registration form

_REGISTRATION_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("stt", "STT", ""),
    ("tap_the_ca_nhan", "Tập thể, cá nhân", ""),
    ("hoan_thanh_nhiem_vu", "Hoàn thành nhiệm vụ", "Danh hiệu thi đua"),
    ("lao_dong_tien_tien", "Lao động tiên tiến", "Danh hiệu thi đua"),
    ("chien_si_thi_dua_co_so", "Chiến sỹ thi đua cấp cơ sở", "Danh hiệu thi đua"),
    ("chien_si_thi_dua_tinh", "Chiến sỹ thi đua cấp tỉnh", "Danh hiệu thi đua"),
    ("chien_si_thi_dua_toan_quoc", "Chiến sỹ thi đua toàn quốc", "Danh hiệu thi đua"),
    ("giay_khen_huyen", "Giấy khen UBND huyện", "Hình thức khen thưởng"),
    (
        "bang_khen_tinh_bo",
        "Bằng khen UBND tỉnh, các Bộ, ngành, đoàn thể TW",
        "Hình thức khen thưởng",
    ),
    ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "Hình thức khen thưởng"),
    ("huan_chuong", "Huân chương các loại", "Hình thức khen thưởng"),
)


def registration_columns() -> list[dict[str, Any]]:
    """The columns of the registration form ("ĐĂNG KÝ danh hiệu thi đua, khen thưởng") of
    seed 001, in order: key, label, group ("" for STT and the name column; "Danh hiệu thi
    đua" or "Hình thức khen thưởng" for the grouped ones) and number (1…11, printed
    "(1)"…"(11)" under the headings)."""
    return [
        {"key": key, "label": label, "group": group, "number": number}
        for number, (key, label, group) in enumerate(_REGISTRATION_COLUMNS, start=1)
    ]
