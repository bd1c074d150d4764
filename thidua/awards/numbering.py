"""The register of document numbers (sổ đăng ký văn bản đi): the product issues the number of
each document of the awards chain when it becomes official, per issuing body and year.

NĐ 30/2020/NĐ-CP (Điều 15 and Phụ lục I): a document's number is its order among the
documents the body issues in a year, in Arabic digits, starting from 01 on 1 January; all
documents of a body share one register (the Tờ trình, the Quyết định …); a council (Hội
đồng) that issues in its own name keeps a register of its own. Hence two kinds of register:

* a unit's (``unit`` set): its Tờ trình, numbered when it submits its dossier
  (``services.submit``), and — for the unit that decides — its decisions. The văn thư types a
  decision's number at signing (it may come from the paper register): the sign form proposes
  ``next_number`` and a number another document of the same body and year already holds is
  refused (``register_typed``);
* a council's (``council`` set): its Biên bản, numbered when the session is closed
  (``council.close_session``), in the year of the meeting.

A line is never deleted with its document (PROTECT): a number once issued stays used.
A number is the next free one: one above the highest of the register and year. Two
issues at once cannot take the same number: the register's owner row is locked (FOR UPDATE
on PostgreSQL; SQLite takes the whole database with BEGIN IMMEDIATE) and a unique
constraint on (register, year, number) backs it, with a retry on a collision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from thidua.awards.dossiers import Dossier
from thidua.awards.records import Council, CouncilSession, Decision
from thidua.documents import issuer as issuer_of
from thidua.org.models import Unit, User

RETRIES = 5


class NumberTaken(ValueError):
    """The number is already held by another document of the same body and year."""


class IssuedNumber(models.Model):
    """One line of a register: a document's number and symbol, when and by whom issued."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    council = models.ForeignKey(
        Council,
        verbose_name="Hội đồng ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("ký hiệu", max_length=40)
    dossier = models.OneToOneField(
        Dossier,
        verbose_name="tờ trình của hồ sơ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_number",
    )
    session = models.OneToOneField(
        CouncilSession,
        verbose_name="biên bản của phiên họp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_number",
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name="quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_number",
    )
    revocation = models.OneToOneField(
        "awards.Revocation",
        verbose_name="quyết định thu hồi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_number",
    )
    issued_on = models.DateField("ngày văn bản")
    issued_at = models.DateTimeField("cấp số lúc", default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cấp số",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        app_label = "awards"
        ordering = ["year", "number"]
        verbose_name = "số văn bản đã cấp"
        verbose_name_plural = "sổ đăng ký số văn bản"
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(council__isnull=True))
                | (Q(unit__isnull=True) & Q(council__isnull=False)),
                name="issued_number_one_register",
                violation_error_message="Số văn bản thuộc sổ của một cơ quan hoặc một Hội đồng.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_number_positive"),
            models.CheckConstraint(
                condition=(
                    Q(dossier__isnull=False)
                    & Q(session__isnull=True)
                    & Q(decision__isnull=True)
                    & Q(revocation__isnull=True)
                )
                | (
                    Q(dossier__isnull=True)
                    & Q(session__isnull=False)
                    & Q(decision__isnull=True)
                    & Q(revocation__isnull=True)
                )
                | (
                    Q(dossier__isnull=True)
                    & Q(session__isnull=True)
                    & Q(decision__isnull=False)
                    & Q(revocation__isnull=True)
                )
                | (
                    Q(dossier__isnull=True)
                    & Q(session__isnull=True)
                    & Q(decision__isnull=True)
                    & Q(revocation__isnull=False)
                ),
                name="issued_number_one_document",
                violation_error_message="Mỗi số cấp cho đúng một văn bản.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "number"],
                condition=Q(council__isnull=True),
                name="one_number_per_unit_year",
                violation_error_message="Số này đã được cấp cho văn bản khác của cơ quan.",
            ),
            models.UniqueConstraint(
                fields=["council", "year", "number"],
                condition=Q(unit__isnull=True),
                name="one_number_per_council_year",
                violation_error_message="Số này đã được cấp cho văn bản khác của Hội đồng.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text}/{self.symbol} ({self.year})"

    @property
    def text(self) -> str:
        """ "05", "12", "158": below 10 with a leading zero (NĐ 30/2020 Phụ lục I)."""
        return f"{self.number:02d}"


def _register(unit: Unit | None, council: Council | None) -> dict[str, Any]:
    if council is not None:
        return {"council": council, "unit": None}
    if unit is None:
        raise ValueError("Văn bản chưa có cơ quan ban hành: không cấp được số.")
    return {"unit": unit, "council": None}


def _lock(register: dict[str, Any]) -> None:
    """Queue the issues of one register behind each other (the owner's row, FOR UPDATE)."""
    if register["council"] is not None:
        list(Council.objects.select_for_update().filter(pk=register["council"].pk).values("pk"))
    else:
        list(Unit.objects.select_for_update().filter(pk=register["unit"].pk).values("pk"))


def next_number(
    *,
    unit: Unit | None = None,
    council: Council | None = None,
    year: int,
    dated: dt.date | None = None,
) -> int:
    """The next free number of a register in ``year``: one above the highest, 1 in a new year.
    ``dated`` (numbering a document of the past): one above the highest of the documents
    dated up to that day, skipping numbers already held by later ones."""
    rows = IssuedNumber.objects.filter(**_register(unit, council), year=year)
    if dated is None:
        top = rows.aggregate(top=Max("number"))["top"]
        return (top or 0) + 1
    top = rows.filter(issued_on__lte=dated).aggregate(top=Max("number"))["top"]
    number = (top or 0) + 1
    taken = set(rows.filter(number__gte=number).values_list("number", flat=True))
    while number in taken:
        number += 1
    return number


def _issue(
    *,
    register: dict[str, Any],
    document: dict[str, Any],
    symbol: str,
    on: dt.date,
    user: User | None,
    at: dt.datetime | None = None,
) -> IssuedNumber:
    """``at``: the moment of a document of the past (backfill), numbered among its dates."""
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                return IssuedNumber.objects.create(
                    **register,
                    **document,
                    year=on.year,
                    number=next_number(**register, year=on.year, dated=on if at else None),
                    symbol=symbol,
                    issued_on=on,
                    issued_at=at or timezone.now(),
                    issued_by=user,
                )
        except IntegrityError:
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def issue_for_dossier(
    dossier: Dossier, *, user: User | None, on: dt.date, at: dt.datetime | None = None
) -> IssuedNumber:
    """The number of the dossier's Tờ trình, issued by the unit at its first submission; a
    resubmission keeps it (the register holds one line per document)."""
    found = IssuedNumber.objects.filter(dossier=dossier).first()
    if found is not None:
        return found
    register = _register(dossier.unit, None)
    _lock(register)
    found = IssuedNumber.objects.filter(dossier=dossier).first()
    if found is not None:
        return found
    symbol = issuer_of.of_unit(dossier.unit).symbol("TTr")
    return _issue(
        register=register, document={"dossier": dossier}, symbol=symbol, on=on, user=user, at=at
    )


@transaction.atomic
def issue_for_session(
    session: CouncilSession, *, user: User | None, at: dt.datetime | None = None
) -> IssuedNumber | None:
    """The number of a closed session's Biên bản, in its council's own register and the year
    of the meeting; a session outside any council (older rows) gets none."""
    if session.council_id is None:
        return None
    found = IssuedNumber.objects.filter(session=session).first()
    if found is not None:
        return found
    register = _register(None, session.council)
    _lock(register)
    return _issue(
        register=register,
        document={"session": session},
        symbol="BB-HĐTĐKT",
        on=session.held_on,
        user=user,
        at=at,
    )


def register_typed(decision: Decision, *, number: int, on: dt.date, user: User | None) -> None:
    """Enter a decision's typed number in its issuer's register (the campaign's issuing
    unit), refusing one another document of that body and year holds. Called under the
    signing transaction, after the issuer's row is locked."""
    unit = decision.campaign.issuing_unit
    if unit is None:
        return
    taken = (
        IssuedNumber.objects.filter(unit=unit, council=None, year=on.year, number=number)
        .exclude(decision=decision)
        .first()
    )
    if taken is not None:
        raise NumberTaken(f"{taken.text}/{taken.symbol}")
    IssuedNumber.objects.filter(decision=decision).delete()
    try:
        with transaction.atomic():
            IssuedNumber.objects.create(
                unit=unit,
                year=on.year,
                number=number,
                symbol=decision.symbol,
                decision=decision,
                issued_on=on,
                issued_by=user,
            )
    except IntegrityError:
        raise NumberTaken(f"{number:02d}/{decision.symbol}") from None


def _holder(line: IssuedNumber) -> str:
    """The document holding a register's line, named for the office."""
    if line.decision_id:
        return f"Quyết định số {line.text}/{line.symbol} ngày {line.issued_on:%d/%m/%Y}"
    if line.revocation_id:
        return f"Quyết định thu hồi số {line.text}/{line.symbol} ngày {line.issued_on:%d/%m/%Y}"
    if line.dossier_id:
        return f"Tờ trình số {line.text}/{line.symbol} ngày {line.issued_on:%d/%m/%Y}"
    return f"văn bản số {line.text}/{line.symbol} ngày {line.issued_on:%d/%m/%Y}"


def register_revocation(revocation: Any, *, number: int, on: dt.date, user: User | None) -> None:
    """Enter a signed revocation's typed number in its issuer's register, as a decision's
    is: refused (``NumberTaken``, naming the holder) when another document of the same body
    and year holds it — a decision of the register or a signed decision not in it."""
    unit = revocation.issuer
    if unit is None:
        return
    _lock(_register(unit, None))
    taken = (
        IssuedNumber.objects.filter(unit=unit, council=None, year=on.year, number=number)
        .exclude(revocation=revocation)
        .first()
    )
    if taken is not None:
        raise NumberTaken(_holder(taken))
    for other in Decision.objects.filter(
        status=Decision.Status.SIGNED, signed_on__year=on.year, campaign__issuing_unit=unit
    ).only("number", "symbol", "signed_on"):
        if other.number.isdigit() and int(other.number) == number:
            raise NumberTaken(
                f"Quyết định số {other.number}/{other.symbol} ngày {other.signed_on:%d/%m/%Y}"
            )
    try:
        with transaction.atomic():
            IssuedNumber.objects.create(
                unit=unit,
                year=on.year,
                number=number,
                symbol=revocation.symbol,
                revocation=revocation,
                issued_on=on,
                issued_by=user,
            )
    except IntegrityError:
        raise NumberTaken(f"số {number:02d} năm {on.year}") from None


def number_of(
    *,
    dossier: Dossier | None = None,
    session: CouncilSession | None = None,
) -> IssuedNumber | None:
    """The issued number of a dossier's Tờ trình or a session's Biên bản (None: a draft)."""
    if dossier is not None and getattr(dossier, "pk", None):
        return IssuedNumber.objects.filter(dossier_id=dossier.pk).first()
    if session is not None and session.pk:
        return IssuedNumber.objects.filter(session_id=session.pk).first()
    return None


def backfill(*, user: User | None = None) -> int:
    """Number the documents that became official without the register (rows written before
    it existed, or by a loader that moved dossiers directly): submitted dossiers in order of
    submission, closed sessions in order of closing. Returns how many were issued."""
    issued = 0
    with transaction.atomic():
        dossiers = Dossier.objects.filter(
            submitted_at__isnull=False, issued_number__isnull=True
        ).select_related("unit__parent")
        for dossier in dossiers.order_by("submitted_at", "pk"):
            at = dossier.submitted_at
            assert at is not None
            issue_for_dossier(dossier, user=user, on=timezone.localdate(at), at=at)
            issued += 1
        sessions = CouncilSession.objects.filter(
            status=CouncilSession.Status.CLOSED, council__isnull=False, issued_number__isnull=True
        ).select_related("council")
        for session in sessions.order_by("closed_at", "pk"):
            issue_for_session(session, user=user, at=session.closed_at)
            issued += 1
    return issued
