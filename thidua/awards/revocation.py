"""Thu hồi khen thưởng (Luật Thi đua, khen thưởng 2022, Chương VII — the decision that
granted an award is annulled and its certificate and money recovered; LEGAL.md has no row
on it yet, confidence **M**): a new decision — number, date, signer, and its reason,
required — naming the awards it revokes.

The office drafts (reason, the awards); recording the signed revocation is one explicit
action, in one transaction: number, date and signer stored, ``scoring.Award.revoked_on``
set on every award it names (so the engine no longer reads them: ``scoring.adapters``
reads awards in force only), the money and certificate to recover listed. When the money
comes back it enters the fund's ledger as a recovery (``record_recovery``), once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from thidua.awards import numbering
from thidua.awards.fund import printable
from thidua.lib import audit
from thidua.lib.models import Recorded
from thidua.org.models import Unit, User
from thidua.scoring.models import Award


class RevocationError(ValueError):
    """Why a revocation step was refused, in Vietnamese."""


class Revocation(Recorded):
    """Quyết định thu hồi khen thưởng."""

    class Status(models.TextChoices):
        DRAFT = "du_thao", "Dự thảo"
        SIGNED = "da_ky", "Đã ký"

    issuer = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField("số", max_length=20, blank=True)
    symbol = models.CharField("ký hiệu", max_length=30, default="QĐ-UBND")
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    reason = models.TextField("lý do thu hồi")
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        app_label = "awards"
        ordering = ["-signed_on", "-pk"]
        verbose_name = "quyết định thu hồi khen thưởng"
        verbose_name_plural = "quyết định thu hồi khen thưởng"

    def __str__(self) -> str:
        if self.number:
            return f"Quyết định số {self.number}/{self.symbol} ngày {self.signed_on:%d/%m/%Y}"
        return "Dự thảo quyết định thu hồi"

    @property
    def signed(self) -> bool:
        return self.status == self.Status.SIGNED


class RevokedAward(models.Model):
    """One award a revocation names, with what must come back and when it came back."""

    revocation = models.ForeignKey(Revocation, on_delete=models.CASCADE, related_name="items")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="revocations")
    money = models.PositiveBigIntegerField("tiền thưởng phải thu hồi (đồng)", null=True, blank=True)
    certificate = models.BooleanField("thu hồi hiện vật (bằng, giấy khen)", default=True)
    money_recovered_on = models.DateField("ngày thu hồi tiền", null=True, blank=True)
    certificate_recovered_on = models.DateField("ngày thu hồi hiện vật", null=True, blank=True)

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "khen thưởng bị thu hồi"
        verbose_name_plural = "khen thưởng bị thu hồi"
        constraints = [
            models.UniqueConstraint(
                fields=["revocation", "award"],
                name="revoked_award_once",
                violation_error_message="Khen thưởng này đã có trong quyết định thu hồi.",
            )
        ]

    def __str__(self) -> str:
        return str(self.award)


def can_draft(user: User) -> bool:
    return user.is_authenticated and user.is_office


def can_read(user: User) -> bool:
    return user.is_authenticated and user.sees_everything


def granting_amount(award: Award) -> int | None:
    """The reward money the award was paid, when a decision of the product granted it."""
    from thidua.awards.records import DecisionAward

    if not award.decision_number or award.decision_date is None:
        return None
    number, _, symbol = award.decision_number.partition("/")
    found = (
        DecisionAward.objects.filter(
            decision__number=number,
            decision__symbol=symbol,
            decision__signed_on=award.decision_date,
            form_id=award.form_id,
            year=award.year,
            unit_id=award.unit_id,
            person_id=award.person_id,
        )
        .values_list("amount", flat=True)
        .first()
    )
    return found


def _clean_reason(reason: str) -> str:
    reason = "\n".join(" ".join(line.split()) for line in printable(reason).splitlines()).strip()
    if not reason:
        raise RevocationError("Hãy ghi lý do thu hồi khen thưởng (bắt buộc).")
    if len(reason) > 4000:
        raise RevocationError("Lý do quá dài (tối đa 4.000 ký tự).")
    return reason


@transaction.atomic
def draft_revocation(
    *, reason: str, awards: Iterable[Award], user: User, issuer: Unit | None = None
) -> Revocation:
    if not can_draft(user):
        raise RevocationError("Chỉ cơ quan thường trực soạn quyết định thu hồi.")
    reason = _clean_reason(reason)
    chosen = list({a.pk: a for a in awards}.values())
    if not chosen:
        raise RevocationError("Hãy chọn ít nhất một khen thưởng cần thu hồi.")
    revoked = [a for a in chosen if a.revoked_on is not None]
    if revoked:
        raise RevocationError(f"“{revoked[0]}” đã bị thu hồi: không thu hồi lại được.")
    revocation = Revocation.objects.create(reason=reason, issuer=issuer, created_by=user)
    audit.bulk_create_logged(  # the audit trail records each line
        RevokedAward,
        [RevokedAward(revocation=revocation, award=a, money=granting_amount(a)) for a in chosen],
    )
    return revocation


def _money(raw: object) -> int | None:
    text = str(raw if raw is not None else "").strip().replace(".", "").replace(" ", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 13:
        raise RevocationError(f"Số tiền “{str(raw)[:30]}” không phải một số nguyên đồng không âm.")
    return int(text) or None


@transaction.atomic
def update_draft(
    revocation: Revocation,
    *,
    reason: str,
    user: User,
    money: dict[int, object] | None = None,
) -> Revocation:
    """The reason, and the money to recover per line (the granting decision's amount by
    default; typed when the award came from the history, without a decision here)."""
    if not can_draft(user):
        raise RevocationError("Chỉ cơ quan thường trực sửa dự thảo.")
    current = Revocation.objects.select_for_update().get(pk=revocation.pk)
    if current.signed:
        raise RevocationError("Quyết định thu hồi đã ký: không sửa được.")
    current.reason = _clean_reason(reason)
    current.save(update_fields=["reason", "updated_at"])
    for item in current.items.all():
        if money is not None and item.pk in money:
            value = _money(money[item.pk])
            if value != item.money:
                item.money = value
                item.save(update_fields=["money"])
    return current


@transaction.atomic
def record_signed(
    revocation: Revocation,
    *,
    number: str,
    signed_on: dt.date | None,
    signer_name: str,
    user: User,
    symbol: str | None = None,
    today: dt.date | None = None,
) -> Revocation:
    """Record the signed revocation: all of it or nothing."""
    if not can_draft(user):
        raise RevocationError("Chỉ cơ quan thường trực ghi nhận quyết định thu hồi đã ký.")
    current = Revocation.objects.select_for_update().get(pk=revocation.pk)
    if current.signed:
        raise RevocationError(f"{current} đã được ghi nhận: không ghi lại được.")
    number = (number or "").strip()
    if not (number.isascii() and number.isdigit()) or len(number) > 6 or int(number) == 0:
        raise RevocationError("Số quyết định là một số nguyên dương (ví dụ 27).")
    if signed_on is None:
        raise RevocationError("Hãy ghi ngày ký (dd/mm/yyyy).")
    today = today or timezone.localdate()
    if signed_on > today:
        raise RevocationError(
            f"Ngày ký {signed_on:%d/%m/%Y} là ngày trong tương lai: không được sau hôm nay."
        )
    name = " ".join(printable(signer_name).split())
    if not name:
        raise RevocationError("Hãy ghi họ và tên người ký.")
    if len(name) > 150:
        raise RevocationError("Họ và tên người ký quá dài (tối đa 150 ký tự).")
    symbol = " ".join(printable(symbol or current.symbol).split())[:30] or "QĐ-UBND"
    items = list(current.items.select_related("award__form"))
    if not items:
        raise RevocationError("Quyết định thu hồi chưa có khen thưởng nào.")
    awards = list(Award.objects.select_for_update().filter(pk__in=[i.award_id for i in items]))
    for award in awards:
        if award.revoked_on is not None:
            raise RevocationError(f"“{award}” đã bị thu hồi bởi một quyết định khác.")
        if award.decision_date and signed_on < award.decision_date:
            raise RevocationError(
                f"Ngày ký {signed_on:%d/%m/%Y} trước ngày quyết định khen thưởng "
                f"“{award}” ({award.decision_date:%d/%m/%Y})."
            )
    current.symbol = symbol
    try:  # a revocation is a document of its issuer: it takes a number of its register
        numbering.register_revocation(current, number=int(number), on=signed_on, user=user)
    except numbering.NumberTaken as taken:
        raise RevocationError(
            f"Số {int(number)} năm {signed_on.year} của cơ quan ban hành đã được cấp cho "
            f"{taken}: mọi văn bản của một cơ quan dùng chung một dãy số trong năm (Nghị định "
            "30/2020/NĐ-CP). Hãy ghi số khác."
        ) from None
    current.number = str(int(number))
    current.signed_on = signed_on
    current.signer_name = name
    current.signed_by = user
    current.status = Revocation.Status.SIGNED
    current.save()
    for award in awards:  # one save each: the audit trail records every award's change
        award.revoked_on = signed_on
        award.save(update_fields=["revoked_on", "updated_at"])
    return current


@transaction.atomic
def record_recovery(
    item: RevokedAward,
    *,
    money_on: dt.date | None = None,
    certificate_on: dt.date | None = None,
    document: str = "",
    user: User,
) -> RevokedAward:
    """Money or certificate came back. The money enters the fund of the revocation's issuer
    as a recovery, once."""
    from thidua.awards.fund import FundEntry

    if not can_draft(user):
        raise RevocationError("Chỉ cơ quan thường trực ghi nhận thu hồi.")
    item = RevokedAward.objects.select_for_update().select_related("revocation").get(pk=item.pk)
    revocation = item.revocation
    if not revocation.signed:
        raise RevocationError("Quyết định thu hồi chưa được ghi nhận đã ký.")
    if money_on is None and certificate_on is None:
        raise RevocationError("Hãy ghi ngày thu hồi tiền hoặc ngày thu hồi hiện vật.")
    today = timezone.localdate()
    for day in (money_on, certificate_on):
        if day is not None and day > today:
            raise RevocationError(
                f"Ngày {day:%d/%m/%Y} là ngày trong tương lai: không được sau hôm nay "
                f"({today:%d/%m/%Y})."
            )
        if day is not None and day < revocation.signed_on:
            raise RevocationError(
                f"Ngày {day:%d/%m/%Y} trước ngày ký quyết định thu hồi "
                f"({revocation.signed_on:%d/%m/%Y})."
            )
    if money_on is not None:
        if item.money_recovered_on is not None:
            raise RevocationError(
                f"Tiền thưởng đã được ghi thu hồi ngày {item.money_recovered_on:%d/%m/%Y}."
            )
        if not item.money:
            raise RevocationError("Khen thưởng này không có tiền thưởng phải thu hồi.")
        if revocation.issuer is None:
            raise RevocationError("Quyết định thu hồi không ghi cơ quan ban hành: không rõ quỹ.")
        document = " ".join(printable(document).split())[:300] or (
            f"{revocation}; thu hồi tiền thưởng của {item.award.subject}"
        )
        FundEntry.objects.create(
            issuer=revocation.issuer,
            kind=FundEntry.Kind.RECOVERY,
            on=money_on,
            document=document,
            amount=item.money,
            note=f"Thu hồi: {item.award}"[:500],
            revoked=item,
            created_by=user,
        )
        item.money_recovered_on = money_on
    if certificate_on is not None:
        if item.certificate_recovered_on is not None:
            raise RevocationError(
                f"Hiện vật đã được ghi thu hồi ngày {item.certificate_recovered_on:%d/%m/%Y}."
            )
        item.certificate_recovered_on = certificate_on
    item.save()
    return item


def note_of(award: Award) -> str:
    """ "Đã thu hồi theo Quyết định số 27/QĐ-UBND ngày 05/6/2026" — or "" when in force."""
    if award.revoked_on is None:
        return ""
    item = (
        RevokedAward.objects.filter(award=award, revocation__status=Revocation.Status.SIGNED)
        .select_related("revocation")
        .first()
    )
    if item is None:
        return f"Đã thu hồi ngày {award.revoked_on:%d/%m/%Y}"
    r = item.revocation
    return f"Đã thu hồi theo Quyết định số {r.number}/{r.symbol} ngày {r.signed_on:%d/%m/%Y}"
