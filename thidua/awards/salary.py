"""Mức lương cơ sở (base salary), the multiplicand of reward money (see ``money.py``).

Rows are loaded by migration 0001 and stay editable: LEGAL.md marks the 2026 figure as
"S — verify before use"."""

from __future__ import annotations

from datetime import date

from django.db import models

from thidua.law.models import Confidence


class BaseSalary(models.Model):
    amount = models.PositiveIntegerField("mức lương cơ sở (đồng)")
    effective_from = models.DateField("áp dụng từ ngày", unique=True)
    legal_basis = models.CharField(
        "căn cứ pháp lý", max_length=200, help_text="Ví dụ: Nghị định 73/2024/NĐ-CP"
    )
    confidence_note = models.CharField("ghi chú độ tin cậy", max_length=200, blank=True)
    confidence = models.CharField(
        "độ tin cậy", max_length=1, choices=Confidence.choices, default=Confidence.V
    )

    class Meta:
        app_label = "awards"
        ordering = ["-effective_from"]
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"

    def __str__(self) -> str:
        return f"{self.amount} đ từ {self.effective_from:%d/%m/%Y} ({self.legal_basis})"

    @property
    def uncertain(self) -> bool:
        return self.confidence != Confidence.V

    @classmethod
    def in_force_on(cls, day: date) -> BaseSalary | None:
        """The base salary in force on ``day``: the latest ``effective_from`` ≤ ``day``."""
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
