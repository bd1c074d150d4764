"""The columns of each kind of fact's Excel export, and of the PAR ranking: those of the
list page (kinds.KINDS), as values — scores as numbers, dates as dates — plus the
confirmation state where the page shows it."""

from __future__ import annotations

from typing import Any

from thidua.lib.xlsx import Column


def _subject(fact: Any) -> str:
    return str(fact.subject) if fact.subject is not None else ""


def _decision(award: Any) -> str | None:
    return award.decision_number or None


FACT_COLUMNS: dict[str, tuple[Column, ...]] = {
    "chi-so-cchc": (
        Column("Đơn vị", lambda x: x.unit.name),
        Column("Năm", lambda x: x.year),
        Column("Tự đánh giá", lambda x: x.self_score),
        Column("Thẩm định", lambda x: x.score),
        Column("Tối đa", lambda x: x.max_score),
        Column("Tỷ lệ (%)", lambda x: x.percent),
        Column("Ghi chú", lambda x: x.note),
    ),
    "xep-loai": (
        Column("Đối tượng", _subject),
        Column("Năm", lambda x: x.year),
        Column("Xếp loại", lambda x: x.get_rating_display()),
    ),
    "ky-luat": (
        Column("Cá nhân", lambda x: x.person.full_name),
        Column("Đơn vị", lambda x: x.person.unit.name),
        Column("Ngày", lambda x: x.date),
        Column("Hình thức", lambda x: x.get_level_display()),
        Column("Số quyết định", lambda x: x.reference),
        Column("Ghi chú", lambda x: x.note),
    ),
    "xem-xet": (
        Column("Đối tượng", _subject),
        Column("Loại", lambda x: x.get_kind_display()),
        Column("Từ ngày", lambda x: x.since),
        Column("Đến ngày", lambda x: x.until if x.until else "đang mở"),
        Column("Nội dung", lambda x: x.note),
    ),
    "khen-thuong": (
        Column("Đối tượng", _subject),
        Column("Danh hiệu/hình thức", lambda x: x.form.name),
        Column("Năm thành tích", lambda x: x.year),
        Column("Lĩnh vực", lambda x: x.get_field_display()),
        Column("Số quyết định", _decision),
        Column("Ngày quyết định", lambda x: x.decision_date),
        Column("Cơ quan quyết định", lambda x: x.issuer),
    ),
    "sang-kien": (
        Column("Mã", lambda x: x.code),
        Column("Tên sáng kiến", lambda x: x.title),
        Column("Đơn vị", lambda x: x.unit.name if x.unit_id else None),
        Column("Tác giả", lambda x: ", ".join(p.full_name for p in x.authors.all())),
        Column("Năm", lambda x: x.year),
        Column("Phạm vi", lambda x: x.get_scope_display()),
    ),
    "xac-nhan": (
        Column("Đối tượng", _subject),
        Column("Năm", lambda x: x.year),
        Column("Nội dung", lambda x: x.label),
        Column("Căn cứ", lambda x: x.note),
        Column("Người ghi nhận", lambda x: str(x.created_by) if x.created_by_id else None),
        Column("Lúc", lambda x: x.created_at),
    ),
}

CONFIRMATION_COLUMNS = (
    Column("Xác nhận", lambda x: "Đã xác nhận" if x.confirmed_at else "Chưa xác nhận"),
    Column("Xác nhận lúc", lambda x: x.confirmed_at),
)

PAR_RANKING_COLUMNS = (
    Column("Khối", lambda r: r.score.unit.group.name),
    Column("Hạng", lambda r: r.rank),
    Column("Trong số", lambda r: r.of or None),
    Column("Đơn vị", lambda r: r.score.unit.name),
    Column("Tự đánh giá", lambda r: r.score.self_score),
    Column("Thẩm định", lambda r: r.score.score),
    Column("Tối đa", lambda r: r.score.max_score),
    Column("Tỷ lệ (%)", lambda r: r.percent if r.percent is not None else "chưa thẩm định"),
    Column("Xếp loại", lambda r: r.band),
)
