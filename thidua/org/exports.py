"""The columns of the org lists' Excel exports (units, people, accounts, audit trail): the
columns each page shows, as values (dates, numbers, Có/Không), never codes the page does
not show (a unit's and a person's code are on their lists; the office types them)."""

from __future__ import annotations

from typing import Any

from thidua.lib.templatetags.vn import AUDIT_ACTIONS, audit_changes, model_label
from thidua.lib.xlsx import Column


def _roles(person: Any) -> str:
    roles = [
        label
        for flag, label in (
            (person.key_leader, "Lãnh đạo chủ chốt"),
            (person.cchc_role, "Phụ trách CCHC"),
            (person.unit_chair, "CT/PCT UBND xã"),
        )
        if flag
    ]
    return ", ".join(roles)


UNIT_COLUMNS = (
    Column("Mã", lambda u: u.code),
    Column("Tên đơn vị", lambda u: u.name),
    Column("Cấp", lambda u: u.get_level_display()),
    Column("Đơn vị cấp trên", lambda u: u.parent.name if u.parent_id else None),
    Column("Khối thi đua", lambda u: u.group.name),
    Column("Chấm CCHC", lambda u: u.par_assessed),
    Column("Số cá nhân", lambda u: u.n_people),
    Column("Hiệu lực từ", lambda u: u.valid_from),
    Column("Hiệu lực đến", lambda u: u.valid_to),
    Column("Thư điện tử", lambda u: u.email),
)

PERSON_COLUMNS = (
    Column("Họ và tên", lambda p: p.full_name),
    Column("Mã", lambda p: p.code),
    Column("Năm sinh", lambda p: p.birth_year),
    Column("Giới tính", lambda p: p.get_gender_display()),
    Column("Chức vụ", lambda p: p.position),
    Column("Đơn vị", lambda p: p.unit.name),
    Column("Vai trò", _roles),
    Column("Thư điện tử", lambda p: p.email),
)

ACCOUNT_COLUMNS = (
    Column("Tên đăng nhập", lambda a: a.username),
    Column("Họ và tên", lambda a: a.full_name),
    Column("Vai trò", lambda a: a.get_role_display()),
    Column("Đơn vị", lambda a: a.unit.name if a.unit_id else None),
    Column("Trạng thái", lambda a: "Đang hoạt động" if a.is_active else "Đã khóa"),
    Column("Đăng nhập lần cuối", lambda a: a.last_login),
)


def _changes(entry: Any) -> str:
    return "\n".join(
        f"{label}: {before} → {after}" if before else f"{label}: {after}"
        for label, before, after in audit_changes(entry)
    )


AUDIT_COLUMNS = (
    Column("Thời điểm", lambda e: e.timestamp),
    Column("Người thực hiện", lambda e: str(e.actor) if e.actor_id else "(hệ thống)"),
    Column("Thao tác", lambda e: AUDIT_ACTIONS.get(e.action, str(e.action))),
    Column("Loại bản ghi", lambda e: model_label(e.content_type)),
    Column("Bản ghi", lambda e: e.object_repr),
    Column("Thay đổi", _changes, width=80),
)
