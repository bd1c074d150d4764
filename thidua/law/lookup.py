"""What the law says on a given day: the one interface the awards chain asks.

    requires_ballot(form_key, on)      -> bool      the council must vote on it
    requires_ballot_map(form_keys, on) -> {key: bool}  the same for many forms, one query
    ballot_rule(form_key, on)          -> Rule      its approval threshold (on total members)
    quorum(on)                         -> Fraction  share of members that must attend
    deciding_level(form_key, on)       -> str|None  the authority that decides it
    may_decide(issuer_level, form_key, on) -> bool  whether an issuer of that level may
    recipient_problem(form, subject)   -> str|None  why the form does not fit the recipient

and, for the decision: ``schedule_on(on)`` (the decree a decision of that date cites and
prices by), ``coefficients(schedule)``, ``competence_problem(...)``.

Every figure is a row of the dated tables in ``thidua.law.models`` (loaded from LEGAL.md
by the migrations, extended by an administrator): nothing here is a constant of the law.
Each call is one query at most; the tables are small and indexed by form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q

from thidua.law.models import (
    Authority,
    BallotRule,
    Coefficient,
    Competence,
    Confidence,
    Quorum,
    RecipientFit,
    Schedule,
    authority_label,
    in_force,
    share_phrase,
)
from thidua.lib.formatting import format_date_long


class LawMissing(LookupError):
    """No row of the law tables covers the question (Vietnamese message)."""


@dataclass(frozen=True)
class Rule:
    """Approval on the total membership: approve/total ≥ `share` (or > `share` if strict)."""

    share: Fraction
    phrase: str
    strict: bool = False
    required: bool = False
    legal_basis: str = ""
    confidence: str = Confidence.V

    def passes(self, approve: int, total: int) -> bool:
        if total <= 0:
            return False
        ratio = Fraction(approve, total)
        return ratio > self.share if self.strict else ratio >= self.share

    @property
    def uncertain(self) -> bool:
        return self.confidence != Confidence.V


def _rule_row(form_key: str, on: dt.date) -> BallotRule:
    """The ballot row for a form: its own row, else its family's (the longest key prefix),
    else the default row; among rows of the same kind the latest in force."""
    rows = list(
        BallotRule.objects.filter(in_force(on)).filter(Q(form_id=form_key) | Q(form__isnull=True))
    )
    return _best_rule(form_key, rows, on)


def requires_ballot_map(form_keys: set[str], on: dt.date) -> dict[str, bool]:
    """``requires_ballot`` for several forms in one query (for a whole decision)."""
    rows = list(
        BallotRule.objects.filter(in_force(on)).filter(
            Q(form_id__in=form_keys) | Q(form__isnull=True)
        )
    )
    return {key: _best_rule(key, rows, on).requires_ballot for key in form_keys}


def _best_rule(form_key: str, rows: list[BallotRule], on: dt.date) -> BallotRule:
    def rank(row: BallotRule) -> tuple[int, int, dt.date]:
        if row.form_id == form_key:
            return (2, 0, row.valid_from)
        if row.form_id is not None:
            return (-1, 0, row.valid_from)  # another form's own row
        if row.family and form_key.startswith(row.family):
            return (1, len(row.family), row.valid_from)
        if not row.family:
            return (0, 0, row.valid_from)
        return (-1, 0, row.valid_from)

    best = max(rows, key=rank, default=None)
    if best is None or rank(best)[0] < 0:
        raise LawMissing(f"Chưa có quy định bỏ phiếu nào áp dụng vào ngày {on:%d/%m/%Y}.")
    return best


def ballot_rule(form_key: str, on: dt.date) -> Rule:
    row = _rule_row(form_key, on)
    return Rule(
        share=row.share,
        phrase=share_phrase(row.share, row.strict),
        strict=row.strict,
        required=row.requires_ballot,
        legal_basis=row.legal_basis,
        confidence=row.confidence,
    )


def requires_ballot(form_key: str, on: dt.date) -> bool:
    return _rule_row(form_key, on).requires_ballot


def quorum_row(on: dt.date) -> Quorum:
    row = Quorum.objects.filter(in_force(on)).order_by("-valid_from").first()
    if row is None:
        raise LawMissing(
            f"Chưa có quy định số thành viên tối thiểu dự họp áp dụng vào ngày {on:%d/%m/%Y}."
        )
    return row


def quorum(on: dt.date) -> Fraction:
    return quorum_row(on).share


# -- competence ----------------------------------------------------------------------------


def authorities(form_key: str, on: dt.date) -> list[Competence]:
    """The competence rows of a form in force on ``on`` (one query), the highest first."""
    order = {a: i for i, a in enumerate(Authority.values)}
    rows = list(Competence.objects.filter(in_force(on), form_id=form_key))
    return sorted(rows, key=lambda r: order.get(r.authority, len(order)))


def deciding_level(form_key: str, on: dt.date) -> str | None:
    rows = authorities(form_key, on)
    return rows[0].authority if rows else None


def may_decide(issuer_level: str, form_key: str, on: dt.date) -> bool:
    return Competence.objects.filter(
        in_force(on), form_id=form_key, authority=issuer_level
    ).exists()


def competence_map(form_keys: set[str], on: dt.date) -> dict[str, list[Competence]]:
    """The competence rows of several forms in one query (for a whole decision)."""
    found: dict[str, list[Competence]] = {key: [] for key in form_keys}
    for row in Competence.objects.filter(in_force(on), form_id__in=form_keys):
        found[row.form_id].append(row)
    return found


def competence_text(form_name: str, rows: list[Competence], on: dt.date) -> str:
    """ "“Bằng khen của Thủ tướng Chính phủ” do Thủ tướng Chính phủ quyết định (Luật …)"."""
    if not rows:
        return f"chưa có quy định thẩm quyền nào cho “{form_name}” vào ngày {on:%d/%m/%Y}"
    who = " hoặc ".join(authority_label(r.authority) for r in rows)
    bases = "; ".join(dict.fromkeys(r.legal_basis for r in rows if r.legal_basis))
    return f"“{form_name}” do {who} quyết định" + (f" ({bases})" if bases else "")


def competence_problem(
    issuer_level: str, form: Any, on: dt.date, rows: list[Competence] | None = None
) -> str | None:
    """None when an issuer of ``issuer_level`` may decide ``form`` on ``on``; else why not,
    naming the rule. ``rows``: the form's competence rows when already loaded."""
    if rows is None:
        rows = authorities(form.key, on)
    if any(r.authority == issuer_level for r in rows):
        return None
    return (
        f"{authority_label(issuer_level)} không có thẩm quyền quyết định vào ngày "
        f"{on:%d/%m/%Y}: {competence_text(form.name, rows, on)}."
    )


# -- recipient fit -------------------------------------------------------------------------


def recipient_problem(form: Any, subject: Any) -> str | None:
    """None when `form` (scoring.AwardForm) may go to `subject` (org Unit or Person)."""
    if subject is None or form is None:
        return None
    is_person = hasattr(subject, "full_name")
    if form.recipient == "person" and not is_person:
        return (
            f"“{form.name}” là danh hiệu, hình thức chỉ xét tặng cho cá nhân, không cho tập "
            f"thể “{subject}”."
        )
    if form.recipient == "collective" and is_person:
        return (
            f"“{form.name}” là danh hiệu, hình thức chỉ xét tặng cho tập thể, không cho cá "
            f"nhân {subject}."
        )
    if is_person:
        return None
    fits = list(RecipientFit.objects.filter(form_id=form.key))
    if fits and subject.level not in {f.unit_level for f in fits}:
        kinds = ", ".join(f.get_unit_level_display() for f in fits)
        bases = "; ".join(dict.fromkeys(f.legal_basis for f in fits if f.legal_basis))
        level = subject.get_level_display() if hasattr(subject, "get_level_display") else ""
        return (
            f"“{form.name}” chỉ xét tặng cho đơn vị loại {kinds}"
            + (f" ({bases})" if bases else "")
            + f"; “{subject}” là {level.lower() or 'đơn vị khác'}."
        )
    return None


# -- reward money --------------------------------------------------------------------------


def schedule_on(on: dt.date) -> Schedule | None:
    """The decree in force on ``on`` that a decision of that date cites for its money."""
    return Schedule.objects.filter(in_force(on)).order_by("-valid_from").first()


def coefficients(schedule: Schedule) -> dict[str, Coefficient]:
    """The coefficient rows of a schedule, by form key (one query)."""
    return {c.form_id: c for c in schedule.coefficients.select_related("form")}


def coefficient_table(schedule: Schedule) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """form key -> (individual, collective): the plain figures ``awards.money`` computes on."""
    return {key: (row.individual, row.collective) for key, row in coefficients(schedule).items()}


def decree_dates() -> dict[str, dt.date]:
    """The issue dates the law tables know, by decree number ("152/2025/NĐ-CP")."""
    rows = Schedule.objects.filter(issued_on__isnull=False).values_list("name", "issued_on")
    return {name.split()[-1]: issued for name, issued in rows if name.split()}


def with_issue_dates(text: str, dates: dict[str, dt.date] | None = None) -> str:
    """A legal basis citing a decree by number with its issue date from the law tables:
    "Nghị định số 152/2025/NĐ-CP của Chính phủ …" -> "Nghị định số 152/2025/NĐ-CP ngày 14
    tháng 6 năm 2025 của Chính phủ …"; a basis already dated is left as written."""
    for number, issued in (decree_dates() if dates is None else dates).items():
        marker = f"Nghị định số {number}"
        if marker in text and f"{marker} ngày" not in text:
            text = text.replace(marker, f"{marker} {format_date_long(issued)}")
    return text
