from __future__ import annotations

from typing import Any

from django import forms

from thidua.api.models import ApiToken
from thidua.lib.forms import VietnameseFormMixin
from thidua.org.models import User


class TokenForm(VietnameseFormMixin, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "user", "scope"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        user.queryset = (
            User.objects.filter(is_active=True)
            .select_related("unit")
            .order_by(  # type: ignore[attr-defined]
                "role", "username"
            )
        )
        user.label_from_instance = _account_label  # type: ignore[attr-defined]
        user.help_text = (
            "Mã API có đúng quyền và phạm vi đơn vị của tài khoản này. Với một hệ thống bên "
            "ngoài, nên tạo riêng một tài khoản cho hệ thống (vai trò Cơ quan thường trực, "
            "hoặc Đơn vị nếu chỉ được ghi dữ liệu của một đơn vị) rồi tạo mã API cho tài "
            "khoản đó: nhật ký ghi rõ mọi thay đổi do hệ thống thực hiện."
        )
        self.fields["scope"].help_text = (
            "Chỉ đọc: xem dữ liệu. Đọc và ghi: thêm cả quyền ghi hàng loạt (kết quả Chỉ số "
            "CCHC, xếp loại…) trong phạm vi quyền của tài khoản."
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Hãy ghi tên người dùng hoặc hệ thống dùng mã này.")
        return name


def _account_label(account: User) -> str:
    where = f", {account.unit.name}" if account.unit_id else ""
    who = account.full_name or account.username
    return f"{who} ({account.username}) — {account.get_role_display()}{where}"
