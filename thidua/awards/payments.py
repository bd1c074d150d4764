"""Danh sách chi tiền thưởng of a signed decision: one row per awardee (STT, name, unit,
form, amount, a column to sign for receipt), the total and the total in words.

Words: ``num2words(…, lang="vi")`` reads each group of three digits; groups after the first
are read the way Vietnamese accounting writes amounts ("một triệu không trăm lẻ năm nghìn",
not "một triệu năm nghìn"), then "đồng", the first letter capital."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from num2words import num2words

from thidua.awards.in_force import revocation_notes
from thidua.awards.records import Decision, DecisionAward
from thidua.documents import issuer as issuer_of
from thidua.lib import xlsx
from thidua.lib.vietnamese import name_sort_text, sort_key

SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _group(value: int, *, inner: bool) -> str:
    words = num2words(value, lang="vi")
    if inner and value < 100:
        return ("không trăm lẻ " if value < 10 else "không trăm ") + words
    return words


def amount_in_words(amount: int) -> str:
    """1520000 -> "Một triệu năm trăm hai mươi nghìn đồng"."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0:
        return "Không đồng"
    groups = []
    rest = amount
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    if len(groups) > len(SCALES):
        raise ValueError("amount too large")
    parts = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        words = _group(value, inner=index != top)
        parts.append(f"{words} {SCALES[index]}".strip())
    text = " ".join(parts) + " đồng"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class PaymentRow:
    name: str
    unit: str
    form: str
    amount: int | None
    collective: bool
    revoked: str = ""  # "Đã thu hồi theo Quyết định số …": no amount payable


def _row(
    award: DecisionAward, committee: str, revoked: str = ""
) -> tuple[tuple[object, ...], PaymentRow]:
    form = issuer_of.form_label(award.form, committee)
    amount = None if revoked else award.amount
    person = award.person
    if person is not None:
        unit = person.unit.name if person.unit_id else ""
        key = (1, sort_key(person.sort_name or name_sort_text(person.full_name)))
        return key, PaymentRow(person.full_name, unit, form, amount, False, revoked)
    unit = award.unit
    parent = unit.parent.name if unit.parent_id else ""
    return (0, sort_key(unit.name)), PaymentRow(unit.name, parent, form, amount, True, revoked)


def payment_rows(decision: Decision) -> list[PaymentRow]:
    """Collectives first, then people by given name — the order of the decision's list —
    by form. A revoked awardee stays on the list, marked, with nothing payable."""
    notes = revocation_notes(decision)
    who = issuer_of.of_campaign(decision.campaign)
    committee = who.name if issuer_of.is_committee(who.name) else ""
    awards = decision.awards.select_related("form", "unit__parent", "person__unit").order_by("pk")
    keyed = []
    for award in awards:
        key, row = _row(award, committee, notes.get(award.pk, ""))
        keyed.append(((award.form.order, award.form.key, *key), row))
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed]


def total_of(rows: Sequence[PaymentRow]) -> int:
    """What is payable: the awards in force only."""
    return sum(r.amount or 0 for r in rows if not r.revoked)


def reference(decision: Decision) -> str:
    return f"Quyết định số {decision.number}/{decision.symbol} ngày {decision.signed_on:%d/%m/%Y}"


def title_of(decision: Decision) -> str:
    return f"Danh sách chi tiền thưởng — {reference(decision)}"


def payment_xlsx(decision: Decision, request: HttpRequest | None = None) -> bytes:
    rows = payment_rows(decision)
    total = total_of(rows)
    book = xlsx.Export()
    body: list[list[object]] = [
        [n, r.name, r.unit, r.form, r.revoked or (r.amount if r.amount is not None else ""), ""]
        for n, r in enumerate(rows, start=1)
    ]
    body.append(["", "Tổng cộng", "", "", total, ""])
    body.append(["", f"Bằng chữ: {amount_in_words(total)}", "", "", "", ""])
    book.sheet(
        "Danh sách chi",
        [
            "STT",
            "Họ và tên / Tập thể",
            "Đơn vị",
            "Hình thức khen thưởng",
            "Số tiền (đồng)",
            "Ký nhận",
        ],
        body,
        heading=xlsx.heading(f"Danh sách chi tiền thưởng kèm theo {reference(decision)}", request),
        widths=[6, 34, 34, 30, 16, 18],
    )
    return book.content()


def payment_xlsx_response(decision: Decision, request: HttpRequest) -> HttpResponse:
    return xlsx.response(payment_xlsx(decision, request), title_of(decision))
