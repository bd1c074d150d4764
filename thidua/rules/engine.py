"""Evaluate a template's schemes on facts: the ``thidua-results/1`` document (RULES.md §2).

Everything is set-based: the PAR figures of a year are computed once (percents, group
rankings), criteria read indexes built when the facts were loaded, and criteria that read
only a unit's figures are computed once per unit and shared by its people.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final, Protocol

from thidua.rules.criteria import Env, Evaluator, Outcome, Subject, bind, restrict
from thidua.rules.expression import compile_node
from thidua.rules.facts import Facts, gc_paused
from thidua.rules.logic import Verdict
from thidua.rules.stats import StatsCache
from thidua.rules.template import (
    ALL_YEARS,
    COLLECTIVE,
    TIE_NOTE,
    Scheme,
    Template,
)

RESULTS_FORMAT: Final = "thidua-results/1"


class EvaluationError(ValueError):
    """A request the template cannot answer (unknown scheme, year outside the period)."""


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


@dataclass(frozen=True, slots=True)
class Placement:
    """A candidate's place in the quota order (RULES.md §2.5 and §2.6)."""

    selected: Verdict
    rank: int | None
    note: str | None


_NOT_ELIGIBLE: Final = Placement(False, None, None)
_UNKNOWN: Final = Placement(None, None, None)


def allocate(
    eligible: Sequence[Verdict],
    priority: Sequence[_Ordered | None],
    limit: int,
) -> list[Placement]:
    """Quota places for one pool of candidates.

    Only ``eligible is True`` candidates are ordered (priority descending, ``None`` last as
    one tied block) and take places. A block of equal priority that fits is selected; the
    block in which the quota is reached gets ``selected = None`` and the tie note; blocks
    after it are not selected. ``rank`` is competition numbering (1, 2, 2, 4) among the
    eligible. Ineligible candidates get ``False``, unknown ones ``None``, without rank.
    """
    out: list[Placement] = [_UNKNOWN if e is None else _NOT_ELIGIBLE for e in eligible]
    valued = [i for i, e in enumerate(eligible) if e is True and priority[i] is not None]
    valued.sort(key=lambda i: priority[i], reverse=True)  # type: ignore[arg-type,return-value]
    blocks: list[list[int]] = []
    for i in valued:
        if blocks and priority[blocks[-1][0]] == priority[i]:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    unvalued = [i for i, e in enumerate(eligible) if e is True and priority[i] is None]
    if unvalued:
        blocks.append(unvalued)
    taken = 0
    for block in blocks:
        rank = taken + 1
        if taken + len(block) <= limit:
            placement = Placement(True, rank, None)
        elif taken < limit:
            placement = Placement(None, rank, TIE_NOTE)
        else:
            placement = Placement(False, rank, None)
        for i in block:
            out[i] = placement
        taken += len(block)
    return out


def _candidates(scheme: Scheme, facts: Facts) -> list[tuple[Subject, str]]:
    """Every subject of the scheme's kind whose group it covers, in file order; a
    person's group is the unit's (RULES.md §2.4)."""
    groups = frozenset(scheme.groups)
    if scheme.subject == COLLECTIVE:
        return [(unit, unit.group) for unit in facts.units if unit.group in groups]
    group_of = {unit.code: unit.group for unit in facts.units}
    return [
        (person, group) for person in facts.people if (group := group_of[person.unit]) in groups
    ]


def _priority_of(scheme: Scheme, env: Env) -> Any:
    kind = scheme.priority.kind
    if kind == "none":
        return lambda subject: 0
    if kind == "flag_first":
        flag = scheme.priority.flag or ""
        return lambda subject: 1 if getattr(subject, flag) else 0
    percents = env.stats(env.year).percent
    if scheme.subject == COLLECTIVE:
        return lambda subject: percents.get(subject.code)
    return lambda subject: percents.get(subject.unit)


@dataclass(slots=True)
class SchemeRows:
    """One scheme evaluated, kept compact: a row per candidate (in file order) rather than
    a dict per candidate — the command line streams these straight to JSON
    (:mod:`thidua.rules.stream`), :func:`evaluate_scheme` makes them the document's dicts."""

    scheme: Scheme
    years: list[int]
    keys: tuple[str, ...]
    codes: list[str]
    groups: list[str]
    eligible: list[Verdict]
    # one tuple of (verdict, explanation) per candidate, in the order of ``keys``
    outcomes: list[tuple[Outcome, ...]]
    # quota places, one per candidate; None without a quota (selected = eligible)
    placements: list[Placement] | None


def evaluate_rows(
    scheme: Scheme,
    facts: Facts,
    year: int,
    *,
    stats: StatsCache | None = None,
    bands: tuple[tuple[str, Fraction], ...] = (),
) -> SchemeRows:
    """One scheme evaluated (``year`` already checked)."""
    stats = stats or StatsCache(facts)
    phase = scheme.phase
    env = Env(
        facts=facts,
        stats=stats,
        year=scheme.evaluation_year(year),
        phase=phase.years if phase is not None and phase.reading == ALL_YEARS else (),
        subject=scheme.subject,
        bands=bands,
    )
    evaluators: list[Evaluator] = [
        restrict(bind(c.primitive, c.params, env), env, c.only_groups, c.only_flag)
        for c in scheme.criteria
    ]
    keys = tuple(c.key for c in scheme.criteria)
    decide = compile_node(scheme.tree, {k: i for i, k in enumerate(keys)})

    pairs = _candidates(scheme, facts)
    outcomes: list[tuple[Outcome, ...]] = []
    eligible: list[Verdict] = []
    add_outcomes, add_eligible = outcomes.append, eligible.append
    # Candidates share most outcome vectors (unit figures are shared by the unit's people,
    # a person's explanations come from a few phrases): each distinct vector is decided
    # once, and kept as one object (the JSON writer encodes it once, by identity).
    decided: dict[tuple[Outcome, ...], tuple[tuple[Outcome, ...], Verdict]] = {}
    for subject, _ in pairs:
        vector = tuple([ev(subject) for ev in evaluators])
        known = decided.get(vector)
        if known is None:
            if len(decided) > _DECIDED_MAX:
                decided.clear()
            known = decided[vector] = (vector, decide([o[0] for o in vector]))
        add_outcomes(known[0])
        add_eligible(known[1])

    placements = (
        _quota_places(scheme, env, eligible, [p[1] for p in pairs], [p[0] for p in pairs])
        if scheme.quota.limited
        else None
    )
    return SchemeRows(
        scheme=scheme,
        years=scheme.years_read(year),
        keys=keys,
        codes=[subject.code for subject, _ in pairs],
        groups=[group for _, group in pairs],
        eligible=eligible,
        outcomes=outcomes,
        placements=placements,
    )


_DECIDED_MAX: Final = 100_000


def scheme_document(rows: SchemeRows) -> dict[str, Any]:
    """The scheme's part of the results document, as dicts (RULES.md §2)."""
    keys = rows.keys
    placements = rows.placements
    candidates: list[dict[str, Any]] = []
    append = candidates.append
    for i, (code, group, eligible, vector) in enumerate(
        zip(rows.codes, rows.groups, rows.eligible, rows.outcomes, strict=True)
    ):
        place = placements[i] if placements is not None else None
        append(
            {
                "code": code,
                "group": group,
                "eligible": eligible,
                "selected": eligible if place is None else place.selected,
                "rank": None if place is None else place.rank,
                "note": None if place is None else place.note,
                "criteria": [
                    {"key": key, "verdict": o[0], "detail": o[1]}
                    for key, o in zip(keys, vector)  # noqa: B905 - same length by construction
                ],
            }
        )
    scheme = rows.scheme
    return {
        "key": scheme.key,
        "form": scheme.form,
        "subject": scheme.subject,
        "years": rows.years,
        "candidates": candidates,
    }


def evaluate_scheme(
    scheme: Scheme,
    facts: Facts,
    year: int,
    *,
    stats: StatsCache | None = None,
    bands: tuple[tuple[str, Fraction], ...] = (),
) -> dict[str, Any]:
    """One scheme's part of the results document (``year`` already checked)."""
    return scheme_document(evaluate_rows(scheme, facts, year, stats=stats, bands=bands))


def _quota_places(
    scheme: Scheme,
    env: Env,
    eligible: list[Verdict],
    groups: list[str],
    subjects: list[Subject],
) -> list[Placement]:
    priority_of = _priority_of(scheme, env)
    pools: dict[Hashable, list[int]] = {}
    per_group = scheme.quota.per_group
    for i, group in enumerate(groups):
        pools.setdefault(group if per_group is not None else "", []).append(i)
    out: list[Placement] = [_UNKNOWN] * len(eligible)
    for pool, members in pools.items():
        limit = per_group[str(pool)] if per_group is not None else scheme.quota.total or 0
        placements = allocate(
            [eligible[i] for i in members],
            [priority_of(subjects[i]) if eligible[i] is True else None for i in members],
            limit,
        )
        for i, placement in zip(members, placements, strict=True):
            out[i] = placement
    return out


def check_request(template: Template, year: int, scheme_key: str | None = None) -> list[Scheme]:
    """The schemes to evaluate, or :class:`EvaluationError` (English, one line)."""
    if scheme_key is None:
        schemes = list(template.schemes)
    else:
        scheme = template.scheme(scheme_key)
        if scheme is None:
            known = ", ".join(s.key for s in template.schemes)
            raise EvaluationError(
                f"unknown scheme {scheme_key!r} in template {template.key} (known: {known})"
            )
        schemes = [scheme]
    if isinstance(year, bool) or not isinstance(year, int):
        raise EvaluationError(f"the year must be an integer, not {year!r}")
    years = template.years
    if year not in years:
        raise EvaluationError(
            f"year {year} is outside the period of template {template.key} ({years[0]}–{years[-1]})"
        )
    for scheme in schemes:
        if scheme.phase is not None and year not in scheme.phase.years:
            raise EvaluationError(
                f"year {year} is outside the phase {scheme.phase.start}–{scheme.phase.end} "
                f"of scheme {scheme.key}"
            )
    return schemes


def evaluate_all_rows(
    template: Template, facts: Facts, year: int, scheme_key: str | None = None
) -> Iterator[SchemeRows]:
    """The schemes of :func:`evaluate`, one at a time as :class:`SchemeRows`, each computed
    when the previous one has been used. The request is checked at once
    (:class:`EvaluationError`), before the first scheme is computed."""
    schemes = check_request(template, year, scheme_key)
    stats = StatsCache(facts)
    bands = tuple((b.name, Fraction(b.min)) for b in template.bands)

    def each() -> Iterator[SchemeRows]:
        for scheme in schemes:
            with gc_paused():
                yield evaluate_rows(scheme, facts, year, stats=stats, bands=bands)

    return each()


def evaluate(
    template: Template, facts: Facts, year: int, scheme_key: str | None = None
) -> dict[str, Any]:
    """The ``thidua-results/1`` document for every scheme of ``template`` (or one).

    Raises :class:`EvaluationError` for an unknown scheme or a year outside the template's
    period (or outside the phase of a phase scheme).
    """
    schemes = check_request(template, year, scheme_key)
    stats = StatsCache(facts)
    bands = tuple((b.name, Fraction(b.min)) for b in template.bands)
    with gc_paused():
        return {
            "format": RESULTS_FORMAT,
            "template": template.key,
            "year": year,
            "schemes": [evaluate_scheme(s, facts, year, stats=stats, bands=bands) for s in schemes],
        }
