"""Model pieces shared by the apps."""

from django.conf import settings
from django.db import models


class Recorded(models.Model):
    """Who created a row and when; the audit trail keeps every later change."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


def in_order(
    first: str, last: str, *, name: str, message: str, strict: bool = False
) -> models.CheckConstraint:
    """Two optional fields in order: either may be empty, else ``last`` ≥ ``first`` (> when
    ``strict``)."""
    lookup = "gt" if strict else "gte"
    return models.CheckConstraint(
        condition=models.Q(**{f"{first}__isnull": True})
        | models.Q(**{f"{last}__isnull": True})
        | models.Q(**{f"{last}__{lookup}": models.F(first)}),
        name=name,
        violation_error_message=message,
    )
