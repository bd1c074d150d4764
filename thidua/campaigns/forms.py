from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from thidua.campaigns import plan_numbers
from thidua.campaigns.choices import UnitChoiceField, signer_choices, unit_labels
from thidua.campaigns.services import param_text
from thidua.lib.forms import VietnameseFormMixin, date_field
from thidua.rules.template import load_template, template_keys


class AmendmentReasonMixin(forms.Form):
    """Once a plan is issued, every change carries its reason (recorded as an amendment)."""

    reason = forms.CharField(
        label="Lý do sửa đổi",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi kế hoạch đã ban hành: được lưu cùng thay đổi.",
    )


def plan_number(text: str) -> str:
    """A plan's number as typed: digits only (1 to 4), the symbol is separate; "" for none."""
    text = text.strip()
    if not text:
        return ""
    if not text.isdigit() or not text.isascii() or len(text) > plan_numbers.MAX_DIGITS:
        raise forms.ValidationError(
            "Số kế hoạch chỉ gồm chữ số (1 đến 4 chữ số), ví dụ 12; ký hiệu “KH-UBND” ghi riêng."
        )
    if int(text) == 0:
        raise forms.ValidationError("Số kế hoạch bắt đầu từ 1.")
    return text


PLACE_RE = re.compile(r"[^\W\d_][^\W_]*(?:(?:\. |[ .\-'’])[^\W_]+)*\.?")


def place_name(text: str) -> str:
    """A place name (Mỹ An, Tam Quan, Buôn Ma Thuột): letters, digits after the first
    letter, single spaces, hyphens or dots; no markup."""
    text = " ".join(text.split())
    if text and not PLACE_RE.fullmatch(text):
        raise forms.ValidationError("Địa danh chỉ gồm chữ (ví dụ: Mỹ An), không có ký hiệu.")
    return text


class CampaignFromTemplateForm(VietnameseFormMixin, forms.Form):
    template = forms.ChoiceField(
        label="Tạo từ",
        help_text="Một kế hoạch mẫu, hoặc bản sao một phong trào đã có của cơ quan.",
    )
    name = forms.CharField(
        label="Tên phong trào",
        max_length=500,
        required=False,
        help_text="Để trống để dùng tên của kế hoạch mẫu.",
    )
    issuing_unit = UnitChoiceField(
        label="Cơ quan ban hành",
        queryset=None,
        required=False,
        help_text="Ủy ban nhân dân còn hoạt động. Phạm vi xét: cơ quan ban hành và các đơn vị "
        "trực thuộc. Để trống để xét mọi đơn vị.",
    )

    parent = forms.ModelChoiceField(
        label="Thực hiện kế hoạch cấp trên",
        queryset=None,
        required=False,
        help_text="Kế hoạch của cấp trên mà phong trào này triển khai (nếu có trong hệ thống).",
    )

    start_year = forms.IntegerField(
        label="Năm bắt đầu thực hiện",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Thời gian thực hiện và mọi thời hạn của mẫu được dời theo số năm này, "
        "giữ nguyên ngày, tháng. Để trống để giữ như mẫu.",
        error_messages={"invalid": "Năm bắt đầu phải là một năm, ví dụ 2026."},
    )
    number = forms.CharField(
        label="Số kế hoạch",
        max_length=20,
        required=False,
        help_text="Chỉ ghi số, ví dụ 12; ký hiệu “/KH-UBND” được thêm tự động.",
    )
    date = date_field(forms.DateField(label="Ngày ban hành", required=False))
    place = forms.CharField(
        label="Địa danh", max_length=100, required=False, help_text="Ví dụ: Mỹ An."
    )
    signer_title = forms.ChoiceField(
        label="Chức vụ người ký",
        required=False,
        choices=[("chu-tich", "Chủ tịch"), ("pho-chu-tich", "Phó Chủ tịch (ký thay Chủ tịch)")],
    )
    signer = forms.ModelChoiceField(
        label="Người ký",
        queryset=None,
        required=False,
        help_text="Người của cơ quan ban hành đứng đầu danh sách sau khi chọn cơ quan và xem "
        "trước; lãnh đạo trước.",
    )
    receiving_unit = forms.CharField(
        label="Đơn vị tiếp nhận hồ sơ",
        max_length=200,
        required=False,
        help_text="Bộ phận của cơ quan ban hành nhận, thẩm định hồ sơ, ví dụ: Văn phòng HĐND "
        "và UBND xã, Phòng Văn hóa – Xã hội. Thay “Phòng Nội vụ” khi xã nhận kế hoạch mẫu "
        "của huyện.",
    )
    # The fingerprint of the choices the office saw previewed (views._fingerprint).
    confirmed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    OWN_FIELDS = ("start_year", "number", "date", "place", "signer")

    def __init__(
        self, *args: Any, units: Any, campaigns: Any, people: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        from thidua.org.models import Person

        self.fields["signer"].queryset = people if people is not None else Person.objects.all()
        templates = [(k, f"Mẫu: {load_template(k).title}") for k in template_keys()]
        copies = [(f"sao-{c.pk}", f"Sao từ: {c.name}") for c in campaigns]
        self.fields["template"].choices = [
            ("Kế hoạch mẫu", templates),
            ("Từ đầu", [("moi", "Kế hoạch mới (trống)")]),
        ] + ([("Sao từ phong trào đã có", copies)] if copies else [])
        self.fields["issuing_unit"].queryset = units
        self.fields["issuing_unit"].labels = unit_labels(list(units.select_related("parent")))
        self.fields["parent"].queryset = campaigns
        issuer = None
        chosen = str(self.data.get("issuing_unit") or "")
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 10:
            issuer = units.filter(pk=int(chosen)).first()
        self.fields["signer"].choices = signer_choices(self.fields["signer"].queryset, issuer)

    def clean_number(self) -> str:
        return plan_number(self.cleaned_data.get("number") or "")

    def clean_place(self) -> str:
        return place_name(self.cleaned_data.get("place") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, day, number = data.get("issuing_unit"), data.get("date"), data.get("number")
        if unit is not None and day is not None and number:
            other = plan_numbers.holder(unit, day.year, number)
            if other is not None:
                self.add_error(
                    "number",
                    plan_numbers.taken_message(unit, day.year, number, other, exclude=None),
                )
        source = data.get("template") or ""
        if source == "moi" or not any(data.get(name) for name in self.OWN_FIELDS):
            return data
        # Making the template one's own: all of it, so the plan names no one else.
        labels = {
            "issuing_unit": "cơ quan ban hành",
            "start_year": "năm bắt đầu",
            "number": "số kế hoạch",
            "date": "ngày ban hành",
            "place": "địa danh",
            "signer": "người ký",
        }
        missing = [label for name, label in labels.items() if not data.get(name)]
        if missing and not self.errors:
            raise forms.ValidationError(
                "Để nhận kế hoạch mẫu làm kế hoạch của cơ quan, hãy nhập đủ: "
                + ", ".join(missing)
                + "."
            )
        return data

    @property
    def making_own(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("template") != "moi" and bool(data.get("start_year"))


PARAM_LABELS = {
    "threshold": "Ngưỡng Chỉ số CCHC (%)",
    "max_rank": "Thứ hạng tối đa trong khối",
    "band": "Xếp loại tối thiểu",
    "year": "Năm",
    "years": "Các năm",
    "compare_to": "So với năm",
    "min_years": "Số năm tối thiểu",
    "when_not_assessed": "Đơn vị không chấm Chỉ số CCHC thì",
    "at_least": "Xếp loại tối thiểu (HTXSNV, HTTNV, HTNV)",
    "flag": "Thuộc tính cá nhân",
    "scope": "Phạm vi",
    "min_level": "Hình thức kỷ luật từ",
    "kinds": "Loại vụ việc",
    "forms": "Danh hiệu/hình thức (mã, cách nhau bởi dấu phẩy)",
    "field": "Lĩnh vực",
    "min_count": "Số lượng tối thiểu",
    "min_form": "Danh hiệu tối thiểu",
    "by": "Tính theo",
    "min_scope": "Phạm vi sáng kiến tối thiểu",
    "key": "Mã xác nhận",
}
# Parameters with a fixed set of values: a select in Vietnamese, its values the texts the
# rules store ("Y-1", "huyen", "true") so the edit reads them as before.
PARAM_CHOICES: dict[str, list[tuple[str, str]]] = {
    "by": [("unit", "của đơn vị"), ("author", "của tác giả (cá nhân)")],
    "min_scope": [
        ("", "không yêu cầu"),
        ("co_so", "cấp cơ sở trở lên"),
        ("huyen", "cấp huyện trở lên"),
        ("tinh", "cấp tỉnh trở lên"),
        ("toan_quoc", "toàn quốc"),
    ],
    "when_not_assessed": [
        ("", "chưa rõ (cần xem xét)"),
        ("true", "coi là đạt"),
        ("false", "coi là không đạt"),
    ],
    "field": [("cchc", "cải cách hành chính"), ("chung", "chung"), ("any", "mọi lĩnh vực")],
}
YEAR_PARAMS = {"year", "compare_to", "years"}


def year_label(ref: str) -> str:
    """ "Y" -> "năm xét", "Y-1" -> "năm trước năm xét", "phase" -> "cả giai đoạn"."""
    ref = ref.strip()
    if ref == "phase":
        return "cả giai đoạn"
    if ref == "Y":
        return "năm xét"
    if ref == "Y-1":
        return "năm trước năm xét"
    if ref == "Y+1":
        return "năm sau năm xét"
    if ref.startswith("Y-") and ref[2:].isascii() and ref[2:].isdigit():
        return f"{int(ref[2:])} năm trước năm xét"
    return ref


def _param_field(name: str, value: Any, text: str) -> forms.Field:
    label = PARAM_LABELS.get(name, name)
    choices = list(PARAM_CHOICES.get(name, []))
    if name in YEAR_PARAMS:
        refs = ["Y", "Y-1", "Y-2"] + (["phase"] if name == "years" else [])
        if isinstance(value, list | tuple):
            refs = []  # a list of years stays what it is: offered as stored
        choices = [(r, year_label(r)) for r in refs]
        if text not in dict(choices):
            choices.append((text, ", ".join(year_label(r) for r in text.split(","))))
    if not choices:
        return forms.CharField(label=label, initial=text, required=False)
    if text not in dict(choices):
        choices.append((text, text))  # a stored value outside the list stays selectable
    return forms.ChoiceField(label=label, initial=text, required=False, choices=choices)


TEXT_PARAMS = {"label", "award_label"}  # the wording of explanations, not rules


class SchemeRulesForm(VietnameseFormMixin, AmendmentReasonMixin, forms.Form):
    """A scheme's expression, quota and criterion parameters as texts an officer edits."""

    expression = forms.CharField(
        label="Điều kiện (biểu thức)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Biểu thức là ngôn ngữ của người soạn quy định nên giữ tên viết tắt (mã) "
        "của tiêu chí — rê chuột lên tên tiêu chí bên dưới để xem — với VÀ, HOẶC, KHÔNG và "
        "dấu ngoặc. Các ô khác chọn bằng lời.",
    )

    def __init__(self, *args: Any, scheme: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expression"].initial = scheme.get("expression", "")
        quota = scheme.get("quota") or {}
        if isinstance(quota.get("per_group"), dict):
            from thidua.org.models import CompetitionGroup

            names = CompetitionGroup.names()
            for group, value in quota["per_group"].items():
                self.fields[f"quota_{group}"] = forms.CharField(
                    label=f"Chỉ tiêu khối “{names.get(group, 'khác')}”", initial=str(value)
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
                self.fields[field] = _param_field(name, value, param_text(value))
                names.append(field)
            self.criteria.append((criterion, names))

    def general_fields(self) -> list[forms.BoundField]:
        in_groups = {name for _, names in self.criteria for name in names}
        fields = [self[name] for name in self.fields if name not in in_groups]
        return sorted(fields, key=lambda field: field.name == "reason")  # the reason last

    def criterion_groups(self) -> list[tuple[dict[str, Any], list[forms.BoundField]]]:
        return [(criterion, [self[n] for n in names]) for criterion, names in self.criteria]

    def edits(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.cleaned_data.items()}


SECTION_ROLES = [
    ("purpose", "Mục đích, yêu cầu"),
    ("participants", "Đối tượng"),
    ("contents", "Nội dung thi đua"),
    ("period", "Thời gian"),
    ("commendation", "Khen thưởng"),
    ("implementation", "Tổ chức thực hiện"),
    ("other", "Khác"),
]


def _newlines(text: str) -> str:
    """A textarea's "\r\n" (what browsers send) as the "\n" the plan stores: saving
    unchanged must compare equal."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _iso_date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PlanHeaderForm(VietnameseFormMixin, AmendmentReasonMixin, forms.Form):
    """The plan's identity and frame: everything but its numbered sections."""

    name = forms.CharField(label="Tên phong trào", max_length=500)
    parent = forms.ModelChoiceField(
        label="Thực hiện kế hoạch cấp trên", queryset=None, required=False
    )
    superior = forms.CharField(label="Cơ quan chủ quản (nếu có)", required=False)
    issuer = forms.CharField(
        label="Cơ quan ban hành",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Chữ in hoa, có thể hai dòng: ỦY BAN NHÂN DÂN / HUYỆN LỘC NINH.",
    )
    number = forms.CharField(label="Số", required=False, max_length=20)
    symbol = forms.CharField(label="Ký hiệu", initial="KH-UBND", max_length=30)
    place = forms.CharField(label="Địa danh", max_length=100)
    date = forms.DateField(label="Ngày ban hành")
    title = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    legal_bases = forms.CharField(
        label="Căn cứ, thực hiện",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Mỗi căn cứ một dòng.",
    )
    preamble = forms.CharField(
        label="Đoạn mở đầu", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    closing = forms.CharField(
        label="Đoạn kết", widget=forms.Textarea(attrs={"rows": 2}), help_text="Kết thúc bằng “./.”."
    )
    recipients = forms.CharField(
        label="Nơi nhận",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi nơi một dòng; dòng cuối “Lưu: VT, …”.",
    )
    signer_authority = forms.CharField(
        label="Thẩm quyền ký",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một cấp: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, "
        "hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH.",
    )
    signer_name = forms.CharField(label="Người ký", max_length=150)

    field_order = [
        "name",
        "parent",
        "superior",
        "issuer",
        "number",
        "symbol",
        "place",
        "date",
        "title",
        "legal_bases",
        "preamble",
        "closing",
        "recipients",
        "signer_authority",
        "signer_name",
        "reason",
    ]

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = campaigns
        date_field(self.fields["date"])

    def clean_place(self) -> str:
        return place_name(self.cleaned_data.get("place") or "")

    @classmethod
    def initial_from(cls, name: str, parent_id: int | None, plan: dict[str, Any]) -> dict[str, Any]:
        signer = plan.get("signer") or {}
        return {
            "name": name,
            "parent": parent_id,
            **{
                k: plan.get(k, "")
                for k in (
                    "superior",
                    "issuer",
                    "number",
                    "symbol",
                    "place",
                    "title",
                    "preamble",
                    "closing",
                )
            },
            "symbol": plan.get("symbol") or "KH-UBND",
            # A date, not its ISO text: the input shows it dd/mm/yyyy like every other.
            "date": _iso_date(plan.get("date")),
            "closing": plan.get("closing")
            or "Trên đây là Kế hoạch phát động phong trào thi đua, đề nghị các cơ quan, đơn vị "
            "nghiêm túc triển khai thực hiện./.",
            "legal_bases": "\n".join(plan.get("legal_bases", [])),
            "recipients": "\n".join(plan.get("recipients", [])) or "Như trên;\nLưu: VT.",
            "signer_authority": "\n".join(signer.get("authority", []))
            or "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            "signer_name": signer.get("name", ""),
        }

    def plan_changes(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            **{
                k: _newlines(d[k]).strip()
                for k in (
                    "superior",
                    "issuer",
                    "number",
                    "symbol",
                    "place",
                    "title",
                    "preamble",
                    "closing",
                )
            },
            "date": d["date"].isoformat(),
            "legal_bases": _lines(d["legal_bases"]),
            "recipients": [line.removeprefix("- ").strip() for line in _lines(d["recipients"])],
            "signer": {
                "authority": _lines(d["signer_authority"]),
                "name": d["signer_name"].strip(),
            },
        }


class PlanSectionForm(VietnameseFormMixin, forms.Form):
    """One part of the plan; an empty heading drops the part (the blank form adds one)."""

    heading = forms.CharField(
        label="Tiêu đề phần",
        max_length=300,
        required=False,
        help_text="Ví dụ: I. MỤC ĐÍCH, YÊU CẦU",
    )
    role = forms.ChoiceField(label="Loại nội dung", choices=SECTION_ROLES)
    text = forms.CharField(
        label="Nội dung",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Các đoạn cách nhau một dòng trống; dòng bắt đầu bằng “## ” là tiêu đề mục "
        "(## 1. Mục đích), “### ” là tiêu đề tiểu mục; **chữ đậm**, *chữ nghiêng*; "
        "đoạn bắt đầu bằng “- ” là gạch đầu dòng.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("text") or "").strip() and not (data.get("heading") or "").strip():
            self.add_error(
                "heading",
                "Hãy ghi tiêu đề phần, hoặc xóa hết nội dung (hay chọn “Xóa”) để bỏ phần này.",
            )
        return data
