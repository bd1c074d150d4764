"""Form pieces shared by the apps: Vietnamese date input, styling."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core import validators

from thidua.lib.middleware import NUL_MESSAGE

# Sane bounds for what a form takes when its model says nothing tighter: no date of this
# work is before the Democratic Republic (1945) or beyond this century; no one-line text is
# longer than a long title, no paragraph longer than a plan's longest part many times over.
FIRST_DAY = dt.date(1945, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
MAX_LINE = 1000
MAX_TEXT = 50000


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (or ISO) typed by a user, or None when it is not a real day."""
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class DateInput(forms.DateInput):
    """dd/mm/yyyy as Vietnamese officers type it; ISO is accepted too."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        )


def date_field(field: forms.Field) -> forms.Field:
    field.widget = DateInput()
    field.input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
    field.error_messages["invalid"] = (
        "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/01/2026."
    )
    field.validators = [
        *field.validators,
        validators.MinValueValidator(FIRST_DAY, message=DATE_RANGE_MESSAGE),
        validators.MaxValueValidator(LAST_DAY, message=DATE_RANGE_MESSAGE),
    ]
    return field


class DecimalInput(forms.TextInput):
    """A decimal as Vietnamese officers read and type it (91,25; 94 rather than 94,000), in
    a text input: a number input cannot show a decimal comma, so the browser would submit
    it back empty and erase the stored value."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal) and value.is_finite():
            text = format(value.normalize(), "f")
            return text.replace(".", ",")
        return super().format_value(value)


DATE_RANGE_MESSAGE = f"Ngày phải trong khoảng từ {FIRST_DAY:%d/%m/%Y} đến {LAST_DAY:%d/%m/%Y}."
LENGTH_MESSAGE = "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."


def _bounded_text(field: forms.CharField) -> None:
    """Every text has a length bound (the model's, else MAX_LINE or MAX_TEXT), with a
    Vietnamese message. A NUL in request data never reaches a form: RefuseNulMiddleware
    answers 400 first. Django's own NUL validator stays, with the middleware's message, for
    a form bound outside a request (a command, a test)."""
    limit = field.max_length or (MAX_TEXT if isinstance(field.widget, forms.Textarea) else MAX_LINE)
    field.max_length = limit
    field.validators = [
        v
        for v in field.validators
        if not isinstance(
            v, validators.MaxLengthValidator | validators.ProhibitNullCharactersValidator
        )
    ] + [
        validators.MaxLengthValidator(limit, message=LENGTH_MESSAGE),
        validators.ProhibitNullCharactersValidator(message=NUL_MESSAGE),
    ]
    if not field.widget.is_hidden:
        field.widget.attrs.setdefault("maxlength", str(limit))


class VietnameseFormMixin:
    """Clear Vietnamese messages where Django's vi catalogue is missing or awkward
    ("Nhập một số tổng thể."), and numbers typed the Vietnamese way (91,25)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            vietnamese_messages(field)


def _stock_messages(field: forms.Field) -> dict[str, Any]:
    """Django's own messages of the field's class (what a field's error_messages override)."""
    stock: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        stock.update(getattr(cls, "default_error_messages", {}))
    return stock


def _example(field: forms.IntegerField) -> int:
    """A whole number the field accepts, for its "ví dụ …" (12, or its minimum)."""
    low, high = field.min_value, field.max_value
    if (low is None or low <= 12) and (high is None or high >= 12):
        return 12
    return int(low if low is not None else high)  # type: ignore[arg-type]


def vietnamese_messages(field: forms.Field) -> forms.Field:
    """Vietnamese in place of Django's stock messages; a message the field was given
    (``error_messages=``) is kept."""
    messages = field.error_messages
    stock = _stock_messages(field)

    def say(code: str, text: str) -> None:
        if messages.get(code) == stock.get(code):
            messages[code] = text

    if isinstance(field, forms.DateField | forms.DateTimeField):
        # Its limits are dates: never "2100-12-31" in a message.
        say("min_value", DATE_RANGE_MESSAGE)
        say("max_value", DATE_RANGE_MESSAGE)
    else:
        say("min_value", "Giá trị phải từ %(limit_value)s trở lên.")
        say("max_value", "Giá trị không được lớn hơn %(limit_value)s.")
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):  # and multiple choice
        say("invalid_choice", "Lựa chọn không hợp lệ: hãy chọn trong danh sách.")
    if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
        say("max_length", "Tối đa %(limit_value)d ký tự (đang có %(show_value)d).")
    if isinstance(field, forms.DecimalField):
        field.localize = True
        if not isinstance(field.widget, forms.HiddenInput):
            field.widget = DecimalInput(
                {k: v for k, v in field.widget.attrs.items() if k not in ("step", "min", "max")}
            )
        field.widget.is_localized = True
        say("invalid", "Hãy nhập một số, ví dụ 91,25.")
        say("max_digits", "Số quá dài: tối đa %(max)s chữ số.")
        say("max_decimal_places", "Tối đa %(max)s chữ số sau dấu phẩy.")
    elif isinstance(field, forms.IntegerField):
        say("invalid", f"Hãy nhập một số nguyên, ví dụ {_example(field)}.")
    if type(field) in (forms.CharField, forms.EmailField):
        _bounded_text(field)
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@donvi.gov.vn."
    return field
