"""Form pieces shared by the apps: Vietnamese date input, styling."""

from django import forms


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
    return field
