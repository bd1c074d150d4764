"""Who may issue a plan and who signs it, as the create form offers them: only bodies that
issue plans (People's Committees: tỉnh, huyện, xã — not a thôn, a Hội or the police), each
name told apart from a namesake by its parent or its dates; signers as "name — position,
unit", grouped by unit, the issuer's people first and its leaders first within a unit."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms

from thidua.org.models import Person, Unit

ISSUING_LEVELS = (Unit.Level.TINH, Unit.Level.HUYEN, Unit.Level.XA)


def issuing_units(units: Any) -> Any:
    return units.filter(level__in=ISSUING_LEVELS)


def _dates(unit: Unit) -> str:
    if unit.valid_from and unit.valid_to:
        return f"{unit.valid_from:%d/%m/%Y} – {unit.valid_to:%d/%m/%Y}"
    if unit.valid_from:
        return f"từ {unit.valid_from:%d/%m/%Y}"
    if unit.valid_to:
        return f"đến {unit.valid_to:%d/%m/%Y}"
    return ""


def unit_labels(units: list[Unit]) -> dict[int, str]:
    """Each unit's name; a name two units share gets the parent, then the dates."""
    counts = Counter(u.name for u in units)
    labels = {}
    for unit in units:
        label = unit.name
        if counts[unit.name] > 1:
            extra = [f"thuộc {unit.parent.name}" if unit.parent else "", _dates(unit)]
            label += " (" + ", ".join(e for e in extra if e) + ")" if any(extra) else ""
        labels[unit.pk] = label
    # Still the same (same parent, same dates): the last resort is the unit's order.
    counts = Counter(labels.values())
    seen: Counter[str] = Counter()
    for pk, label in list(labels.items()):
        if counts[label] > 1:
            seen[label] += 1
            labels[pk] = f"{label} — {seen[label]}"
    return labels


class UnitChoiceField(forms.ModelChoiceField):
    labels: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        return self.labels.get(obj.pk, obj.name)


def person_label(person: Person) -> str:
    where = ", ".join(x for x in (person.position.strip(), person.unit.name) if x)
    return f"{person.full_name} — {where}"


def _leader_rank(person: Person) -> int:
    position = person.position.strip().lower()
    if position.startswith("chủ tịch"):
        return 0
    if position.startswith("phó chủ tịch"):
        return 1
    if person.unit_chair or person.key_leader:
        return 2
    return 3


def signer_choices(people: Any, issuer: Unit | None) -> list[Any]:
    """Grouped choices: the issuer's people first, then one group per unit (tree order);
    leaders (Chủ tịch, Phó Chủ tịch, key leaders) first in each group."""
    by_unit: dict[int, list[Person]] = {}
    units: dict[int, Unit] = {}
    for person in people.select_related("unit"):
        by_unit.setdefault(person.unit_id, []).append(person)
        units[person.unit_id] = person.unit
    order = sorted(units, key=lambda pk: (issuer is None or pk != issuer.pk, units[pk].path))
    choices: list[Any] = [("", "---------")]
    for pk in order:
        members = sorted(by_unit[pk], key=_leader_rank)  # stable: name order within a rank
        heading = units[pk].name
        if issuer is not None and pk == issuer.pk:
            heading = f"{heading} (cơ quan ban hành)"
        choices.append((heading, [(str(p.pk), person_label(p)) for p in members]))
    return choices
