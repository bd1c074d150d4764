"""Units and people: the office's lists. Units are few and form a tree (a row's parent may
be a unit of the same file), so each is saved on its own through the model (its path, its
checks, its audit entry); people may be hundreds of thousands and go in bulk, a chunk at
a time, with the checks of Person.clean() made against the loaded index."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError

from thidua.imports import values as v
from thidua.imports.kinds.base import Handler, Item, Problem, Row
from thidua.imports.matching import PersonRecord, Unresolved, name_key
from thidua.lib.audit import bulk_create_logged, bulk_update_logged
from thidua.lib.vietnamese import fold, normalize_name
from thidua.org.models import CompetitionGroup, Person, Unit, code_validator
from thidua.scoring.services import LEVEL_OF_GROUP

LEVELS = v.Labels(
    "cấp",
    Unit.Level.choices,
    {
        "Cấp xã": "xa",
        "Xã": "xa",
        "Phường": "xa",
        "Thị trấn": "xa",
        "Đặc khu": "xa",
        "Cấp huyện": "huyen",
        "Huyện": "huyen",
        "Cấp tỉnh": "tinh",
        "Tỉnh": "tinh",
        "Phòng": "co_quan",
        "Cơ quan": "co_quan",
        "Phòng, ban": "co_quan",
        "Bộ phận": "bo_phan",
        "Đoàn thể": "bo_phan",
        "Thôn": "thon",
        "Tổ dân phố": "thon",
    },
)
GENDERS = v.Labels("giới tính", Person.Gender.choices)
UNIT_FIELDS = (
    "name",
    "parent_id",
    "group_id",
    "level",
    "par_assessed",
    "valid_from",
    "valid_to",
    "email",
)
UNIT_LABELS = {
    "name": "tên",
    "parent_id": "đơn vị cấp trên",
    "group_id": "khối",
    "level": "cấp",
    "par_assessed": "chấm Chỉ số CCHC",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "email": "thư điện tử",
}


def _code_from(text: str) -> str:
    """A code for a record the file names without one: its name in plain letters."""
    return re.sub(r"[^A-Z0-9]+", "-", fold(text).upper()).strip("-")[:24] or "DV"


class UnitHandler(Handler):
    kind = "units"
    model = Unit
    subject_fields = ("name",)
    year_field = None
    columns_of = {"parent": ("parent",), "group": ("group",), "code": ("code",)}

    @cached_property
    def groups(self) -> v.Labels:
        pairs = list(CompetitionGroup.objects.values_list("code", "name"))
        # "Khối khác" is also written "Khác".
        extra = {v.norm(name).removeprefix("khoi "): code for code, name in pairs}
        return v.Labels("khối thi đua", pairs, extra)

    @cached_property
    def group_names(self) -> dict[str, str]:
        return CompetitionGroup.names()

    def parse(self, row: Row) -> dict[str, Any]:
        code = self.txt(row, "code", max_length=30)
        if code:
            try:
                code_validator(code)
            except ValidationError as e:
                raise Problem("code", " ".join(e.messages)) from None
        group = self.label(row, "group", self.groups, required=True)
        return {
            "code": code,
            "name": self.txt(row, "name", required=True, max_length=255),
            "parent": self.txt(row, "parent"),
            "group_id": group,
            "level": self.label(row, "level", LEVELS),
            "par_assessed": self.bool_(row, "par_assessed"),
            "valid_from": self._cell(row, "valid_from", v.date),
            "valid_to": self._cell(row, "valid_to", v.date),
            "email": self.txt(row, "email", max_length=254) or None,
        }

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values["code"]:
            return ("code", values["code"].upper())
        return ("name", name_key(values["name"]), v.norm(values["parent"]))

    def plan(self, items: list[Item]) -> None:
        # A parent named by a later row of the file goes first.
        pending = list(items)
        while pending:
            named = {v.norm(i.values["code"]) for i in pending if i.values["code"]}
            named |= {name_key(i.values["name"]) for i in pending}
            ready = [
                i
                for i in pending
                if not i.values["parent"]
                or not (
                    {v.norm(i.values["parent"]), name_key(i.values["parent"])} & named
                    and self._parent_unknown(i)
                )
            ]
            if not ready:
                ready = pending
            for item in ready:
                self._one(item)
            pending = [i for i in pending if i not in ready]

    def _parent_unknown(self, item: Item) -> bool:
        try:
            self._parent(item)
        except Problem:
            return True
        return False

    def _parent(self, item: Item) -> Unit | None:
        text = item.values["parent"]
        if not text:
            return None
        units = self.ctx.units
        try:
            return units.resolve(
                code=text if text.upper() in units.by_code else "",
                name=text,
                choices=self.ctx.choices,
            )
        except Unresolved as e:
            message = e.message.replace("Không tìm thấy đơn vị", "Không tìm thấy đơn vị cấp trên")
            raise Problem("parent", message, e.value, e.suggestions) from None

    def _existing(self, item: Item) -> Unit | None:
        vals, units = item.values, self.ctx.units
        if vals["code"]:
            return units.by_code.get(vals["code"].upper())
        try:
            return units.resolve(name=vals["name"], choices=self.ctx.choices)
        except Unresolved as e:
            if e.suggestions and "cùng tên" in e.message:
                raise Problem("name", e.message, e.value, e.suggestions) from None
            return None

    def _one(self, item: Item) -> None:
        vals, row = item.values, item.row
        try:
            parent = self._parent(item)
            found = self._existing(item)
        except Problem as p:
            self.ctx.error(row, p.field, p.message, p.value, p.suggestions)
            return
        new = {
            "name": vals["name"],
            "parent_id": parent.pk if parent else None,
            "group_id": vals["group_id"],
            "level": vals["level"],
            "par_assessed": vals["par_assessed"],
            "valid_from": vals["valid_from"],
            "valid_to": vals["valid_to"],
            "email": vals["email"],
        }
        if found is None:
            unit = Unit(
                code=vals["code"] or self._new_code(vals["name"]),
                name=vals["name"],
                parent=parent,
                group_id=vals["group_id"],
                level=vals["level"] or LEVEL_OF_GROUP.get(vals["group_id"], Unit.Level.KHAC),
                par_assessed=True if vals["par_assessed"] is None else vals["par_assessed"],
                valid_from=vals["valid_from"],
                valid_to=vals["valid_to"],
                email=vals["email"] or "",
            )
            if not self._save(unit, item):
                return
            self.ctx.units.add(unit)
            where = f", thuộc {parent.name}" if parent else ""
            self.ctx.outcome(
                row, "create", f"{unit.name}: {self.group_names.get(unit.group_id, '')}{where}"
            )
            return
        unit = Unit.objects.get(pk=found.pk)
        if vals["parent"] == "" and "parent" in row.written:
            new["parent_id"] = unit.parent_id  # a blank parent cell keeps the unit's parent
        changed = self.changes(unit, new)
        if not changed:
            self.ctx.outcome(row, "unchanged", unit.name)
            return
        for name, (_, value) in changed.items():
            setattr(unit, name, value)
        if not self._save(unit, item):
            return
        self.ctx.units.add(unit)
        shown = {
            k: (self._unit_name(a), self._unit_name(b))
            if k == "parent_id"
            else (self.group_names.get(a, a), self.group_names.get(b, b))
            if k == "group_id"
            else (a, b)
            for k, (a, b) in changed.items()
        }
        self.ctx.outcome(row, "update", f"{unit.name}: {self.describe(shown, UNIT_LABELS)}")

    def _unit_name(self, pk: int | None) -> str | None:
        unit = self.ctx.units.by_id.get(pk) if pk else None
        return unit.name if unit else None

    def _save(self, unit: Unit, item: Item) -> bool:
        try:
            unit.full_clean()
        except ValidationError as e:
            for model_field, messages in e.message_dict.items():
                name = {"parent": "parent", "group": "group", "code": "code", "name": "name"}.get(
                    model_field, model_field if model_field in item.row.written else ""
                )
                self.ctx.error(item.row, name, " ".join(messages))
            return False
        unit.save()
        return True

    def _new_code(self, name: str) -> str:
        base = _code_from(name_key(name) or name)
        code, n = base, 1
        while (
            code.upper() in self.ctx.units.by_code
            or Person.objects.filter(code__iexact=code).exists()
        ):
            n += 1
            code = f"{base}-{n}"
        return code

    def write(self) -> None:
        """Units are saved one by one in plan(), parents before children."""


PERSON_FIELDS = (
    "full_name",
    "unit_id",
    "position",
    "gender",
    "birth_year",
    "key_leader",
    "cchc_role",
    "unit_chair",
    "email",
)
PERSON_LABELS = {
    "full_name": "họ tên",
    "unit_id": "đơn vị",
    "position": "chức vụ",
    "gender": "giới tính",
    "birth_year": "năm sinh",
    "key_leader": "lãnh đạo chủ chốt",
    "cchc_role": "phụ trách CCHC",
    "unit_chair": "Chủ tịch/Phó Chủ tịch UBND xã",
    "email": "thư điện tử",
}


class PersonHandler(Handler):
    kind = "people"
    model = Person
    subject_fields = ("full_name",)
    year_field = None
    columns_of = {"unit": ("unit",), "code": ("code",), "full_name": ("full_name",)}

    def reset(self) -> None:
        super().reset()
        self.new_codes: set[str] = getattr(self, "new_codes", set())
        self._next = getattr(self, "_next", 0)

    def parse(self, row: Row) -> dict[str, Any]:
        code = self.txt(row, "code", max_length=30)
        unit = self.unit(row, code="", name="unit")
        assert unit is not None
        gender = self.label(row, "gender", GENDERS)
        return {
            "code": code,
            "full_name": normalize_name(self.txt(row, "full_name", required=True, max_length=150)),
            "unit_id": unit.pk,
            "position": self.txt(row, "position", max_length=200) or None,
            "gender": gender,
            "birth_year": self.int_(row, "birth_year"),
            "key_leader": self.bool_(row, "key_leader"),
            "cchc_role": self.bool_(row, "cchc_role"),
            "unit_chair": self.bool_(row, "unit_chair"),
            "email": self.txt(row, "email", max_length=254) or None,
        }

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values["code"]:
            return ("code", values["code"].upper())
        return ("name", v.norm(values["full_name"]), values["unit_id"])

    def plan(self, items: list[Item]) -> None:
        people = self.ctx.people
        matched: dict[int, tuple[Item, PersonRecord]] = {}
        fresh: list[Item] = []
        for item in items:
            vals = item.values
            if vals["code"]:
                found = people.find(code=vals["code"])
            else:
                picked = self.ctx.choices.get(vals["full_name"])
                if picked and str(picked).startswith("person:"):
                    record = people.by_id.get(int(str(picked).partition(":")[2] or 0))
                    found = [record] if record else []
                else:
                    found = people.find(name=vals["full_name"], unit_id=vals["unit_id"])
            if len(found) > 1:
                self.ctx.error(
                    item.row,
                    "full_name",
                    f"Có {len(found)} cá nhân cùng tên “{vals['full_name']}” ở đơn vị này: ghi "
                    "mã cá nhân hoặc chọn đúng người.",
                    vals["full_name"],
                    people.suggest(found),
                )
            elif found:
                matched[found[0].pk] = (item, found[0])
            else:
                fresh.append(item)
        for item in fresh:
            self._create(item)
        current = Person.objects.in_bulk(list(matched))
        for pk, (item, _) in matched.items():
            self._update(item, current[pk])

    def _create(self, item: Item) -> None:
        vals = item.values
        code = vals["code"] or self._new_code()
        if code.upper() in self.ctx.units.by_code:
            self.ctx.error(item.row, "code", f"Mã “{code}” đã được dùng cho một đơn vị.")
            return
        person = Person(
            code=code,
            full_name=vals["full_name"],
            unit_id=vals["unit_id"],
            position=vals["position"] or "",
            gender=vals["gender"] or "",
            birth_year=vals["birth_year"],
            key_leader=bool(vals["key_leader"]),
            cchc_role=bool(vals["cchc_role"]),
            unit_chair=bool(vals["unit_chair"]),
            email=vals["email"] or "",
        )
        if not self.valid(person, item, ["unit", "former_unit"]):
            return
        if not vals["code"]:
            self.new_codes.add(code.upper())
        self.creates.append(person)
        unit = self.ctx.units.by_id[vals["unit_id"]]
        self.ctx.outcome(item.row, "create", f"{person.full_name} — {unit.name}")

    def valid(self, obj: Any, item: Item, exclude: list[str]) -> bool:
        # Person.clean() queries the database for each row: its checks are made against
        # the loaded index instead (code of a unit: _create; same code in other case: the
        # index matches codes whatever their case).
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as e:
            for model_field, messages in e.message_dict.items():
                self.ctx.error(item.row, self.column_for(item.row, model_field), " ".join(messages))
            return False
        return True

    def _update(self, item: Item, person: Person) -> None:
        new = {k: item.values[k] for k in PERSON_FIELDS}
        changed = self.changes(person, new)
        label = f"{person.full_name} — {self.ctx.units.by_id[item.values['unit_id']].name}"
        if not changed:
            self.ctx.outcome(item.row, "unchanged", label)
            return
        for name, (_, value) in changed.items():
            setattr(person, name, value)
        if not self.valid(person, item, ["unit", "former_unit"]):
            return
        self.updates.append(person)
        self.update_fields |= {k.removesuffix("_id") for k in changed}
        shown = {
            k: (self._unit_name(a), self._unit_name(b)) if k == "unit_id" else (a, b)
            for k, (a, b) in changed.items()
        }
        self.ctx.outcome(item.row, "update", f"{label}: {self.describe(shown, PERSON_LABELS)}")

    def _unit_name(self, pk: int | None) -> str | None:
        unit = self.ctx.units.by_id.get(pk) if pk else None
        return unit.name if unit else None

    def _new_code(self) -> str:
        taken = self.ctx.people.by_code
        while True:
            self._next += 1
            code = f"CN{self._next:06d}"
            if (
                code not in taken
                and code not in self.new_codes
                and code not in self.ctx.units.by_code
            ):
                return code

    def write(self) -> None:
        # Created people stay out of the index (a 200,000-row list would keep them all):
        # a later row naming the same person is a duplicate, found by its key.
        bulk_create_logged(Person, self.creates)
        if self.updates:
            bulk_update_logged(
                Person, self.updates, [*sorted(self.update_fields), *Person.DERIVED_FIELDS]
            )
            for p in self.updates:
                self.ctx.people.add(PersonRecord(p.pk, p.code, p.full_name, p.unit_id))
