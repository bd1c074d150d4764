"""Bulk upserts: rows keyed by the import's field names go through
thidua.imports.service.import_rows, so the API validates, matches and refuses exactly as
the Excel import does, all or nothing, attributed to the token's account."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, create_model

from thidua.api.auth import TokenThrottle, write_auth
from thidua.imports.report import KINDS
from thidua.imports.service import FIELDS, import_rows
from thidua.lib.audit import acting_as
from thidua.lib.middleware import NUL_MESSAGE

router = Router(auth=write_auth, throttle=[TokenThrottle("API_RATE_WRITE")])

# The path of each kind's bulk endpoint (PAR results as the issue names them).
PATHS = {
    "units": "units",
    "people": "people",
    "par": "par-results",
    "ratings": "ratings",
    "awards": "awards",
    "disciplines": "disciplines",
    "initiatives": "initiatives",
    "attestations": "attestations",
}

Cell = str | int | float | bool | None


class Strict(Schema):
    """A name the import does not know is refused (a typo would silently drop a value)."""

    model_config = ConfigDict(extra="forbid")


def _row_schema(kind: str) -> type[Schema]:
    """One row of `kind`: the import's columns, each a text or a number as a cell would hold
    (the import checks and converts them, with its own messages)."""
    fields: dict[str, Any] = {}
    for f in FIELDS[kind]:
        note = f" ({f.note})" if f.note else ""
        required = " Bắt buộc." if f.required else ""
        fields[f.name] = (Cell, Field(None, description=f"Cột “{f.header}”{note}.{required}"))
    return create_model(f"{kind.title()}Row", __base__=Strict, **fields)  # type: ignore[call-overload,no-any-return]


class SuggestionOut(Schema):
    ref: str = Field(description="Bản ghi gần đúng: “unit:ID” hoặc “person:ID”")
    label: str


class ErrorOut(Schema):
    row: int = Field(description="Số thứ tự của dòng trong `rows`, đếm từ 1")
    field: str = Field(description="Cột có lỗi (trống: cả dòng)")
    message: str
    value: str = Field("", description="Giá trị không khớp (tên đơn vị, cá nhân…)")
    suggestions: list[SuggestionOut] = Field(
        [], description="Những đơn vị, cá nhân có tên gần nhất với giá trị không khớp"
    )


class ReportOut(Schema):
    ok: bool
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ErrorOut]


class Failed(ReportOut):
    detail: str


class Problem(Schema):
    detail: str
    field: str


class BulkQuery(Schema):
    dry_run: bool = Field(False, description="Chỉ kiểm tra, không ghi gì")


def _names_by_header(kind: str) -> dict[str, str]:
    return {f.header: f.name for f in FIELDS[kind]}


def _cell(rows: list[dict[str, Any]], row: int, field: str) -> str:
    """The value sent in `field` of row `row` (counted from 1), as text; "" if none."""
    if not field or not 1 <= row <= len(rows):
        return ""
    value = rows[row - 1].get(field)
    return "" if value is None else str(value)


def _report(kind: str, report: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    headers = _names_by_header(kind)
    data = report.as_dict()
    data["errors"] = []
    for e in report.errors:
        field = headers.get(e.column, e.column)
        data["errors"].append(
            {
                "row": e.row,
                "field": field,
                "message": e.message,
                "value": e.value or _cell(rows, e.row, field),
                "suggestions": [{"ref": x.ref, "label": x.label} for x in e.suggestions],
            }
        )
    return data


def _refused_detail(errors: list[dict[str, Any]]) -> str:
    """“Không ghi gì: 2 dòng có lỗi (dòng 3: …).”: rows, not errors, are counted."""
    first = errors[0]
    rows = len({e["row"] for e in errors if e["row"]})
    if not rows:
        return f"Không ghi gì: {first['message']}"
    where = f"dòng {first['row']}: " if first["row"] else ""
    return f"Không ghi gì: {rows} dòng có lỗi ({where}{first['message']})."


def _nul(rows: list[dict[str, Any]]) -> str:
    """The first cell holding a NUL (no database stores it), as "rows.3.note"; or ""."""
    for i, row in enumerate(rows):
        for key, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                return f"rows.{i}.{key}"
    return ""


def _endpoint(kind: str) -> None:
    row = _row_schema(kind)
    path = PATHS[kind]
    body = create_model(
        f"{kind.title()}Bulk",
        __base__=Strict,
        year=(
            int | None,
            Field(None, ge=1990, le=2100, description="Năm, cho các dòng không ghi năm"),
        ),
        rows=(
            list[row],  # type: ignore[valid-type]
            Field(..., min_length=1, max_length=settings.API_BULK_MAX_ROWS),
        ),
    )

    def upsert(request: HttpRequest, payload: body, params: Query[BulkQuery]) -> Any:  # type: ignore[valid-type]
        # A key left out is a column the sender does not have; null is an empty cell.
        rows = [r.model_dump(exclude_unset=True) for r in payload.rows]  # type: ignore[attr-defined]
        nul = _nul(rows)
        if nul:
            return Status(422, {"detail": NUL_MESSAGE, "field": nul})
        with acting_as(request.user):
            report = import_rows(
                kind,
                rows,
                year=payload.year,  # type: ignore[attr-defined]
                user=request.user,
                dry_run=params.dry_run,
            )
        data = _report(kind, report, rows)
        if not report.ok:
            return Status(422, {**data, "detail": _refused_detail(data["errors"])})
        return Status(200, data)

    upsert.__name__ = f"{kind}_bulk"
    router.post(
        f"/{path}/bulk",
        response={200: ReportOut, 422: Failed | Problem},
        tags=["Ghi dữ liệu"],
        summary=f"Ghi hàng loạt: {KINDS[kind].lower()}",
        description=(
            "Thêm mới hoặc cập nhật nhiều dòng một lần, kiểm tra y như khi nhập tệp Excel: "
            "có một dòng lỗi thì không ghi dòng nào (422, kèm danh sách lỗi theo dòng và cột). "
            "Mỗi thay đổi được ghi vào nhật ký, đứng tên tài khoản của mã API. "
            "`?dry_run=true`: chỉ kiểm tra. Mã API cần quyền ghi. Lỗi của nội dung gửi lên "
            "(trường không có, giá trị không phải chữ hay số) được báo trước khi nhập, với "
            "`field` là đường dẫn JSON (`rows.0.score`: dòng đầu tiên, đếm từ 0); lỗi của "
            "việc nhập nêu `row` đếm từ 1, như số dòng trong tệp Excel."
        ),
        operation_id=f"{kind}_bulk",
    )(upsert)


for _kind in PATHS:
    _endpoint(_kind)
