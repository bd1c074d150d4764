"""What a dossier carries and what the council and the chairman make of it: nominations,
attachments, the appraisal's overrides, council sessions and ballots, decisions and the
awards they grant."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.law.models import Schedule
from thidua.lib.models import Recorded
from thidua.org.models import Person, Unit, one_of_unit_or_person, unit_or_person
from thidua.scoring.models import AwardForm


class Nomination(Recorded):
    """One proposal of a dossier: a collective or a person, the form or title proposed,
    and the achievements that justify it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominations")
    unit, person = unit_or_person(on_delete=models.PROTECT, unit_label="tập thể")
    form = models.ForeignKey(
        AwardForm,
        verbose_name="danh hiệu/hình thức đề nghị",
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheme_key = models.CharField(
        "phương án khen thưởng",
        max_length=60,
        blank=True,
        help_text="Phương án của phong trào mà đề nghị này dựa vào (để đối chiếu kết quả xét).",
    )
    summary = models.TextField("tóm tắt thành tích", blank=True)
    # The appraisal may override the engine's verdict, only with a written reason.
    override = models.BooleanField("kết luận của thẩm định", null=True, blank=True)
    override_reason = models.TextField("lý do", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_to = models.ForeignKey(
        Campaign,
        verbose_name="đã chuyển lên phong trào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Above the competence of the campaign's issuer (thidua.law): proposed to the higher
    # level (forwarded to the parent campaign, or a Tờ trình), never decided here.
    higher_level = models.BooleanField("đề nghị cấp trên", default=False, editable=False)

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        constraints = [
            one_of_unit_or_person(
                "nomination_one_subject", "Chọn một tập thể hoặc một cá nhân (chỉ một trong hai)."
            ),
            models.CheckConstraint(
                condition=Q(override__isnull=True) | ~Q(override_reason=""),
                name="override_has_reason",
                violation_error_message="Muốn thay đổi kết luận của máy phải ghi lý do.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} — {self.form}"

    @property
    def subject(self) -> Unit | Person | None:
        return self.person or self.unit

    def clean(self) -> None:
        super().clean()
        if self.form_id and (self.unit_id or self.person_id):
            try:
                form, subject = self.form, self.subject
            except models.ObjectDoesNotExist:
                return  # a wrong id: the field's own validation says so
            problem = lookup.recipient_problem(form, subject)
            if problem:
                raise ValidationError({"form": problem})


class Attachment(Recorded):
    """A component of a dossier (Tờ trình, Biên bản, Báo cáo thành tích …) as an uploaded
    file: checked by content, stored under a random name outside static files."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    component = models.CharField("thành phần hồ sơ", max_length=60)
    original_name = models.CharField("tên tệp", max_length=255)
    path = models.CharField(max_length=255, editable=False, unique=True)
    kind = models.CharField("loại tệp", max_length=10)
    size = models.PositiveIntegerField("dung lượng (byte)")

    class Meta:
        app_label = "awards"
        ordering = ["component", "pk"]
        verbose_name = "tệp hồ sơ"
        verbose_name_plural = "tệp hồ sơ"

    def __str__(self) -> str:
        return self.original_name


class CouncilSession(Recorded):
    """A meeting of the Hội đồng Thi đua – Khen thưởng: members, quorum, agenda."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="council_sessions"
    )
    held_on = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="thành viên Hội đồng",
        related_name="council_sessions",
    )
    total_members = models.PositiveSmallIntegerField(
        "tổng số thành viên Hội đồng",
        help_text="Tỷ lệ biểu quyết tính trên tổng số thành viên (kể cả người vắng).",
    )
    present = models.PositiveSmallIntegerField("số thành viên có mặt", default=0)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True, editable=False)

    class Meta:
        app_label = "awards"
        ordering = ["-held_on"]
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"

    def __str__(self) -> str:
        return f"Phiên họp ngày {self.held_on:%d/%m/%Y}"


class Ballot(models.Model):
    """The vote on one nomination: counts only, never who voted what (secret ballot)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="ballots")
    approve = models.PositiveSmallIntegerField("đồng ý", default=0)
    reject = models.PositiveSmallIntegerField("không đồng ý", default=0)
    abstain = models.PositiveSmallIntegerField("không biểu quyết", default=0)
    keyed_in = models.BooleanField("nhập từ phiếu giấy", default=False)
    passed = models.BooleanField("đạt", null=True, blank=True, editable=False)

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "kết quả bỏ phiếu"
        verbose_name_plural = "kết quả bỏ phiếu"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination"], name="one_ballot_per_nomination"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.approve} đồng ý, {self.reject} không đồng ý"


class BallotCast(models.Model):
    """That a member has voted on a ballot (to refuse a second vote) — not what."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="casts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        app_label = "awards"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"Đã bỏ phiếu: {self.ballot_id}"


class MoneyMode(models.TextChoices):
    COMPUTED = "theo_bang", "Tính theo bảng hệ số của văn bản đang có hiệu lực"
    TYPED = "nhap_tay", "Cơ quan thường trực nhập số tiền (ghi rõ lý do)"
    NONE = "khong", "Quyết định không kèm tiền thưởng"


class Decision(Recorded):
    """Quyết định khen thưởng: number, date, signer, legal bases and the awardees."""

    MoneyMode = MoneyMode

    class Status(models.TextChoices):
        DRAFT = "du_thao", "Dự thảo"
        SIGNED = "da_ky", "Đã ký"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField("số", max_length=20, blank=True)
    symbol = models.CharField("ký hiệu", max_length=30, default="QĐ-UBND")
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    legal_bases = models.JSONField("căn cứ", default=list)
    signer_authority = models.JSONField("thẩm quyền ký", default=list)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    funding = models.CharField("nguồn kinh phí", max_length=300, blank=True)
    money_mode = models.CharField(
        "tiền thưởng", max_length=10, choices=MoneyMode.choices, default=MoneyMode.COMPUTED
    )
    money_reason = models.TextField("lý do nhập tiền thưởng", blank=True)
    schedule = models.ForeignKey(
        Schedule,
        verbose_name="văn bản quy định tiền thưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        app_label = "awards"
        ordering = ["-signed_on", "-pk"]
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"

    def __str__(self) -> str:
        return (
            f"Quyết định {self.number}/{self.symbol}" if self.number else f"Dự thảo: {self.title}"
        )


class DecisionAward(models.Model):
    """One awardee of a decision, with the reward money computed when it was signed."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="awards")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit, person = unit_or_person(on_delete=models.PROTECT, unit_label="tập thể")
    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm thành tích")
    field = models.CharField("lĩnh vực", max_length=10, default="cchc")
    amount = models.PositiveIntegerField("tiền thưởng (đồng)", null=True, blank=True)

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "người, tập thể được khen"
        verbose_name_plural = "danh sách được khen"
        constraints = [
            one_of_unit_or_person(
                "decision_award_one_subject",
                "Chọn một tập thể hoặc một cá nhân (chỉ một trong hai).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} — {self.form}"

    @property
    def subject(self) -> Unit | Person | None:
        return self.person or self.unit
