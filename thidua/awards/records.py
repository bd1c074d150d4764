"""What a dossier carries and what the council and the chairman make of it: nominations,
attachments, the appraisal's overrides, council sessions and ballots, decisions and the
awards they grant."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.law.models import Schedule
from thidua.lib.models import Recorded, in_order
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


class Council(Recorded):
    """Hội đồng Thi đua – Khen thưởng of an issuing unit: its composition is people (with or
    without accounts), each with dates of validity."""

    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    name = models.CharField("tên Hội đồng", max_length=300)

    class Meta:
        app_label = "awards"
        ordering = ["name", "pk"]
        verbose_name = "Hội đồng Thi đua – Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua – Khen thưởng"

    def __str__(self) -> str:
        return self.name

    def members_on(self, day: dt.date) -> models.QuerySet[CouncilMember]:
        """The membership valid on `day` (the total the thresholds and the quorum count on)."""
        return self.members.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class CouncilMember(Recorded):
    """One seat of a council's composition, valid from/to a date (empty: no limit)."""

    class Role(models.TextChoices):
        CHAIR = "chu_tich", "Chủ tịch Hội đồng"
        VICE_CHAIR = "pho_chu_tich", "Phó Chủ tịch Hội đồng"
        STANDING = "thuong_truc", "Ủy viên thường trực"
        MEMBER = "uy_vien", "Ủy viên"
        SECRETARY = "thu_ky", "Thư ký"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("họ và tên", max_length=150)
    title = models.CharField("chức vụ, đơn vị công tác", max_length=300, blank=True)
    role = models.CharField(
        "chức danh trong Hội đồng", max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_seats",
    )

    ROLE_ORDER = ("chu_tich", "pho_chu_tich", "thuong_truc", "uy_vien", "thu_ky")

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"
        constraints = [
            in_order(
                "valid_from",
                "valid_to",
                name="council_member_dates_in_order",
                message="Ngày hết hiệu lực phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class CouncilSession(Recorded):
    """A meeting of a council: its own date, start and end times, place, status; who
    attended (Attendance) and the agenda (one Ballot per nomination)."""

    class Status(models.TextChoices):
        SCHEDULED = "du_kien", "Đã xếp lịch"
        POSTPONED = "hoan", "Hoãn"
        CANCELLED = "huy", "Hủy"
        CLOSED = "da_ket_thuc", "Đã kết thúc"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="council_sessions"
    )
    # Null only for rows written before councils existed outside a migration (tests of
    # other parts create bare sessions); the services always set it.
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField("ngày họp")
    starts_at = models.TimeField("giờ bắt đầu", null=True, blank=True)
    ends_at = models.TimeField("giờ kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    status_reason = models.TextField("lý do hoãn, hủy", blank=True)
    total_members = models.PositiveSmallIntegerField(
        "tổng số thành viên Hội đồng",
        help_text="Tỷ lệ biểu quyết tính trên tổng số thành viên (kể cả người vắng).",
    )
    present = models.PositiveSmallIntegerField("số thành viên có mặt", default=0)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True, editable=False)

    class Meta:
        app_label = "awards"
        ordering = ["-held_on", "-pk"]
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"
        constraints = [
            in_order(
                "starts_at",
                "ends_at",
                name="session_ends_after_it_starts",
                message="Giờ kết thúc phải sau giờ bắt đầu.",
                strict=True,
            )
        ]

    def __str__(self) -> str:
        return f"Phiên họp ngày {self.held_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED


class Attendance(models.Model):
    """How one member of the composition took part in a session. Each member has exactly
    one way, so no vote is counted twice: on screen (present, with an account), on paper
    (present), in writing (absent, a written vote keyed in by the office), or not at all."""

    class Mode(models.TextChoices):
        SCREEN = "may", "Có mặt, bỏ phiếu trên hệ thống"
        PAPER = "giay", "Có mặt, bỏ phiếu giấy"
        WRITTEN = "van_ban", "Vắng, có phiếu bằng văn bản"
        ABSENT = "vang", "Vắng"

    PRESENT = (Mode.SCREEN, Mode.PAPER)

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField("tham dự", max_length=10, choices=Mode.choices, default=Mode.ABSENT)

    class Meta:
        app_label = "awards"
        ordering = ["pk"]
        verbose_name = "thành phần dự họp"
        verbose_name_plural = "thành phần dự họp"
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_mode_display()}"


class Ballot(models.Model):
    """The vote on one nomination: counts only, never who voted what (secret ballot)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="ballots")
    # The totals over the three sources; paper_* and written_* are the office's keyed-in
    # part of them, the rest are on-screen votes.
    approve = models.PositiveSmallIntegerField("đồng ý", default=0)
    reject = models.PositiveSmallIntegerField("không đồng ý", default=0)
    abstain = models.PositiveSmallIntegerField("không biểu quyết", default=0)
    keyed_in = models.BooleanField("đã nhập phiếu giấy", default=False)
    paper_approve = models.PositiveSmallIntegerField("phiếu giấy đồng ý", default=0)
    paper_reject = models.PositiveSmallIntegerField("phiếu giấy không đồng ý", default=0)
    paper_abstain = models.PositiveSmallIntegerField("phiếu giấy không biểu quyết", default=0)
    written_keyed = models.BooleanField("đã nhập phiếu bằng văn bản", default=False)
    written_approve = models.PositiveSmallIntegerField("văn bản đồng ý", default=0)
    written_reject = models.PositiveSmallIntegerField("văn bản không đồng ý", default=0)
    written_abstain = models.PositiveSmallIntegerField("văn bản không biểu quyết", default=0)
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

    @property
    def votes(self) -> int:
        return self.approve + self.reject + self.abstain

    @property
    def paper_votes(self) -> int:
        return self.paper_approve + self.paper_reject + self.paper_abstain

    @property
    def written_votes(self) -> int:
        return self.written_approve + self.written_reject + self.written_abstain


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
    recipients = models.JSONField(
        "nơi nhận",
        default=list,
        blank=True,
        help_text="Mỗi dòng một nơi nhận; trống: “Như Điều 3”, “Lưu: VT”.",
    )
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
