"""Which kinds of fact, of which years, a template's schemes read for an evaluation year.

The engine never needs this: it is for loaders (the database adapter) that would otherwise
load five years of every fact to evaluate one. A primitive this module does not know, or a
year parameter it cannot resolve, makes the answer "every year" for the kinds concerned, so
the result can only be too generous, never too narrow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from thidua.rules.template import Scheme, Template

KINDS: Final = (
    "par_scores",
    "ratings",
    "disciplines",
    "reviews",
    "awards",
    "initiatives",
    "attestations",
)

# primitive -> the kinds of fact it reads
KINDS_READ: Final[Mapping[str, tuple[str, ...]]] = {
    "par_percent": ("par_scores",),
    "par_rank": ("par_scores",),
    "par_band": ("par_scores",),
    "par_rise": ("par_scores",),
    "par_band_rise": ("par_scores",),
    "par_years_count": ("par_scores",),
    "flag_and_par_years_count": ("par_scores",),
    "rating": ("ratings",),
    "person_flag": (),
    "no_discipline": ("disciplines",),
    "no_open_review": ("reviews",),
    "award": ("awards",),
    "cstd_or_higher": ("awards",),
    "initiative": ("initiatives",),
    "attestation": ("attestations",),
    "attestation_and_awards": ("attestations", "awards"),
}
YEAR_PARAMS: Final = ("year", "years", "compare_to")
_REF: Final = re.compile(r"Y(?:([+-])([0-9]+))?")

# kind -> years read, or None for every year; "attestation_keys" -> the keys read
Reads = dict[str, Any]


def template_reads(template: Template, year: int) -> Reads:
    """The union over the template's schemes of what they read when evaluated for `year`."""
    reads: Reads = {}
    keys: set[str] | None = set()
    for scheme in template.schemes:
        for kind, years in scheme_reads(scheme, year).items():
            _add(reads, kind, years)
        for criterion in scheme.criteria:
            if criterion.primitive not in KINDS_READ:
                keys = None  # an unknown primitive may read any attestation
            elif keys is not None and "attestations" in KINDS_READ[criterion.primitive]:
                key = criterion.params.get("key")
                if isinstance(key, str):
                    keys.add(key)
                else:
                    keys = None
    reads["attestation_keys"] = keys
    return reads


def scheme_reads(scheme: Scheme, year: int) -> Reads:
    y = scheme.evaluation_year(year)
    phase = tuple(scheme.phase.years) if scheme.phase is not None else ()
    reads: Reads = {"par_scores": {y}}  # ranks, and the default quota priority
    for criterion in scheme.criteria:
        kinds = KINDS_READ.get(criterion.primitive, KINDS)
        years = _years(criterion.params, y, phase)
        for kind in kinds:
            _add(reads, kind, years)
    return reads


def _add(reads: Reads, kind: str, years: Iterable[int] | None) -> None:
    if years is None or (kind in reads and reads[kind] is None):
        reads[kind] = None
    else:
        reads.setdefault(kind, set()).update(years)


def _years(params: Mapping[str, Any], y: int, phase: tuple[int, ...]) -> set[int] | None:
    found: set[int] = set()
    for name in YEAR_PARAMS:
        if name not in params:
            continue
        refs = params[name]
        for ref in refs if isinstance(refs, list | tuple) else [refs]:
            resolved = _resolve(ref, y, phase)
            if resolved is None:
                return None
            found.update(resolved)
    return found or {y}


def _resolve(ref: Any, y: int, phase: tuple[int, ...]) -> tuple[int, ...] | None:
    if not isinstance(ref, str):
        return None
    text = ref.replace(" ", "").replace("−", "-")
    if text.casefold() == "phase":
        return phase or None
    match = _REF.fullmatch(text.upper())
    if match is None:
        return None
    sign, number = match.groups()
    offset = int(number or 0) * (-1 if sign == "-" else 1)
    return (y + offset,)
