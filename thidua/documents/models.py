"""Word templates the office (or a unit, for what it issues) uploaded: one row per upload,
kept as history; at most one active row per kind and issuing unit (the service keeps it so).
The file is stored by `thidua.lib.uploads` under MEDIA_ROOT and served only by a view that
checked permission first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class DocumentTemplate(models.Model):
    kind = models.CharField("loại văn bản", max_length=40)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị ban hành",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="document_templates",
        help_text="Trống: mẫu chung của cơ quan thường trực cho mọi văn bản loại này.",
    )
    original_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=255)
    size = models.PositiveIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", default=timezone.now)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["kind", "unit", "active"], name="doctpl_current")]

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def current(cls, kind: str, unit: Any = None) -> DocumentTemplate | None:
        """The active upload for `kind`: the issuing unit's own, else the office-wide one."""
        rows = cls.objects.filter(kind=kind, active=True)
        if unit is not None:
            own = rows.filter(unit=unit).first()
            if own is not None:
                return own
        return rows.filter(unit__isnull=True).first()

    def read(self) -> bytes | None:
        path = Path(settings.MEDIA_ROOT) / self.stored_path
        try:
            return path.read_bytes()
        except OSError:
            return None
