"""Password rules with Vietnamese messages (Django's vi catalogue lacks some of them)."""

from typing import Any

from django.contrib.auth import password_validation as pv
from django.core.exceptions import ValidationError


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    """Refuses a password that is, contains or resembles the username, full name or
    e-mail (Django's rule, plus a plain "contains" test for short usernames)."""

    LABELS = {"username": "tên đăng nhập", "full_name": "họ và tên", "email": "thư điện tử"}

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        lowered = password.lower().replace(" ", "")
        for attribute in self.user_attributes:
            value = str(getattr(user, attribute, "") or "").lower()
            if not value:
                continue
            # The whole value (spaces aside), or a word of it of four letters or more
            # (Vietnamese syllables are short: "Văn" alone would refuse too much).
            whole = value.replace(" ", "")
            words = value.replace("@", " ").replace(".", " ").split()
            if (len(whole) >= 3 and whole in lowered) or any(
                len(w) >= 4 and w in lowered for w in words
            ):
                self._refuse(attribute)
        try:
            super().validate(password, user)
        except ValidationError as e:
            name = (e.params or {}).get("verbose_name", "")
            attribute = next(
                (a for a in self.user_attributes if str(_verbose(user, a)) == str(name)),
                "username",
            )
            self._refuse(attribute)

    def _refuse(self, attribute: str) -> None:
        raise ValidationError(
            f"Mật khẩu quá giống {self.LABELS.get(attribute, attribute)}: hãy chọn mật khẩu khác.",
            code="password_too_similar",
        )

    def get_help_text(self) -> str:
        return "Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử."


def _verbose(user: Any, attribute: str) -> str:
    try:
        return str(user._meta.get_field(attribute).verbose_name)
    except Exception:  # not a field of the model
        return attribute


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "Mật khẩu này quá phổ biến, dễ bị đoán ra: hãy chọn mật khẩu khác.",
                code="password_too_common",
            ) from None

    def get_help_text(self) -> str:
        return "Không dùng mật khẩu phổ biến."


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError(
                "Mật khẩu không được chỉ gồm chữ số.", code="password_entirely_numeric"
            )

    def get_help_text(self) -> str:
        return "Mật khẩu không chỉ gồm chữ số."
