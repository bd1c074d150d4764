"""Every error of the API is JSON `{"detail": "<Vietnamese>", "field": "..."}`: ninja's
validation errors are translated and reshaped, Django's 404/403 keep their Vietnamese
message, and nothing a client sends becomes an HTML page or a 500."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from thidua.api.auth import ReadOnlyToken

UNAUTHORIZED = (
    "Thiếu mã API, hoặc mã API không hợp lệ hoặc đã bị thu hồi: gửi tiêu đề "
    "“Authorization: Bearer <mã API>” với một mã API còn hiệu lực."
)
READ_ONLY = "Mã API này chỉ có quyền đọc: cần một mã API có quyền ghi."
THROTTLED = "Quá nhiều yêu cầu trong một phút với mã API này: hãy thử lại sau {seconds} giây."

ISO_DATETIME = "Phải là ngày giờ theo ISO 8601, ví dụ 2026-01-31T08:00:00+07:00."
ISO_DATE = "Phải là ngày theo ISO 8601, ví dụ 2026-01-31."
# pydantic's error types -> what a Vietnamese reader is told.
MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "int_parsing": "Phải là một số nguyên.",
    "int_type": "Phải là một số nguyên.",
    "int_from_float": "Phải là một số nguyên.",
    "float_parsing": "Phải là một số.",
    "float_type": "Phải là một số.",
    "decimal_parsing": "Phải là một số.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là một chuỗi ký tự.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "datetime_parsing": ISO_DATETIME,
    "datetime_from_date_parsing": ISO_DATETIME,
    "datetime_type": ISO_DATETIME,
    "date_parsing": ISO_DATE,
    "date_from_datetime_parsing": ISO_DATE,
    "json_invalid": "Nội dung gửi lên không phải JSON hợp lệ.",
    "extra_forbidden": "Trường này không được dùng.",
}

# ninja's own errors, which carry an English sentence, by their status.
BY_STATUS = {
    400: "Nội dung gửi lên không phải JSON hợp lệ.",
    404: "Không tìm thấy.",
    405: "Địa chỉ này không nhận phương thức này.",
}


def _limit(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    for key, words in (
        ("ge", "phải lớn hơn hoặc bằng"),
        ("gt", "phải lớn hơn"),
        ("le", "phải nhỏ hơn hoặc bằng"),
        ("lt", "phải nhỏ hơn"),
    ):
        if key in ctx:
            return f"Giá trị {words} {ctx[key]}."
    if kind == "too_long":
        return f"Nhiều nhất {ctx.get('max_length', '')} phần tử.".replace("  ", " ")
    if kind == "too_short":
        return f"Ít nhất {ctx.get('min_length', '')} phần tử."
    if kind == "string_too_long":
        return f"Dài nhất {ctx.get('max_length', '')} ký tự."
    return ""


def message_for(error: dict[str, Any]) -> str:
    return MESSAGES.get(error.get("type", "")) or _limit(error) or "Giá trị không hợp lệ."


# The members of a union a value was tried against (a bulk row's cell: text, number,
# true/false or null): not part of the field's name.
UNION_TAGS = {"str", "int", "float", "bool", "none", "is-instance[Decimal]", "decimal"}
CELL = "Phải là một chuỗi ký tự, một số, true/false hoặc null (không phải danh sách, đối tượng)."


def field_of(error: dict[str, Any]) -> str:
    """`["query", "year"]` -> "year"; `["body", "payload", "rows", 3]` -> "rows.3"."""
    loc = [str(part) for part in error.get("loc", ())]
    while loc and loc[-1] in UNION_TAGS:
        loc = loc[:-1]
    if loc and loc[0] in ("query", "path", "body", "header", "cookie", "form"):
        loc = loc[1:]
    if loc and loc[0] == "payload":
        loc = loc[1:]
    return ".".join(loc)


def problem(status: int, detail: str, field: str = "", **extra: Any) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, "field": field, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: list[dict[str, str]] = []
        for e in exc.errors:
            field = field_of(e)
            same = next((x for x in errors if x["field"] == field), None)
            if same is None:
                errors.append({"field": field, "message": message_for(e)})
            else:  # one value refused by every member of a union: one message for it
                same["message"] = CELL
        first = errors[0] if errors else {"field": "", "message": "Dữ liệu không hợp lệ."}
        detail = first["message"]
        if first["field"]:
            detail = f"{first['field']}: {detail}"
        return problem(422, detail, first["field"], errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(401, UNAUTHORIZED, "Authorization")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(ReadOnlyToken)
    def read_only(request: HttpRequest, exc: ReadOnlyToken) -> HttpResponse:
        return problem(403, READ_ONLY, "Authorization")

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = max(1, math.ceil(exc.wait or 60))
        response = problem(429, THROTTLED.format(seconds=seconds))
        response["Retry-After"] = str(seconds)
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, str(exc) or "Không tìm thấy.", getattr(exc, "field", ""))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, str(exc) or "Bạn không có quyền làm việc này.")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return problem(413, "Nội dung gửi lên quá lớn: hãy chia thành nhiều lần gửi.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if message.isascii():  # ninja's own English ("Cannot parse request body")
            message = BY_STATUS.get(exc.status_code, "Yêu cầu không hợp lệ.")
        return problem(exc.status_code, message)


class FieldNotFound(Http404):
    """A 404 that names the query parameter that pointed nowhere (`unit=...`)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
