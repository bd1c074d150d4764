"""Writes that touch many rows: importing a thidua-facts/1 document into the database.

The import is all-or-nothing (one transaction) and merges by natural keys: units and people
by code, PAR scores by unit and year, ratings by subject and year, initiatives by code;
disciplines, reviews and attestations already present are not duplicated; awards are
counted records, so a file that lists an award twice adds it until the database holds it
twice. Every row written is in the audit trail (bulk helpers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from thidua.lib.audit import bulk_create_logged, bulk_update_logged
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
    summary = ImportSummary()
    units = _import_units(facts.units, summary)
    people = _import_people(facts.people, units, summary)
    subjects: dict[str, tuple[str, int]] = {c: ("unit", u.pk) for c, u in units.items()}
    subjects.update((c, ("person", p.pk)) for c, p in people.items())
    _import_par_scores(facts.par_scores, units, summary)
    _import_ratings(facts.ratings, subjects, summary)
    _import_disciplines(facts.disciplines, people, summary)
    _import_reviews(facts.reviews, subjects, summary)
    _import_awards(facts.awards, subjects, summary)
    _import_initiatives(facts.initiatives, units, people, summary)
    _import_attestations(facts.attestations, subjects, summary)
    return summary


def _subject_kwargs(ref: tuple[str, int]) -> dict[str, int]:
    return {f"{ref[0]}_id": ref[1]}


def _import_units(records: Iterable[f.Unit], summary: ImportSummary) -> dict[str, Unit]:
    records = list(records)
    codes = [r.code for r in records]
    clash = Person.objects.filter(code__in=codes).values_list("code", flat=True).first()
    if clash:
        raise ImportConflict(f"units: code {clash!r} is a person's code in the database")
    existing = Unit.objects.in_bulk(codes, field_name="code")
    new, changed = [], []
    for r in records:
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
    return Unit.objects.in_bulk(codes, field_name="code")


def _import_people(
    records: Iterable[f.Person], units: dict[str, Unit], summary: ImportSummary
) -> dict[str, Person]:
    records = list(records)
    codes = [r.code for r in records]
    clash = (
        Unit.objects.filter(code__in=codes)
        .exclude(code__in=units)
        .values_list("code", flat=True)
        .first()
    )
    if clash:
        raise ImportConflict(f"people: code {clash!r} is a unit's code in the database")
    existing = Person.objects.in_bulk(codes, field_name="code")
    fields = ("full_name", "unit_id", "position", "key_leader", "cchc_role", "unit_chair")
    new, changed = [], []
    for r in records:
        values = (
            normalize_name(r.name) or r.code,
            units[r.unit].pk,
            r.position,
            r.key_leader,
            r.cchc_role,
            r.unit_chair,
        )
        person = existing.get(r.code)
        if person is None:
            person = Person(code=r.code, **dict(zip(fields, values, strict=True)))
            new.append(person)
        elif tuple(getattr(person, name) for name in fields) != values:
            for name, value in zip(fields, values, strict=True):
                setattr(person, name, value)
            changed.append(person)
        else:
            continue
        person.derive()
    bulk_create_logged(Person, new)
    bulk_update_logged(Person, changed, [*fields, *Person.DERIVED_FIELDS])
    summary.created["people"] += len(new)
    summary.updated["people"] += len(changed)
    return Person.objects.in_bulk(codes, field_name="code")


def _import_par_scores(
    records: Iterable[f.ParScore], units: dict[str, Unit], summary: ImportSummary
) -> None:
    records = list(records)
    unit_ids = {units[r.unit].pk for r in records}
    existing = {(s.unit_id, s.year): s for s in m.ParScore.objects.filter(unit_id__in=unit_ids)}
    new, changed = [], []
    now = timezone.now()  # the office's document: what it states is confirmed
    for r in records:
        unit = units[r.unit]
        if not unit.par_assessed:  # the database's flag, for units not in this document
            raise ImportConflict(f"par_scores: unit {r.unit!r} is not assessed by the PAR index")
        score = existing.get((unit.pk, r.year))
        if score is None:
            new.append(m.ParScore(unit=unit, year=r.year, score=r.score, max_score=r.max))
        elif (score.score, score.max_score) != (r.score, r.max) or score.confirmed_at is None:
            score.score, score.max_score = r.score, r.max
            score.confirmed_at = now
            changed.append(score)
    bulk_create_logged(m.ParScore, new)
    bulk_update_logged(m.ParScore, changed, ["score", "max_score", "confirmed_at"])
    summary.created["par_scores"] += len(new)
    summary.updated["par_scores"] += len(changed)


def _import_ratings(
    records: Iterable[f.Rating], subjects: dict[str, tuple[str, int]], summary: ImportSummary
) -> None:
    existing: dict[tuple[str, int, int], m.Rating] = {}
    for rating in m.Rating.objects.all().only(
        "unit_id", "person_id", "year", "rating", "confirmed_at"
    ):
        kind, pk = ("person", rating.person_id) if rating.person_id else ("unit", rating.unit_id)
        existing[(kind, pk, rating.year)] = rating  # type: ignore[index]
    new, changed = [], []
    now = timezone.now()
    for r in records:
        ref = subjects[r.subject]
        rating = existing.get((ref[0], ref[1], r.year))
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
    records: Iterable[f.Discipline], people: dict[str, Person], summary: ImportSummary
) -> None:
    have = set(m.Discipline.objects.values_list("person_id", "date", "level"))
    new = []
    for r in records:
        key = (people[r.person].pk, r.date, r.level)
        if key not in have:
            have.add(key)
            new.append(m.Discipline(person_id=key[0], date=r.date, level=r.level))
    bulk_create_logged(m.Discipline, new)
    summary.created["disciplines"] += len(new)


def _import_reviews(
    records: Iterable[f.Review], subjects: dict[str, tuple[str, int]], summary: ImportSummary
) -> None:
    existing = {
        (("person", r.person_id) if r.person_id else ("unit", r.unit_id), r.since, r.kind): r
        for r in m.Review.objects.all()
    }
    new, changed = [], []
    for r in records:
        ref = subjects[r.subject]
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


def _import_awards(
    records: Iterable[f.Award], subjects: dict[str, tuple[str, int]], summary: ImportSummary
) -> None:
    def key(kind: str, pk: Any, form: str, year: int, field_: str) -> tuple[Any, ...]:
        return (kind, pk, form, year, field_)

    have = Counter(
        key("person" if pid else "unit", pid or uid, form, year, field_)
        for uid, pid, form, year, field_ in m.Award.objects.values_list(
            "unit_id", "person_id", "form_id", "year", "field"
        )
    )
    wanted = Counter(key(*subjects[r.recipient], r.form, r.year, r.field) for r in records)
    new = [
        m.Award(form_id=k[2], year=k[3], field=k[4], **_subject_kwargs((k[0], k[1])))
        for k, count in wanted.items()
        for _ in range(max(count - have[k], 0))
    ]
    bulk_create_logged(m.Award, new)
    summary.created["awards"] += len(new)


def _import_initiatives(
    records: Iterable[f.Initiative],
    units: dict[str, Unit],
    people: dict[str, Person],
    summary: ImportSummary,
) -> None:
    records = list(records)
    existing = m.Initiative.objects.in_bulk([r.code for r in records], field_name="code")
    new, changed = [], []
    now = timezone.now()
    for r in records:
        unit_id = units[r.unit].pk if r.unit else None
        initiative = existing.get(r.code)
        if initiative is None:
            new.append(
                m.Initiative(code=r.code, title=r.code, unit_id=unit_id, year=r.year, scope=r.scope)
            )
        elif (initiative.unit_id, initiative.year, initiative.scope) != (
            unit_id,
            r.year,
            r.scope,
        ) or initiative.confirmed_at is None:
            initiative.unit_id, initiative.year, initiative.scope = unit_id, r.year, r.scope
            initiative.confirmed_at = now
            changed.append(initiative)
    bulk_create_logged(m.Initiative, new)
    bulk_update_logged(m.Initiative, changed, ["unit", "year", "scope", "confirmed_at"])
    by_code = m.Initiative.objects.in_bulk([r.code for r in records], field_name="code")
    through = m.Initiative.authors.through
    have = set(
        through.objects.filter(initiative__in=by_code.values()).values_list(
            "initiative_id", "person_id"
        )
    )
    links = []
    for r in records:
        for author in r.authors:
            pair = (by_code[r.code].pk, people[author].pk)
            if pair not in have:
                have.add(pair)
                links.append(through(initiative_id=pair[0], person_id=pair[1]))
    through.objects.bulk_create(links)
    summary.created["initiatives"] += len(new)
    summary.updated["initiatives"] += len(changed)
    summary.created["initiative authors"] += len(links)


def _import_attestations(
    records: Iterable[f.Attestation], subjects: dict[str, tuple[str, int]], summary: ImportSummary
) -> None:
    have = {
        (("person", pid) if pid else ("unit", uid), year, key)
        for uid, pid, year, key in m.Attestation.objects.values_list(
            "unit_id", "person_id", "year", "key"
        )
    }
    new = []
    for r in records:
        ref = subjects[r.subject]
        if (ref, r.year, r.key) not in have:
            have.add((ref, r.year, r.key))
            new.append(m.Attestation(year=r.year, key=r.key, **_subject_kwargs(ref)))
    bulk_create_logged(m.Attestation, new)
    summary.created["attestations"] += len(new)
