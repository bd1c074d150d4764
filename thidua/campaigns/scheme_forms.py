"""The schemes' forms, groups and quotas and the dossier's components, edited in a form
(the JSON editor stays for experts). A form is labelled at the issuer's real level:
"Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An" when the campaign's issuer is that commune;
a form the issuer may not decide on the plan's date says so (law.lookup)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms

from thidua.campaigns.forms import AmendmentReasonMixin
from thidua.campaigns.ownership import CHAIRMAN_FORMS, full_name
from thidua.lib.forms import VietnameseFormMixin
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


class SchemesForm(VietnameseFormMixin, AmendmentReasonMixin, forms.Form):
    components = forms.CharField(
        label="Thành phần hồ sơ đề nghị",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mỗi dòng một thành phần; ghi chú (nếu có) sau dấu “ — ”.",
    )

    def __init__(
        self, *args: Any, rules: dict[str, Any], issuer: Unit | None, **kwargs: Any
    ) -> None:
        self.rules = rules
        super().__init__(*args, **kwargs)
        on = dt.date.fromisoformat(rules.get("date") or rules["period"]["start"])
        keys = [k for k, v in AWARD_FORMS.items() if v[2] == "form"]
        groups = [(g.pk, g.name) for g in CompetitionGroup.objects.order_by("pk")]
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
                    self.fields[name] = _quota_field(f"Chỉ tiêu khối “{group_name}”")
                    self.fields[name].help_text = "Để trống nếu khối này không được xét."
                    self.initial[name] = quota["per_group"].get(code)
        self.group_names = dict(groups)
        self.initial["components"] = "\n".join(
            c["name"] + (f" — {c['note']}" if c.get("note") else "")
            for c in rules.get("dossier", {}).get("components", [])
        )
        self.fields["components"] = self.fields.pop("components")
        self.fields["reason"] = self.fields.pop("reason")

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
        return data

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
            data.get("components", ""), rules["dossier"].get("components", [])
        )
        return rules


def _quota_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={
            "invalid": "Chỉ tiêu phải là một số nguyên, ví dụ 6.",
            "min_value": "Chỉ tiêu không được là số âm.",
            "max_value": "Chỉ tiêu quá lớn (tối đa 100.000).",
        },
    )


def _components(text: str, old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines "Tên — ghi chú"; a component keeps its key while its name is unchanged."""
    keys = {c["name"]: c["key"] for c in old}
    used = set()
    out = []
    for line in text.splitlines():
        name, _, note = line.strip().partition(" — ")
        name, note = name.strip(), note.strip()
        if not name:
            continue
        key = keys.get(name)
        n = len(out) + 1
        while key is None or key in used:
            key, n = f"thanh-phan-{n}", n + 1
        used.add(key)
        out.append({"key": key, "name": name, **({"note": note} if note else {})})
    return out
