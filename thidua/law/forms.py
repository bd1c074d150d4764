"""The administrator's forms for adding a dated row to a law table (Vietnamese labels)."""

from __future__ import annotations

from typing import Any

from django import forms

from thidua.law.models import (
    BallotRule,
    Coefficient,
    Competence,
    Holiday,
    ProcessingTime,
    Quorum,
    RecipientFit,
    Schedule,
)
from thidua.lib.forms import VietnameseFormMixin, date_field

DATED = ["valid_from", "valid_to", "legal_basis", "confidence"]


class LawRowForm(VietnameseFormMixin, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to", "effective_from", "issued_on"):
            if name in self.fields:
                date_field(self.fields[name])
        if "form" in self.fields:
            field = self.fields["form"]
            field.label_from_instance = lambda f: f.name  # type: ignore[attr-defined]


class ScheduleForm(LawRowForm):
    class Meta:
        model = Schedule
        fields = [
            "name",
            "citation",
            "issued_on",
            "issued_confidence",
            "has_coefficients",
            *DATED,
        ]


class CompetenceForm(LawRowForm):
    replace = forms.BooleanField(
        label="Thay thế thẩm quyền đang áp dụng",
        required=False,
        help_text="Đánh dấu: các thẩm quyền đang áp dụng của danh hiệu, hình thức này kết thúc "
        "vào ngày trước ngày bắt đầu của dòng mới.",
    )

    class Meta:
        model = Competence
        fields = ["form", "authority", *DATED]


class CoefficientForm(LawRowForm):
    class Meta:
        model = Coefficient
        fields = ["schedule", "form", "individual", "collective", "legal_basis", "confidence"]


class BallotRuleForm(LawRowForm):
    class Meta:
        model = BallotRule
        fields = [
            "form",
            "requires_ballot",
            "numerator",
            "denominator",
            "strict",
            *DATED,
        ]


class QuorumForm(LawRowForm):
    class Meta:
        model = Quorum
        fields = ["numerator", "denominator", *DATED]


class RecipientFitForm(LawRowForm):
    class Meta:
        model = RecipientFit
        fields = ["form", "unit_level", "legal_basis", "confidence"]


class HolidayForm(LawRowForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date_field(self.fields["day"])

    class Meta:
        model = Holiday
        fields = ["day", "kind", "name", "every_year", "legal_basis", "confidence"]


class ProcessingTimeForm(LawRowForm):
    class Meta:
        model = ProcessingTime
        fields = ["step", "days", "working", *DATED]


# URL slug -> (form, heading); later apps add theirs through thidua.law.sections
TABLES: dict[str, tuple[type[LawRowForm], str]] = {
    "van-ban": (ScheduleForm, "Văn bản quy định tiền thưởng"),
    "tham-quyen": (CompetenceForm, "Thẩm quyền khen thưởng"),
    "he-so": (CoefficientForm, "Hệ số tiền thưởng"),
    "bo-phieu": (BallotRuleForm, "Quy định bỏ phiếu của Hội đồng"),
    "tuc-so": (QuorumForm, "Số thành viên tối thiểu dự họp"),
    "doi-tuong": (RecipientFitForm, "Đối tượng phù hợp của danh hiệu tập thể"),
    "ngay-nghi": (HolidayForm, "Ngày nghỉ lễ, Tết và ngày làm bù"),
    "thoi-han": (ProcessingTimeForm, "Thời hạn xử lý hồ sơ"),
}
