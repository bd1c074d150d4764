"""The period and the deadlines of a campaign in a form (the JSON editor stays for experts):
the period's first and last day, a fixed deadline as a date, an annual one as day/month of
the evaluation year, one tied to an event as a number of days before it."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re
from typing import Any

from django import forms

from thidua.campaigns.forms import AmendmentReasonMixin
from thidua.lib.forms import VietnameseFormMixin, date_field, vietnamese_messages

DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*$")
DAY_MONTH_MESSAGE = "Nhập ngày, tháng theo dạng dd/mm, ví dụ 30/11."


def _day_month_problem(day: int, month: int) -> str:
    """Why day/month is no deadline of every year ("" when it is one)."""
    if not 1 <= month <= 12:
        return "Tháng phải từ 1 đến 12, ví dụ 30/11."
    if (day, month) == (29, 2):
        return "Ngày 29/02 không có trong mọi năm: hạn hằng năm hãy chọn 28/02 hoặc 01/03."
    last = calendar.monthrange(2001, month)[1]  # a common year
    if not 1 <= day <= last:
        return f"Tháng {month} chỉ có {last} ngày: hãy nhập ngày từ 01 đến {last}."
    return ""


class PeriodForm(VietnameseFormMixin, AmendmentReasonMixin, forms.Form):
    start = date_field(forms.DateField(label="Bắt đầu thực hiện"))
    end = date_field(forms.DateField(label="Kết thúc thực hiện"))

    def __init__(self, *args: Any, rules: dict[str, Any], **kwargs: Any) -> None:
        self.rules = rules
        initial = {
            "start": dt.date.fromisoformat(rules["period"]["start"]),
            "end": dt.date.fromisoformat(rules["period"]["end"]),
        }
        super().__init__(*args, initial=initial, **kwargs)
        for i, deadline in enumerate(rules.get("deadlines", [])):
            name = f"deadline_{i}"
            if deadline.get("date"):
                self.fields[name] = date_field(
                    forms.DateField(label=deadline["label"], help_text="Một ngày cố định.")
                )
                self.initial[name] = dt.date.fromisoformat(deadline["date"])
            elif deadline.get("month") and deadline.get("day"):
                later = int(deadline.get("year_offset") or 0)
                self.fields[name] = forms.CharField(
                    label=deadline["label"],
                    max_length=10,
                    help_text="Ngày, tháng hằng năm (dd/mm) của "
                    + ("năm sau năm xét." if later else "năm xét."),
                )
                self.initial[name] = f"{deadline['day']:02d}/{deadline['month']:02d}"
            elif deadline.get("days_before") is not None:
                self.fields[name] = forms.IntegerField(
                    label=deadline["label"],
                    min_value=0,
                    max_value=366,
                    help_text=f"Số ngày trước: {deadline.get('event', '')}.",
                    error_messages={
                        "invalid": "Số ngày phải là một số nguyên, ví dụ 10.",
                        "min_value": "Số ngày không được là số âm.",
                        "max_value": "Số ngày tối đa là 366.",
                    },
                )
                self.initial[name] = deadline["days_before"]
        for field in self.fields.values():
            vietnamese_messages(field)  # the fields added here too (never Django's stock)
        # The reason field last.
        self.fields["reason"] = self.fields.pop("reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Ngày kết thúc trước ngày bắt đầu thực hiện.")
        for i, deadline in enumerate(self.rules.get("deadlines", [])):
            name = f"deadline_{i}"
            if deadline.get("month") and name in data:
                match = DAY_MONTH.match(data[name] or "")
                problem = ""
                if not match:
                    problem = DAY_MONTH_MESSAGE
                else:
                    day, month = int(match.group(1)), int(match.group(2))
                    problem = _day_month_problem(day, month)
                if problem:
                    self.add_error(name, problem)
                else:
                    data[name] = (day, month)
        return data

    def new_rules(self) -> dict[str, Any]:
        """The campaign's rules with the period and deadlines of the form."""
        rules = copy.deepcopy(self.rules)
        data = self.cleaned_data
        rules["period"] = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        for i, deadline in enumerate(rules.get("deadlines", [])):
            value = data.get(f"deadline_{i}")
            if value is None:
                continue
            if deadline.get("date"):
                deadline["date"] = value.isoformat()
            elif deadline.get("month"):
                deadline["day"], deadline["month"] = value
            else:
                deadline["days_before"] = value
        return rules
