from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from thidua.lib.forms import VietnameseFormMixin, date_field
from thidua.scoring import models as m


class ScopedForm(VietnameseFormMixin, forms.ModelForm):
    """A fact form whose unit and person choices are limited to what the user may see, so a
    tampered id is refused like any invalid choice."""

    # Facts are about the past: nothing before the earliest year the product keeps.
    FIRST_DAY = dt.date(1990, 1, 1)

    def __init__(
        self, *args: Any, units: Any, people: Any, unit_account: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit_account = unit_account
        self.today = timezone.localdate()
        for name, field in self.fields.items():
            if name in ("unit",):
                field.queryset = units
            elif name in ("person", "authors"):
                field.queryset = people
            if isinstance(field, forms.DateField):
                date_field(field)
            if name == "year":
                field.widget.attrs.update(min=self.FIRST_DAY.year, max=self.today.year)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        if isinstance(year, int) and year > self.today.year:
            self.add_error("year", f"Năm không được sau năm hiện tại ({self.today.year}).")
        for name, field in self.fields.items():
            day = data.get(name)
            if not isinstance(field, forms.DateField) or not isinstance(day, dt.date):
                continue
            if day > self.today:
                self.add_error(name, f"Ngày không được sau hôm nay ({self.today:%d/%m/%Y}).")
            elif day < self.FIRST_DAY:
                self.add_error(name, f"Ngày phải từ {self.FIRST_DAY:%d/%m/%Y} trở đi.")
        # A Decimal typed as 91,25 is stored as 91.250: compare like with like, so an
        # unchanged value is not recorded as a change.
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, forms.DecimalField) and value is not None:
                data[name] = value.quantize(Decimal(1).scaleb(-(field.decimal_places or 0)))
        return data


class SubjectForm(ScopedForm):
    """Facts about a unit or a person: exactly one of the two (checked by the model)."""


class ParScoreForm(ScopedForm):
    class Meta:
        model = m.ParScore
        fields = ["unit", "year", "self_score", "score", "max_score", "note"]
        help_texts = {
            "score": "Điểm sau thẩm định — là điểm dùng để xét thi đua.",
            "max_score": "Thường là 100; một số bộ chỉ số dùng thang điểm khác.",
        }

    def __init__(self, *args: Any, appraise: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not appraise:
            # A unit enters its self-assessment; the appraised score is the office's.
            self.fields["score"].disabled = True
            self.fields["max_score"].disabled = True


class RatingForm(SubjectForm):
    class Meta:
        model = m.Rating
        fields = ["unit", "person", "year", "rating"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.unit_account and data.get("unit"):
            self.add_error(
                "unit",
                "Đơn vị chỉ đề nghị xếp loại cá nhân của mình; xếp loại tập thể do cơ quan "
                "thường trực ghi nhận.",
            )
        return data


class DisciplineForm(ScopedForm):
    class Meta:
        model = m.Discipline
        fields = ["person", "date", "level", "reference", "note"]


class ReviewForm(SubjectForm):
    class Meta:
        model = m.Review
        fields = ["unit", "person", "kind", "since", "until", "note"]


class AwardForm(SubjectForm):
    class Meta:
        model = m.Award
        fields = [
            "unit",
            "person",
            "form",
            "year",
            "field",
            "decision_number",
            "decision_date",
            "issuer",
        ]


class InitiativeForm(ScopedForm):
    class Meta:
        model = m.Initiative
        fields = ["code", "title", "unit", "authors", "year", "scope"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.unit_account:
            # A unit proposes an initiative of its own: it names itself as the owner.
            self.fields["unit"].required = True
            self.fields["unit"].error_messages["required"] = (
                "Chọn đơn vị chủ trì sáng kiến (đơn vị của mình)."
            )


class AttestationForm(SubjectForm):
    key = forms.ChoiceField(label="Nội dung xác nhận", choices=list(m.ATTESTATION_KEYS.items()))

    class Meta:
        model = m.Attestation
        fields = ["unit", "person", "year", "key", "note"]
