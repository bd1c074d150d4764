"""The import screen's forms: the upload (kind, year, file) and the office's picks for the
names the file's rows did not match."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.imports.report import KINDS
from thidua.lib import uploads
from thidua.lib.forms import VietnameseFormMixin


class UploadForm(VietnameseFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Loại dữ liệu",
        choices=[("", "— Chọn loại dữ liệu —"), *KINDS.items()],
        error_messages={"required": "Chọn loại dữ liệu của tệp."},
    )
    year = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Để trống nếu tệp có cột năm cho từng dòng.",
    )
    file = forms.FileField(
        label="Tệp Excel (.xlsx, .xls, .ods)",
        allow_empty_file=True,  # check_upload names the empty file
        error_messages={"required": "Chọn tệp Excel để tải lên."},
    )

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year is not None and year > this_year:
            raise ValidationError(f"Năm không được sau năm hiện tại ({this_year}).")
        return year

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        self.file_kind = uploads.check_upload(
            file, allowed=uploads.SPREADSHEET_KINDS, max_bytes=settings.IMPORT_MAX_BYTES
        )
        return file


class PicksForm(forms.Form):
    """One required select per unknown or ambiguous name of the preview: the office picks
    the record it means among the suggestions (there is no "bỏ qua": an import is all or
    nothing, so a name is picked or the file is corrected)."""

    def __init__(self, picks: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.picks = picks
        for index, pick in enumerate(picks):
            self.fields[f"chon_{index}"] = forms.ChoiceField(
                label=pick["value"],
                choices=[("", "— Chọn đơn vị, cá nhân đúng —")]
                + [(s["ref"], s["label"]) for s in pick["suggestions"]],
                error_messages={
                    "required": f"Chọn bản ghi đúng cho “{pick['value']}”.",
                    "invalid_choice": "Lựa chọn không hợp lệ: hãy chọn trong danh sách.",
                },
            )

    def rows(self) -> list[tuple[dict[str, Any], forms.BoundField]]:
        return [(pick, self[f"chon_{i}"]) for i, pick in enumerate(self.picks)]

    def choices(self) -> dict[str, str]:
        """The cell's text as written -> the record picked ("unit:12")."""
        if not self.picks:
            raise ValidationError("Không có tên nào cần chọn.")
        return {pick["value"]: self.cleaned_data[f"chon_{i}"] for i, pick in enumerate(self.picks)}
