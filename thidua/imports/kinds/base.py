"""What every kind's handler shares: the row, the context of one import (user, rights, the
indexes of units and people, the report), cell parsing with row errors, validation by the
models' own validators, and the office-confirms rule of scoring.confirm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import DecimalField, Model
from django.utils import timezone

from thidua.imports import values as v
from thidua.imports.columns import FIELDS
from thidua.imports.matching import People, PersonRecord, Units, Unresolved
from thidua.imports.report import KINDS, ImportReport, RowError, RowOutcome, Suggestion
from thidua.lib.formatting import format_date, format_number
from thidua.org.models import Unit, User

MAX_ERRORS = 1000
MAX_OUTCOMES = 500
FIRST_DAY = dt.date(1990, 1, 1)


FORMULA_MESSAGE = "Ô chứa công thức, không có giá trị: hãy ghi thành văn bản."


@dataclass
class Row:
    sheet: str
    number: int  # as the spreadsheet shows it (1-based); the index for import_rows
    cells: dict[str, Any]  # field name -> the raw cell
    written: dict[str, str]  # field name -> the header as written
    title_year: int | None = None
    # field name -> the column's place in the file (errors of a row are shown in that order)
    positions: dict[str, int] = field(default_factory=dict)
    # (row number, column) -> the cell's formula, if it holds one (reader.Sheet.formula)
    formula: Any = None

    def blank(self, message: str, *names: str) -> Problem:
        """The Problem of required cells left empty: on the first of `names`, or on a cell
        read empty because it is a formula the file keeps no value for."""
        for name in names:
            known = self.formula is not None and name in self.positions
            if known and self.formula(self.number, self.positions[name]):
                return Problem(name, FORMULA_MESSAGE)
        return Problem(names[0], message)


@dataclass
class Item:
    row: Row
    values: dict[str, Any]
    key: tuple[Any, ...]


class Problem(Exception):
    """A cell (or a row) that cannot be imported: becomes a RowError."""

    def __init__(
        self, field: str, message: str, value: str = "", suggestions: tuple[Suggestion, ...] = ()
    ) -> None:
        super().__init__(message)
        self.field, self.message, self.value, self.suggestions = field, message, value, suggestions


@dataclass
class Context:
    report: ImportReport
    user: Any
    year: int | None
    choices: dict[str, str] | Any
    total: int | None = None
    more_errors: int = 0
    # id(RowError) -> its column's place in the file, for finish_errors' order
    places: dict[int, int] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> dt.date:
        return timezone.localdate()

    @property
    def actor(self) -> User | None:
        return self.user if getattr(self.user, "pk", None) else None

    @property
    def office(self) -> bool:
        """The office writes everything, confirmed; the command line without --user too."""
        return self.user is None or (self.user.is_authenticated and self.user.is_office)

    @property
    def unit_account(self) -> bool:
        u = self.user
        return u is not None and u.is_authenticated and not u.is_office and u.role == "don_vi"

    @cached_property
    def units(self) -> Units:
        return Units(self.user)

    @cached_property
    def people(self) -> People:
        return People(self.user, self.units)

    def error(
        self,
        row: Row | None,
        name: str,
        message: str,
        value: str = "",
        suggestions: tuple[Suggestion, ...] = (),
    ) -> None:
        if len(self.report.errors) >= MAX_ERRORS:
            self.more_errors += 1
            return
        column = row.written.get(name, "") if row is not None and name else ""
        error = RowError(
            row.sheet if row else "",
            row.number if row else 0,
            column,
            message,
            value=value,
            suggestions=suggestions,
        )
        self.report.errors.append(error)
        if row is not None and name in row.positions:
            self.places[id(error)] = row.positions[name]

    def finish_errors(self) -> None:
        """Errors in the file's order (parse errors are found before a chunk's checks)."""
        sheets: dict[str, int] = {}
        for e in self.report.errors:
            sheets.setdefault(e.sheet, len(sheets))
        self.report.errors.sort(
            key=lambda e: (bool(e.row), sheets[e.sheet], e.row, self.places.get(id(e), -1))
        )
        for o in self.report.outcomes:
            sheets.setdefault(o.sheet, len(sheets))
        self.report.outcomes.sort(key=lambda o: (sheets[o.sheet], o.row))
        if self.more_errors:
            self.report.errors.append(
                RowError("", 0, "", f"… và {format_number(self.more_errors)} lỗi khác.")
            )

    def outcome(self, row: Row, action: str, summary: str) -> None:
        r = self.report
        if action == "create":
            r.created += 1
        elif action == "update":
            r.updated += 1
        else:
            r.unchanged += 1
        if len(r.outcomes) < MAX_OUTCOMES:
            r.outcomes.append(RowOutcome(row.sheet, row.number, action, summary))  # type: ignore[arg-type]


def show_value(value: Any) -> str:
    """A stored value as the preview shows it: 85,50 · 05/01/2025 · Có."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        return format_number(value, 2)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


class Handler:
    kind: ClassVar[str]
    model: ClassVar[type[Model]]
    # The cells that name the record a row is about (at least one must be in the header).
    subject_fields: ClassVar[tuple[str, ...]]
    # Cells besides the required ones that make a row data (a row with none is skipped).
    essential_fields: ClassVar[tuple[str, ...]] = ()
    year_field: ClassVar[str | None] = "year"
    office_only: ClassVar[bool] = True
    # Model field -> the import's columns that set it (for validation messages).
    columns_of: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.reset()

    def reset(self) -> None:
        self.creates: list[Any] = []
        self.updates: list[Any] = []
        self.update_fields: set[str] = set()

    # Rights --------------------------------------------------------------------------

    def refusal(self) -> str | None:
        """Why this user may import nothing of this kind, or None."""
        user = self.ctx.user
        if user is None:
            return None
        if not user.is_authenticated:
            return "Bạn cần đăng nhập để nhập dữ liệu."
        if user.is_office:
            return None
        what = KINDS[self.kind][0].lower() + KINDS[self.kind][1:]  # "kết quả Chỉ số CCHC"
        if self.office_only or not self.ctx.unit_account:
            return f"Bạn không có quyền nhập {what}: chỉ cơ quan thường trực nhập loại dữ liệu này."
        return None

    # The kind's work ----------------------------------------------------------------

    def parse(self, row: Row) -> dict[str, Any]:
        raise NotImplementedError

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def plan(self, items: list[Item]) -> None:
        raise NotImplementedError

    def write(self) -> None:
        raise NotImplementedError

    # Cells ---------------------------------------------------------------------------

    @staticmethod
    def given(row: Row, name: str) -> bool:
        return v.text(row.cells.get(name)) != ""

    @staticmethod
    def txt(row: Row, name: str, *, required: bool = False, max_length: int = 0) -> str:
        value = v.text(row.cells.get(name))
        if required and not value:
            raise row.blank("Ô này không được để trống.", name)
        if max_length and len(value) > max_length:
            raise Problem(name, f"Quá dài: tối đa {max_length} ký tự (đang có {len(value)}).")
        return value

    def _cell(self, row: Row, name: str, parse: Any, *args: Any) -> Any:
        if not self.given(row, name):
            return None
        try:
            return parse(row.cells[name], *args)
        except v.CellError as e:
            raise Problem(name, str(e)) from None

    def dec(self, row: Row, name: str, places: int = 3) -> Decimal | None:
        value = self._cell(row, name, v.decimal, places)
        if value is not None and value < 0:
            raise Problem(name, f"Điểm không được âm ({show_value(value)}).")
        return value  # type: ignore[no-any-return]

    def int_(self, row: Row, name: str) -> int | None:
        return self._cell(row, name, v.integer)  # type: ignore[no-any-return]

    def bool_(self, row: Row, name: str) -> bool | None:
        return self._cell(row, name, v.boolean)  # type: ignore[no-any-return]

    def label(self, row: Row, name: str, labels: v.Labels, *, required: bool = False) -> Any:
        if required and not self.given(row, name):
            raise row.blank("Ô này không được để trống.", name)
        return self._cell(row, name, labels.parse)

    def date_(self, row: Row, name: str, *, required: bool = False) -> dt.date | None:
        if required and not self.given(row, name):
            raise row.blank("Ô này không được để trống (ghi ngày dạng dd/mm/yyyy).", name)
        day = self._cell(row, name, v.date)
        if day is None:
            return None
        if day > self.ctx.today:
            raise Problem(name, f"Ngày không được sau hôm nay ({format_date(self.ctx.today)}).")
        if day < FIRST_DAY:
            raise Problem(name, f"Ngày phải từ {format_date(FIRST_DAY)} trở đi.")
        return day  # type: ignore[no-any-return]

    def year(self, row: Row, name: str = "year") -> int:
        """The row's year: its cell, else the year given to the import, else the title's."""
        year = self.int_(row, name)
        if year is None:
            year = self.ctx.year if self.ctx.year is not None else row.title_year
        if year is None:
            raise Problem(name, "Chưa ghi năm.")
        if not 1990 <= year <= 2100:
            raise Problem(name, f"Năm {year} không hợp lệ (từ 1990 đến 2100).")
        if year > self.ctx.today.year:
            raise Problem(name, f"Năm không được sau năm hiện tại ({self.ctx.today.year}).")
        return year

    # Records named in a row ----------------------------------------------------------

    def unit(
        self,
        row: Row,
        *,
        code: str = "unit_code",
        name: str = "unit",
        year: int | None = None,
        required: bool = True,
    ) -> Unit | None:
        code_text, name_text = self.txt(row, code), self.txt(row, name)
        if not code_text and not name_text:
            if required:
                first = name if name in row.written else code
                raise row.blank("Chưa ghi đơn vị.", first, code, name)
            return None
        if not code_text and name_text.upper() in self.ctx.units.by_code:
            code_text = name_text  # a code in the name's column ("Tên hoặc mã đơn vị")
        try:
            return self.ctx.units.resolve(
                code=code_text, name=name_text, year=year, choices=self.ctx.choices
            )
        except Unresolved as e:
            column = name if name_text else code
            raise Problem(column, e.message, e.value, e.suggestions) from None

    def person(
        self, row: Row, *, code: str = "person_code", name: str = "person", unit: Unit | None
    ) -> PersonRecord | None:
        code_text, name_text = self.txt(row, code), self.txt(row, name)
        if not code_text and not name_text:
            return None
        try:
            return self.ctx.people.resolve(
                code=code_text,
                name=name_text,
                unit_id=unit.pk if unit else None,
                choices=self.ctx.choices,
            )
        except Unresolved as e:
            column = name if name_text else code
            raise Problem(column, e.message, e.value, e.suggestions) from None

    def subject(self, row: Row, year: int | None) -> tuple[str, int, str]:
        """('person', id, label) when the row names a person, else ('unit', id, label)."""
        named_person = self.given(row, "person_code") or self.given(row, "person")
        unit = self.unit(row, year=year, required=not named_person)
        if named_person:
            person = self.person(row, unit=unit)
            assert person is not None
            return "person", person.pk, self.ctx.people.label(person)
        assert unit is not None
        return "unit", unit.pk, unit.name

    # Validation and writing ----------------------------------------------------------

    def column_for(self, row: Row, model_field: str) -> str:
        for name in (*self.columns_of.get(model_field, ()), model_field):
            if name in row.written:
                return name
        return ""

    def valid(self, obj: Model, item: Item, exclude: list[str]) -> bool:
        """The model's own field validators and clean(): the form's rules, no weaker path.
        (Uniqueness is the natural key's, checked against the loaded rows.)"""
        try:
            obj.clean_fields(exclude=exclude)
            obj.clean()
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {NON_FIELD_ERRORS: e.messages}
            for model_field, messages in errors.items():
                name = (
                    ""
                    if model_field == NON_FIELD_ERRORS
                    else self.column_for(item.row, model_field)
                )
                digits = self._digits_message(obj, item.row, model_field, name, e)
                self.ctx.error(item.row, name, digits or " ".join(messages))
            return False
        return True

    def _digits_message(
        self, obj: Model, row: Row, model_field: str, name: str, e: ValidationError
    ) -> str:
        """Our own words for a number too long for a DecimalField (Django's
        “Đảm bảo rằng tối đa không có nhiều hơn 8 số.” names no column)."""
        if not hasattr(e, "error_dict") or model_field not in e.error_dict:
            return ""
        codes = {x.code for x in e.error_dict[model_field]}
        if not codes & {"max_digits", "max_whole_digits", "max_decimal_places"}:
            return ""
        f = obj._meta.get_field(model_field)
        if not isinstance(f, DecimalField):
            return ""
        whole = f.max_digits - f.decimal_places  # type: ignore[operator]
        what = "Điểm" if "điểm" in str(f.verbose_name).lower() else "Số"
        headers = {c.name: c.header for c in FIELDS[self.kind]}
        written = row.written.get(name, "")
        # The API's rows are keyed by field names: name the column by its header.
        column = (written if written != name else headers.get(name)) or str(f.verbose_name)
        return (
            f"{what} quá lớn: tối đa {f.max_digits} chữ số ({whole} chữ số phần nguyên, "
            f"{f.decimal_places} chữ số thập phân) ở cột “{column}”."
        )

    def confirm(self, obj: Any, adding: bool) -> None:
        """scoring.confirm.mark(): the office's write confirms, a unit's is a proposal."""
        if self.ctx.office:
            if adding or obj.confirmed_at is None:
                obj.confirmed_at, obj.confirmed_by = self.ctx.now, self.ctx.actor
        else:
            obj.confirmed_at, obj.confirmed_by = None, None

    def created_by(self) -> dict[str, Any]:
        return {"created_by": self.ctx.actor}

    @staticmethod
    def changes(obj: Any, new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """The fields `new` changes on `obj` (None in `new`: the cell was empty, kept)."""
        out = {}
        for name, value in new.items():
            if value is None:
                continue
            old = getattr(obj, name)
            if old != value:
                out[name] = (old, value)
        return out

    @staticmethod
    def describe(changed: dict[str, tuple[Any, Any]], labels: dict[str, str]) -> str:
        return "; ".join(
            f"{labels.get(n, n)} {show_value(a)} → {show_value(b)}" for n, (a, b) in changed.items()
        )
