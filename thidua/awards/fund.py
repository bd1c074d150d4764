"""Quỹ thi đua, khen thưởng of an issuing body: its ledger per year (allocations, payments,
recoveries), each entry dated with its document and an amount in đồng, never negative.

The balance of a year = what was carried from every earlier year + the year's allocations
and recoveries − its payments. A signed decision's payments enter in one action from its
payment list (``record_decision_payments``), at most once: a unique constraint on the
decision keeps the second attempt out even when two requests race."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from thidua.lib.models import Recorded
from thidua.org.models import Unit, User

MAX_AMOUNT = 10**13  # ten thousand billion đồng: beyond any commune's or district's fund


class FundError(ValueError):
    """Why a ledger entry was refused, in Vietnamese."""


class FundEntry(Recorded):
    """One line of the fund's ledger."""

    class Kind(models.TextChoices):
        ALLOCATION = "trich_lap", "Trích lập, cấp vào quỹ"
        PAYMENT = "chi", "Chi tiền thưởng"
        RECOVERY = "thu_hoi", "Thu hồi tiền thưởng"

    issuer = models.ForeignKey(
        Unit, verbose_name="cơ quan quản lý quỹ", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    on = models.DateField("ngày")
    document = models.CharField("văn bản, chứng từ", max_length=300)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    decision = models.ForeignKey(
        "awards.Decision",
        verbose_name="quyết định khen thưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    # A wrong entry is never edited nor deleted: the office reverses it with a reason (a new
    # entry citing it); both stay in the ledger and neither counts in the balance.
    reversal_of = models.OneToOneField(
        "self",
        verbose_name="hủy bút toán",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
        editable=False,
    )
    voided = models.BooleanField("đã hủy", default=False, editable=False)
    revoked = models.OneToOneField(
        "awards.RevokedAward",
        verbose_name="khen thưởng bị thu hồi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entry",
    )

    class Meta:
        app_label = "awards"
        ordering = ["on", "pk"]
        verbose_name = "bút toán quỹ thi đua, khen thưởng"
        verbose_name_plural = "sổ quỹ thi đua, khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(kind="chi", voided=False, reversal_of__isnull=True),
                name="fund_payment_once_per_decision",
                violation_error_message="Tiền thưởng của quyết định này đã được ghi chi.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fund_amount_positive",
                violation_error_message="Số tiền phải lớn hơn 0.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} đ ngày {self.on:%d/%m/%Y}"

    @property
    def counts(self) -> bool:
        """A reversed entry and its reversal leave the balance as if neither were made."""
        return not self.voided and self.reversal_of_id is None

    @property
    def signed_amount(self) -> int:
        if not self.counts:
            return 0
        return -self.amount if self.kind == self.Kind.PAYMENT else self.amount


@dataclass(frozen=True)
class YearTotals:
    carried: int
    allocations: int
    payments: int
    recoveries: int

    @property
    def balance(self) -> int:
        return self.carried + self.allocations + self.recoveries - self.payments


def _sums(entries: models.QuerySet[FundEntry]) -> dict[str, int]:
    entries = entries.filter(voided=False, reversal_of__isnull=True)
    rows = entries.values("kind").annotate(total=Sum("amount")).order_by()
    return {row["kind"]: int(row["total"] or 0) for row in rows}


def totals(issuer: Unit, year: int) -> YearTotals:
    """The year's figures: two grouped queries, whatever the number of entries."""
    mine = FundEntry.objects.filter(issuer=issuer)
    before = _sums(mine.filter(on__year__lt=year))
    this = _sums(mine.filter(on__year=year))
    K = FundEntry.Kind
    carried = before.get(K.ALLOCATION, 0) + before.get(K.RECOVERY, 0) - before.get(K.PAYMENT, 0)
    return YearTotals(
        carried=carried,
        allocations=this.get(K.ALLOCATION, 0),
        payments=this.get(K.PAYMENT, 0),
        recoveries=this.get(K.RECOVERY, 0),
    )


def can_write(user: User) -> bool:
    return user.is_authenticated and user.is_office


def can_read(user: User) -> bool:
    return user.is_authenticated and (user.is_office or user.role == User.Role.LEADER)


def printable(text: str | None) -> str:
    """Text without control characters (a NUL is refused by PostgreSQL)."""
    return "".join(ch for ch in (text or "") if ch >= " " or ch in "\n\t")


def _amount(raw: object) -> int:
    text = str(raw if raw is not None else "").strip().replace(".", "").replace(" ", "")
    text = text.removesuffix("đ").removesuffix("đồng").strip()
    if not text:
        raise FundError("Hãy ghi số tiền (đồng).")
    if not (text.isascii() and text.isdigit()):
        raise FundError(f"Số tiền “{str(raw)[:30]}” không phải một số nguyên đồng không âm.")
    value = int(text)
    if value <= 0:
        raise FundError("Số tiền phải lớn hơn 0 đồng.")
    if value >= MAX_AMOUNT:
        raise FundError("Số tiền quá lớn.")
    return value


def add_entry(
    *,
    issuer: Unit,
    kind: str,
    on: dt.date | None,
    document: str,
    amount: object,
    note: str = "",
    user: User,
) -> FundEntry:
    """An allocation (or a payment, a recovery typed by the office) entered by hand."""
    if not can_write(user):
        raise FundError("Chỉ cơ quan thường trực ghi sổ quỹ.")
    if kind not in FundEntry.Kind.values:
        raise FundError("Hãy chọn loại bút toán.")
    if on is None:
        raise FundError("Hãy ghi ngày (dd/mm/yyyy).")
    if on > timezone.localdate():
        raise FundError(f"Ngày {on:%d/%m/%Y} là ngày trong tương lai: không được sau hôm nay.")
    document = " ".join(printable(document).split())
    if not document:
        raise FundError("Hãy ghi văn bản, chứng từ của bút toán (số, ngày).")
    if len(document) > 300:
        raise FundError("Văn bản, chứng từ quá dài (tối đa 300 ký tự).")
    note = " ".join(printable(note).split())[:500]
    return FundEntry.objects.create(
        issuer=issuer,
        kind=kind,
        on=on,
        document=document,
        amount=_amount(amount),
        note=note,
        created_by=user,
    )


class AlreadyPaid(FundError):
    pass


def payment_of(decision: object) -> FundEntry | None:
    return FundEntry.objects.filter(
        decision=decision, kind=FundEntry.Kind.PAYMENT, voided=False, reversal_of=None
    ).first()


@transaction.atomic
def reverse_entry(entry: FundEntry, *, reason: str, user: User) -> FundEntry:
    """Correct a wrong entry (a wrong date, amount): a reversing entry citing it, with the
    office's reason, dated today; the original is marked void (the audit trail records
    both). A reversed payment of a decision or recovery of money can then be recorded again."""
    from thidua.awards.revocation import RevokedAward

    if not can_write(user):
        raise FundError("Chỉ cơ quan thường trực ghi sổ quỹ.")
    entry = FundEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.voided:
        raise FundError("Bút toán này đã được hủy.")
    if entry.reversal_of_id is not None:
        raise FundError("Đây là bút toán hủy: không hủy lại được.")
    reason = " ".join(printable(reason).split())
    if not reason:
        raise FundError("Hãy ghi lý do hủy bút toán (bắt buộc).")
    if len(reason) > 400:
        raise FundError("Lý do quá dài (tối đa 400 ký tự).")
    item = entry.revoked
    entry.voided = True
    entry.revoked = None  # the recovery may be recorded again, rightly
    entry.save(update_fields=["voided", "revoked", "updated_at"])
    if item is not None:
        item = RevokedAward.objects.select_for_update().get(pk=item.pk)
        item.money_recovered_on = None
        item.save(update_fields=["money_recovered_on"])
    return FundEntry.objects.create(
        issuer=entry.issuer,
        kind=entry.kind,
        on=timezone.localdate(),
        document=f"Hủy bút toán ngày {entry.on:%d/%m/%Y}: {entry.document}"[:300],
        amount=entry.amount,
        note=f"Lý do hủy: {reason}"[:500],
        reversal_of=entry,
        created_by=user,
    )


def record_decision_payments(decision: object, *, on: dt.date | None, user: User) -> FundEntry:
    """The payments of a signed decision, from its payment list, as one ledger entry: its
    total, dated, citing the decision. A second time is refused (also under a race: the
    unique constraint)."""
    from thidua.awards.payments import payment_rows, total_of
    from thidua.awards.records import Decision

    if not can_write(user):
        raise FundError("Chỉ cơ quan thường trực ghi sổ quỹ.")
    assert isinstance(decision, Decision)
    if decision.status != Decision.Status.SIGNED:
        raise FundError("Quyết định chưa ký: chưa chi tiền thưởng được.")
    if on is None:
        raise FundError("Hãy ghi ngày chi (dd/mm/yyyy).")
    today = timezone.localdate()
    if on > today:
        raise FundError(
            f"Ngày chi {on:%d/%m/%Y} là ngày trong tương lai: không được sau hôm nay "
            f"({today:%d/%m/%Y})."
        )
    if on < decision.signed_on:
        raise FundError(
            f"Ngày chi {on:%d/%m/%Y} trước ngày ký quyết định ({decision.signed_on:%d/%m/%Y})."
        )
    issuer = decision.campaign.issuing_unit
    if issuer is None:
        raise FundError(
            "Phong trào của quyết định không có cơ quan ban hành: không rõ quỹ nào chi."
        )
    existing = payment_of(decision)
    if existing is not None:
        raise AlreadyPaid(
            f"Tiền thưởng của quyết định này đã được ghi chi ngày {existing.on:%d/%m/%Y}: "
            "không ghi lại lần nữa."
        )
    rows = payment_rows(decision)
    total = total_of(rows)  # the awards in force only: a revoked one is not paid
    if total <= 0:
        raise FundError("Quyết định không có tiền thưởng: không có gì để chi.")
    paid = sum(1 for r in rows if r.amount and not r.revoked)
    try:
        with transaction.atomic():
            return FundEntry.objects.create(
                issuer=issuer,
                kind=FundEntry.Kind.PAYMENT,
                on=on,
                document=f"Quyết định số {decision.number}/{decision.symbol} ngày "
                f"{decision.signed_on:%d/%m/%Y}",
                amount=total,
                note=f"Chi tiền thưởng theo danh sách chi ({paid} tập thể, cá nhân)",
                decision=decision,
                created_by=user,
            )
    except IntegrityError:
        raise AlreadyPaid("Tiền thưởng của quyết định này đã được ghi chi.") from None


def issuers_for(user: User) -> models.QuerySet[Unit]:
    """The bodies whose fund the user may open: issuers of campaigns (the office's own unit
    and every campaign issuer)."""
    from thidua.campaigns.models import Campaign

    ids = set(Campaign.objects.exclude(issuing_unit=None).values_list("issuing_unit_id", flat=True))
    ids |= set(FundEntry.objects.values_list("issuer_id", flat=True).distinct())
    return Unit.objects.filter(pk__in=ids).order_by("path")


def served_body(user: User, issuers: list[Unit], on: dt.date | None = None) -> Unit | None:
    """The issuing body the office account serves, among ``issuers``: the one in force on
    ``on`` whose tree holds the account's unit, the closest (xã Ân Mỹ's office serves xã Ân
    Mỹ, not the dissolved district) — the rule ``notifications.services`` uses to find the
    offices of a campaign's issuer. None when no issuer holds the account's unit."""
    on = on or timezone.localdate()
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    in_force = [
        u
        for u in issuers
        if (u.valid_from is None or u.valid_from <= on)
        and (u.valid_to is None or u.valid_to >= on)
        and unit.path.startswith(u.path)
    ]
    return max(in_force, key=lambda u: len(u.path), default=None)
