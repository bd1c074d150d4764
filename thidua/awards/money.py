"""Reward money (tiền thưởng) per the schedule in force on the decision's date (LEGAL.md:
NĐ 152/2025/NĐ-CP Điều 49–54 from 01/7/2025).

amount = coefficient × base salary in force on the decision's date, rounded UP to the next
10.000 đồng. Several titles (danh hiệu) for the same period: only the highest is paid; a title
and a form (hình thức) at once: both are paid.

Pure Python (no Django): the coefficients are data — a ``Table`` the caller loads from the
law tables (``thidua.law.lookup.coefficient_table``) — and so is the base salary (see
``salary.BaseSalary``); formatting is ``thidua.lib.formatting.format_money``. A key absent
from the table (a Huân chương, whose figure LEGAL.md does not give) has no figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Literal

Recipient = Literal["individual", "collective"]
Kind = Literal["title", "form"]
# form key -> (coefficient for an individual, coefficient for a collective); None: no figure.
Table = Mapping[str, tuple[Decimal | None, Decimal | None]]

ROUNDING_STEP = Decimal(10_000)
# The catalogue (scoring.AwardForm.recipient) says "person"; this module says "individual".
_RECIPIENT_ALIASES = {
    "individual": "individual",
    "person": "individual",
    "collective": "collective",
}


class NoReward(ValueError):
    """No reward money can be computed (no figure for this award and recipient, or an
    invalid input)."""


def _recipient(recipient: str) -> str:
    try:
        return _RECIPIENT_ALIASES[recipient]
    except KeyError:
        raise NoReward(f"Đối tượng không hợp lệ: {recipient!r}.") from None


def coefficient(form_key: str, recipient: Recipient, table: Table) -> Decimal | None:
    """The coefficient for ``form_key`` given to ``recipient`` in ``table``; None when the
    award has no figure for that recipient (a collective Lao động tiên tiến, a Huân chương,
    a key the table does not hold)."""
    who = _recipient(recipient)
    row = table.get(form_key)
    if row is None:
        return None
    individual, collective = row
    value = individual if who == "individual" else collective
    return None if value is None else Decimal(value)


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


def _who(recipient: str) -> str:
    return "cá nhân" if _recipient(recipient) == "individual" else "tập thể"


def reward(form_key: str, recipient: Recipient, base_salary: Decimal | int, table: Table) -> int:
    """coefficient × base salary, rounded up to the next 10.000 đồng, in đồng. Raises NoReward
    when the award has no figure for the recipient."""
    factor = coefficient(form_key, recipient, table)
    if factor is None:
        raise NoReward(f"Không có hệ số tiền thưởng cho {form_key!r} đối với {_who(recipient)}.")
    return round_up(factor * _base(base_salary))


def rewards_for_period(
    awards: Iterable[tuple[str, Kind]],
    recipient: Recipient,
    base_salary: Decimal | int,
    table: Table,
) -> list[tuple[str, int]]:
    """The money paid to one recipient for one period. ``awards`` are (form_key, kind) with
    kind "title" (danh hiệu thi đua) or "form" (hình thức khen thưởng). Of the titles only the
    one with the largest coefficient is paid (the first given wins a tie); every form is paid.
    Result keeps the input order. Raises NoReward for an award without a figure for the
    recipient or an unknown kind."""
    priced: list[tuple[str, Kind, Decimal]] = []
    for form_key, kind in awards:
        if kind not in ("title", "form"):
            raise NoReward(f"Loại không hợp lệ cho {form_key!r}: {kind!r}.")
        factor = coefficient(form_key, recipient, table)
        if factor is None:
            raise NoReward(
                f"Không có hệ số tiền thưởng cho {form_key!r} đối với {_who(recipient)}."
            )
        priced.append((form_key, kind, factor))

    titles = [i for i, (_, kind, _) in enumerate(priced) if kind == "title"]
    best_title = max(titles, key=lambda i: (priced[i][2], -i)) if titles else None
    base = _base(base_salary)
    return [
        (form_key, round_up(factor * base))
        for i, (form_key, kind, factor) in enumerate(priced)
        if kind == "form" or i == best_title
    ]
