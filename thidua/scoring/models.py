"""The facts the eligibility engine reads: PAR-index scores, ratings, disciplines, open
reviews, award history, initiatives and attestations (RULES.md §1).

Figures derived from them — percent, rank, band — are computed (see selectors.py), never
stored.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from thidua.lib.formatting import format_number
from thidua.lib.models import Recorded
from thidua.lib.vietnamese import fold
from thidua.org.models import Person, Unit, one_of_unit_or_person, unit_or_person
from thidua.rules.fmt import percent

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def year_field(label: str = "năm") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, validators=YEAR_VALIDATORS)


class RatingLevel(models.TextChoices):
    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class DisciplineLevel(models.TextChoices):
    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    HA_BAC_LUONG = "ha_bac_luong", "Hạ bậc lương"
    GIANG_CHUC = "giang_chuc", "Giáng chức"
    CACH_CHUC = "cach_chuc", "Cách chức"
    BUOC_THOI_VIEC = "buoc_thoi_viec", "Buộc thôi việc"


class ReviewKind(models.TextChoices):
    XEM_XET_KY_LUAT = "xem_xet_ky_luat", "Đang xem xét kỷ luật"
    KHIEU_NAI = "khieu_nai", "Khiếu nại, tố cáo đang giải quyết"
    BAO_CHI = "bao_chi", "Phản ánh của báo chí chưa được xác minh"


class AwardField(models.TextChoices):
    CCHC = "cchc", "Cải cách hành chính"
    CHUNG = "chung", "Chung"


class InitiativeScope(models.TextChoices):
    CO_SO = "co_so", "Cấp cơ sở"
    HUYEN = "huyen", "Cấp huyện"
    TINH = "tinh", "Cấp tỉnh"
    TOAN_QUOC = "toan_quoc", "Toàn quốc"


class AwardForm(models.Model):
    """The award catalogue: titles (danh hiệu) and forms (hình thức). RULES.md §4 ships the
    interchange keys; an office may add its own, which the facts format does not carry."""

    class Kind(models.TextChoices):
        FORM = "form", "Hình thức khen thưởng"
        TITLE = "title", "Danh hiệu thi đua"

    class Recipient(models.TextChoices):
        ANY = "any", "Tập thể và cá nhân"
        PERSON = "person", "Cá nhân"
        COLLECTIVE = "collective", "Tập thể"

    key = models.SlugField("mã", primary_key=True, max_length=60)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    recipient = models.CharField("đối tượng", max_length=12, choices=Recipient.choices)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    in_interchange = models.BooleanField("thuộc định dạng trao đổi", default=False, editable=False)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh mục khen thưởng"

    def __str__(self) -> str:
        return self.name


class Fact(Recorded):
    """A fact, with who recorded it and when (the audit trail keeps every earlier version)."""

    class Meta:
        abstract = True


class Confirmable(models.Model):
    """A kind of fact a unit may propose: the engine reads a row only once the office has
    confirmed it (`confirmed_at` set). Every writer other than a unit account is the office
    (its screens, imports, signed decisions, the demo), so a row starts confirmed; the
    unit's write path (scoring.confirm.save_fact) clears it."""

    confirmed_at = models.DateTimeField(
        "xác nhận lúc", null=True, blank=True, default=timezone.now, editable=False
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def confirmation_label(self) -> str:
        return "đã xác nhận" if self.confirmed else "chưa xác nhận"


class SubjectFact(Fact):
    """A fact about either a unit or a person (exactly one of the two)."""

    unit, person = unit_or_person(on_delete=models.CASCADE)

    class Meta:
        abstract = True

    @property
    def subject(self) -> Unit | Person | None:
        return self.person if self.person_id else self.unit

    @property
    def subject_code(self) -> str:
        subject = self.subject
        return subject.code if subject else ""

    @classmethod
    def one_subject(cls, name: str) -> models.CheckConstraint:
        return one_of_unit_or_person(name, "Chọn một đơn vị hoặc một cá nhân (chỉ một trong hai).")


class ParScore(Confirmable, Fact):
    """Kết quả Chỉ số CCHC of a unit for a year: the unit's self-assessment, then the
    appraised score the engine reads."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="par_scores"
    )
    year = year_field()
    self_score = models.DecimalField(
        "điểm tự đánh giá",
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    score = models.DecimalField(
        "điểm thẩm định",
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    max_score = models.DecimalField(
        "điểm tối đa",
        max_digits=8,
        decimal_places=3,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        ordering = ["-year", "unit__code"]
        verbose_name = "kết quả Chỉ số CCHC"
        verbose_name_plural = "kết quả Chỉ số CCHC"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="one_par_score_per_unit_year",
                violation_error_message="Đơn vị này đã có kết quả Chỉ số CCHC của năm này.",
            ),
            models.CheckConstraint(
                condition=Q(max_score__gt=0),
                name="par_max_positive",
                violation_error_message="Điểm tối đa phải lớn hơn 0.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("max_score")),
                name="par_score_within_max",
                violation_error_message="Điểm thẩm định phải từ 0 đến điểm tối đa.",
            ),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True)
                | Q(self_score__gte=0, self_score__lte=F("max_score")),
                name="par_self_score_within_max",
                violation_error_message="Điểm tự đánh giá phải từ 0 đến điểm tối đa.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def percent(self) -> Fraction | None:
        """The appraised percent, exact (a fraction, never rounded): score / max × 100."""
        return None if self.score is None else percent(self.score, self.max_score)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.max_score is not None:
            for field in ("score", "self_score"):
                value = getattr(self, field)
                if value is not None and value > self.max_score:
                    limit = format_number(self.max_score, 2)
                    errors[field] = f"Điểm không được lớn hơn điểm tối đa ({limit})."
        if self.unit_id and not self.unit.par_assessed:
            errors["unit"] = "Đơn vị này không thuộc diện chấm Chỉ số CCHC."
        if errors:
            raise ValidationError(errors)


class Rating(Confirmable, SubjectFact):
    """Annual quality rating (xếp loại) of a person or a unit."""

    year = year_field()
    rating = models.CharField("xếp loại", max_length=8, choices=RatingLevel.choices)

    class Meta:
        ordering = ["-year"]
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        constraints = [
            SubjectFact.one_subject("rating_one_subject"),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="one_rating_per_unit_year",
                violation_error_message="Đơn vị này đã có xếp loại của năm này.",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="one_rating_per_person_year",
                violation_error_message="Cá nhân này đã có xếp loại của năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.year}: {self.rating}"


class Discipline(Fact):
    person = models.ForeignKey(
        Person, verbose_name="cá nhân", on_delete=models.CASCADE, related_name="disciplines"
    )
    date = models.DateField("ngày quyết định kỷ luật")
    level = models.CharField("hình thức kỷ luật", max_length=20, choices=DisciplineLevel.choices)
    reference = models.CharField("số quyết định", max_length=100, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"

    def __str__(self) -> str:
        return f"{self.person} — {self.get_level_display()} ({self.date:%d/%m/%Y})"


class Review(SubjectFact):
    """An open disciplinary review, complaint or unverified press report."""

    kind = models.CharField("loại", max_length=20, choices=ReviewKind.choices)
    since = models.DateField("từ ngày")
    until = models.DateField("đến ngày (khi đã kết thúc)", null=True, blank=True)
    note = models.CharField("nội dung", max_length=500, blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name = "vụ việc đang xem xét"
        verbose_name_plural = "vụ việc đang xem xét"
        constraints = [
            SubjectFact.one_subject("review_one_subject"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="review_until_after_since",
                violation_error_message="Ngày kết thúc không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": "Ngày kết thúc không được trước ngày bắt đầu."})


class Award(SubjectFact):
    """An award a unit or a person received, by the achievement year it recognises."""

    form = models.ForeignKey(
        AwardForm, verbose_name="danh hiệu/hình thức", on_delete=models.PROTECT
    )
    year = year_field("năm thành tích")
    field = models.CharField(
        "lĩnh vực", max_length=10, choices=AwardField.choices, default=AwardField.CHUNG
    )
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issuer = models.CharField("cơ quan quyết định", max_length=200, blank=True)
    # Set only by a revocation decision (Luật Thi đua, khen thưởng 2022, Chương VII): a
    # revoked award stays in the register, marked, and the engine no longer reads it.
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = "khen thưởng đã nhận"
        verbose_name_plural = "lịch sử khen thưởng"
        constraints = [SubjectFact.one_subject("award_one_subject")]

    def __str__(self) -> str:
        return f"{self.subject} — {self.form} ({self.year})"


class Initiative(Confirmable, Fact):
    """Sáng kiến: recognised and applied at `scope`, the widest level reached."""

    code = models.CharField(
        "mã sáng kiến",
        max_length=40,
        unique=True,
        error_messages={"unique": "Mã sáng kiến này đã được dùng cho một sáng kiến khác."},
    )
    title = models.CharField("tên sáng kiến", max_length=500)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    authors = models.ManyToManyField(
        Person, verbose_name="tác giả", blank=True, related_name="initiatives"
    )
    year = year_field("năm công nhận")
    scope = models.CharField("phạm vi công nhận", max_length=10, choices=InitiativeScope.choices)
    # Derived by derive(): the diacritic-free text that search matches.
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> Initiative:
        """Set the derived columns (bulk writes, which skip save(), call this too)."""
        self.search_text = fold(f"{self.code} {self.title}")
        return self


class ParEvidence(models.Model):
    """A file a unit attaches to its PAR self-assessment (checked by its bytes, stored
    under MEDIA_ROOT with a random name, served only after the PAR result's permission
    check)."""

    par_score = models.ForeignKey(
        ParScore,
        verbose_name="kết quả Chỉ số CCHC",
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    original_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField("loại tệp", max_length=10, editable=False)
    size = models.PositiveBigIntegerField("dung lượng", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"

    def __str__(self) -> str:
        return self.original_name


ATTESTATION_KEYS = {
    "dan_dau_noi_dung": "Dẫn đầu, tiêu biểu trong thực hiện các nội dung thi đua",
    "thuc_hien_tot_cchc": "Thực hiện tốt công tác cải cách hành chính",
    "dat_tieu_chuan_6900": "Đạt tiêu chuẩn theo Hướng dẫn liên ngành 6900/HDLN-VP-SNV",
    "tieu_bieu_giai_doan": "Tiêu biểu trong giai đoạn (được đơn vị đề xuất)",
    "phat_dong_phong_trao": "Tổ chức phát động phong trào thi đua hiệu quả",
    "noi_bo_doan_ket": "Nội bộ đoàn kết",
    "dang_tsvm": "Tổ chức Đảng đạt trong sạch, vững mạnh",
    "guong_mau": "Gương mẫu, có phẩm chất đạo đức tốt",
}


class Attestation(SubjectFact):
    """A judgement only people can make ("dẫn đầu phong trào"), recorded by the office."""

    year = year_field()
    key = models.SlugField("nội dung xác nhận", max_length=60)
    note = models.CharField("căn cứ", max_length=500, blank=True)

    class Meta:
        ordering = ["-year", "key"]
        verbose_name = "xác nhận"
        verbose_name_plural = "xác nhận"
        constraints = [SubjectFact.one_subject("attestation_one_subject")]

    def __str__(self) -> str:
        return f"{self.subject} — {self.label} ({self.year})"

    @property
    def label(self) -> str:
        return ATTESTATION_KEYS.get(self.key, self.key)
