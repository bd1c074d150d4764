"""A campaign (phong trào thi đua): its own editable copy of a template's rules (schemes,
criteria, quotas, deadlines) and of its plan document, its amendments once issued, and the
units' registrations (đăng ký thi đua)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from thidua.lib.models import Recorded
from thidua.org.models import Unit, unit_or_person
from thidua.rules.template import Template, TemplateError, template_from_dict

REGISTRATION_DEADLINE = "dang-ky"  # the key of the registration deadline in the rules


def default_reminder_days() -> list[int]:
    """Reminders go out 3 days and 1 day before each deadline unless the office says
    otherwise on the campaign's page (issue 11)."""
    return [3, 1]


class Campaign(Recorded):
    class Status(models.TextChoices):
        DRAFT = "nhap", "Bản nháp"
        ISSUED = "ban_hanh", "Đã ban hành"
        CLOSED = "ket_thuc", "Đã kết thúc"

    name = models.CharField("tên phong trào", max_length=500)
    template_key = models.CharField("tạo từ mẫu", max_length=60, blank=True, editable=False)
    rules = models.JSONField("quy định xét khen thưởng", default=dict)
    plan = models.JSONField("nội dung kế hoạch", default=dict, blank=True)
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="thực hiện kế hoạch cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True, editable=False)
    # Days before each deadline a reminder goes out (thidua.notifications.reminders); null
    # (a row written without the column, e.g. by an older migration's model): the default.
    reminder_days = models.JSONField(
        "nhắc trước thời hạn (số ngày)", default=default_reminder_days, blank=True, null=True
    )

    @property
    def reminder_offsets(self) -> list[int]:
        """The days before each deadline, largest first ([] : no reminders)."""
        days = default_reminder_days() if self.reminder_days is None else self.reminder_days
        return sorted({n for n in days if isinstance(n, int) and n >= 0}, reverse=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            template_from_dict(self.rules)
        except TemplateError as e:
            raise ValidationError({"rules": e.message}) from None
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Phong trào không thể thực hiện chính nó."})

    @cached_property
    def template(self) -> Template:
        """The campaign's rules as the engine reads them."""
        return template_from_dict(self.rules)

    @property
    def editable(self) -> bool:
        """A draft is edited freely; an issued plan only by a recorded amendment."""
        return self.status == self.Status.DRAFT

    @property
    def plan_reference(self) -> str:
        """How documents cite the plan: "Kế hoạch số 158/KH-UBND ngày 19/07/2024 về …"."""
        plan = self.plan or {}
        subject = self.name[:1].lower() + self.name[1:]
        if plan.get("number"):
            day = dt.date.fromisoformat(plan["date"]) if plan.get("date") else None
            when = f" ngày {day:%d/%m/%Y}" if day else ""
            number = f"{plan['number']}/{plan.get('symbol', 'KH-UBND')}"
            return f"Kế hoạch số {number}{when} về việc {subject}"
        return f"Kế hoạch về việc {subject}"

    def registration_deadline(self, year: int) -> dt.date | None:
        for deadline in self.template.deadlines:
            if deadline.key == REGISTRATION_DEADLINE:
                return deadline.due(year)
        return None


class Amendment(models.Model):
    """A change to an issued campaign: who, when, why (the audit trail has the diff)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="amendments")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa",
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField("lúc", auto_now_add=True)
    part = models.CharField("phần được sửa", max_length=500)
    reason = models.TextField("lý do sửa đổi")

    class Meta:
        ordering = ["-made_at"]
        verbose_name = "sửa đổi kế hoạch"
        verbose_name_plural = "sửa đổi kế hoạch"

    def __str__(self) -> str:
        return f"{self.campaign} — {self.part} ({self.made_at:%d/%m/%Y})"


class Registration(Recorded):
    """Đăng ký thi đua: what one unit registers for one year of a campaign."""

    class Status(models.TextChoices):
        DRAFT = "nhap", "Đang soạn"
        SUBMITTED = "da_nop", "Đã nộp"
        REOPENED = "mo_lai", "Được mở lại để sửa"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True, editable=False)
    forwarded_from = models.ForeignKey(
        Campaign,
        verbose_name="chuyển lên từ phong trào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reopened_until = models.DateField(
        "mở lại đến ngày",
        null=True,
        blank=True,
        help_text="Cơ quan thường trực mở lại cho đơn vị sửa sau hạn đăng ký.",
    )

    class Meta:
        ordering = ["unit__path"]
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "year"],
                name="one_registration_per_unit_year",
                violation_error_message="Đơn vị đã có bản đăng ký của năm này.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.campaign} ({self.year})"

    def open_on(self, day: dt.date) -> bool:
        """May the unit still change it on `day`?"""
        if self.campaign.status != Campaign.Status.ISSUED:
            return False
        if self.status == self.Status.REOPENED:
            return self.reopened_until is None or day <= self.reopened_until
        if self.status == self.Status.SUBMITTED:
            return False
        deadline = self.campaign.registration_deadline(self.year)
        return deadline is None or day <= deadline


class RegistrationLine(models.Model):
    """One row of the registration table: a collective or a person, and the titles and
    forms registered for it (column keys of campaigns.plan.registration_columns)."""

    class Section(models.TextChoices):
        COLLECTIVE = "collective", "Tập thể"
        INDIVIDUAL = "individual", "Cá nhân"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="lines")
    section = models.CharField("phần", max_length=12, choices=Section.choices)
    # Both empty on a free-text row ("Các thôn").
    unit, person = unit_or_person(on_delete=models.CASCADE, unit_label="tập thể")
    label = models.CharField(
        "tên ghi trong bảng",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Các thôn; Toàn thể cán bộ, công chức.",
    )
    marks = models.JSONField("danh hiệu, hình thức đăng ký", default=list)

    class Meta:
        ordering = ["section", "pk"]
        verbose_name = "dòng đăng ký"
        verbose_name_plural = "dòng đăng ký"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(section="individual"),
                name="registered_person_is_individual",
                violation_error_message="Cá nhân phải nằm ở phần Cá nhân.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        return str(self.person or self.unit or "")


# --- stored evaluations (issue 12): computed once per version of their inputs -----------


class FactVersion(models.Model):
    """A counter per kind of fact and year (``scope``), bumped by database triggers in the
    same transaction as every write of the rows it counts (campaigns.versions). ``scope`` is
    the year of the rows for facts with one, 0 for kinds without (units and people, reviews,
    initiative authors), the campaign's id for registrations."""

    kind = models.CharField(max_length=20)
    scope = models.IntegerField()
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope"], name="one_fact_version_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope}: {self.version}"


class Evaluation(models.Model):
    """The stored results of a campaign for one year: the fingerprint of the inputs they
    were computed from, and the state of the background recompute (campaigns.evaluations).
    The results are fresh when ``fingerprint`` is that of the inputs now."""

    class State(models.TextChoices):
        IDLE = "idle", "Đã tính"
        QUEUED = "queued", "Đang chờ tính lại"
        RUNNING = "running", "Đang tính lại"
        FAILED = "failed", "Tính lỗi"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("năm xét")
    fingerprint = models.CharField(max_length=64, blank=True)  # of the stored rows
    computed_at = models.DateTimeField("tính lúc", null=True, blank=True)
    duration = models.FloatField("thời gian tính (giây)", null=True, blank=True)
    years_read = models.JSONField(default=dict)  # scheme key -> the years its rows read
    summaries = models.JSONField(default=dict)  # scheme key -> the counts of all its rows
    state = models.CharField(max_length=10, choices=State.choices, default=State.IDLE)
    wanted = models.CharField(max_length=64, blank=True)  # the fingerprint queued or failed
    queued_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField("lỗi", blank=True)

    class Meta:
        verbose_name = "kết quả xét đã tính"
        verbose_name_plural = "kết quả xét đã tính"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year"], name="one_evaluation_per_campaign_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.year}"


class EvaluationRow(models.Model):
    """One candidate of one scheme in a stored evaluation: the sortable, filterable columns
    of the results page, and the engine's candidate document (explanations naming units by
    name) for the reasoning page."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="rows")
    scheme_key = models.CharField(max_length=60)
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=300)
    name_folded = models.CharField(max_length=300)  # lib.vietnamese.fold(name): the search
    unit_name = models.CharField(max_length=300, blank=True)  # a person's unit
    group = models.CharField(max_length=30, blank=True)
    eligible = models.BooleanField(null=True)  # Kleene: None = not known
    selected = models.BooleanField(null=True)
    rank = models.PositiveIntegerField(null=True)
    tie = models.BooleanField(default=False)  # a tie at the quota's threshold (a note)
    position = models.PositiveIntegerField()  # the results page's order
    doc = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "scheme_key", "code"], name="one_row_per_candidate"
            )
        ]
        indexes = [
            models.Index(fields=["evaluation", "scheme_key", "position"], name="evalrow_order"),
            models.Index(
                fields=["evaluation", "scheme_key", "eligible", "position"], name="evalrow_verdict"
            ),
            models.Index(fields=["evaluation", "scheme_key", "name_folded"], name="evalrow_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scheme_key})"
