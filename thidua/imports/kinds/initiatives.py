"""Initiatives (sáng kiến): by code, or by title and year; their owner unit and authors.
A unit account proposes initiatives of its own (owner among its units, authors among its
people), unconfirmed, like the form."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from thidua.imports import values as v
from thidua.imports.kinds.base import Handler, Item, Problem, Row
from thidua.imports.matching import Unresolved
from thidua.lib.audit import bulk_create_logged, bulk_update_logged, log_links
from thidua.scoring import access
from thidua.scoring import models as m

SCOPES = v.Labels(
    "phạm vi",
    m.InitiativeScope.choices,
    {
        "Cơ sở": "co_so",
        "Huyện": "huyen",
        "Tỉnh": "tinh",
        "Quốc gia": "toan_quoc",
        "Cấp toàn quốc": "toan_quoc",
        "Cấp xã": "co_so",
        "Cấp cơ quan": "co_so",
    },
)
_SPLIT = re.compile(r"\s*[;\n,]\s*")


class InitiativeHandler(Handler):
    kind = "initiatives"
    model = m.Initiative
    subject_fields = ("title", "code")
    office_only = False
    columns_of = {"unit": ("unit",), "code": ("code",), "title": ("title",)}
    LABELS = {"title": "tên", "unit_id": "đơn vị chủ trì", "year": "năm", "scope": "phạm vi"}

    def reset(self) -> None:
        super().reset()
        self.links: list[tuple[m.Initiative, set[int]]] = []
        self.relinks: list[tuple[int, set[int]]] = []

    @cached_property
    def codes(self) -> set[str]:
        return {c.upper() for c in m.Initiative.objects.values_list("code", flat=True)}

    def parse(self, row: Row) -> dict[str, Any]:
        year = self.year(row)
        unit = self.unit(row, code="", name="unit", year=year, required=self.ctx.unit_account)
        authors: dict[int, str] = {}
        given = row.cells.get("authors")
        # A cell lists them with ";" (or ","); the API may send a list.
        names = (
            [v.text(a) for a in given]
            if isinstance(given, list | tuple)
            else _SPLIT.split(self.txt(row, "authors"))
        )
        for written in names:
            if not written:
                continue
            try:
                person = self.ctx.people.resolve(
                    code=written if written.upper() in self.ctx.people.by_code else "",
                    name=written,
                    choices=self.ctx.choices,
                )
            except Unresolved as e:
                raise Problem("authors", e.message, e.value, e.suggestions) from None
            authors[person.pk] = person.full_name
        return {
            "code": self.txt(row, "code", max_length=40),
            "title": self.txt(row, "title", required=True, max_length=500),
            "unit": unit,
            "authors": authors,
            "year": year,
            "scope": self.label(row, "scope", SCOPES, required=True),
        }

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values["code"]:
            return ("code", values["code"].upper())
        return ("title", v.norm(values["title"]), values["year"])

    def plan(self, items: list[Item]) -> None:
        codes = [i.values["code"] for i in items if i.values["code"]]
        years = {i.values["year"] for i in items if not i.values["code"]}
        found = m.Initiative.objects.filter(code__in=codes) | m.Initiative.objects.filter(
            year__in=years
        )
        by_code = {i.code.upper(): i for i in found}
        by_title = {(v.norm(i.title), i.year): i for i in by_code.values()}
        through = m.Initiative.authors.through
        authors: dict[int, set[int]] = {}
        for initiative_id, person_id in through.objects.filter(
            initiative_id__in=[i.pk for i in by_code.values()]
        ).values_list("initiative_id", "person_id"):
            authors.setdefault(initiative_id, set()).add(person_id)
        for item in items:
            vals = item.values
            obj = by_code.get(item.key[1]) if vals["code"] else by_title.get(item.key[1:])
            if obj is None:
                self._create(item)
            else:
                self._update(item, obj, authors.get(obj.pk, set()))

    def _create(self, item: Item) -> None:
        vals = item.values
        code = vals["code"] or self._new_code(vals["year"])
        obj = m.Initiative(
            code=code,
            title=vals["title"],
            unit=vals["unit"],
            year=vals["year"],
            scope=vals["scope"],
            **self.created_by(),
        )
        if not self.valid(obj, item, ["unit", "created_by", "confirmed_by"]):
            return
        self.codes.add(code.upper())
        self.confirm(obj, True)
        self.creates.append(obj)
        self.links.append((obj, set(vals["authors"])))
        self.ctx.outcome(item.row, "create", self._head(vals))

    def _head(self, vals: dict[str, Any]) -> str:
        head = f"{vals['title']}, năm {vals['year']}"
        if vals["authors"]:
            head += f" — {', '.join(vals['authors'].values())}"
        return head

    def _update(self, item: Item, obj: m.Initiative, authors: set[int]) -> None:
        vals = item.values
        new = {
            "title": vals["title"],
            "unit_id": vals["unit"].pk if vals["unit"] else None,
            "year": vals["year"],
            "scope": vals["scope"],
        }
        changed = self.changes(obj, new)
        wanted = set(vals["authors"]) if vals["authors"] else authors
        confirming = self.ctx.office and obj.confirmed_at is None
        if not changed and wanted == authors and not confirming:
            self.ctx.outcome(item.row, "unchanged", self._head(vals))
            return
        if self.ctx.unit_account:
            visible = self.ctx.units.by_id
            shared = obj.unit_id not in visible or any(
                self.ctx.people.by_id.get(p) is None for p in authors
            )
            reason = (
                access.SHARED_MESSAGE
                if shared
                else (access.CONFIRMED_MESSAGE if obj.confirmed_at is not None else None)
            )
            if reason:
                self.ctx.error(item.row, "", reason)
                return
        for name, (_, value) in changed.items():
            setattr(obj, name, value)
        if vals["unit"] is not None:
            obj.unit = vals["unit"]
        if not self.valid(obj, item, ["unit", "created_by", "confirmed_by"]):
            return
        self.confirm(obj, False)
        self.updates.append(obj)
        self.update_fields |= {
            *(k.removesuffix("_id") for k in changed),
            "confirmed_at",
            "confirmed_by",
        }
        if wanted != authors:
            self.relinks.append((obj.pk, wanted))
        text = self.describe(changed, self.LABELS)
        if wanted != authors:
            text = "; ".join(t for t in (text, "tác giả thay đổi") if t)
        self.ctx.outcome(item.row, "update", f"{self._head(vals)}: {text or 'xác nhận'}")

    def _new_code(self, year: int) -> str:
        n = 0
        while True:
            n += 1
            code = f"SK-{year}-{n:04d}"
            if code.upper() not in self.codes:
                return code

    def valid(self, obj: Any, item: Item, exclude: list[str]) -> bool:
        obj.derive()
        return super().valid(obj, item, exclude)

    def write(self) -> None:
        through = m.Initiative.authors.through
        created = bulk_create_logged(m.Initiative, self.creates)
        if self.updates:
            bulk_update_logged(m.Initiative, self.updates, sorted(self.update_fields))
        links = [
            through(initiative_id=obj.pk, person_id=p)
            for obj, people in zip(created, [p for _, p in self.links], strict=True)
            for p in sorted(people)
        ]
        removed: list[tuple[int, int]] = []
        if self.relinks:
            old = through.objects.filter(initiative_id__in=[pk for pk, _ in self.relinks])
            wanted = {(pk, p) for pk, ps in self.relinks for p in ps}
            kept = set(old.values_list("initiative_id", "person_id"))
            removed = sorted(kept - wanted)
            old.delete()
            links += [through(initiative_id=pk, person_id=p) for pk, ps in self.relinks for p in ps]
            added = [(pk, p) for pk, p in sorted(wanted - kept)]
        else:
            added = []
        through.objects.bulk_create(links)
        # The through table's rows have no signals: the authors' changes as auditlog's own.
        log_links(m.Initiative, "authors", removed, "delete")
        log_links(
            m.Initiative,
            "authors",
            [
                (obj.pk, p)
                for obj, people in zip(created, [p for _, p in self.links], strict=True)
                for p in sorted(people)
            ]
            + added,
            "add",
        )
