from __future__ import annotations

import re
from typing import Any

from django import forms

from thidua.campaigns.models import Campaign

MAX_DAYS = 60


def days_text(campaign: Campaign, *, sentence: bool = False) -> str:
    """[3, 1] → "3, 1" (the form) or "nhắc trước 3 ngày và 1 ngày" (the page)."""
    days = campaign.reminder_offsets
    if not sentence:
        return ", ".join(str(n) for n in days)
    if not days:
        return "không nhắc hạn"
    parts = ["đúng ngày hết hạn" if n == 0 else f"{n} ngày" for n in days]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]
    return f"nhắc trước {joined}" if days != [0] else "nhắc vào ngày hết hạn"


class ReminderDaysForm(forms.Form):
    days = forms.CharField(
        label="Nhắc trước mỗi thời hạn (số ngày)",
        required=False,
        max_length=60,
        help_text=(
            "Các số ngày cách nhau bằng dấu phẩy, ví dụ “7, 3, 1”; 0 là nhắc đúng ngày hết hạn; "
            "để trống nếu không nhắc."
        ),
    )

    def clean_days(self) -> list[int]:
        raw: Any = self.cleaned_data.get("days") or ""
        parts = [p for p in re.split(r"[,;\s]+", raw.strip()) if p]
        days: set[int] = set()
        for part in parts:
            if not (part.isascii() and part.isdigit()):
                raise forms.ValidationError(
                    f"“{part}” không phải số ngày; hãy ghi các số nguyên cách nhau bằng dấu phẩy."
                )
            n = int(part)
            if n > MAX_DAYS:
                raise forms.ValidationError(f"Nhắc trước tối đa {MAX_DAYS} ngày.")
            days.add(n)
        if len(days) > 5:
            raise forms.ValidationError("Tối đa 5 lần nhắc cho mỗi thời hạn.")
        return sorted(days, reverse=True)
