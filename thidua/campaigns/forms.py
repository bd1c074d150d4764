from __future__ import annotations

from typing import Any

from django import forms

from thidua.campaigns.services import param_text
from thidua.lib.forms import VietnameseFormMixin
from thidua.rules.template import load_template, template_keys


class CampaignFromTemplateForm(VietnameseFormMixin, forms.Form):
    template = forms.ChoiceField(label="Mẫu kế hoạch")
    name = forms.CharField(
        label="Tên phong trào",
        max_length=500,
        required=False,
        help_text="Để trống để dùng tên của kế hoạch mẫu.",
    )
    issuing_unit = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=None,
        required=False,
        help_text="Phạm vi xét: cơ quan ban hành và các đơn vị trực thuộc. "
        "Để trống để xét mọi đơn vị.",
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(k, load_template(k).title) for k in template_keys()]
        self.fields["issuing_unit"].queryset = units


PARAM_LABELS = {
    "threshold": "Ngưỡng Chỉ số CCHC (%)",
    "max_rank": "Thứ hạng tối đa trong khối",
    "band": "Xếp loại tối thiểu",
    "year": "Năm (Y = năm xét, Y-1 = năm trước)",
    "years": "Các năm (Y, Y-1, phase = cả giai đoạn)",
    "compare_to": "So với năm",
    "min_years": "Số năm tối thiểu",
    "when_not_assessed": "Đơn vị không chấm CCHC thì (true = đạt; để trống = chưa rõ)",
    "at_least": "Xếp loại tối thiểu (HTXSNV, HTTNV, HTNV)",
    "flag": "Thuộc tính cá nhân",
    "scope": "Phạm vi",
    "min_level": "Hình thức kỷ luật từ",
    "kinds": "Loại vụ việc",
    "forms": "Danh hiệu/hình thức (mã, cách nhau bởi dấu phẩy)",
    "field": "Lĩnh vực (cchc, chung, any)",
    "min_count": "Số lượng tối thiểu",
    "min_form": "Danh hiệu tối thiểu",
    "by": "Tính theo (unit = của đơn vị, author = tác giả)",
    "min_scope": "Phạm vi sáng kiến tối thiểu (co_so, huyen, tinh, toan_quoc)",
    "key": "Mã xác nhận",
}
TEXT_PARAMS = {"label", "award_label"}  # the wording of explanations, not rules


class SchemeRulesForm(VietnameseFormMixin, forms.Form):
    """A scheme's expression, quota and criterion parameters as texts an officer edits."""

    expression = forms.CharField(
        label="Điều kiện (biểu thức)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dùng tên tiêu chí với VÀ, HOẶC, KHÔNG và dấu ngoặc.",
    )

    def __init__(self, *args: Any, scheme: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expression"].initial = scheme.get("expression", "")
        quota = scheme.get("quota") or {}
        if isinstance(quota.get("per_group"), dict):
            for group, value in quota["per_group"].items():
                self.fields[f"quota_{group}"] = forms.CharField(
                    label=f"Chỉ tiêu khối {group}", initial=str(value)
                )
        else:
            self.fields["quota_total"] = forms.CharField(
                label="Chỉ tiêu (tổng số)",
                initial=str(quota.get("total", "")),
                required=False,
                help_text="Để trống nếu không giới hạn.",
            )
        self.criteria: list[tuple[dict[str, Any], list[str]]] = []
        for i, criterion in enumerate(scheme.get("criteria", [])):
            names = []
            for name, value in (criterion.get("params") or {}).items():
                if name in TEXT_PARAMS:
                    continue
                field = f"c{i}_{name}"
                self.fields[field] = forms.CharField(
                    label=PARAM_LABELS.get(name, name), initial=param_text(value), required=False
                )
                names.append(field)
            self.criteria.append((criterion, names))

    def general_fields(self) -> list[forms.BoundField]:
        in_groups = {name for _, names in self.criteria for name in names}
        return [self[name] for name in self.fields if name not in in_groups]

    def criterion_groups(self) -> list[tuple[dict[str, Any], list[forms.BoundField]]]:
        return [(criterion, [self[n] for n in names]) for criterion, names in self.criteria]

    def edits(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.cleaned_data.items()}
