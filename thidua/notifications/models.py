"""Notifications (in the app), the e-mails queued for them, reminders sent once, and what
each account chose to receive by e-mail.

    an event (awards) or the reminder scan → services.notify() → Notification rows (the bell)
                                                                → Mail rows (queued) → the
    worker's tasks.send_mail: queued → sent | failed (error, attempts; retried, bounded)

`Reminder` is the once-only claim: a row per (deadline uid, days before, recipient) under a
unique constraint, written before anything is sent.
"""

from __future__ import annotations

from django.db import models

from thidua.org.models import User


class Kind(models.TextChoices):
    RETURNED = "ho_so_tra_lai", "Hồ sơ được yêu cầu bổ sung"
    RECEIVED = "ho_so_tiep_nhan", "Hồ sơ được tiếp nhận, thẩm định"
    ELIGIBLE = "ho_so_du_dieu_kien", "Hồ sơ đủ điều kiện"
    NOT_ELIGIBLE = "ho_so_khong_du", "Hồ sơ không đủ điều kiện"
    TO_COUNCIL = "ho_so_trinh_hd", "Hồ sơ trình Hội đồng"
    REVIEWED = "ho_so_da_xet", "Hồ sơ đã được Hội đồng xét"
    SUBMITTED = "ho_so_da_nop", "Đơn vị nộp hồ sơ (cho cơ quan thường trực)"
    SESSION = "phien_hop", "Lịch phiên họp Hội đồng (xếp lịch, đổi, hoãn, hủy)"
    DECISION = "quyet_dinh", "Quyết định khen thưởng được ký"
    REMINDER = "nhac_han", "Nhắc thời hạn của phong trào"
    DIGEST = "nhac_han_tong_hop", "Tổng hợp đơn vị chưa thực hiện trước thời hạn"


class Notification(models.Model):
    """One message in one account's list: the bell counts those not yet read."""

    user = models.ForeignKey(
        User, verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Mail(models.Model):
    """One e-mail to one recipient, sent by the worker; the log the office reads."""

    class State(models.TextChoices):
        QUEUED = "cho_gui", "Chờ gửi"
        SENDING = "dang_gui", "Đang gửi"
        SENT = "da_gui", "Đã gửi"
        FAILED = "loi", "Gửi lỗi"

    user = models.ForeignKey(
        User, verbose_name="người nhận", on_delete=models.CASCADE, related_name="mails"
    )
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    address = models.EmailField("địa chỉ")
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "thư điện tử"
        verbose_name_plural = "nhật ký thư điện tử"

    def __str__(self) -> str:
        return f"{self.subject} → {self.address}"


class Reminder(models.Model):
    """The claim that a reminder of one deadline, so many days before, went to one account:
    written (unique) before the notification, so a second scan or a restarted worker finds
    it and sends nothing."""

    deadline_uid = models.CharField("thời hạn", max_length=120)
    days_before = models.PositiveSmallIntegerField("trước hạn (ngày)")
    user = models.ForeignKey(
        User, verbose_name="người nhận", on_delete=models.CASCADE, related_name="reminders"
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lần nhắc hạn"
        verbose_name_plural = "các lần nhắc hạn"
        constraints = [
            models.UniqueConstraint(
                fields=["deadline_uid", "days_before", "user"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_uid} −{self.days_before} → {self.user_id}"


class MailOptOut(models.Model):
    """An account that does not want e-mails of one kind (no row: it does, the default)."""

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)

    class Meta:
        verbose_name = "loại thư không nhận"
        verbose_name_plural = "loại thư không nhận"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
