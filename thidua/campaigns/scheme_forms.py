"""The schemes' forms, groups and quotas and the dossier's components, edited in a form
(the JSON editor stays for experts). A form is labelled at the issuer's real level:
"Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An" when the campaign's issuer is that commune;
a form the issuer may not decide on the plan's date says so (law.lookup)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.utils.text import slugify

from thidua.campaigns.forms import AmendmentReasonMixin
from thidua.campaigns.ownership import CHAIRMAN_FORMS, full_name
from thidua.lib.forms import VietnameseFormMixin
from thidua.lib.vietnamese import fold
from thidua.org.models import CompetitionGroup, Unit
from thidua.rules.catalogue import AWARD_FORMS


def form_label(key: str, issuer: Unit | None, on: dt.date) -> str:
    """The catalogue's name, at the issuer's level; "(đề nghị cấp trên)" when the issuer
    may not decide it on ``on``."""
    from thidua.law import lookup

    name = AWARD_FORMS[key][0] if key in AWARD_FORMS else "Hình thức khác"
    if issuer is None:
        return name
    if CHAIRMAN_FORMS.get(issuer.level) == key:
        word = "Bằng khen" if key.startswith("bang_khen") else "Giấy khen"
        return f"{word} của Chủ tịch {full_name(issuer.name)}"
    if not lookup.may_decide(issuer.level, key, on):
        return f"{name} (đề nghị cấp trên)"
    return name


# A component's name and note: a line of a list, never a paragraph.
MAX_COMPONENT_NAME = 200
MAX_COMPONENT_NOTE = 300
# Empty rows offered for new components under the existing ones.
NEW_COMPONENT_ROWS = 3


class SchemesForm(VietnameseFormMixin, AmendmentReasonMixin, forms.Form):
    def __init__(
        self, *args: Any, rules: dict[str, Any], issuer: Unit | None, **kwargs: Any
    ) -> None:
        self.rules = rules
        super().__init__(*args, **kwargs)
        on = dt.date.fromisoformat(rules.get("date") or rules["period"]["start"])
        keys = [k for k, v in AWARD_FORMS.items() if v[2] == "form"]
        if issuer is not None:
            # Only the forms the issuer decides on the plan's date (a commune after
            # 01/7/2025 no longer offers the district's Giấy khen); a scheme keeps its own.
            from thidua.law import lookup

            keys = [k for k in keys if lookup.may_decide(issuer.level, k, on)] or keys
        groups = [(g.pk, g.name) for g in CompetitionGroup.objects.all()]  # by their order
        for i, scheme in enumerate(rules.get("schemes", [])):
            choices = [(k, form_label(k, issuer, on)) for k in keys]
            if scheme["form"] not in keys:
                choices.append((scheme["form"], form_label(scheme["form"], issuer, on)))
            self.fields[f"form_{i}"] = forms.ChoiceField(
                label=f"Hình thức — {scheme['name']}",
                choices=choices,
                error_messages={
                    "invalid_choice": "Hãy chọn một hình thức khen thưởng trong danh sách."
                },
            )
            self.initial[f"form_{i}"] = scheme["form"]
            self.fields[f"groups_{i}"] = forms.MultipleChoiceField(
                label="Khối thi đua được xét",
                choices=groups,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": "Chọn ít nhất một khối thi đua.",
                    "invalid_choice": "Hãy chọn khối thi đua trong danh sách.",
                },
            )
            self.initial[f"groups_{i}"] = scheme.get("groups") or rules["participants"]["groups"]
            quota = scheme.get("quota") or {}
            if "per_group" not in quota:
                self.fields[f"quota_{i}"] = _quota_field("Chỉ tiêu (tổng số được khen)")
                self.fields[f"quota_{i}"].help_text = "Để trống nếu không giới hạn."
                self.initial[f"quota_{i}"] = quota.get("total")
            else:
                # One figure per group (the engine's per-group quota), labelled by the
                # group's name; a group not chosen for the scheme is left empty.
                for code, group_name in groups:
                    name = f"quota_{i}_{code}"
                    self.fields[name] = _quota_field(
                        f"Chỉ tiêu khối “{group_name}”", "khối này không được xét"
                    )
                    self.fields[name].help_text = "Để trống nếu khối này không được xét."
                    self.initial[name] = quota["per_group"].get(code)
        self.group_names = dict(groups)
        # One row per component, identified by its key (hidden): its files stay with it
        # whatever the office adds above it, reorders or rewords.
        self.old_components = list(rules.get("dossier", {}).get("components", []))
        self.component_rows = len(self.old_components) + NEW_COMPONENT_ROWS
        for j in range(self.component_rows):
            old = self.old_components[j] if j < len(self.old_components) else None
            self._component_fields(j, old)
        self.fields["reason"] = self.fields.pop("reason")

    def _component_fields(self, j: int, old: dict[str, Any] | None) -> None:
        n = j + 1
        which = f"thành phần {n}" if old else f"thành phần mới {n - len(self.old_components)}"
        self.fields[f"comp_key_{j}"] = forms.CharField(
            required=False, widget=forms.HiddenInput, max_length=60
        )
        self.fields[f"comp_name_{j}"] = forms.CharField(
            label=(
                f"Thành phần hồ sơ {n}" if old else f"Thành phần mới {n - len(self.old_components)}"
            ),
            required=False,
            max_length=MAX_COMPONENT_NAME,
            error_messages={"max_length": f"Tên thành phần dài tối đa {MAX_COMPONENT_NAME} ký tự."},
            help_text=(
                "Xóa tên để bỏ thành phần; tệp đã nộp của nó được giữ trong “Tài liệu khác”."
                if old
                else "Để trống nếu không thêm."
            ),
        )
        self.fields[f"comp_note_{j}"] = forms.CharField(
            label=f"Ghi chú — {which}",
            required=False,
            max_length=MAX_COMPONENT_NOTE,
            error_messages={"max_length": f"Ghi chú dài tối đa {MAX_COMPONENT_NOTE} ký tự."},
        )
        self.fields[f"comp_order_{j}"] = forms.IntegerField(
            label=f"Thứ tự — {which}",
            required=False,
            min_value=0,
            max_value=999,
            error_messages={
                "invalid": "Thứ tự là một số nguyên, ví dụ 1.",
                "min_value": "Thứ tự không được là số âm.",
                "max_value": "Thứ tự tối đa là 999.",
            },
            help_text="Số nhỏ đứng trước; ghi 0 để đưa lên đầu.",
        )
        if old:
            self.initial[f"comp_key_{j}"] = old["key"]
            self.initial[f"comp_name_{j}"] = old["name"]
            self.initial[f"comp_note_{j}"] = old.get("note", "")
            self.initial[f"comp_order_{j}"] = n

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i, scheme in enumerate(self.rules.get("schemes", [])):
            if "per_group" not in (scheme.get("quota") or {}):
                continue
            for code in data.get(f"groups_{i}") or []:
                name = f"quota_{i}_{code}"
                if name in self.fields and data.get(name) is None and name not in self.errors:
                    self.add_error(
                        name,
                        f"Nhập chỉ tiêu cho khối “{self.group_names.get(code, '')}” "
                        "(khối được xét của phương án).",
                    )
        known = {c["key"] for c in self.old_components}
        for j in range(self.component_rows):
            key = (data.get(f"comp_key_{j}") or "").strip()
            if key and key not in known:
                self.add_error(
                    f"comp_name_{j}", "Thành phần này không còn trong phương án: hãy tải lại trang."
                )
        if not self.errors and not self._component_rows():
            self.add_error(
                "comp_name_0" if "comp_name_0" in self.fields else None,
                "Hồ sơ đề nghị cần ít nhất một thành phần.",
            )
        return data

    def _component_rows(self) -> list[tuple[str, str, str]]:
        """(key or "", name, note) of the rows kept, in the order the office gave."""
        data = self.cleaned_data
        rows = []
        for j in range(self.component_rows):
            name = " ".join((data.get(f"comp_name_{j}") or "").split())
            if not name:
                continue
            note = " ".join((data.get(f"comp_note_{j}") or "").split())
            order = data.get(f"comp_order_{j}")
            rank = order if order is not None else 1000 + j
            rows.append((rank, j, (data.get(f"comp_key_{j}") or "").strip(), name, note))
        rows.sort()
        return [(key, name, note) for _, _, key, name, note in rows]

    def new_rules(self) -> dict[str, Any]:
        rules = copy.deepcopy(self.rules)
        data = self.cleaned_data
        participants = rules["participants"]["groups"]
        for i, scheme in enumerate(rules.get("schemes", [])):
            scheme["form"] = data[f"form_{i}"]
            chosen = list(data[f"groups_{i}"])
            current = scheme.get("groups") or list(participants)
            if set(chosen) == set(current):
                chosen = current  # the same groups: the stored order stays
            else:
                scheme["groups"] = chosen
            participants += [g for g in chosen if g not in participants]
            if f"quota_{i}" in data:
                total = data[f"quota_{i}"]
                if total is None:
                    scheme.pop("quota", None)
                else:
                    scheme["quota"] = {"total": total}
            elif "per_group" in (scheme.get("quota") or {}):
                old = scheme["quota"]["per_group"]
                new = {g: data[f"quota_{i}_{g}"] for g in chosen}
                if new != {g: old.get(g) for g in chosen} or set(old) != set(chosen):
                    scheme["quota"] = {"per_group": new}
        rules.setdefault("dossier", {"components": [], "copies": []})
        rules["dossier"]["components"] = _components(
            self._component_rows(), rules["dossier"].get("components", [])
        )
        return rules


def _quota_field(label: str, empty: str = "không giới hạn") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=100000,
        error_messages={
            "invalid": "Chỉ tiêu phải là một số nguyên, ví dụ 6.",
            "min_value": f"Chỉ tiêu ít nhất là 1; để trống nếu {empty}.",
            "max_value": "Chỉ tiêu quá lớn (tối đa 100.000).",
        },
    )


def _components(
    rows: list[tuple[str, str, str]], old: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows as components: an existing row keeps its key (so the files filed under it
    stay there); a new row gets a new key derived from its name, never one in use or one a
    removed component had (its files must not land under a newcomer)."""
    taken = {c["key"] for c in old} | {"khac"}
    out = []
    for key, name, note in rows:
        if not key:
            base = slugify(fold(name))[:50].strip("-") or "thanh-phan"
            key, n = base, 2
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            taken.add(key)
        out.append({"key": key, "name": name, **({"note": note} if note else {})})
    return out
