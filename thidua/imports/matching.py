"""Units and people named in a file: by code, or by name ignoring case, diacritics, extra
spaces and the usual prefixes ("UBND xã Ân Mỹ", "XÃ ÂN MỸ" and "an my" are one unit).

The candidates are loaded once per import (one query per kind of record), among the
records the user may see. An unknown or ambiguous name is never guessed: it is a row error
with the closest records as suggestions, which the office resolves through `choices`
(the cell's text -> "unit:12" / "person:34")."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from thidua.imports.report import Suggestion
from thidua.imports.values import norm
from thidua.org import access as org_access
from thidua.org.models import Person, Unit

# Words an office writes before a unit's own name, folded, longest first (several may
# follow one another: "Ủy ban nhân dân xã …").
PREFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "uy ban nhan dan",
            "ubnd",
            "thi tran",
            "dac khu",
            "phuong",
            "xa",
            "phong",
            "huyen",
            "thi xa",
            "thanh pho",
            "tinh",
            "co quan",
            "van phong",
        ),
        key=len,
        reverse=True,
    )
)
MAX_SUGGESTIONS = 5


def name_key(name: Any) -> str:
    """A unit's name as matched: 'UBND xã Ân Mỹ' -> 'an my'."""
    key = norm(name)
    stripped = True
    while stripped:
        stripped = False
        for prefix in PREFIXES:
            if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
                key = key[len(prefix) + 1 :]
                stripped = True
                break
    return key


class Unresolved(Exception):
    """A name that matched no record or several: the row error's message and suggestions."""

    def __init__(self, message: str, value: str, suggestions: tuple[Suggestion, ...]) -> None:
        super().__init__(message)
        self.message, self.value, self.suggestions = message, value, suggestions


def _in_force(valid_from: dt.date | None, valid_to: dt.date | None, year: int | None) -> bool:
    if year is None:
        return valid_to is None
    return (valid_from is None or valid_from <= dt.date(year, 12, 31)) and (
        valid_to is None or valid_to >= dt.date(year, 1, 1)
    )


def _choice(choices: Mapping[str, str] | None, written: str, kind: str) -> int | None:
    """The record the office picked for this cell's text, or None; a pick of the wrong
    kind or not a number is refused."""
    if not choices or written not in choices:
        return None
    picked = str(choices[written])
    prefix, _, pk = picked.partition(":")
    if prefix != kind or not pk.isdigit():
        what = "đơn vị" if kind == "unit" else "cá nhân"
        raise Unresolved(f"Lựa chọn cho “{written}” không phải một {what}.", written, ())
    return int(pk)


class Units:
    """The units a user may see, indexed by code and by name."""

    def __init__(self, user: Any) -> None:
        qs = org_access.visible_units(user) if user is not None else Unit.objects.all()
        self.by_id: dict[int, Unit] = {
            u.pk: u
            for u in qs.only(
                "id",
                "code",
                "name",
                "parent_id",
                "level",
                "group_id",
                "par_assessed",
                "valid_from",
                "valid_to",
                "path",
            )
        }
        # Parents' names for labels: only units the user may see (a unit account's own
        # unit is labelled by its name alone).
        self.parent_names: dict[int, str] = {pk: u.name for pk, u in self.by_id.items()}
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.by_id.values():
            self.add(unit)
        self._suggestions: dict[str, tuple[Suggestion, ...]] = {}

    def add(self, unit: Unit) -> None:
        old = self.by_id.get(unit.pk)
        if old is not None and old in self.by_name.get(name_key(old.name), []):
            self.by_name[name_key(old.name)].remove(old)
        self.by_id[unit.pk] = unit
        self.parent_names.setdefault(unit.pk, unit.name)
        self.by_code[unit.code.upper()] = unit
        self.by_name[name_key(unit.name)].append(unit)

    def label(self, unit: Unit) -> str:
        parent = self.parent_names.get(unit.parent_id) if unit.parent_id else None
        return f"{unit.name} — {parent}" if parent else unit.name

    def suggest(self, units: list[Unit]) -> tuple[Suggestion, ...]:
        return tuple(Suggestion(f"unit:{u.pk}", self.label(u)) for u in units[:MAX_SUGGESTIONS])

    def closest(self, written: str) -> tuple[Suggestion, ...]:
        if written not in self._suggestions:
            keys = difflib.get_close_matches(
                name_key(written), list(self.by_name), n=MAX_SUGGESTIONS, cutoff=0.6
            )
            found = [u for k in keys for u in self.by_name[k]]
            self._suggestions[written] = self.suggest(found)
        return self._suggestions[written]

    def resolve(
        self,
        *,
        code: str = "",
        name: str = "",
        year: int | None = None,
        choices: Mapping[str, str] | None = None,
    ) -> Unit:
        """The one unit a row names; raises Unresolved otherwise."""
        for written in (name, code):
            picked = _choice(choices, written, "unit") if written else None
            if picked is not None:
                if picked not in self.by_id:
                    raise Unresolved(
                        f"Đơn vị đã chọn cho “{written}” không có hoặc bạn không được xem.",
                        written,
                        (),
                    )
                return self.by_id[picked]
        if code:
            unit = self.by_code.get(code.upper())
            if unit is not None:
                return unit
            if not name:
                raise Unresolved(f"Không tìm thấy đơn vị có mã “{code}”.", code, self.closest(code))
        found = self.by_name.get(name_key(name), [])
        if len(found) > 1:
            found = [u for u in found if _in_force(u.valid_from, u.valid_to, year)] or found
        if len(found) > 1 and year is not None:
            # A year of a reform: the unit that carries the year's results, at its end.
            end = dt.date(year, 12, 31)
            found = [
                u
                for u in found
                if (u.valid_from is None or u.valid_from <= end)
                and (u.valid_to is None or u.valid_to >= end)
            ] or found
        if len(found) > 1:
            exact = [u for u in found if norm(u.name) == norm(name)]
            found = exact or found
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(
                f"Có {len(found)} đơn vị cùng tên “{name}”: chọn đúng đơn vị.",
                name,
                self.suggest(found),
            )
        raise Unresolved(f"Không tìm thấy đơn vị “{name}”.", name, self.closest(name))


@dataclass
class PersonRecord:
    pk: int
    code: str
    full_name: str
    unit_id: int


class People:
    """The people a user may see, indexed by code and by folded name."""

    def __init__(self, user: Any, units: Units) -> None:
        qs = org_access.visible_people(user) if user is not None else Person.objects.all()
        self.units = units
        self.by_id: dict[int, PersonRecord] = {}
        self.by_code: dict[str, PersonRecord] = {}
        self.by_name: dict[str, list[PersonRecord]] = defaultdict(list)
        for row in qs.values_list("id", "code", "full_name", "unit_id").iterator(chunk_size=5000):
            self.add(PersonRecord(*row))
        self._suggestions: dict[str, tuple[Suggestion, ...]] = {}

    def add(self, person: PersonRecord) -> None:
        old = self.by_id.get(person.pk)
        if old is not None:
            self.by_name[norm(old.full_name)].remove(old)
        self.by_id[person.pk] = person
        self.by_code[person.code.upper()] = person
        self.by_name[norm(person.full_name)].append(person)

    def label(self, person: PersonRecord) -> str:
        unit = self.units.by_id.get(person.unit_id)
        unit_name = unit.name if unit else self.units.parent_names.get(person.unit_id, "")
        return f"{person.full_name} — {unit_name}" if unit_name else person.full_name

    def suggest(self, people: list[PersonRecord]) -> tuple[Suggestion, ...]:
        return tuple(Suggestion(f"person:{p.pk}", self.label(p)) for p in people[:MAX_SUGGESTIONS])

    def closest(self, written: str, unit_id: int | None) -> tuple[Suggestion, ...]:
        cache_key = f"{written}\x00{unit_id}"
        if cache_key not in self._suggestions:
            keys = list(self.by_name)
            if unit_id is not None:
                keys = [k for k in keys if any(p.unit_id == unit_id for p in self.by_name[k])]
            close = difflib.get_close_matches(norm(written), keys, n=MAX_SUGGESTIONS, cutoff=0.6)
            found = [p for k in close for p in self.by_name[k]]
            if unit_id is not None:
                found = [p for p in found if p.unit_id == unit_id] or found
            self._suggestions[cache_key] = self.suggest(found)
        return self._suggestions[cache_key]

    def find(
        self, *, code: str = "", name: str = "", unit_id: int | None = None
    ) -> list[PersonRecord]:
        """Every person a code, or a name (in a unit), names: no error, for natural keys."""
        if code:
            person = self.by_code.get(code.upper())
            return [person] if person else []
        found = self.by_name.get(norm(name), [])
        if unit_id is not None:
            found = [p for p in found if p.unit_id == unit_id]
        return found

    def resolve(
        self,
        *,
        code: str = "",
        name: str = "",
        unit_id: int | None = None,
        choices: Mapping[str, str] | None = None,
    ) -> PersonRecord:
        for written in (name, code):
            picked = _choice(choices, written, "person") if written else None
            if picked is not None:
                if picked not in self.by_id:
                    raise Unresolved(
                        f"Cá nhân đã chọn cho “{written}” không có hoặc bạn không được xem.",
                        written,
                        (),
                    )
                return self.by_id[picked]
        if code:
            person = self.by_code.get(code.upper())
            if person is not None:
                return person
            if not name:
                raise Unresolved(f"Không tìm thấy cá nhân có mã “{code}”.", code, ())
        found = self.find(name=name, unit_id=unit_id)
        if len(found) == 1:
            return found[0]
        if found:
            raise Unresolved(
                f"Có {len(found)} cá nhân cùng tên “{name}”: chọn đúng người.",
                name,
                self.suggest(found),
            )
        where = ""
        if unit_id is not None and unit_id in self.units.by_id:
            where = f" ở {self.units.by_id[unit_id].name}"
        raise Unresolved(
            f"Không tìm thấy cá nhân “{name}”{where}.", name, self.closest(name, unit_id)
        )
