from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password

from thidua.lib.forms import VietnameseFormMixin, date_field
from thidua.org.models import Person, Unit, User


class UnitForm(VietnameseFormMixin, forms.ModelForm):
    """The office's form: every attribute of a unit, its place in the tree and its mergers."""

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "level",
            "group",
            "parent",
            "par_assessed",
            "valid_from",
            "valid_to",
            "merged_from",
            "email",
        ]
        help_texts = {
            "merged_from": "Các đơn vị cũ đã hợp nhất vào đơn vị này (lịch sử điểm và khen thưởng "
            "của chúng vẫn xem được từ đơn vị mới).",
            "par_assessed": "Bỏ chọn nếu đơn vị không thuộc diện chấm Chỉ số CCHC.",
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = units.exclude(pk=self.instance.pk) if self.instance.pk else units
        self.fields["parent"].queryset = others
        self.fields["merged_from"].queryset = others
        self.fields["merged_from"].required = False
        date_field(self.fields["valid_from"])
        date_field(self.fields["valid_to"])


class UnitContactForm(VietnameseFormMixin, forms.ModelForm):
    """What a unit account may change of its own units."""

    class Meta:
        model = Unit
        fields = ["name", "email"]


class PersonForm(VietnameseFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "gender",
            "birth_year",
            "position",
            "unit",
            "key_leader",
            "cchc_role",
            "unit_chair",
            "email",
        ]
        help_texts = {
            "cchc_role": "Trực tiếp theo dõi, lãnh đạo, điều hành, tham mưu về công tác CCHC.",
            "key_leader": "Lãnh đạo chủ chốt của đơn vị.",
            "unit_chair": "Chủ tịch hoặc Phó Chủ tịch UBND cấp xã.",
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the units the user may see can be chosen: a tampered id fails validation.
        self.fields["unit"].queryset = units


class AccountForm(VietnameseFormMixin, forms.ModelForm):
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput,
        required=False,
        help_text="Để trống nếu không đổi mật khẩu.",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "unit", "is_active"]
        error_messages = {"username": {"unique": "Tên đăng nhập này đã có người dùng."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if password:
            # The rules compare the password with the username and full name being saved.
            candidate = User(
                username=self.data.get("username", self.instance.username),
                full_name=self.data.get("full_name", self.instance.full_name),
                email=self.data.get("email", self.instance.email),
            )
            validate_password(password, candidate)
        return password

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        if self.cleaned_data.get("password"):
            # A password the administrator chose is temporary: its owner changes it first.
            user.set_password(self.cleaned_data["password"])
            user.must_change_password = True
        if commit:
            user.save()
        return user


class OwnPasswordForm(VietnameseFormMixin, PasswordChangeForm):
    """A user changes their own password: the current one, then the new one twice."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password2"].help_text = ""

    def clean_new_password1(self) -> str:
        new: str = self.cleaned_data.get("new_password1") or ""
        if new and new == self.data.get("old_password"):
            raise forms.ValidationError("Mật khẩu mới phải khác mật khẩu hiện tại.")
        return new
