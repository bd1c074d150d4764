"""Writes that touch many rows: importing a thidua-facts/1 document into the database.

The import is all-or-nothing (one transaction) and merges by natural keys: units and people
by code, PAR scores by unit and year, ratings by subject and year, initiatives by code;
disciplines, reviews and attestations already present are not duplicated; awards are
counted records, so a file that lists an award twice adds it until the database holds it
twice. Every row written is in the audit trail (bulk helpers).

Each section is read and written in batches of `thidua.lib.batching.BATCH` records: no
statement binds more values than a database allows (300,000 people passed in one `IN (...)`
broke SQLite), and the queries per batch are fixed, never one per row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from thidua.lib.audit import bulk_create_logged, bulk_update_logged, log_links
from thidua.lib.batching import chunked, in_bulk
from thidua.lib.vietnamese import fold, normalize_name
from thidua.org.models import Person, Unit
from thidua.rules import facts as f
from thidua.scoring import models as m

# The facts format knows a unit's competition group, not its level in the tree.
LEVEL_OF_GROUP = {
    "phong": Unit.Level.CO_QUAN,
    "xa": Unit.Level.XA,
    "bo_phan": Unit.Level.BO_PHAN,
    "thon": Unit.Level.THON,
    "tw": Unit.Level.KHAC,
    "khac": Unit.Level.KHAC,
}


class ImportConflict(ValueError):
    """The document conflicts with what the database holds (English, one line)."""


@dataclass
class ImportSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        sections = sorted(set(self.created) | set(self.updated))
        return [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated"
            for name in sections
        ]


@transaction.atomic
def import_facts(facts: f.Facts) -> ImportSummary:
    """Import `facts` in batches of BATCH records: a fixed number of queries per batch
    (never per row), one transaction for the whole document, one audit entry per row.

    Between sections only code -> id maps are kept (not model instances), so a document of
    300,000 people is not held again as objects beside the loader's records."""
    summary = ImportSummary()
    units, assessed = _import_units(facts.units, summary)
    people = _import_people(facts.people, units, summary)
    subjects = _Subjects(units, people)
    _import_par_scores(facts.par_scores, units, assessed, summary)
    _import_ratings(facts.ratings, subjects, summary)
    _import_disciplines(facts.disciplines, people, summary)
    _import_reviews(facts.reviews, subjects, summary)
    _import_awards(facts.awards, subjects, summary)
    _import_initiatives(facts.initiatives, units, people, summary)
    _import_attestations(facts.attestations, subjects, summary)
    return summary


class _Subjects:
    """A fact's subject by code: ("unit", id) or ("person", id); the codes are disjoint."""

    def __init__(self, units: dict[str, int], people: dict[str, int]) -> None:
        self.units, self.people = units, people

    def __getitem__(self, code: str) -> tuple[str, int]:
        pk = self.people.get(code)
        return ("person", pk) if pk is not None else ("unit", self.units[code])

    @staticmethod
    def of(queryset: QuerySet[Any], refs: Iterable[tuple[str, int]]) -> QuerySet[Any]:
        """The rows of `queryset` whose subject is one of `refs` (one query)."""
        refs = set(refs)
        people = [pk for kind, pk in refs if kind == "person"]
        units = [pk for kind, pk in refs if kind == "unit"]
        return queryset.filter(Q(person_id__in=people) | Q(unit_id__in=units))


def _subject_kwargs(ref: tuple[str, int]) -> dict[str, int]:
    return {f"{ref[0]}_id": ref[1]}


def _subject_of(unit_id: int | None, person_id: int | None) -> tuple[str, int]:
    return ("person", person_id) if person_id else ("unit", unit_id)  # type: ignore[return-value]


def _import_units(
    records: Iterable[f.Unit], summary: ImportSummary
) -> tuple[dict[str, int], set[int]]:
    """The units' ids by code, and the ids of those the PAR index assesses."""
    ids: dict[str, int] = {}
    assessed: set[int] = set()
    for chunk in chunked(records):
        codes = [r.code for r in chunk]
        clash = Person.objects.filter(code__in=codes).values_list("code", flat=True).first()
        if clash:
            raise ImportConflict(f"units: code {clash!r} is a person's code in the database")
        existing = in_bulk(Unit.objects, codes, field_name="code")
        new, changed = [], []
        for r in chunk:
            unit = existing.get(r.code)
            name = r.name or r.code
            if unit is None:
                new.append(
                    Unit(
                        code=r.code,
                        name=name,
                        group_id=r.group,
                        level=LEVEL_OF_GROUP[r.group],
                        par_assessed=r.par_assessed,
                        search_text=fold(f"{r.code} {name}"),
                    )
                )
            elif (unit.name, unit.group_id, unit.par_assessed) != (name, r.group, r.par_assessed):
                unit.name, unit.group_id, unit.par_assessed = name, r.group, r.par_assessed
                unit.search_text = fold(f"{r.code} {name}")
                changed.append(unit)
        created = bulk_create_logged(Unit, new)
        if created:
            # New units come in at the top of the tree; the office places them afterwards.
            Unit.objects.filter(pk__in=[u.pk for u in created]).update(
                path=Concat(
                    Value("/"), Cast("pk", output_field=Unit._meta.get_field("path")), Value("/")
                )
            )
        bulk_update_logged(Unit, changed, ["name", "group", "par_assessed", "search_text"])
        summary.created["units"] += len(created)
        summary.updated["units"] += len(changed)
        for unit in (*existing.values(), *created):
            ids[unit.code] = unit.pk
            if unit.par_assessed:
                assessed.add(unit.pk)
    return ids, assessed


def _import_people(
    records: Iterable[f.Person], units: dict[str, int], summary: ImportSummary
) -> dict[str, int]:
    """The people's ids by code."""
    ids: dict[str, int] = {}
    fields = ("full_name", "unit_id", "position", "key_leader", "cchc_role", "unit_chair")
    for chunk in chunked(records):
        codes = [r.code for r in chunk]
        clash = next(
            (
                code
                for code in Unit.objects.filter(code__in=codes)
                .order_by("pk")
                .values_list("code", flat=True)
                if code not in units
            ),
            None,
        )
        if clash:
            raise ImportConflict(f"people: code {clash!r} is a unit's code in the database")
        existing = in_bulk(Person.objects, codes, field_name="code")
        new, changed = [], []
        for r in chunk:
            values = (
                normalize_name(r.name) or r.code,
                units[r.unit],
                r.position,
                r.key_leader,
                r.cchc_role,
                r.unit_chair,
            )
            person = existing.get(r.code)  # the bulk writes derive() what they write
            if person is None:
                new.append(Person(code=r.code, **dict(zip(fields, values, strict=True))))
            elif tuple(getattr(person, name) for name in fields) != values:
                for name, value in zip(fields, values, strict=True):
                    setattr(person, name, value)
                changed.append(person)
        created = bulk_create_logged(Person, new)
        bulk_update_logged(Person, changed, [*fields, *Person.DERIVED_FIELDS])
        summary.created["people"] += len(created)
        summary.updated["people"] += len(changed)
        ids.update((p.code, p.pk) for p in (*existing.values(), *created))
    return ids


def _import_par_scores(
    records: Iterable[f.ParScore],
    units: dict[str, int],
    assessed: set[int],
    summary: ImportSummary,
) -> None:
    now = timezone.now()  # the office's document: what it states is confirmed
    for chunk in chunked(records):
        for r in chunk:
            if units[r.unit] not in assessed:  # the database's flag, as the document left it
                raise ImportConflict(
                    f"par_scores: unit {r.unit!r} is not assessed by the PAR index"
                )
        existing = {
            (s.unit_id, s.year): s
            for s in m.ParScore.objects.filter(
                unit_id__in={units[r.unit] for r in chunk}, year__in={r.year for r in chunk}
            )
        }
        new, changed = [], []
        for r in chunk:
            unit_id = units[r.unit]
            score = existing.get((unit_id, r.year))
            if score is None:
                new.append(m.ParScore(unit_id=unit_id, year=r.year, score=r.score, max_score=r.max))
            elif (score.score, score.max_score) != (r.score, r.max) or score.confirmed_at is None:
                score.score, score.max_score = r.score, r.max
                score.confirmed_at = now
                changed.append(score)
        bulk_create_logged(m.ParScore, new)
        bulk_update_logged(m.ParScore, changed, ["score", "max_score", "confirmed_at"])
        summary.created["par_scores"] += len(new)
        summary.updated["par_scores"] += len(changed)


def _import_ratings(
    records: Iterable[f.Rating], subjects: _Subjects, summary: ImportSummary
) -> None:
    now = timezone.now()
    for chunk in chunked(records):
        refs = [subjects[r.subject] for r in chunk]
        found = _Subjects.of(
            m.Rating.objects.filter(year__in={r.year for r in chunk}).only(
                "unit_id", "person_id", "year", "rating", "confirmed_at"
            ),
            refs,
        )
        existing = {(*_subject_of(x.unit_id, x.person_id), x.year): x for x in found}
        new, changed = [], []
        for r, ref in zip(chunk, refs, strict=True):
            rating = existing.get((*ref, r.year))
            if rating is None:
                new.append(m.Rating(year=r.year, rating=r.rating, **_subject_kwargs(ref)))
            elif rating.rating != r.rating or rating.confirmed_at is None:
                rating.rating = r.rating
                rating.confirmed_at = now
                changed.append(rating)
        bulk_create_logged(m.Rating, new)
        bulk_update_logged(m.Rating, changed, ["rating", "confirmed_at"])
        summary.created["ratings"] += len(new)
        summary.updated["ratings"] += len(changed)


def _import_disciplines(
    records: Iterable[f.Discipline], people: dict[str, int], summary: ImportSummary
) -> None:
    for chunk in chunked(records):
        keys = [(people[r.person], r.date, r.level) for r in chunk]
        have = set(
            m.Discipline.objects.filter(person_id__in={k[0] for k in keys}).values_list(
                "person_id", "date", "level"
            )
        )
        new = []
        for key in keys:
            if key not in have:
                have.add(key)
                new.append(m.Discipline(person_id=key[0], date=key[1], level=key[2]))
        bulk_create_logged(m.Discipline, new)
        summary.created["disciplines"] += len(new)


def _import_reviews(
    records: Iterable[f.Review], subjects: _Subjects, summary: ImportSummary
) -> None:
    for chunk in chunked(records):
        refs = [subjects[r.subject] for r in chunk]
        existing = {
            (_subject_of(x.unit_id, x.person_id), x.since, x.kind): x
            for x in _Subjects.of(m.Review.objects.all(), refs)
        }
        new, changed = [], []
        for r, ref in zip(chunk, refs, strict=True):
            review = existing.get((ref, r.since, r.kind))
            if review is None:
                review = m.Review(since=r.since, kind=r.kind, until=r.until, **_subject_kwargs(ref))
                existing[(ref, r.since, r.kind)] = review
                new.append(review)
            elif review.until != r.until:
                review.until = r.until
                changed.append(review)
        bulk_create_logged(m.Review, new)
        bulk_update_logged(m.Review, changed, ["until"])
        summary.created["reviews"] += len(new)
        summary.updated["reviews"] += len(changed)


def _import_awards(records: Iterable[f.Award], subjects: _Subjects, summary: ImportSummary) -> None:
    # Counted records: the document's count of each (recipient, form, year, field) against
    # the database's, so each key is counted once, in one batch.
    wanted = Counter((*subjects[r.recipient], r.form, r.year, r.field) for r in records)
    for chunk in chunked(wanted.items()):
        found = _Subjects.of(m.Award.objects.all(), ((k[0], k[1]) for k, _ in chunk))
        have = Counter(
            (*_subject_of(uid, pid), form, year, field_)
            for uid, pid, form, year, field_ in found.values_list(
                "unit_id", "person_id", "form_id", "year", "field"
            )
        )
        new = [
            m.Award(form_id=k[2], year=k[3], field=k[4], **_subject_kwargs((k[0], k[1])))
            for k, count in chunk
            for _ in range(max(count - have[k], 0))
        ]
        bulk_create_logged(m.Award, new)
        summary.created["awards"] += len(new)


def _import_initiatives(
    records: Iterable[f.Initiative],
    units: dict[str, int],
    people: dict[str, int],
    summary: ImportSummary,
) -> None:
    now = timezone.now()
    through = m.Initiative.authors.through
    for chunk in chunked(records):
        existing = in_bulk(m.Initiative.objects, [r.code for r in chunk], field_name="code")
        new, changed = [], []
        for r in chunk:
            unit_id = units[r.unit] if r.unit else None
            initiative = existing.get(r.code)
            if initiative is None:
                new.append(
                    m.Initiative(
                        code=r.code, title=r.code, unit_id=unit_id, year=r.year, scope=r.scope
                    )
                )
            elif (initiative.unit_id, initiative.year, initiative.scope) != (
                unit_id,
                r.year,
                r.scope,
            ) or initiative.confirmed_at is None:
                initiative.unit_id, initiative.year, initiative.scope = unit_id, r.year, r.scope
                initiative.confirmed_at = now
                changed.append(initiative)
        created = bulk_create_logged(m.Initiative, new)
        bulk_update_logged(m.Initiative, changed, ["unit", "year", "scope", "confirmed_at"])
        pk_of = {i.code: i.pk for i in (*existing.values(), *created)}
        have = set(
            through.objects.filter(initiative_id__in=list(pk_of.values())).values_list(
                "initiative_id", "person_id"
            )
        )
        links = []
        for r in chunk:
            for author in r.authors:
                pair = (pk_of[r.code], people[author])
                if pair not in have:
                    have.add(pair)
                    links.append(through(initiative_id=pair[0], person_id=pair[1]))
        through.objects.bulk_create(links)
        # The through table's rows have no signals: the authors' changes as auditlog's own.
        log_links(m.Initiative, "authors", [(x.initiative_id, x.person_id) for x in links], "add")
        summary.created["initiatives"] += len(created)
        summary.updated["initiatives"] += len(changed)
        summary.created["initiative authors"] += len(links)


def _import_attestations(
    records: Iterable[f.Attestation], subjects: _Subjects, summary: ImportSummary
) -> None:
    for chunk in chunked(records):
        refs = [subjects[r.subject] for r in chunk]
        found = _Subjects.of(m.Attestation.objects.filter(year__in={r.year for r in chunk}), refs)
        have = {
            (_subject_of(uid, pid), year, key)
            for uid, pid, year, key in found.values_list("unit_id", "person_id", "year", "key")
        }
        new = []
        for r, ref in zip(chunk, refs, strict=True):
            if (ref, r.year, r.key) not in have:
                have.add((ref, r.year, r.key))
                new.append(m.Attestation(year=r.year, key=r.key, **_subject_kwargs(ref)))
        bulk_create_logged(m.Attestation, new)
        summary.created["attestations"] += len(new)
