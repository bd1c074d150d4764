"""The kinds of fact about a unit or a person: PAR results, ratings, awards history,
disciplines and attestations. Each chunk of rows costs a fixed number of queries (the
existing rows of its keys, then one bulk write of each kind)."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Q

from thidua.imports import values as v
from thidua.imports.kinds.base import Handler, Item, Problem, Row, show_value
from thidua.lib.audit import bulk_create_logged, bulk_update_logged
from thidua.org.models import Person
from thidua.scoring import access
from thidua.scoring import models as m

THREE_PLACES = Decimal("0.001")

RATINGS = v.Labels(
    "xếp loại",
    m.RatingLevel.choices,
    {
        "Xuất sắc": "HTXSNV",
        "HTXS": "HTXSNV",
        "Hoàn thành xuất sắc": "HTXSNV",
        "Tốt": "HTTNV",
        "HTT": "HTTNV",
        "Hoàn thành tốt": "HTTNV",
        "Hoàn thành": "HTNV",
        "HT": "HTNV",
        "Không hoàn thành": "KHTNV",
        "KHT": "KHTNV",
    },
)
DISCIPLINES = v.Labels("hình thức kỷ luật", m.DisciplineLevel.choices)
FIELDS_OF_AWARD = v.Labels("lĩnh vực", m.AwardField.choices, {"CCHC": "cchc"})
ATTESTATIONS = v.Labels("nội dung xác nhận", list(m.ATTESTATION_KEYS.items()))


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(THREE_PLACES)


def person_instance(record: Any) -> Person:
    """A Person built from the loaded index (for __str__ and the audit entry, no query)."""
    return Person(
        pk=record.pk, code=record.code, full_name=record.full_name, unit_id=record.unit_id
    )


class SubjectHandler(Handler):
    """Facts about a unit or a person: the row names one or the other."""

    subject_fields = ("unit_code", "unit", "person_code", "person")
    columns_of = {"unit": ("unit", "unit_code"), "person": ("person", "person_code")}

    def subject_of(self, row: Row, year: int | None) -> dict[str, Any]:
        kind, pk, label = self.subject(row, year)
        if kind == "person":
            return {
                "person": person_instance(self.ctx.people.by_id[pk]),
                "unit": None,
                "subject": ("person", pk),
                "label": label,
            }
        return {
            "unit": self.ctx.units.by_id[pk],
            "person": None,
            "subject": ("unit", pk),
            "label": label,
        }

    @staticmethod
    def existing_q(items: list[Item]) -> Q:
        units = {i.values["subject"][1] for i in items if i.values["subject"][0] == "unit"}
        people = {i.values["subject"][1] for i in items if i.values["subject"][0] == "person"}
        return Q(unit_id__in=units) | Q(person_id__in=people)

    @staticmethod
    def subject_key(obj: Any) -> tuple[str, int]:
        return ("person", obj.person_id) if obj.person_id else ("unit", obj.unit_id)

    def attach(self, obj: Any, values: dict[str, Any]) -> None:
        """The loaded unit or person on the row object: its __str__ costs no query."""
        if values["person"] is not None:
            obj.person = values["person"]
        else:
            obj.unit = values["unit"]

    def write(self) -> None:
        bulk_create_logged(self.model, self.creates)
        if self.updates:
            bulk_update_logged(self.model, self.updates, sorted(self.update_fields))


# PAR ------------------------------------------------------------------------------------


class ParHandler(SubjectHandler):
    kind = "par"
    model = m.ParScore
    subject_fields = ("unit_code", "unit")
    essential_fields = ("self_score", "score", "max_score")
    office_only = False
    columns_of = {"unit": ("unit", "unit_code")}
    LABELS = {
        "self_score": "tự đánh giá",
        "score": "thẩm định",
        "max_score": "tối đa",
        "note": "ghi chú",
    }
    UNIT_MESSAGE = (
        "Đơn vị chỉ nhập điểm tự đánh giá; điểm thẩm định và điểm tối đa do cơ quan thường "
        "trực nhập."
    )

    def parse(self, row: Row) -> dict[str, Any]:
        year = self.year(row)
        unit = self.unit(row, year=year)
        values = {
            "unit": unit,
            "year": year,
            "self_score": _q(self.dec(row, "self_score")),
            "score": _q(self.dec(row, "score")),
            "max_score": _q(self.dec(row, "max_score")),
            "note": self.txt(row, "note", max_length=500) or None,
        }
        if values["self_score"] is None and values["score"] is None:
            column = "score" if "score" in row.written else "self_score"
            raise Problem(column, "Dòng chưa có điểm.")
        return values

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["unit"].pk, values["year"])

    def plan(self, items: list[Item]) -> None:
        existing = {
            (s.unit_id, s.year): s
            for s in m.ParScore.objects.filter(
                unit_id__in={i.key[0] for i in items}, year__in={i.key[1] for i in items}
            )
        }
        for item in items:
            self._plan_one(item, existing.get(item.key))

    def _plan_one(self, item: Item, obj: m.ParScore | None) -> None:
        vals, row = item.values, item.row
        new = {k: vals[k] for k in ("self_score", "score", "max_score", "note")}
        if self.ctx.unit_account:
            for name in ("score", "max_score"):
                if new[name] is not None and (obj is None or getattr(obj, name) != new[name]):
                    self.ctx.error(row, name, self.UNIT_MESSAGE)
                    return
                new[name] = None
        head = f"{vals['unit'].name}, năm {vals['year']}"
        if obj is None:
            obj = m.ParScore(
                unit=vals["unit"],
                year=vals["year"],
                self_score=new["self_score"],
                score=new["score"],
                max_score=new["max_score"] or Decimal(100),
                note=new["note"] or "",
                **self.created_by(),
            )
            if not self.valid(obj, item, ["unit", "created_by", "confirmed_by"]):
                return
            self.confirm(obj, True)
            self.creates.append(obj)
            shown = "; ".join(
                f"{self.LABELS[k]} {show_value(getattr(obj, k))}"
                for k in ("self_score", "score", "max_score")
            )
            self.ctx.outcome(row, "create", f"{head}: {shown}")
            return
        changed = self.changes(obj, new)
        confirming = self.ctx.office and obj.confirmed_at is None
        if not changed and not confirming:
            self.ctx.outcome(row, "unchanged", head)
            return
        if self.ctx.unit_account:
            reason = (
                access.APPRAISED_MESSAGE
                if obj.score is not None
                else (access.CONFIRMED_MESSAGE if obj.confirmed_at is not None else None)
            )
            if reason:
                self.ctx.error(row, "", reason)
                return
        for name, (_, value) in changed.items():
            setattr(obj, name, value)
        obj.unit = vals["unit"]
        if not self.valid(obj, item, ["unit", "created_by", "confirmed_by"]):
            return
        self.confirm(obj, False)
        self.updates.append(obj)
        self.update_fields |= {*changed, "confirmed_at", "confirmed_by"}
        text = self.describe(changed, self.LABELS) or "xác nhận kết quả đơn vị đã nhập"
        self.ctx.outcome(row, "update", f"{head}: {text}")


# Ratings --------------------------------------------------------------------------------


class RatingHandler(SubjectHandler):
    kind = "ratings"
    model = m.Rating
    office_only = False

    def parse(self, row: Row) -> dict[str, Any]:
        year = self.year(row)
        values = self.subject_of(row, year)
        if self.ctx.unit_account and values["unit"] is not None:
            raise Problem(
                "unit",
                "Đơn vị chỉ đề nghị xếp loại cá nhân của mình; xếp loại tập thể do cơ quan "
                "thường trực ghi nhận.",
            )
        values["year"] = year
        values["rating"] = self.label(row, "rating", RATINGS, required=True)
        return values

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (*values["subject"], values["year"])

    def plan(self, items: list[Item]) -> None:
        existing = {
            (*self.subject_key(r), r.year): r
            for r in m.Rating.objects.filter(
                self.existing_q(items), year__in={i.values["year"] for i in items}
            )
        }
        labels = dict(m.RatingLevel.choices)
        for item in items:
            vals, row = item.values, item.row
            head = f"{vals['label']}, năm {vals['year']}"
            obj = existing.get(item.key)
            if obj is None:
                obj = m.Rating(year=vals["year"], rating=vals["rating"], **self.created_by())
                self.attach(obj, vals)
                if not self.valid(obj, item, ["unit", "person", "created_by", "confirmed_by"]):
                    continue
                self.confirm(obj, True)
                self.creates.append(obj)
                self.ctx.outcome(row, "create", f"{head}: {labels[vals['rating']]}")
                continue
            changed = self.changes(obj, {"rating": vals["rating"]})
            if not changed and not (self.ctx.office and obj.confirmed_at is None):
                self.ctx.outcome(row, "unchanged", head)
                continue
            if self.ctx.unit_account and obj.confirmed_at is not None:
                self.ctx.error(row, "", access.CONFIRMED_MESSAGE)
                continue
            obj.rating = vals["rating"]
            self.attach(obj, vals)
            self.confirm(obj, False)
            self.updates.append(obj)
            self.update_fields |= {"rating", "confirmed_at", "confirmed_by"}
            shown = (
                f"{labels[changed['rating'][0]]} → {labels[vals['rating']]}"
                if changed
                else "xác nhận xếp loại đơn vị đã nhập"
            )
            self.ctx.outcome(row, "update", f"{head}: {shown}")


# Awards history ---------------------------------------------------------------------------


class AwardHandler(SubjectHandler):
    kind = "awards"
    model = m.Award
    LABELS = {
        "field": "lĩnh vực",
        "decision_date": "ngày quyết định",
        "issuer": "cơ quan quyết định",
    }

    @cached_property
    def forms(self) -> dict[str, m.AwardForm]:
        return {f.key: f for f in m.AwardForm.objects.all()}

    @cached_property
    def form_labels(self) -> v.Labels:
        extra = {}
        for form in self.forms.values():
            extra[v.norm(form.name).replace(" cua ", " ")] = form.key
        return v.Labels(
            "danh hiệu, hình thức khen thưởng",
            [(f.key, f.name) for f in self.forms.values()],
            extra,
        )

    def parse(self, row: Row) -> dict[str, Any]:
        year = self.year(row)
        values = self.subject_of(row, year)
        key = self.label(row, "form", self.form_labels, required=True)
        form = self.forms[key]
        person = values["person"] is not None
        if form.recipient == m.AwardForm.Recipient.PERSON and not person:
            raise Problem("form", f"“{form.name}” chỉ dành cho cá nhân.")
        if form.recipient == m.AwardForm.Recipient.COLLECTIVE and person:
            raise Problem("form", f"“{form.name}” chỉ dành cho tập thể.")
        values.update(
            form=form,
            year=year,
            field=self.label(row, "field", FIELDS_OF_AWARD),
            decision_number=self.txt(row, "decision_number", max_length=100),
            decision_date=self.date_(row, "decision_date"),
            issuer=self.txt(row, "issuer", max_length=200) or None,
        )
        return values

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        number = v.norm(values["decision_number"])
        return (*values["subject"], values["form"].key, values["year"], number)

    def plan(self, items: list[Item]) -> None:
        existing: dict[tuple[Any, ...], m.Award] = {}
        for award in m.Award.objects.filter(
            self.existing_q(items),
            year__in={i.values["year"] for i in items},
            form_id__in={i.values["form"].key for i in items},
        ).order_by("pk"):
            key = (
                *self.subject_key(award),
                award.form_id,
                award.year,
                v.norm(award.decision_number),
            )
            existing.setdefault(key, award)
        for item in items:
            vals, row = item.values, item.row
            head = f"{vals['label']}: {vals['form'].name}, năm {vals['year']}"
            if vals["decision_number"]:
                head += f", quyết định số {vals['decision_number']}"
            obj = existing.get(item.key)
            new = {k: vals[k] for k in ("field", "decision_date", "issuer")}
            if obj is None:
                obj = m.Award(
                    form=vals["form"],
                    year=vals["year"],
                    field=new["field"] or m.AwardField.CHUNG,
                    decision_number=vals["decision_number"],
                    decision_date=new["decision_date"],
                    issuer=new["issuer"] or "",
                    **self.created_by(),
                )
                self.attach(obj, vals)
                if not self.valid(obj, item, ["unit", "person", "form", "created_by"]):
                    continue
                self.creates.append(obj)
                self.ctx.outcome(row, "create", head)
                continue
            changed = self.changes(obj, new)
            if not changed:
                self.ctx.outcome(row, "unchanged", head)
                continue
            for name, (_, value) in changed.items():
                setattr(obj, name, value)
            obj.form = vals["form"]
            self.attach(obj, vals)
            self.updates.append(obj)
            self.update_fields |= set(changed)
            self.ctx.outcome(row, "update", f"{head}: {self.describe(changed, self.LABELS)}")


# Disciplines ----------------------------------------------------------------------------


class DisciplineHandler(SubjectHandler):
    kind = "disciplines"
    model = m.Discipline
    subject_fields = ("person_code", "person")
    year_field = None
    columns_of = {"person": ("person", "person_code"), "date": ("date",), "level": ("level",)}
    LABELS = {"reference": "số quyết định", "note": "ghi chú"}

    def parse(self, row: Row) -> dict[str, Any]:
        unit = self.unit(row, required=False)
        record = self.person(row, unit=unit)
        if record is None:
            raise row.blank("Chưa ghi cá nhân bị kỷ luật.", "person", "person_code")
        return {
            "person": person_instance(record),
            "label": self.ctx.people.label(record),
            "level": self.label(row, "level", DISCIPLINES, required=True),
            "date": self.date_(row, "date", required=True),
            "reference": self.txt(row, "reference", max_length=100) or None,
            "note": self.txt(row, "note", max_length=500) or None,
        }

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["person"].pk, values["date"], values["level"])

    def plan(self, items: list[Item]) -> None:
        existing: dict[tuple[Any, ...], m.Discipline] = {}
        for d in m.Discipline.objects.filter(
            person_id__in={i.key[0] for i in items}, date__in={i.key[1] for i in items}
        ).order_by("pk"):
            existing.setdefault((d.person_id, d.date, d.level), d)
        labels = dict(m.DisciplineLevel.choices)
        for item in items:
            vals, row = item.values, item.row
            head = f"{vals['label']}: {labels[vals['level']]} ngày {show_value(vals['date'])}"
            obj = existing.get(item.key)
            new = {"reference": vals["reference"], "note": vals["note"]}
            if obj is None:
                obj = m.Discipline(
                    person=vals["person"],
                    date=vals["date"],
                    level=vals["level"],
                    reference=new["reference"] or "",
                    note=new["note"] or "",
                    **self.created_by(),
                )
                if not self.valid(obj, item, ["person", "created_by"]):
                    continue
                self.creates.append(obj)
                self.ctx.outcome(row, "create", head)
                continue
            changed = self.changes(obj, new)
            if not changed:
                self.ctx.outcome(row, "unchanged", head)
                continue
            for name, (_, value) in changed.items():
                setattr(obj, name, value)
            obj.person = vals["person"]
            self.updates.append(obj)
            self.update_fields |= set(changed)
            self.ctx.outcome(row, "update", f"{head}: {self.describe(changed, self.LABELS)}")


# Attestations -----------------------------------------------------------------------------


class AttestationHandler(SubjectHandler):
    kind = "attestations"
    model = m.Attestation

    def parse(self, row: Row) -> dict[str, Any]:
        year = self.year(row)
        values = self.subject_of(row, year)
        values.update(
            year=year,
            key=self.label(row, "key", ATTESTATIONS, required=True),
            note=self.txt(row, "note", max_length=500) or None,
        )
        return values

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (*values["subject"], values["year"], values["key"])

    def plan(self, items: list[Item]) -> None:
        existing: dict[tuple[Any, ...], m.Attestation] = {}
        for a in m.Attestation.objects.filter(
            self.existing_q(items), year__in={i.values["year"] for i in items}
        ).order_by("pk"):
            existing.setdefault((*self.subject_key(a), a.year, a.key), a)
        for item in items:
            vals, row = item.values, item.row
            head = f"{vals['label']}, năm {vals['year']}: {m.ATTESTATION_KEYS[vals['key']]}"
            obj = existing.get(item.key)
            if obj is None:
                obj = m.Attestation(
                    year=vals["year"], key=vals["key"], note=vals["note"] or "", **self.created_by()
                )
                self.attach(obj, vals)
                if not self.valid(obj, item, ["unit", "person", "created_by"]):
                    continue
                self.creates.append(obj)
                self.ctx.outcome(row, "create", head)
                continue
            changed = self.changes(obj, {"note": vals["note"]})
            if not changed:
                self.ctx.outcome(row, "unchanged", head)
                continue
            obj.note = vals["note"]
            self.attach(obj, vals)
            self.updates.append(obj)
            self.update_fields |= {"note"}
            self.ctx.outcome(row, "update", f"{head}: {self.describe(changed, {'note': 'căn cứ'})}")
