"""An Excel import the office started on the screen: the uploaded file, who and when, where
the background worker is with it, and what the import found (the report as JSON).

The file is stored by `thidua.lib.uploads` under MEDIA_ROOT (checked by content, never
served directly); the report keeps the counts, the first outcomes and the errors with their
suggestions, bounded so a 200,000-row file does not make a 200,000-entry document."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from thidua.imports.report import KINDS


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "chờ xử lý"
        CHECKING = "checking", "đang kiểm tra"
        INVALID = "invalid", "đã kiểm tra, có lỗi"
        READY = "ready", "đã kiểm tra, sẵn sàng nhập"
        IMPORTING = "importing", "đang nhập"
        DONE = "done", "đã nhập"
        FAILED = "failed", "thất bại"

    # States in which the worker has (or will have) the job: the page polls.
    RUNNING = (State.QUEUED, State.CHECKING, State.IMPORTING)

    kind = models.CharField("loại dữ liệu", max_length=20, choices=list(KINDS.items()))
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    original_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm tải lên", default=timezone.now)
    state = models.CharField(
        "trạng thái", max_length=20, choices=State.choices, default=State.QUEUED
    )
    # Rows read, and the rows the file holds when known: of the last run once it is over
    # (during a run the worker's figures are in imports.progress).
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField("kết quả", default=dict, blank=True)
    # The office's picks for unknown or ambiguous names: the cell's text -> "unit:ID".
    choices = models.JSONField("lựa chọn", default=dict, blank=True)
    message = models.TextField("thông báo", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField("thời điểm xong", null=True, blank=True)
    imported_at = models.DateTimeField("thời điểm nhập", null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def read_progress(self) -> None:
        """While the worker has the job, its latest figures (imports.progress)."""
        if self.running:
            from thidua.imports import progress

            found = progress.read(self.pk)
            if found is not None:
                self.done, self.total = found

    def status(self) -> dict[str, Any]:
        """What the job page's script polls."""
        self.read_progress()
        return {
            "state": self.state,
            "label": self.get_state_display(),
            "running": self.running,
            "done": self.done,
            "total": self.total,
        }
