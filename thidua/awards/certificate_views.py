"""Printing the certificates of a signed decision (whole, or on pre-printed blanks) and the
positions of the variable text on each form's blank, with a calibration page.

The office and the leader print; the office edits the positions; every other role is
refused (a unit does not see decisions at all: 404 for what it may not see, 403 otherwise).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from thidua.awards.access import reads_chain
from thidua.awards.certificate_layout import (
    DEFAULT_LAYOUT,
    MAX_SIZE,
    MIN_SIZE,
    MIN_WIDTH,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    Box,
    CertField,
    layout_for,
    save_layout,
)
from thidua.awards.records import Decision
from thidua.campaigns import access as campaign_access
from thidua.documents.certificates import CertificateError, calibration_pdf, certificates_pdf
from thidua.lib.http import whole_number
from thidua.org.models import User
from thidua.rules.bounded import BoundError, parse_number
from thidua.scoring.models import AwardForm

FILENAMES = {"full": "giay-khen-{pk}.pdf", "blank": "giay-khen-phoi-{pk}.pdf"}


def _prints(user: User) -> bool:
    return user.is_office or user.role == User.Role.LEADER


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def certificates(request: HttpRequest, decision_id: int, mode: str = "full") -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("campaign"), pk=decision_id)
    campaign_access.get_campaign_for_user(request.user, decision.campaign_id)
    if not reads_chain(request.user, decision.campaign):  # who reads the decision reads these
        raise PermissionDenied(
            "Chỉ cơ quan thường trực, lãnh đạo và thành viên Hội đồng của cơ quan ban hành "
            "xem giấy khen của quyết định này."
        )
    start = whole_number(request.GET.get("so_vang"), low=1, high=10**9)
    try:
        content = certificates_pdf(decision, mode=mode, golden_start=start)
    except CertificateError as e:
        messages.error(request, str(e))
        return redirect("awards:decision", decision_id=decision.pk)
    return _pdf(content, FILENAMES[mode].format(pk=decision.pk))


# -- positions on the blank ----------------------------------------------------------------

PARTS = (
    ("x", "Cách lề trái (mm)", 0, PAGE_WIDTH_MM),
    ("y", "Cách mép trên (mm)", 0, PAGE_HEIGHT_MM),
    ("size", "Cỡ chữ (pt)", MIN_SIZE, MAX_SIZE),
    ("width", "Độ rộng (mm)", MIN_WIDTH, PAGE_WIDTH_MM),
)


class MillimetreField(forms.DecimalField):
    """Millimetres in 0,5 mm steps, with the decimal comma ("60,5") or a point."""

    def to_python(self, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
            if value:
                try:  # bounded by its text: `1e1000000` never becomes a Decimal to divide
                    parse_number(value)
                except BoundError as e:
                    raise forms.ValidationError(e.message, code="invalid") from None
        return super().to_python(value)

    def validate(self, value: object) -> None:
        super().validate(value)
        if value is not None and (value * 2) % 1:  # type: ignore[operator]
            raise forms.ValidationError(self.error_messages["step_size"], code="step_size")


def _mm_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class LayoutForm(forms.Form):
    """Per field of the certificate: the box's corner and width in millimetres (0,5 mm
    steps, decimal comma), the size in whole points; each box within the A4 sheet."""

    def __init__(self, *args: object, initial_boxes: dict[str, Box], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field, label in CertField.choices:
            box = initial_boxes[field]
            values = (box.x_mm, box.y_mm, box.size, box.width_mm)
            for (part, part_label, low, high), value in zip(PARTS, values, strict=True):
                what = f"{label}: {part_label.lower()}"
                messages_ = {
                    "required": f"{label}: hãy nhập {part_label.lower()}.",
                    "min_value": f"{what} tối thiểu là {low}.",
                    "max_value": f"{what} tối đa là {high}.",
                }
                if part == "size":
                    self.fields[f"{field}-{part}"] = forms.IntegerField(
                        label=what,
                        min_value=low,
                        max_value=high,
                        initial=value,
                        error_messages={**messages_, "invalid": f"{what} phải là số nguyên."},
                    )
                    continue
                self.fields[f"{field}-{part}"] = MillimetreField(
                    label=what,
                    min_value=low,
                    max_value=high,
                    max_digits=4,
                    decimal_places=1,
                    initial=_mm_text(value),
                    error_messages={
                        **messages_,
                        "invalid": f"{what} phải là một số, ví dụ 60 hoặc 60,5.",
                        "max_digits": f"{what} tối đa là {high}.",
                        "max_decimal_places": f"{what} lấy đến 0,5 mm, ví dụ 60,5.",
                        "max_whole_digits": f"{what} tối đa là {high}.",
                        "step_size": f"{what} lấy đến 0,5 mm, ví dụ 60,5.",
                    },
                )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for field, label in CertField.choices:
            parts = [data.get(f"{field}-{part}") for part, *_ in PARTS]
            if any(p is None for p in parts):
                continue
            x, y, size, width = parts
            why = Box(float(x), float(y), int(size), float(width)).outside()  # type: ignore[arg-type]
            if why:
                self.add_error(None, f"{label}: {why}.")
        return data

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(label), [self[f"{field}-{part}"] for part, *_ in PARTS])
            for field, label in CertField.choices
        ]

    def boxes(self) -> dict[str, Box]:
        data = self.cleaned_data
        return {
            field: Box(
                float(data[f"{field}-x"]),
                float(data[f"{field}-y"]),
                int(data[f"{field}-size"]),
                float(data[f"{field}-width"]),
            )
            for field in CertField.values
        }


def _form(key: str) -> AwardForm:
    return get_object_or_404(AwardForm, pk=key)


@login_required
def layout_index(request: HttpRequest) -> HttpResponse:
    if not _prints(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo in giấy khen.")
    return render(
        request,
        "awards/certificate_layouts.html",
        {"forms": AwardForm.objects.all(), "can_edit": request.user.is_office},
    )


@login_required
def layout_page(request: HttpRequest, form_key: str) -> HttpResponse:
    if not _prints(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo in giấy khen.")
    award_form = _form(form_key)
    can_edit = request.user.is_office
    form = LayoutForm(initial_boxes=layout_for(award_form))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Chỉ cơ quan thường trực sửa vị trí in trên phôi.")
        form = LayoutForm(request.POST, initial_boxes=layout_for(award_form))
        if form.is_valid():
            save_layout(award_form, form.boxes())
            messages.success(request, f"Đã lưu vị trí in trên phôi “{award_form.name}”.")
            return redirect("awards:certificate-layout", form_key=award_form.pk)
    return render(
        request,
        "awards/certificate_layout.html",
        {
            "award_form": award_form,
            "form": form,
            "can_edit": can_edit,
            "defaults": [(str(label), DEFAULT_LAYOUT[field]) for field, label in CertField.choices],
        },
    )


@login_required
def layout_test(request: HttpRequest, form_key: str) -> HttpResponse:
    if not _prints(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực và lãnh đạo in giấy khen.")
    award_form = _form(form_key)
    try:
        content = calibration_pdf(award_form)
    except CertificateError as e:
        messages.error(request, str(e))
        return redirect("awards:certificate-layout", form_key=award_form.pk)
    return _pdf(content, f"trang-in-thu-{award_form.pk}.pdf")
