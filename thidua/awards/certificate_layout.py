"""Where each variable text of a certificate goes on a pre-printed blank (phôi), per award
form: a box in millimetres from the page's top-left corner, a font size and a width. The
office calibrates them with a test page; a field without a stored row takes the default.

    layout_for(form) -> {field: Box}        the stored boxes over the defaults
    save_layout(form, boxes)                 stores only what differs from the defaults
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction

from thidua.scoring.models import AwardForm

PAGE_WIDTH_MM = 297  # A4 landscape
PAGE_HEIGHT_MM = 210
MIN_SIZE, MAX_SIZE = 6, 72
MIN_WIDTH = 10


class CertField(models.TextChoices):
    NAME = "ho_ten", "Họ và tên (tên tập thể)"
    POSITION = "chuc_vu", "Chức vụ, đơn vị"
    ACHIEVEMENT = "thanh_tich", "Thành tích"
    DECISION = "quyet_dinh", "Số, ngày quyết định"
    GOLDEN_BOOK = "so_vang", "Số sổ vàng"
    PLACE_DATE = "noi_ngay", "Địa danh, ngày tháng"
    AUTHORITY = "tham_quyen", "Thẩm quyền ký (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH …)"
    SIGNER = "nguoi_ky", "Họ và tên người ký"


@dataclass(frozen=True)
class Box:
    """A text box: its top-left corner (mm from the page's top-left, 0,5 mm steps), font
    size (pt) and width (mm); the text is centred in the box and wraps inside it."""

    x_mm: float
    y_mm: float
    size: int
    width_mm: float

    def outside(self) -> str:
        """Why the box's first line does not fit on the A4 landscape sheet, or ""."""
        if self.x_mm + self.width_mm > PAGE_WIDTH_MM:
            return (
                f"khung vượt ra ngoài mép phải tờ giấy: cách lề trái {_mm(self.x_mm)} mm cộng độ "
                f"rộng {_mm(self.width_mm)} mm lớn hơn {PAGE_WIDTH_MM} mm"
            )
        line = self.size * LINE_MM_PER_PT
        if self.y_mm + line > PAGE_HEIGHT_MM:
            return (
                f"dòng chữ cỡ {self.size} pt cách mép trên {_mm(self.y_mm)} mm nằm ra ngoài mép "
                f"dưới tờ giấy ({PAGE_HEIGHT_MM} mm)"
            )
        return ""


LINE_MM_PER_PT = 1.25 * 25.4 / 72  # one line of text (leading 1,25) per point of size


def _mm(value: float) -> str:
    """60.5 -> "60,5"; 60.0 -> "60"."""
    return f"{value:g}".replace(".", ",")


DEFAULT_LAYOUT: dict[str, Box] = {
    CertField.NAME: Box(60, 98, 22, 200),
    CertField.POSITION: Box(60, 112, 15, 200),
    CertField.ACHIEVEMENT: Box(45, 124, 15, 230),
    CertField.DECISION: Box(40, 158, 13, 110),
    CertField.GOLDEN_BOOK: Box(40, 166, 13, 110),
    CertField.PLACE_DATE: Box(160, 150, 14, 110),
    CertField.AUTHORITY: Box(160, 157, 14, 110),
    CertField.SIGNER: Box(160, 188, 15, 110),
}


class CertificateLayout(models.Model):
    """One field's position on the blank certificate of one award form."""

    form = models.ForeignKey(
        AwardForm,
        verbose_name="danh hiệu/hình thức",
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.CharField("nội dung", max_length=12, choices=CertField.choices)
    x_mm = models.DecimalField(
        "cách lề trái (mm)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(PAGE_WIDTH_MM)],
    )
    y_mm = models.DecimalField(
        "cách mép trên (mm)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(PAGE_HEIGHT_MM)],
    )
    size = models.PositiveSmallIntegerField(
        "cỡ chữ (pt)", validators=[MinValueValidator(MIN_SIZE), MaxValueValidator(MAX_SIZE)]
    )
    width_mm = models.DecimalField(
        "độ rộng (mm)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(MIN_WIDTH), MaxValueValidator(PAGE_WIDTH_MM)],
    )

    class Meta:
        app_label = "awards"
        ordering = ["form", "field"]
        verbose_name = "vị trí in trên phôi"
        verbose_name_plural = "vị trí in trên phôi"
        constraints = [
            models.UniqueConstraint(fields=["form", "field"], name="certificate_layout_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form_id}: {self.get_field_display()}"

    @property
    def box(self) -> Box:
        return Box(float(self.x_mm), float(self.y_mm), self.size, float(self.width_mm))


def layout_for(form: AwardForm | str) -> dict[str, Box]:
    """Every field's box for ``form`` (an AwardForm or its key): stored rows over defaults."""
    key = form if isinstance(form, str) else form.pk
    boxes = dict(DEFAULT_LAYOUT)
    for row in CertificateLayout.objects.filter(form_id=key):
        boxes[row.field] = row.box
    return boxes


@transaction.atomic
def save_layout(form: AwardForm, boxes: Mapping[str, Box]) -> None:
    """Store the boxes of ``form``: a box equal to the default is no row (so saving the
    defaults unchanged writes nothing); each write is one audited save or delete."""
    stored = {row.field: row for row in CertificateLayout.objects.filter(form=form)}
    for field, box in boxes.items():
        if field not in DEFAULT_LAYOUT:
            continue
        row = stored.get(field)
        if box == DEFAULT_LAYOUT[field]:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = CertificateLayout(form=form, field=field)
        elif row.box == box:
            continue
        row.x_mm, row.y_mm, row.size, row.width_mm = box.x_mm, box.y_mm, box.size, box.width_mm
        row.save()
