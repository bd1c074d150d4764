from __future__ import annotations

from typing import Any

from django import forms

from thidua.awards.records import Nomination
from thidua.awards.salary import BaseSalary
from thidua.law.forms import LawRowForm
from thidua.lib.forms import VietnameseFormMixin
from thidua.scoring.models import AwardForm


class NominationForm(VietnameseFormMixin, forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["unit", "person", "form", "scheme_key", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, units: Any, people: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people
        self.fields["form"].queryset = AwardForm.objects.all()
        self.fields["scheme_key"] = forms.ChoiceField(
            label="Phương án khen thưởng",
            choices=[("", "— không đối chiếu —"), *[(s.key, s.name) for s in schemes]],
            required=False,
        )


class AttachmentForm(forms.Form):
    component = forms.ChoiceField(label="Thành phần hồ sơ")
    file = forms.FileField(
        label="Tệp",
        help_text="PDF, DOCX, XLSX, JPEG hoặc PNG; hệ thống kiểm tra theo nội dung tệp.",
    )

    def __init__(self, *args: Any, components: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [(c.key, c.name) for c in components] + [
            ("khac", "Tài liệu khác")
        ]


class BaseSalaryForm(LawRowForm):
    """A row of the base salary table, added on the law page (thidua.law.sections)."""

    class Meta:
        model = BaseSalary
        fields = ["amount", "effective_from", "legal_basis", "confidence"]
