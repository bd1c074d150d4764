"""What the office publishes: the honor board drawn from signed decisions, the proposed list
put out for public comment before the council, the comments, the radio announcement.

Only what a publication copies into its items ever reaches the public: name, position,
unit, the award and the achievement text (no code, birth year, gender, e-mail, phone)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from thidua.awards.records import Decision, DecisionAward, Nomination
from thidua.campaigns.models import Campaign
from thidua.lib.models import Recorded
from thidua.lib.vietnamese import fold


class Publication(Recorded):
    """One thing the office publishes: a signed decision's awardees on the honor board, or a
    campaign's proposed list for public comment over a window of working days."""

    class Kind(models.TextChoices):
        HONOR = "bang_vang", "Bảng vàng (gương điển hình tiên tiến)"
        COMMENT = "lay_y_kien", "Lấy ý kiến nhân dân về danh sách đề nghị"

    class Status(models.TextChoices):
        DRAFT = "du_thao", "Chưa công bố"
        PUBLISHED = "da_cong_bo", "Đang công bố"
        WITHDRAWN = "da_go", "Đã gỡ"

    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign, verbose_name="phong trào", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tiêu đề", max_length=300)
    intro = models.TextField("lời giới thiệu", blank=True, max_length=3000)
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("gỡ lúc", null=True, blank=True, editable=False)
    # Public comment: the office sets the number of working days; the window is computed
    # from the day of publication with thidua.law.clocks.add_working_days.
    comment_days = models.PositiveSmallIntegerField(
        "số ngày làm việc lấy ý kiến", null=True, blank=True
    )
    opens_on = models.DateField("bắt đầu nhận ý kiến", null=True, blank=True, editable=False)
    closes_on = models.DateField("hết hạn nhận ý kiến", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "công bố"
        verbose_name_plural = "công bố"
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(kind="bang_vang"),
                name="portal_honor_once_per_decision",
                violation_error_message="Quyết định này đã được công bố trên bảng vàng.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def accepts_comments(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.kind == self.Kind.COMMENT
            and self.is_public
            and self.opens_on is not None
            and self.closes_on is not None
            and self.opens_on <= today <= self.closes_on
        )


class PublicationItem(models.Model):
    """One example on the board (or one proposed name): only the public fields, copied and
    editable, never read live from the person's record."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="items")
    award = models.ForeignKey(
        DecisionAward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("họ và tên / tên tập thể", max_length=200)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    unit_name = models.CharField("đơn vị", max_length=300, blank=True)
    form_label = models.CharField("hình thức khen thưởng", max_length=300, blank=True)
    achievement = models.TextField("thành tích", blank=True, max_length=4000)
    photo_path = models.CharField(max_length=255, blank=True, editable=False)
    photo_kind = models.CharField(max_length=10, blank=True, editable=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    search_text = models.CharField(max_length=800, editable=False, default="")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "gương điển hình"
        verbose_name_plural = "gương điển hình"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.name} {self.unit_name} {self.position}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Comment(models.Model):
    """A comment of the public on a proposed list: read by the office only."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField("họ và tên", max_length=100)
    contact = models.CharField("địa chỉ liên hệ", max_length=150, blank=True)
    text = models.TextField("nội dung", max_length=3000)
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    handled = models.BooleanField("đã xử lý", default=False)
    handled_at = models.DateTimeField("xử lý lúc", null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "ý kiến của nhân dân"
        verbose_name_plural = "ý kiến của nhân dân"

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class Announcement(Recorded):
    """Thông báo trên hệ thống truyền thanh: drafted from a signed decision, edited."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="radio_announcement"
    )
    text = models.TextField("nội dung thông báo", max_length=6000)

    class Meta:
        verbose_name = "thông báo trên hệ thống truyền thanh"
        verbose_name_plural = "thông báo trên hệ thống truyền thanh"

    def __str__(self) -> str:
        return f"Thông báo truyền thanh — {self.decision}"
