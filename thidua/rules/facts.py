"""The facts the engine reads: format ``thidua-facts/1`` (RULES.md §1).

Two ways in:

* :func:`load_facts` takes the parsed JSON document (a ``dict``) and checks *everything*
  §1 refuses, raising :class:`FactsError` with one English line naming section, index and
  field (``par_scores[3].score: must be a number between 0 and max (100)``).
* :meth:`Facts.from_records` takes already-typed records (e.g. built from database rows)
  and skips the per-field type checks; it still checks references, uniqueness and the
  ``par_assessed`` rule, which cost a dictionary look-up each.

Both build the look-up indexes the engine uses once, so that evaluation never scans all
facts per candidate.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from types import FrameType
from typing import Any, Final, TypeVar, overload

import msgspec

from thidua.rules.catalogue import (
    AWARD_FIELDS,
    AWARD_FORMS,
    DISCIPLINE_LEVELS,
    GROUPS,
    INITIATIVE_SCOPES,
    RATINGS,
    REVIEW_KINDS,
)

FORMAT: Final = "thidua-facts/1"
_R = TypeVar("_R")
HUNDRED: Final = Decimal(100)


class FactsError(ValueError):
    """Bad facts: the message is one English line naming section, index and field."""


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    group: str
    name: str = ""
    par_assessed: bool = True


@dataclass(frozen=True, slots=True)
class Person:
    code: str
    unit: str
    name: str = ""
    position: str = ""
    key_leader: bool = False
    cchc_role: bool = False
    unit_chair: bool = False


@dataclass(frozen=True, slots=True)
class ParScore:
    unit: str
    year: int
    score: Decimal
    max: Decimal = HUNDRED
    # Whose score it is when not the unit's own: a unit formed by a merger reads its
    # predecessor's for the years before it existed ("UBND xã Ân Hảo"); shown in the
    # explanations, not part of thidua-facts/1.
    source: str = ""


@dataclass(frozen=True, slots=True)
class Rating:
    subject: str
    year: int
    rating: str


@dataclass(frozen=True, slots=True)
class Discipline:
    person: str
    date: dt.date
    level: str


@dataclass(frozen=True, slots=True)
class Review:
    subject: str
    since: dt.date
    kind: str
    until: dt.date | None = None

    def open_on(self, day: dt.date) -> bool:
        """Open on ``day`` (RULES.md §2.7): started by then and not closed by then."""
        return self.since <= day and (self.until is None or self.until > day)


@dataclass(frozen=True, slots=True)
class Award:
    recipient: str
    form: str
    year: int
    field: str = "chung"


@dataclass(frozen=True, slots=True)
class Initiative:
    code: str
    year: int
    scope: str
    unit: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attestation:
    subject: str
    year: int
    key: str


_EMPTY: Final[tuple[Any, ...]] = ()
_T = TypeVar("_T")


class LazyRecords(Sequence[_T]):
    """A section kept as columns (one list per field, in field order), made into records
    when read.

    The two biggest sections (ratings, attestations) are loaded this way: the engine reads
    only their indexes, and building a million frozen dataclass instances up front would
    cost more than the rest of the load. Reading gives the same records a tuple would.
    """

    __slots__ = ("_columns", "_make")

    def __init__(self, columns: Sequence[Sequence[Any]], make: Callable[..., _T]) -> None:
        self._columns = columns
        self._make = make

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]], make: Callable[..., _T]) -> LazyRecords[_T]:
        """From tuples in field order, e.g. a database ``values_list``: pass the result to
        :meth:`Facts.from_records` as ``ratings`` or ``attestations`` to skip building a
        record object per row."""
        arity = len(fields(make))  # type: ignore[arg-type]
        columns = [list(column) for column in zip(*rows, strict=True)]
        return cls(columns or [[] for _ in range(arity)], make)

    @property
    def columns(self) -> Sequence[Sequence[Any]]:
        """The columns themselves (not copies): read, do not change."""
        return self._columns

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns else 0

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...

    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        if isinstance(index, slice):
            return LazyRecords([column[index] for column in self._columns], self._make)
        return self._make(*(column[index] for column in self._columns))

    def __iter__(self) -> Iterator[_T]:
        return map(self._make, *self._columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyRecords({len(self)} records)"


@dataclass(frozen=True, slots=True, eq=False)
class Facts:
    """All facts of one document plus look-up indexes (built once by :meth:`from_records`).

    Compare two ``Facts`` with :meth:`same_records`; indexes are derived data.
    """

    units: tuple[Unit, ...]
    people: tuple[Person, ...]
    par_scores: tuple[ParScore, ...]
    ratings: Sequence[Rating]  # a tuple, or LazyRecords when loaded from JSON
    disciplines: tuple[Discipline, ...]
    reviews: tuple[Review, ...]
    awards: tuple[Award, ...]
    initiatives: tuple[Initiative, ...]
    attestations: Sequence[Attestation]  # likewise
    # --- indexes ---
    unit_by_code: Mapping[str, Unit] = field(repr=False)
    person_by_code: Mapping[str, Person] = field(repr=False)
    members_of: Mapping[str, Sequence[Person]] = field(repr=False)
    par_by_year: Mapping[int, Mapping[str, ParScore]] = field(repr=False)
    rating_by_year: Mapping[int, Mapping[str, str]] = field(repr=False)
    disciplines_of: Mapping[str, Sequence[Discipline]] = field(repr=False)
    reviews_of: Mapping[str, Sequence[Review]] = field(repr=False)
    awards_of: Mapping[str, Sequence[Award]] = field(repr=False)
    initiatives_of_unit: Mapping[str, Sequence[Initiative]] = field(repr=False)
    initiatives_of_author: Mapping[str, Sequence[Initiative]] = field(repr=False)
    # attestation key -> year -> subjects
    attested: Mapping[str, Mapping[int, Set[str]]] = field(repr=False)

    # ---- construction -----------------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        *,
        units: Iterable[Unit] = (),
        people: Iterable[Person] = (),
        par_scores: Iterable[ParScore] = (),
        ratings: Iterable[Rating] = (),  # or LazyRecords.from_rows(rows, Rating)
        disciplines: Iterable[Discipline] = (),
        reviews: Iterable[Review] = (),
        awards: Iterable[Award] = (),
        initiatives: Iterable[Initiative] = (),
        attestations: Iterable[Attestation] = (),  # or LazyRecords.from_rows(…)
    ) -> Facts:
        """Build facts from typed records, checking references and uniqueness.

        The records' field *types and values* are trusted (the database enforces them);
        everything that needs another record — a code used twice, a reference to a
        missing code, two scores for one unit and year, two ratings for one subject and
        year, a PAR score of a unit not assessed — raises :class:`FactsError` naming the
        record by its position in the sequence given.
        """
        with gc_paused():
            return _Indexer().build(
                tuple(units),
                tuple(people),
                tuple(par_scores),
                ratings if isinstance(ratings, LazyRecords) else tuple(ratings),
                tuple(disciplines),
                tuple(reviews),
                tuple(awards),
                tuple(initiatives),
                attestations if isinstance(attestations, LazyRecords) else tuple(attestations),
            )

    # ---- queries the engine uses ------------------------------------------------------

    def rating(self, subject: str, year: int) -> str | None:
        by_subject = self.rating_by_year.get(year)
        return None if by_subject is None else by_subject.get(subject)

    def par(self, unit: str, year: int) -> ParScore | None:
        by_unit = self.par_by_year.get(year)
        return None if by_unit is None else by_unit.get(unit)

    def attested_years(self, subject: str, key: str, years: Iterable[int]) -> list[int]:
        """The years among ``years`` for which ``subject`` has attestation ``key``."""
        by_year = self.attested.get(key)
        if not by_year:
            return []
        return [y for y in years if subject in by_year.get(y, _EMPTY)]

    def same_records(self, other: Facts) -> bool:
        return all(tuple(getattr(self, name)) == tuple(getattr(other, name)) for name in SECTIONS)


SECTIONS: Final = (
    "units",
    "people",
    "par_scores",
    "ratings",
    "disciplines",
    "reviews",
    "awards",
    "initiatives",
    "attestations",
)


class _Indexer:
    """References, uniqueness and the look-up indexes, one record at a time (shared by
    :func:`load_facts` and :meth:`Facts.from_records`). Sections must come in the order of
    RULES.md: units and people first, since the others refer to them."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}  # code -> "units[3]": one namespace, units and people
        self.unit_by_code: dict[str, Unit] = {}
        self.person_by_code: dict[str, Person] = {}
        self.members_of: dict[str, list[Person]] = {}
        self.par_by_year: dict[int, dict[str, ParScore]] = {}
        self.par_where: dict[tuple[str, int], int] = {}
        self.rating_by_year: dict[int, dict[str, str]] = {}
        self.disciplines_of: dict[str, list[Discipline]] = {}
        self.reviews_of: dict[str, list[Review]] = {}
        self.awards_of: dict[str, list[Award]] = {}
        self.initiatives_of_unit: dict[str, list[Initiative]] = {}
        self.initiatives_of_author: dict[str, list[Initiative]] = {}
        self.initiative_where: dict[str, int] = {}
        self.attested: dict[str, dict[int, set[str]]] = {}
        self.ratings_seen: list[Rating] | Sequence[Rating] = ()

    def unit(self, i: int, u: Unit) -> None:
        if u.code in self.owner:
            raise FactsError(
                f"units[{i}].code: code {_q(u.code)} is already used by {self.owner[u.code]}"
            )
        self.owner[u.code] = f"units[{i}]"
        self.unit_by_code[u.code] = u

    def person(self, i: int, p: Person) -> None:
        if p.code in self.owner:
            raise FactsError(
                f"people[{i}].code: code {_q(p.code)} is already used by {self.owner[p.code]}"
            )
        if p.unit not in self.unit_by_code:
            raise FactsError(f"people[{i}].unit: no unit with code {_q(p.unit)}")
        self.owner[p.code] = f"people[{i}]"
        self.person_by_code[p.code] = p
        bucket = self.members_of.get(p.unit)
        if bucket is None:
            self.members_of[p.unit] = [p]
        else:
            bucket.append(p)

    def par_score(self, i: int, s: ParScore) -> None:
        unit = self.unit_by_code.get(s.unit)
        if unit is None:
            raise FactsError(f"par_scores[{i}].unit: no unit with code {_q(s.unit)}")
        if not unit.par_assessed:
            raise FactsError(
                f"par_scores[{i}].unit: unit {_q(s.unit)} is not assessed by the PAR "
                "index (par_assessed is false)"
            )
        by_unit = self.par_by_year.setdefault(s.year, {})
        if s.unit in by_unit:
            first = self.par_where[(s.unit, s.year)]
            raise FactsError(
                f"par_scores[{i}].year: a second score for unit {_q(s.unit)} in "
                f"{s.year} (the first is par_scores[{first}])"
            )
        by_unit[s.unit] = s
        self.par_where[(s.unit, s.year)] = i

    def rating(self, i: int, subject: str, year: int, rating: str) -> None:
        if subject not in self.owner:
            raise FactsError(f"ratings[{i}].subject: no unit or person with code {_q(subject)}")
        by_subject = self.rating_by_year.get(year)
        if by_subject is None:
            by_subject = self.rating_by_year[year] = {}
        elif subject in by_subject:
            first = next(
                j
                for j, r in enumerate(self.ratings_seen)
                if r.subject == subject and r.year == year
            )
            raise FactsError(
                f"ratings[{i}].year: a second rating for {_q(subject)} in {year} "
                f"(the first is ratings[{first}])"
            )
        by_subject[subject] = rating

    def discipline(self, i: int, d: Discipline) -> None:
        if d.person not in self.person_by_code:
            raise FactsError(f"disciplines[{i}].person: no person with code {_q(d.person)}")
        self.disciplines_of.setdefault(d.person, []).append(d)

    def review(self, i: int, rv: Review) -> None:
        if rv.subject not in self.owner:
            raise FactsError(f"reviews[{i}].subject: no unit or person with code {_q(rv.subject)}")
        if rv.until is not None and rv.until < rv.since:
            raise FactsError(_until_message(i, rv.until, rv.since))
        self.reviews_of.setdefault(rv.subject, []).append(rv)

    def award(self, i: int, a: Award) -> None:
        if a.recipient not in self.owner:
            raise FactsError(
                f"awards[{i}].recipient: no unit or person with code {_q(a.recipient)}"
            )
        bucket = self.awards_of.get(a.recipient)
        if bucket is None:
            self.awards_of[a.recipient] = [a]
        else:
            bucket.append(a)

    def initiative(self, i: int, ini: Initiative) -> None:
        if ini.code in self.initiative_where:
            raise FactsError(
                f"initiatives[{i}].code: code {_q(ini.code)} is already used by "
                f"initiatives[{self.initiative_where[ini.code]}]"
            )
        self.initiative_where[ini.code] = i
        if ini.unit is not None:
            if ini.unit not in self.unit_by_code:
                raise FactsError(f"initiatives[{i}].unit: no unit with code {_q(ini.unit)}")
            self.initiatives_of_unit.setdefault(ini.unit, []).append(ini)
        for j, author in enumerate(ini.authors):
            if author not in self.person_by_code:
                raise FactsError(f"initiatives[{i}].authors[{j}]: no person with code {_q(author)}")
            bucket = self.initiatives_of_author.setdefault(author, [])
            if not bucket or bucket[-1] is not ini:  # an author listed twice counts once
                bucket.append(ini)

    def attestation(self, i: int, subject: str, year: int, key: str) -> None:
        if subject not in self.owner:
            raise FactsError(
                f"attestations[{i}].subject: no unit or person with code {_q(subject)}"
            )
        by_year = self.attested.get(key)
        if by_year is None:
            by_year = self.attested[key] = {}
        subjects = by_year.get(year)
        if subjects is None:
            by_year[year] = {subject}
        else:
            subjects.add(subject)

    def facts(
        self,
        units: tuple[Unit, ...],
        people: tuple[Person, ...],
        par_scores: tuple[ParScore, ...],
        ratings: Sequence[Rating],
        disciplines: tuple[Discipline, ...],
        reviews: tuple[Review, ...],
        awards: tuple[Award, ...],
        initiatives: tuple[Initiative, ...],
        attestations: Sequence[Attestation],
    ) -> Facts:
        return Facts(
            units=units,
            people=people,
            par_scores=par_scores,
            ratings=ratings,
            disciplines=disciplines,
            reviews=reviews,
            awards=awards,
            initiatives=initiatives,
            attestations=attestations,
            unit_by_code=self.unit_by_code,
            person_by_code=self.person_by_code,
            members_of=self.members_of,
            par_by_year=self.par_by_year,
            rating_by_year=self.rating_by_year,
            disciplines_of=self.disciplines_of,
            reviews_of=self.reviews_of,
            awards_of=self.awards_of,
            initiatives_of_unit=self.initiatives_of_unit,
            initiatives_of_author=self.initiatives_of_author,
            attested=self.attested,
        )

    def build(
        self,
        units: tuple[Unit, ...],
        people: tuple[Person, ...],
        par_scores: tuple[ParScore, ...],
        ratings: Sequence[Rating],
        disciplines: tuple[Discipline, ...],
        reviews: tuple[Review, ...],
        awards: tuple[Award, ...],
        initiatives: tuple[Initiative, ...],
        attestations: Sequence[Attestation],
    ) -> Facts:
        """Index typed records (no type checks: :meth:`Facts.from_records`)."""
        for i, u in enumerate(units):
            self.unit(i, u)
        for i, p in enumerate(people):
            self.person(i, p)
        for i, s in enumerate(par_scores):
            self.par_score(i, s)
        self.ratings_seen = ratings
        if not (isinstance(ratings, LazyRecords) and _index_rating_columns(ratings.columns, self)):
            for i, r in enumerate(ratings):
                self.rating(i, r.subject, r.year, r.rating)
        for i, d in enumerate(disciplines):
            self.discipline(i, d)
        for i, rv in enumerate(reviews):
            self.review(i, rv)
        for i, a in enumerate(awards):
            self.award(i, a)
        for i, ini in enumerate(initiatives):
            self.initiative(i, ini)
        if not (
            isinstance(attestations, LazyRecords)
            and _index_attestation_columns(attestations.columns, self)
        ):
            for i, at in enumerate(attestations):
                self.attestation(i, at.subject, at.year, at.key)
        return self.facts(
            units,
            people,
            par_scores,
            ratings,
            disciplines,
            reviews,
            awards,
            initiatives,
            attestations,
        )


def _until_message(i: int, until: dt.date, since: dt.date) -> str:
    return f"reviews[{i}].until: {until.isoformat()} is before since ({since.isoformat()})"


def _q(value: object) -> str:
    """A value quoted for a one-line message (JSON style, shortened)."""
    if isinstance(value, Decimal):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):  # pragma: no cover - defensive
            text = repr(value)
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= 60 else text[:57] + "…"


# --------------------------------------------------------------------------------------
# First pass: shape, types and values of the JSON document
# --------------------------------------------------------------------------------------

_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IDENT_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_GROUP_SET: Final = frozenset(GROUPS)
_RATING_SET: Final = frozenset(RATINGS)
_LEVEL_SET: Final = frozenset(DISCIPLINE_LEVELS)
_KIND_SET: Final = frozenset(REVIEW_KINDS)
_FORM_SET: Final = frozenset(AWARD_FORMS)
_FIELD_SET: Final = frozenset(AWARD_FIELDS)
_SCOPE_SET: Final = frozenset(INITIATIVE_SCOPES)

_MISSING: Final = object()

# section -> ordered (field, kind, required); kinds are checked by _convert.
_SPEC: Final[dict[str, tuple[tuple[str, str, bool], ...]]] = {
    "units": (
        ("code", "code", True),
        ("name", "str", False),
        ("group", "group", True),
        ("par_assessed", "bool", False),
    ),
    "people": (
        ("code", "str", True),
        ("name", "str", False),
        ("unit", "str", True),
        ("position", "str", False),
        ("key_leader", "bool", False),
        ("cchc_role", "bool", False),
        ("unit_chair", "bool", False),
    ),
    # max before score: the score's message quotes the max
    "par_scores": (
        ("unit", "str", True),
        ("year", "year", True),
        ("max", "positive", False),
        ("score", "score", True),
    ),
    "ratings": (
        ("subject", "str", True),
        ("year", "year", True),
        ("rating", "rating", True),
    ),
    "disciplines": (
        ("person", "str", True),
        ("date", "date", True),
        ("level", "level", True),
    ),
    "reviews": (
        ("subject", "str", True),
        ("since", "date", True),
        ("kind", "kind", True),
        ("until", "date", False),
    ),
    "awards": (
        ("recipient", "str", True),
        ("form", "form", True),
        ("year", "year", True),
        ("field", "field", False),
    ),
    "initiatives": (
        ("code", "str", True),
        ("unit", "str", False),
        ("authors", "authors", False),
        ("year", "year", True),
        ("scope", "scope", True),
    ),
    "attestations": (
        ("subject", "str", True),
        ("year", "year", True),
        ("key", "nonempty", True),
    ),
}
_ALLOWED: Final = {section: frozenset(f for f, _, _ in spec) for section, spec in _SPEC.items()}
_TOP_KEYS: Final = ("format", *SECTIONS)


def _is_number(value: object) -> bool:
    if type(value) is int:
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is Decimal:
        return value.is_finite()
    return False


def to_decimal(value: int | float | Decimal) -> Decimal:
    """Exact decimal of a JSON number (a float is read by its shortest repr)."""
    if type(value) is Decimal:
        return value
    if type(value) is float:
        return Decimal(repr(value))
    return Decimal(value)


def _fmt_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _one_of(values: Iterable[str]) -> str:
    return "must be one of " + ", ".join(values)


def _convert(kind: str, value: Any, record: Mapping[str, Any]) -> tuple[Any, str | None]:
    """(converted value, None) or (None, problem)."""
    if kind in ("str", "code", "nonempty"):
        if type(value) is not str:
            return None, "must be a string" if kind == "str" else "must be a non-empty string"
        if kind != "str" and not value:
            return None, "must be a non-empty string"
        return value, None
    if kind == "bool":
        if type(value) is not bool:
            return None, "must be true or false"
        return value, None
    if kind == "year":
        if type(value) is not int:
            return None, "must be an integer year"
        return value, None
    if kind == "positive":
        if not _is_number(value) or to_decimal(value) <= 0:
            return None, "must be a number greater than 0"
        return to_decimal(value), None
    if kind == "score":
        raw_max = record.get("max", _MISSING)
        maximum = HUNDRED if raw_max is _MISSING else to_decimal(raw_max)
        if not _is_number(value) or not (0 <= to_decimal(value) <= maximum):
            return None, f"must be a number between 0 and max ({_fmt_number(maximum)})"
        return to_decimal(value), None
    if kind == "date":
        if type(value) is not str or not _DATE_RE.fullmatch(value):
            return None, "must be a date written YYYY-MM-DD"
        try:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:10])), None
        except ValueError:
            return None, "must be a real day written YYYY-MM-DD"
    if kind == "authors":
        if type(value) is not list or any(type(a) is not str for a in value):
            return None, "must be a list of person codes"
        return tuple(value), None
    allowed = _ENUMS[kind]
    if type(value) is not str or value not in allowed[0]:
        return None, _one_of(allowed[1])
    return value, None


_ENUMS: Final[dict[str, tuple[frozenset[str], tuple[str, ...]]]] = {
    "group": (_GROUP_SET, GROUPS),
    "rating": (_RATING_SET, RATINGS),
    "level": (_LEVEL_SET, DISCIPLINE_LEVELS),
    "kind": (_KIND_SET, REVIEW_KINDS),
    "form": (_FORM_SET, tuple(AWARD_FORMS)),
    "field": (_FIELD_SET, AWARD_FIELDS),
    "scope": (_SCOPE_SET, INITIATIVE_SCOPES),
}


def _key_path(path: str, key: object) -> str:
    if isinstance(key, str) and _IDENT_RE.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_q(key)}]" if path else f"[{_q(key)}]"


def _check_record(section: str, index: int, record: Any) -> dict[str, Any]:
    """Slow, exact check of one record: its converted fields, or FactsError."""
    path = f"{section}[{index}]"
    if type(record) is not dict:
        raise FactsError(f"{path}: must be an object")
    allowed = _ALLOWED[section]
    for key in record:
        if key not in allowed:
            raise FactsError(
                f"{_key_path(path, key)}: unknown key (allowed: {', '.join(_field_names(section))})"
            )
    out: dict[str, Any] = {}
    for name, kind, required in _SPEC[section]:
        value = record.get(name, _MISSING)
        if value is _MISSING:
            if required:
                raise FactsError(f"{path}.{name}: required field is missing")
            continue
        if value is None:
            if required:
                raise FactsError(f"{path}.{name}: {_convert(kind, value, record)[1]} (got null)")
            raise FactsError(
                f"{path}.{name}: null is not allowed; leave the field out to use its default"
            )
        converted, problem = _convert(kind, value, record)
        if problem is not None:
            raise FactsError(f"{path}.{name}: {problem} (got {_q(value)})")
        out[name] = converted
    if section == "reviews" and "until" in out and out["until"] < out["since"]:
        raise FactsError(_until_message(index, out["until"], out["since"]))
    return out


def _field_names(section: str) -> list[str]:
    return [name for name, _, _ in _SPEC[section]]


def _section_list(data: Mapping[str, Any], section: str) -> list[Any]:
    items = data.get(section, _MISSING)
    if items is _MISSING:
        return []
    if type(items) is not list:
        raise FactsError(f"{section}: must be a list (got {_q(items)})")
    return items


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Loading a province creates millions of small objects; each automatic collection would
    traverse all of them again (it roughly halves the load time). Nothing built here forms
    a reference cycle, so nothing is lost; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_facts(data: Any) -> Facts:
    """Validate a parsed ``thidua-facts/1`` document and build :class:`Facts`.

    Numbers may come as ``int``, ``float`` or ``Decimal`` (``json.load(...,
    parse_float=Decimal)``); they are kept as exact ``Decimal``. Raises
    :class:`FactsError` on the first problem found (sections in the order of RULES.md,
    records in file order).
    """
    if type(data) is not dict:
        raise FactsError("document: must be a JSON object")
    for key in data:
        if key not in _TOP_KEYS:
            raise FactsError(f"{_key_path('', key)}: unknown key (allowed: {', '.join(_TOP_KEYS)})")
    fmt = data.get("format", _MISSING)
    if fmt is _MISSING:
        raise FactsError(f'format: required field is missing (must be "{FORMAT}")')
    if fmt != FORMAT:
        raise FactsError(f'format: must be "{FORMAT}" (got {_q(fmt)})')
    with gc_paused():
        ix = _Indexer()
        units = _load_units(_section_list(data, "units"), ix)
        people = _load_people(_section_list(data, "people"), ix)
        par_scores = _load_simple(data, "par_scores", _par_score, ix.par_score)
        ratings = _load_ratings(_section_list(data, "ratings"), ix)
        disciplines = _load_simple(data, "disciplines", _discipline, ix.discipline)
        reviews = _load_simple(data, "reviews", _review, ix.review)
        awards = _load_awards(_section_list(data, "awards"), ix)
        initiatives = _load_simple(data, "initiatives", _initiative, ix.initiative)
        attestations = _load_attestations(_section_list(data, "attestations"), ix)
        return ix.facts(
            units,
            people,
            par_scores,
            ratings,
            disciplines,
            reviews,
            awards,
            initiatives,
            attestations,
        )


# Small sections go through _check_record, which accepts exactly what RULES.md accepts and
# names the problem. The big ones first try a fast path for the common, valid shape and
# fall back to _check_record for anything else.


def _par_score(rec: dict[str, Any]) -> ParScore:
    return ParScore(rec["unit"], rec["year"], rec["score"], rec.get("max", HUNDRED))


def _discipline(rec: dict[str, Any]) -> Discipline:
    return Discipline(**rec)


def _review(rec: dict[str, Any]) -> Review:
    return Review(**rec)


def _initiative(rec: dict[str, Any]) -> Initiative:
    return Initiative(**rec)


def _load_simple(
    data: Mapping[str, Any],
    section: str,
    make: Callable[[dict[str, Any]], _R],
    index: Callable[[int, _R], None],
) -> tuple[_R, ...]:
    out: list[_R] = []
    for i, raw in enumerate(_section_list(data, section)):
        record = make(_check_record(section, i, raw))
        index(i, record)
        out.append(record)
    return tuple(out)


def _load_units(items: list[Any], ix: _Indexer) -> tuple[Unit, ...]:
    out: list[Unit] = []
    for i, r in enumerate(items):
        rec = _check_record("units", i, r)
        unit = Unit(
            code=rec["code"],
            group=rec["group"],
            name=rec.get("name", rec["code"]),
            par_assessed=rec.get("par_assessed", True),
        )
        ix.unit(i, unit)
        out.append(unit)
    return tuple(out)


_PERSON_KEYS: Final = _ALLOWED["people"]


def _load_people(items: list[Any], ix: _Indexer) -> tuple[Person, ...]:
    out: list[Person] = []
    append, index = out.append, ix.person
    new = object.__new__
    s_code, s_unit, s_name, s_position, s_kl, s_cr, s_uc = _setters(Person)
    for i, r in enumerate(items):
        if (
            type(r) is dict
            and r.keys() <= _PERSON_KEYS
            and type(code := r.get("code")) is str
            and type(unit := r.get("unit")) is str
            and type(name := r.get("name", "")) is str
            and type(position := r.get("position", "")) is str
            and type(kl := r.get("key_leader", False)) is bool
            and type(cr := r.get("cchc_role", False)) is bool
            and type(uc := r.get("unit_chair", False)) is bool
        ):
            person = new(Person)
            s_code(person, code)
            s_unit(person, unit)
            s_name(person, name)
            s_position(person, position)
            s_kl(person, kl)
            s_cr(person, cr)
            s_uc(person, uc)
        else:
            person = Person(**_check_record("people", i, r))
        index(i, person)
        append(person)
    return tuple(out)


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of a frozen dataclass, in field order.

    The hot loaders below build records with ``object.__new__`` and these setters: the
    same frozen objects as the generated ``__init__`` makes, at half the cost (it goes
    through ``object.__setattr__`` by name for every field)."""
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


class _Fallback(Exception):
    """The bulk check of a section found something: re-read it record by record."""


def _columns(items: list[Any], names: tuple[str, str, str]) -> list[list[Any]]:
    """One list per field, if every record is an object with exactly these three keys
    (checked at C speed); else :class:`_Fallback`."""
    if set(map(type, items)) - {dict} or set(map(len, items)) - {3}:
        raise _Fallback
    try:
        return [list(map(itemgetter(name), items)) for name in names]
    except KeyError:
        raise _Fallback from None


def _all_of_type(values: Iterable[Any], kind: type) -> bool:
    return not set(map(type, values)) - {kind}


def _runs(values: Iterable[Any]) -> Iterator[tuple[Any, int, int]]:
    """(value, start, end) of each run of equal consecutive values."""
    start = 0
    for value, run in groupby(values):
        end = start + len(list(run))
        yield value, start, end
        start = end


def _index_rating_columns(columns: Sequence[Sequence[Any]], ix: _Indexer) -> bool:
    """Check and index ratings given as columns, in bulk: types and values by set
    operations, the index a run of equal years at a time (C speed), duplicates and
    references on the index. False (and nothing indexed) when anything is odd."""
    subjects, years, ratings = columns
    if not (
        _all_of_type(subjects, str)
        and _all_of_type(years, int)
        and _all_of_type(ratings, str)
        and set(ratings) <= _RATING_SET
    ):
        return False
    by_year: dict[int, dict[str, str]] = {}
    for year, start, end in _runs(years):
        by_subject = by_year.get(year)
        if by_subject is None:
            by_subject = by_year[year] = {}
        by_subject.update(zip(subjects[start:end], ratings[start:end], strict=True))
    if sum(map(len, by_year.values())) != len(subjects) or not all(
        ix.owner.keys() >= by_subject.keys() for by_subject in by_year.values()
    ):
        return False  # a rating given twice, or an unknown subject
    ix.rating_by_year.update(by_year)
    return True


def _load_ratings(items: list[Any], ix: _Indexer) -> Sequence[Rating]:
    """Bulk path; anything odd goes through :func:`_load_ratings_one_by_one`, which names
    the first problem."""
    try:
        columns = _columns(items, ("subject", "year", "rating"))
    except _Fallback:
        return _load_ratings_one_by_one(items, ix)
    if not _index_rating_columns(columns, ix):
        return _load_ratings_one_by_one(items, ix)
    return LazyRecords(columns, Rating)


def _load_ratings_one_by_one(items: list[Any], ix: _Indexer) -> tuple[Rating, ...]:
    out: list[Rating] = []
    ix.ratings_seen = out
    for i, r in enumerate(items):
        rec = _check_record("ratings", i, r)
        ix.rating(i, rec["subject"], rec["year"], rec["rating"])
        out.append(Rating(**rec))
    return tuple(out)


_AWARD_KEYS: Final = _ALLOWED["awards"]


def _load_awards(items: list[Any], ix: _Indexer) -> tuple[Award, ...]:
    out: list[Award] = []
    append, index = out.append, ix.award
    forms, fields = _FORM_SET, _FIELD_SET
    for i, r in enumerate(items):
        if (
            type(r) is dict
            and r.keys() <= _AWARD_KEYS
            and type(rc := r.get("recipient")) is str
            and type(fm := r.get("form")) is str
            and fm in forms
            and type(y := r.get("year")) is int
            and type(fd := r.get("field", "chung")) is str
            and fd in fields
        ):
            award = Award(rc, fm, y, fd)
        else:
            award = Award(**_check_record("awards", i, r))
        index(i, award)
        append(award)
    return tuple(out)


def _index_attestation_columns(columns: Sequence[Sequence[Any]], ix: _Indexer) -> bool:
    """As :func:`_index_rating_columns`, for attestations."""
    subjects, years, keys = columns
    if not (
        _all_of_type(subjects, str)
        and _all_of_type(years, int)
        and _all_of_type(keys, str)
        and "" not in set(keys)
        and ix.owner.keys() >= set(subjects)
    ):
        return False
    attested = ix.attested
    for (key, year), start, end in _runs(zip(keys, years, strict=True)):
        by_year = attested.get(key)
        if by_year is None:
            by_year = attested[key] = {}
        found = by_year.get(year)
        if found is None:
            by_year[year] = set(subjects[start:end])
        else:
            found.update(subjects[start:end])
    return True


def _load_attestations(items: list[Any], ix: _Indexer) -> Sequence[Attestation]:
    """Bulk path, as for ratings."""
    try:
        columns = _columns(items, ("subject", "year", "key"))
    except _Fallback:
        return _load_attestations_one_by_one(items, ix)
    if not _index_attestation_columns(columns, ix):
        return _load_attestations_one_by_one(items, ix)
    return LazyRecords(columns, Attestation)


def _load_attestations_one_by_one(items: list[Any], ix: _Indexer) -> tuple[Attestation, ...]:
    out: list[Attestation] = []
    for i, r in enumerate(items):
        rec = _check_record("attestations", i, r)
        ix.attestation(i, rec["subject"], rec["year"], rec["key"])
        out.append(Attestation(**rec))
    return tuple(out)


# --------------------------------------------------------------------------------------
# JSON in and out
# --------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_facts_json(raw: bytes | str) -> Facts:
    """Parse and validate a JSON text; malformed JSON is a :class:`FactsError` too."""
    with gc_paused():
        return load_facts(_parse_json(raw))


_DECODE: Final = msgspec.json.Decoder(float_hook=Decimal).decode
# The fast decoder gets this many nesting levels at most; a valid document has four.
_FAST_DEPTH: Final = 100


def _fast_parse(raw: bytes) -> Any:
    """msgspec's decoding of ``raw``, or ``_MISSING`` whenever it refuses it (the reference
    decoder then reads it and words the error).

    msgspec accepts exactly what ``json.loads(raw, parse_float=Decimal)`` accepts, with the
    same values, except nesting: both stop at the recursion limit, but at different stack
    depths. The limit is lowered for the call so that any document nested more than
    ``_FAST_DEPTH`` levels is left to the reference decoder. The limit is the process's,
    so this is done only when no other thread runs (the command line)."""
    if threading.active_count() != 1:
        return _MISSING
    depth = 0  # the stack's depth now
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, depth + _FAST_DEPTH))
    try:
        return _DECODE(raw)
    except Exception:  # refused for any reason: the reference decoder says why
        return _MISSING
    finally:
        sys.setrecursionlimit(limit)


def _parse_json(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        doc = _fast_parse(raw)
        if doc is not _MISSING:
            return doc
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise FactsError(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:  # NaN, huge integers, bad encodings
        raise FactsError(f"malformed JSON: {_one_line(str(exc))}") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """The ``thidua-facts/1`` document of ``facts`` (every field written out)."""
    return {
        "format": FORMAT,
        "units": [
            {"code": u.code, "name": u.name, "group": u.group, "par_assessed": u.par_assessed}
            for u in facts.units
        ],
        "people": [
            {
                "code": p.code,
                "name": p.name,
                "unit": p.unit,
                "position": p.position,
                "key_leader": p.key_leader,
                "cchc_role": p.cchc_role,
                "unit_chair": p.unit_chair,
            }
            for p in facts.people
        ],
        "par_scores": [
            {
                "unit": s.unit,
                "year": s.year,
                "score": _json_number(s.score),
                "max": _json_number(s.max),
            }
            for s in facts.par_scores
        ],
        "ratings": [
            {"subject": r.subject, "year": r.year, "rating": r.rating} for r in facts.ratings
        ],
        "disciplines": [
            {"person": d.person, "date": d.date.isoformat(), "level": d.level}
            for d in facts.disciplines
        ],
        "reviews": [
            {
                "subject": r.subject,
                "since": r.since.isoformat(),
                "kind": r.kind,
                **({"until": r.until.isoformat()} if r.until is not None else {}),
            }
            for r in facts.reviews
        ],
        "awards": [
            {"recipient": a.recipient, "form": a.form, "year": a.year, "field": a.field}
            for a in facts.awards
        ],
        "initiatives": [
            {
                "code": n.code,
                **({"unit": n.unit} if n.unit is not None else {}),
                "authors": list(n.authors),
                "year": n.year,
                "scope": n.scope,
            }
            for n in facts.initiatives
        ],
        "attestations": [
            {"subject": a.subject, "year": a.year, "key": a.key} for a in facts.attestations
        ],
    }
