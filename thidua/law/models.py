"""The law as dated data (LEGAL.md): which texts a decision cites, who decides which title
or form, which forms need a council ballot and with which threshold, the quorum, reward
coefficients and which kind of unit a collective title fits.

Every row carries its legal basis and a confidence mark (V seen in the legal text, S
secondary sources only, M memory); rows marked S or M are shown with a warning wherever
they are used. Rows are loaded by the data migrations of this app and extended by an
administrator on the law page (/phap-ly/); lookups pick the row in force on a date
(``thidua.law.lookup``)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.lib.models import Recorded
from thidua.org.models import Unit
from thidua.scoring.models import AwardForm


class Confidence(models.TextChoices):
    V = "V", "V — đã đối chiếu văn bản"
    S = "S", "S — chỉ có nguồn thứ cấp, cần kiểm tra"
    M = "M", "M — ghi theo trí nhớ, cần kiểm tra"


class Authority(models.TextChoices):
    """Who signs an award: the local levels are ``org.Unit.Level`` values (the issuing
    unit of a campaign), the central ones are outside the system."""

    CHU_TICH_NUOC = "chu_tich_nuoc", "Chủ tịch nước"
    THU_TUONG = "thu_tuong", "Thủ tướng Chính phủ"
    BO = "bo", "Bộ trưởng, Thủ trưởng cơ quan Trung ương"
    TINH = "tinh", "Chủ tịch UBND cấp tỉnh"
    HUYEN = "huyen", "Chủ tịch UBND cấp huyện"
    XA = "xa", "Chủ tịch UBND cấp xã"
    CO_QUAN = "co_quan", "Thủ trưởng cơ quan, đơn vị"


def authority_label(level: str) -> str:
    """ "Chủ tịch UBND cấp xã" for "xa"; a unit level with no authority: its own label."""
    if level in Authority.values:
        return str(Authority(level).label)
    if level in Unit.Level.values:
        return str(Unit.Level(level).label)
    return "đơn vị này"


def in_force(on: dt.date, prefix: str = "") -> Q:
    """Rows valid on ``on``: valid_from ≤ on and (no valid_to or valid_to ≥ on)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class Sourced(Recorded):
    """A law row: its legal basis and how sure we are of it (shown wherever it is used)."""

    legal_basis = models.CharField("căn cứ pháp lý", max_length=300)
    confidence = models.CharField(
        "độ tin cậy", max_length=1, choices=Confidence.choices, default=Confidence.V
    )

    class Meta:
        abstract = True

    @property
    def uncertain(self) -> bool:
        return self.confidence != Confidence.V


class Dated(Sourced):
    """A law row in force over a period of dates."""

    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("đến hết ngày", null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày kết thúc phải sau ngày bắt đầu áp dụng."})

    def period(self) -> str:
        start = f"từ {self.valid_from:%d/%m/%Y}"
        return f"{start} đến {self.valid_to:%d/%m/%Y}" if self.valid_to else start


class Schedule(Dated):
    """A decree the decision cites for its reward money (NĐ 98/2023 until 30/6/2025, NĐ
    152/2025 from 01/7/2025). ``has_coefficients`` says whether its table is encoded: where
    it is not, the office types the amounts with a reason or states there is no money."""

    name = models.CharField("văn bản", max_length=100, help_text="Nghị định 152/2025/NĐ-CP")
    citation = models.CharField(
        "câu căn cứ trong quyết định",
        max_length=400,
        help_text="Căn cứ Nghị định số … của Chính phủ quy định chi tiết …",
    )
    has_coefficients = models.BooleanField("đã nhập bảng hệ số tiền thưởng", default=False)
    # The decree's own date (a decision cites "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6
    # năm 2025 …"): data with its own confidence mark, not the row's period of application.
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_confidence = models.CharField(
        "độ tin cậy của ngày ban hành",
        max_length=1,
        choices=Confidence.choices,
        default=Confidence.M,
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "văn bản quy định tiền thưởng"
        verbose_name_plural = "văn bản quy định tiền thưởng"

    def __str__(self) -> str:
        return self.name

    @property
    def number(self) -> str:
        """ "Nghị định 152/2025/NĐ-CP" -> "152/2025/NĐ-CP"."""
        return self.name.split()[-1] if self.name.split() else ""

    @property
    def issue_date_uncertain(self) -> bool:
        return self.issued_on is not None and self.issued_confidence != Confidence.V


class Coefficient(Sourced):
    """Reward coefficient of a title or form in a schedule (× base salary)."""

    schedule = models.ForeignKey(
        Schedule, verbose_name="văn bản", on_delete=models.PROTECT, related_name="coefficients"
    )
    form = models.ForeignKey(
        AwardForm, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+"
    )
    individual = models.DecimalField(
        "hệ số cho cá nhân",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    collective = models.DecimalField(
        "hệ số cho tập thể",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["schedule", "form__order", "form"]
        verbose_name = "hệ số tiền thưởng"
        verbose_name_plural = "hệ số tiền thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "form"],
                name="one_coefficient_per_form_and_schedule",
                violation_error_message="Văn bản này đã có hệ số cho danh hiệu, hình thức đó.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.schedule})"

    def clean(self) -> None:
        super().clean()
        if self.individual is None and self.collective is None:
            raise ValidationError("Ghi hệ số cho cá nhân, cho tập thể hoặc cả hai.")


class Competence(Dated):
    """Who decides a title or form in a period (Luật TĐKT 2022; from 01/7/2025 the
    district chairman's powers belong to the commune chairman, NĐ 129/2025 Điều 59)."""

    form = models.ForeignKey(
        AwardForm, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+"
    )
    authority = models.CharField("thẩm quyền quyết định", max_length=20, choices=Authority.choices)

    class Meta:
        ordering = ["form__order", "form", "valid_from"]
        verbose_name = "thẩm quyền khen thưởng"
        verbose_name_plural = "thẩm quyền khen thưởng"

    def __str__(self) -> str:
        return f"{self.form}: {self.get_authority_display()} ({self.period()})"


class BallotRule(Dated):
    """Whether the council must vote on a form and the approval share of the total
    membership. ``form`` empty and ``family`` empty: the default row (forms the law sets no
    threshold for); ``family``: every catalogue key starting with it (Anh hùng …)."""

    form = models.ForeignKey(
        AwardForm,
        verbose_name="danh hiệu, hình thức",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống: quy định mặc định cho các hình thức pháp luật không quy định tỷ lệ.",
    )
    family = models.SlugField("nhóm mã", max_length=60, blank=True, editable=False)
    label = models.CharField("áp dụng cho", max_length=200, blank=True)
    requires_ballot = models.BooleanField("bắt buộc bỏ phiếu", default=False)
    numerator = models.PositiveSmallIntegerField("tỷ lệ: tử số", validators=[MinValueValidator(1)])
    denominator = models.PositiveSmallIntegerField(
        "tỷ lệ: mẫu số", validators=[MinValueValidator(1)]
    )
    strict = models.BooleanField(
        "phải vượt tỷ lệ", default=False, help_text="Đánh dấu: “trên”; bỏ trống: “ít nhất”."
    )

    class Meta:
        ordering = ["form__order", "family", "valid_from"]
        verbose_name = "quy định bỏ phiếu"
        verbose_name_plural = "quy định bỏ phiếu"

    def __str__(self) -> str:
        return f"{self.applies_to}: {share_phrase(self.share, self.strict)}"

    def clean(self) -> None:
        super().clean()
        if self.numerator and self.denominator and self.numerator > self.denominator:
            raise ValidationError("Tỷ lệ không được lớn hơn 1 (tử số ≤ mẫu số).")

    @property
    def share(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def applies_to(self) -> str:
        if self.label:
            return self.label
        if self.form_id:
            return self.form.name
        return "Các hình thức khác (mặc định)"


class Quorum(Dated):
    """The share of the council's members that must attend for a session to decide."""

    numerator = models.PositiveSmallIntegerField("tỷ lệ: tử số", validators=[MinValueValidator(1)])
    denominator = models.PositiveSmallIntegerField(
        "tỷ lệ: mẫu số", validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "số thành viên tối thiểu dự họp"
        verbose_name_plural = "số thành viên tối thiểu dự họp"

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator} ({self.period()})"

    def clean(self) -> None:
        super().clean()
        if self.numerator and self.denominator and self.numerator > self.denominator:
            raise ValidationError("Tỷ lệ không được lớn hơn 1 (tử số ≤ mẫu số).")

    @property
    def share(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)


class RecipientFit(Sourced):
    """A collective title that only fits one kind of unit: a form with rows here goes only
    to units of the levels listed (thôn văn hóa → thôn; xã tiêu biểu → xã)."""

    form = models.ForeignKey(
        AwardForm, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+"
    )
    unit_level = models.CharField("loại đơn vị", max_length=20, choices=Unit.Level.choices)

    class Meta:
        ordering = ["form__order", "form", "unit_level"]
        verbose_name = "đối tượng phù hợp"
        verbose_name_plural = "đối tượng phù hợp"
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit_level"],
                name="one_fit_per_form_and_level",
                violation_error_message="Danh hiệu này đã có loại đơn vị đó.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.get_unit_level_display()}"


def share_phrase(share: Fraction, strict: bool) -> str:
    """ "ít nhất 90% tổng số thành viên", "trên một nửa tổng số thành viên"."""
    words = {Fraction(1, 2): "một nửa", Fraction(2, 3): "hai phần ba"}
    if share in words:
        amount = words[share]
    else:
        percent = share * 100
        if percent.denominator == 1:
            amount = f"{percent.numerator}%"
        else:
            whole = float(percent)
            amount = f"{whole:.2f}".replace(".", ",") + "%"
    return f"{'trên' if strict else 'ít nhất'} {amount} tổng số thành viên"


class Holiday(Sourced):
    """A day of the working calendar the Government announces (Bộ luật Lao động 2019, Điều
    112; the Ministry's yearly notice): a public holiday (ngày nghỉ lễ, Tết — including the
    weekday given in compensation for a holiday on a weekend, and a day swapped for a
    Saturday) or a Saturday/Sunday declared a working day in exchange (ngày làm bù).

    ``every_year``: a fixed solar holiday (01/01, 30/4, 01/5, 02/9) that counts on its day
    and month in every year that has no dated row yet (the years not announced), so a
    deadline far ahead still skips them; the lunar ones cannot be projected that way."""

    class Kind(models.TextChoices):
        HOLIDAY = "nghi", "Ngày nghỉ lễ, Tết"
        WORKING = "lam-bu", "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)"

    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField("tên ngày", max_length=200, help_text="Tết Nguyên đán Bính Ngọ")
    every_year = models.BooleanField(
        "lặp lại hằng năm",
        default=False,
        help_text="Ngày lễ dương lịch cố định: tính cho mọi năm chưa có lịch nghỉ được công bố.",
    )

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ lễ, ngày làm bù"
        verbose_name_plural = "ngày nghỉ lễ, ngày làm bù"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "every_year"],
                name="one_holiday_row_per_day",
                violation_error_message="Ngày này đã có trong lịch nghỉ.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.day and self.kind == self.Kind.WORKING and self.day.weekday() < 5:
            raise ValidationError({"kind": "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."})
        if self.day and self.kind == self.Kind.WORKING and self.every_year:
            raise ValidationError({"every_year": "Ngày làm bù không lặp lại hằng năm."})


class ProcessingTime(Dated):
    """How long a step of the procedure may take: ``days`` calendar or working days from the
    start of the step (LEGAL.md "Dossiers": a dossier that does not comply is returned within
    05 working days; appraisal within 20 working days of a complete dossier)."""

    class Step(models.TextChoices):
        RETURN_NONCOMPLIANT = "tra-ho-so", "Kiểm tra, trả hồ sơ không hợp lệ"
        APPRAISAL = "tham-dinh", "Thẩm định hồ sơ"

    step = models.CharField("bước xử lý", max_length=20, choices=Step.choices)
    days = models.PositiveSmallIntegerField("số ngày", validators=[MinValueValidator(1)])
    working = models.BooleanField(
        "tính theo ngày làm việc", default=True, help_text="Bỏ trống: tính theo ngày lịch."
    )

    class Meta:
        ordering = ["step", "-valid_from"]
        verbose_name = "thời hạn xử lý"
        verbose_name_plural = "thời hạn xử lý"

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.days} {self.unit_words}"

    @property
    def unit_words(self) -> str:
        return "ngày làm việc" if self.working else "ngày"
