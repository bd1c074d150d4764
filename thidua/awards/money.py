"""Reward money (tiền thưởng) — NĐ 152/2025/NĐ-CP Điều 49–54, per LEGAL.md.

amount = coefficient × base salary in force on the decision's date, rounded UP to the next
10.000 đồng. Several titles (danh hiệu) for the same period: only the highest is paid; a title
and a form (hình thức) at once: both are paid.

Pure Python (no Django): the base salary comes from the caller (see ``salary.BaseSalary``) and
formatting is ``thidua.lib.formatting.format_money``.

Not encoded: Huân chương (and other orders/medals) — LEGAL.md's table gives them no figure, so
``coefficient`` returns None for them and ``reward`` refuses them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Literal

Recipient = Literal["individual", "collective"]
Kind = Literal["title", "form"]

ROUNDING_STEP = Decimal(10_000)
# The catalogue (scoring.AwardForm.recipient) says "person"; this module says "individual".
_RECIPIENT_ALIASES = {
    "individual": "individual",
    "person": "individual",
    "collective": "collective",
}


@dataclass(frozen=True)
class Coefficient:
    kind: Kind
    individual: Decimal | None
    collective: Decimal | None


@dataclass(frozen=True)
class Schedule:
    effective_from: date
    legal_basis: str
    table: dict[str, Coefficient]


def _c(kind: Kind, individual: str | None, collective: str | None) -> Coefficient:
    return Coefficient(
        kind,
        Decimal(individual) if individual is not None else None,
        Decimal(collective) if collective is not None else None,
    )


# LEGAL.md "Reward money" table, keyed by the award catalogue keys
# (scoring/migrations/0002_award_catalogue.py) plus xa_tieu_bieu and thon_van_hoa.
ND_152_2025 = Schedule(
    effective_from=date(2025, 7, 1),
    legal_basis="Nghị định 152/2025/NĐ-CP",
    table={
        # Giấy khen
        "giay_khen_chu_tich_xa": _c("form", "0.3", "0.6"),
        "giay_khen_chu_tich_huyen": _c("form", "0.3", "0.6"),
        "giay_khen_thu_truong": _c("form", "0.3", "0.6"),
        # Bằng khen bộ/ngành/tỉnh
        "bang_khen_chu_tich_tinh": _c("form", "1.5", "3.0"),
        "bang_khen_bo": _c("form", "1.5", "3.0"),
        # Bằng khen Thủ tướng
        "bang_khen_thu_tuong": _c("form", "3.5", "7.0"),
        # Titles for individuals
        "lao_dong_tien_tien": _c("title", "0.3", None),
        "chien_si_thi_dua_co_so": _c("title", "1.0", None),
        "chien_si_thi_dua_tinh": _c("title", "3.0", None),
        "chien_si_thi_dua_toan_quoc": _c("title", "4.5", None),
        # Titles for collectives
        "tap_the_lao_dong_tien_tien": _c("title", None, "0.8"),
        "tap_the_lao_dong_xuat_sac": _c("title", None, "1.5"),
        "xa_tieu_bieu": _c("title", None, "2.0"),
        "thon_van_hoa": _c("title", None, "1.5"),
        "co_thi_dua_tinh": _c("title", None, "8"),
        "co_thi_dua_chinh_phu": _c("title", None, "12"),
    },
)

SCHEDULES: tuple[Schedule, ...] = (ND_152_2025,)

# Catalogue keys that are real awards but have no figure in LEGAL.md: coefficient() -> None.
NOT_ENCODED = frozenset(
    {
        "huan_chuong_lao_dong_hang_ba",
        "huan_chuong_lao_dong_hang_nhi",
        "huan_chuong_lao_dong_hang_nhat",
    }
)


class NoReward(ValueError):
    """No reward money can be computed (no figure for this award and recipient, no schedule
    in force, or an invalid input)."""


def schedule_in_force(on: date) -> Schedule:
    """The coefficient schedule in force on ``on`` (the decision's date)."""
    current = [s for s in SCHEDULES if s.effective_from <= on]
    if not current:
        raise NoReward(f"Không có bảng hệ số tiền thưởng nào có hiệu lực vào {on:%d/%m/%Y}.")
    return max(current, key=lambda s: s.effective_from)


def _recipient(recipient: str) -> str:
    try:
        return _RECIPIENT_ALIASES[recipient]
    except KeyError:
        raise NoReward(f"Đối tượng không hợp lệ: {recipient!r}.") from None


def coefficient(form_key: str, recipient: Recipient, on: date) -> Decimal | None:
    """The coefficient for ``form_key`` given to ``recipient`` on ``on``; None when the award
    has no figure for that recipient (e.g. a collective Lao động tiên tiến, or a Huân chương).
    Raises KeyError for a key that is neither in the table nor a known unencoded award, and
    NoReward when no schedule is in force on that date."""
    who = _recipient(recipient)
    schedule = schedule_in_force(on)
    row = schedule.table.get(form_key)
    if row is None:
        if form_key in NOT_ENCODED:
            return None
        raise KeyError(form_key)
    return row.individual if who == "individual" else row.collective


def round_up(amount: Decimal) -> int:
    """Round up to the next 10.000 đồng; an exact multiple stays."""
    steps = (Decimal(amount) / ROUNDING_STEP).to_integral_value(rounding=ROUND_CEILING)
    return int(steps * ROUNDING_STEP)


def _base(base_salary: Decimal | int) -> Decimal:
    if isinstance(base_salary, (float, bool)):
        raise NoReward("Mức lương cơ sở phải là Decimal hoặc số nguyên (không dùng float).")
    value = Decimal(base_salary)
    if not value.is_finite() or value <= 0:
        raise NoReward(f"Mức lương cơ sở không hợp lệ: {base_salary!r}.")
    return value


def reward(form_key: str, recipient: Recipient, base_salary: Decimal | int, on: date) -> int:
    """coefficient × base salary, rounded up to the next 10.000 đồng, in đồng. Raises NoReward
    when the award has no figure for the recipient."""
    factor = coefficient(form_key, recipient, on)
    if factor is None:
        raise NoReward(
            f"Không có hệ số tiền thưởng cho {form_key!r} đối với "
            f"{'cá nhân' if _recipient(recipient) == 'individual' else 'tập thể'}."
        )
    return round_up(factor * _base(base_salary))


def rewards_for_period(
    awards: Iterable[tuple[str, Kind]],
    recipient: Recipient,
    base_salary: Decimal | int,
    on: date,
) -> list[tuple[str, int]]:
    """The money paid to one recipient for one period. ``awards`` are (form_key, kind) with
    kind "title" (danh hiệu thi đua) or "form" (hình thức khen thưởng). Of the titles only the
    one with the largest coefficient is paid (the first given wins a tie); every form is paid.
    Result keeps the input order. Raises NoReward for an award without a figure for the
    recipient, an unknown kind, or a kind that contradicts the table."""
    schedule = schedule_in_force(on)
    priced: list[tuple[str, Kind, Decimal]] = []
    for form_key, kind in awards:
        if kind not in ("title", "form"):
            raise NoReward(f"Loại không hợp lệ cho {form_key!r}: {kind!r}.")
        row = schedule.table.get(form_key)
        if row is not None and row.kind != kind:
            raise NoReward(f"{form_key!r} là {row.kind!r}, không phải {kind!r}.")
        factor = coefficient(form_key, recipient, on)
        if factor is None:
            raise NoReward(f"Không có hệ số tiền thưởng cho {form_key!r} ({recipient}).")
        priced.append((form_key, kind, factor))

    titles = [i for i, (_, kind, _) in enumerate(priced) if kind == "title"]
    best_title = max(titles, key=lambda i: (priced[i][2], -i)) if titles else None
    base = _base(base_salary)
    return [
        (form_key, round_up(factor * base))
        for i, (form_key, kind, factor) in enumerate(priced)
        if kind == "form" or i == best_title
    ]
