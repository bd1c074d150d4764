"""Forms of the publication app: the office's edits and the public's comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.lib.forms import VietnameseFormMixin
from thidua.portal import photos
from thidua.portal.models import Announcement, Comment, Publication, PublicationItem
from thidua.portal.services import DEFAULT_COMMENT_DAYS, MAX_COMMENT_DAYS

# The honeypot's name: a field a person never sees (hidden by CSS, skipped by tab), which
# a form-filling robot fills in.
HONEYPOT = "trang_web"


class PublicationForm(VietnameseFormMixin, forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class CommentDaysForm(VietnameseFormMixin, forms.Form):
    days = forms.IntegerField(
        label="Số ngày làm việc lấy ý kiến",
        min_value=1,
        max_value=MAX_COMMENT_DAYS,
        initial=DEFAULT_COMMENT_DAYS,
        help_text=(
            f"Tính theo ngày làm việc (không kể thứ Bảy, Chủ nhật và ngày lễ), từ ngày công bố. "
            f"Mặc định {DEFAULT_COMMENT_DAYS:02d} ngày làm việc; cơ quan thường trực đặt theo "
            "kế hoạch của phong trào."
        ),
    )


class ItemForm(VietnameseFormMixin, forms.ModelForm):
    photo = forms.FileField(
        label="Ảnh chân dung",
        required=False,
        help_text=(
            f"JPEG, PNG hoặc WebP, tối đa {photos.MAX_BYTES // (1024 * 1024)} MB. Ảnh được "
            "lưu lại thành ảnh mới: thông tin kèm theo (EXIF, vị trí chụp) bị xóa."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = PublicationItem
        fields = ["name", "position", "unit_name", "form_label", "achievement", "order"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 6})}

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            self.stored_photo = photos.store_photo(upload)
        except ValidationError as e:
            raise ValidationError(e.messages[0]) from None
        return upload


class CommentForm(VietnameseFormMixin, forms.ModelForm):
    trang_web = forms.CharField(
        label="Để trống ô này",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "contact", "text"]
        labels = {"contact": "Số điện thoại hoặc thư điện tử (không bắt buộc)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "contact": "Chỉ cơ quan thường trực đọc; không công bố.",
            "text": "Tối đa 3.000 ký tự.",
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise ValidationError("Nội dung góp ý quá ngắn (ít nhất 10 ký tự).")
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get(HONEYPOT):
            raise ValidationError("Không nhận được ý kiến này; hãy tải lại trang rồi gửi lại.")
        return data


class AnnouncementForm(VietnameseFormMixin, forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 22})}

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()
