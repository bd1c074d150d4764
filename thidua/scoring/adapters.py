"""From the database to the engine: the facts of the units valid in some years, built with a
fixed number of queries whatever the number of candidates (one per kind of fact, plus the
initiatives' authors, plus four for the mergers), as plain tuples (no model instances).

Across a merger (issue 9: "their people, scores and award history carry over, the engine
reads them across the merger"): a unit formed by merging others (``Unit.merged_from``, with
a ``valid_from``) reads, for each year that began before it existed (1 January of the year
before its ``valid_from``: a unit formed on 01/7/2025 reads 2024 and 2025), its
predecessors' collective facts as its own, unless it has its own fact of that kind that year:

- one predecessor: its PAR score, its rating, its collective awards;
- several: a PAR score only when every predecessor has one, the lowest percent of them (the
  merged unit claims no more than its weakest part achieved), unknown when any is missing;
  a rating likewise the lowest, unknown when any is missing; a collective award (form and
  year) only when every predecessor received it.

A PAR score read so carries its predecessor's name (``ParScore.source``), which the
explanations show ("… — số liệu của UBND xã Ân Hảo"); it is never ranked (the
predecessors hold that year's places), and thidua-facts/1 does not carry it. One level of
merger is read (a predecessor's own predecessors are not). People's facts need none of
this: they are on the person and go with them (``former_unit``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce

from thidua.org.models import Person, Unit
from thidua.rules import facts as f
from thidua.rules.catalogue import RATING_RANK
from thidua.rules.reads import Reads
from thidua.scoring import models as m

# Units propose, the office confirms: the engine reads confirmed rows only.
CONFIRMED = Q(confirmed_at__isnull=False)
# A revoked award (a revocation decision set revoked_on) is no longer part of the history.
IN_FORCE = Q(revoked_on__isnull=True)


def units_valid_in(years: Iterable[int]) -> Q:
    """Units in existence at some time during `years` (a unit merged away in mid-2025 is a
    candidate for 2025 and earlier, not for 2026)."""
    years = list(years)
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=last)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )


def facts_from_db(
    years: Iterable[int],
    unit_ids: Iterable[int] | None = None,
    reads: Reads | None = None,
    extra_attestations: Iterable[tuple[str, int, str]] = (),
    across_mergers: bool = True,
) -> f.Facts:
    """The facts the engine reads for an evaluation over `years`.

    `unit_ids` narrows the units (and their people and facts) — e.g. to a campaign's
    participants; ranks are computed among the units given, so pass every unit of the
    campaign, not only the ones a user may see. `reads` (thidua.rules.reads) narrows the
    facts to the kinds and years a template reads; without it, every fact is loaded.
    ``across_mergers`` reads merged units' predecessors' facts (the module's docstring);
    without it, only the facts recorded for each unit (what `export-facts` writes).
    `extra_attestations` are (subject, year, key) judgements kept elsewhere than the
    attestations table (a campaign's registrations), added for subjects in the facts.
    """
    window = _Window(reads)
    unit_filter = units_valid_in(years)
    if unit_ids is not None:
        unit_filter &= Q(pk__in=list(unit_ids))
    unit_ids_q = Unit.objects.filter(unit_filter).values("pk")
    of_units = Q(unit__in=unit_ids_q)
    # A person a merger moved is read as a member of the former unit while the years read
    # reach it (and it is in scope), otherwise of the unit they are in now: their own facts
    # (ratings, awards, …) are on the person and go with them either way.
    members = Q(unit__in=unit_ids_q) | Q(former_unit__in=unit_ids_q)
    of_people = Q(person__unit__in=unit_ids_q) | Q(person__former_unit__in=unit_ids_q)
    unit_of_member = Case(
        When(former_unit__in=unit_ids_q, then=F("former_unit__code")), default=F("unit__code")
    )

    units = [
        f.Unit(code=code, group=group, name=name, par_assessed=assessed)
        for code, group, name, assessed in Unit.objects.filter(unit_filter)
        .order_by("path")
        .values_list("code", "group_id", "name", "par_assessed")
    ]
    lineage = _Lineage(unit_ids_q if across_mergers else Unit.objects.none().values("pk"), window)
    people = [
        f.Person(
            code=code,
            unit=unit,
            name=name,
            position=position,
            key_leader=key_leader,
            cchc_role=cchc_role,
            unit_chair=unit_chair,
        )
        for code, unit, name, position, key_leader, cchc_role, unit_chair in Person.objects.filter(
            members
        )
        .annotate(member_of=unit_of_member)
        .order_by("unit__path", "code")
        .values_list(
            "code", "member_of", "full_name", "position", "key_leader", "cchc_role", "unit_chair"
        )
    ]
    # Only appraised, confirmed scores count; a self-assessment alone is not a result yet.
    par_scores = [
        f.ParScore(*row)
        for row in m.ParScore.objects.filter(
            of_units,
            window.years("par_scores"),
            CONFIRMED,
            score__isnull=False,
            unit__par_assessed=True,
        ).values_list("unit__code", "year", "score", "max_score")
    ]
    par_scores += lineage.par_scores({(s.unit, s.year) for s in par_scores})
    subjects = of_units | of_people
    # The two largest sections stay as columns: no record object per row. A unit's entry
    # the office has not confirmed is not a fact.
    rating_rows = list(
        _subject_rows(m.Rating, subjects & window.years("ratings") & CONFIRMED, "year", "rating")
    )
    rating_rows += lineage.ratings({(code, year) for code, year, _ in rating_rows})
    ratings = f.LazyRecords.from_rows(rating_rows, f.Rating)
    disciplines = [
        f.Discipline(*row)
        for row in m.Discipline.objects.filter(
            of_people, window.years("disciplines", "date__year")
        ).values_list("person__code", "date", "level")
    ]
    reviews = [
        f.Review(*row)
        for row in _subject_rows(
            m.Review, subjects & window.open_reviews(), "since", "kind", "until"
        )
    ]
    awards = [
        f.Award(*row)
        for row in _subject_rows(
            m.Award,
            subjects & window.years("awards") & IN_FORCE,
            "form_id",
            "year",
            "field",
        )
    ]
    awards += lineage.awards({(a.recipient, a.form, a.year) for a in awards})
    authors: dict[int, list[str]] = defaultdict(list)
    for initiative_id, code in (
        m.Initiative.authors.through.objects.filter(
            of_people,
            window.years("initiatives", "initiative__year"),
            initiative__confirmed_at__isnull=False,
        )
        .order_by("pk")
        .values_list("initiative_id", "person__code")
    ):
        authors[initiative_id].append(code)
    unit_codes = {u.code for u in units}
    initiatives = [
        f.Initiative(
            code=code,
            year=year,
            scope=scope,
            # An initiative of a unit outside the evaluation still counts for its authors.
            unit=unit if unit in unit_codes else None,
            authors=tuple(authors.get(pk, ())),
        )
        for pk, code, year, scope, unit in m.Initiative.objects.filter(
            Q(unit__in=unit_ids_q)
            | Q(authors__unit__in=unit_ids_q)
            | Q(authors__former_unit__in=unit_ids_q),
            window.years("initiatives"),
            CONFIRMED,
        )
        .distinct()
        .order_by("code")
        .values_list("pk", "code", "year", "scope", "unit__code")
    ]
    attestation_rows = list(
        _subject_rows(
            m.Attestation,
            subjects & window.years("attestations") & window.attestation_keys(),
            "year",
            "key",
        )
    )
    known = unit_codes | {p.code for p in people}
    attestation_rows += [row for row in extra_attestations if row[0] in known]
    attestations = f.LazyRecords.from_rows(attestation_rows, f.Attestation)
    return f.Facts.from_records(
        units=units,
        people=people,
        par_scores=par_scores,
        ratings=ratings,
        disciplines=disciplines,
        reviews=reviews,
        awards=awards,
        initiatives=initiatives,
        attestations=attestations,
    )


class _Lineage:
    """The predecessors' collective facts a merged unit reads for the years before it
    existed (the module's docstring gives the rule): four queries whatever the size."""

    def __init__(self, unit_ids_q: Any, window: _Window) -> None:
        self.window = window
        # (new unit's code, its valid_from, predecessor id, predecessor's name)
        rows = Unit.merged_from.through.objects.filter(
            from_unit__in=unit_ids_q, from_unit__valid_from__isnull=False
        ).values_list(
            "from_unit__code", "from_unit__valid_from", "from_unit__par_assessed", "to_unit_id",
            "to_unit__name",
        )  # fmt: skip
        self.predecessors: dict[str, list[int]] = defaultdict(list)
        self.begins: dict[str, dt.date] = {}
        self.assessed: dict[str, bool] = {}
        self.names: dict[int, str] = {}
        for code, begins, assessed, old, name in rows:
            self.predecessors[code].append(old)
            self.begins[code], self.assessed[code], self.names[old] = begins, assessed, name
        self.old_ids = sorted(self.names)

    def _before(self, code: str, year: int) -> bool:
        return dt.date(year, 1, 1) < self.begins[code]

    def _each(self, by_old: dict[int, dict[int, Any]]) -> Iterable[tuple[str, int, list[Any]]]:
        """(new unit, year, the predecessors' values) where every predecessor has one."""
        years = {y for values in by_old.values() for y in values}
        for code, olds in self.predecessors.items():
            for year in sorted(years):
                if not self._before(code, year):
                    continue
                values = [by_old.get(old, {}).get(year) for old in olds]
                if all(v is not None for v in values):
                    yield code, year, values

    def par_scores(self, own: set[tuple[str, int]]) -> list[f.ParScore]:
        if not self.old_ids:
            return []
        by_old: dict[int, dict[int, tuple[Any, Any, int]]] = defaultdict(dict)
        for old, year, score, max_score in m.ParScore.objects.filter(
            self.window.years("par_scores"),
            CONFIRMED,
            unit__in=self.old_ids,
            score__isnull=False,
            unit__par_assessed=True,
        ).values_list("unit_id", "year", "score", "max_score"):
            by_old[old][year] = (score, max_score, old)
        out = []
        for code, year, values in self._each(by_old):
            if (code, year) in own or not self.assessed[code]:
                continue
            score, max_score, old = min(values, key=lambda v: v[0] / v[1])
            source = self.names[old]
            if len(values) > 1:
                source += f" (thấp nhất trong {len(values)} đơn vị hợp nhất)"
            out.append(f.ParScore(code, year, score, max_score, source))
        return out

    def ratings(self, own: set[tuple[str, int]]) -> list[tuple[str, int, str]]:
        if not self.old_ids:
            return []
        by_old: dict[int, dict[int, str]] = defaultdict(dict)
        for old, year, rating in m.Rating.objects.filter(
            self.window.years("ratings"), CONFIRMED, unit__in=self.old_ids
        ).values_list("unit_id", "year", "rating"):
            by_old[old][year] = rating
        return [
            (code, year, min(values, key=lambda r: RATING_RANK.get(r, -1)))
            for code, year, values in self._each(by_old)
            if (code, year) not in own
        ]

    def awards(self, own: set[tuple[str, str, int]]) -> list[f.Award]:
        if not self.old_ids:
            return []
        by_form: dict[str, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
        for old, form, year, field in m.Award.objects.filter(
            self.window.years("awards") & IN_FORCE, unit__in=self.old_ids
        ).values_list("unit_id", "form_id", "year", "field"):
            by_form[form][old][year] = field
        return [
            f.Award(code, form, year, values[0])
            for form, by_old in by_form.items()
            for code, year, values in self._each(by_old)
            if (code, form, year) not in own
        ]


class _Window:
    """The filter of each kind of fact by the years a template reads (see rules.reads)."""

    NOTHING = Q(pk__in=[])

    def __init__(self, reads: Reads | None) -> None:
        self.reads = reads

    def years(self, kind: str, field: str = "year") -> Q:
        if self.reads is None:
            return Q()
        if kind not in self.reads:
            return self.NOTHING
        years = self.reads[kind]
        return Q() if years is None else Q(**{f"{field}__in": sorted(years)})

    def attestation_keys(self) -> Q:
        keys = None if self.reads is None else self.reads.get("attestation_keys")
        return Q() if keys is None else Q(key__in=sorted(keys))

    def open_reviews(self) -> Q:
        """Reviews that may be open on 31/12 of a year read."""
        if self.reads is None:
            return Q()
        if "reviews" not in self.reads:
            return self.NOTHING
        years = self.reads["reviews"]
        if years is None:
            return Q()
        first, last = dt.date(min(years), 12, 31), dt.date(max(years), 12, 31)
        return Q(since__lte=last) & (Q(until__isnull=True) | Q(until__gt=first))


def _subject_rows(model: Any, condition: Q, *fields: str) -> Any:
    """(subject code, *fields) of a fact about a unit or a person."""
    return (
        model.objects.filter(condition)
        .annotate(subject_code=Coalesce("person__code", "unit__code"))
        .values_list("subject_code", *fields)
    )
