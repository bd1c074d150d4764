"""A campaign (phong trào thi đua): its own editable copy of a template's rules — schemes,
criteria, quotas, deadlines — and, later, the plan document, registrations and dossiers."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models

from thidua.lib.models import Recorded
from thidua.org.models import Unit
from thidua.rules.template import Template, TemplateError, template_from_dict


class Campaign(Recorded):
    class Status(models.TextChoices):
        DRAFT = "nhap", "Bản nháp"
        ISSUED = "ban_hanh", "Đã ban hành"
        CLOSED = "ket_thuc", "Đã kết thúc"

    name = models.CharField("tên phong trào", max_length=500)
    template_key = models.CharField("tạo từ mẫu", max_length=60, blank=True, editable=False)
    rules = models.JSONField("quy định xét khen thưởng", default=dict)
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

    @cached_property
    def template(self) -> Template:
        """The campaign's rules as the engine reads them."""
        return template_from_dict(self.rules)
