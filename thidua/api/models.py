"""API tokens: a secret an external system sends as `Authorization: Bearer …`. The token
acts as its account (role and unit scope); only its SHA-256 hash and a short prefix are
kept, so the token itself is shown once, when it is made."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "thd_"
PREFIX_SHOWN = 12  # "thd_" and the first eight characters of the secret


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Chỉ đọc"
        WRITE = "write", "Đọc và ghi"

    name = models.CharField(
        "tên",
        max_length=200,
        help_text="Người dùng hoặc hệ thống bên ngoài dùng mã này, ví dụ: "
        "“Hệ thống chấm điểm CCHC của tỉnh”.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="Mã API có đúng quyền và phạm vi đơn vị của tài khoản này.",
    )
    scope = models.CharField("quyền", max_length=5, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("mã (phần đầu)", max_length=PREFIX_SHOWN, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "mã API"
        verbose_name_plural = "mã API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.user.is_active

    @property
    def writes(self) -> bool:
        return self.scope == self.Scope.WRITE

    @classmethod
    def issue(
        cls, *, user: models.Model, name: str, scope: str, created_by: object = None
    ) -> tuple[ApiToken, str]:
        """A new token for `user`: the row and the secret (shown once, never stored)."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            user=user,
            scope=scope,
            token_hash=token_hash(secret),
            prefix=secret[:PREFIX_SHOWN],
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
        return token, secret

    @classmethod
    def find(cls, secret: str) -> ApiToken | None:
        """The active token whose secret this is, or None (unknown, revoked, locked account)."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        token = (
            cls.objects.select_related("user", "user__unit")
            .filter(token_hash=token_hash(secret))
            .first()
        )
        if token is None or not token.active:
            return None
        return token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
