"""The results document written as it is computed: the bytes of
:func:`thidua.rules.output.render_json` (UTF-8, as the command line writes it), in chunks.

The document is never built as dicts: each scheme's :class:`~thidua.rules.engine.SchemeRows`
is encoded a block of candidates at a time by msgspec — a candidate is a small struct whose
fields are the document's keys in order, and its criteria list is encoded once per distinct
outcome vector (people of one unit share most of theirs) and reused as raw JSON. A block
that msgspec cannot encode (a lone surrogate, which ``json.dumps`` lets through) is written
by the reference encoder instead, with the command line's surrogate escape — the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Final

import msgspec

from thidua.rules.engine import RESULTS_FORMAT, SchemeRows
from thidua.rules.logic import Verdict

BLOCK: Final = 20_000  # candidates per chunk written
_RAW_MAX: Final = 100_000  # distinct criteria vectors kept encoded

_encode = msgspec.json.Encoder().encode


class _Candidate(msgspec.Struct, gc=False):
    """One candidate; msgspec writes the fields in this order (RULES.md §2)."""

    code: str
    group: str
    eligible: Verdict
    selected: Verdict
    rank: int | None
    note: str | None
    criteria: msgspec.Raw


def _dumps(value: Any) -> bytes:
    """The reference bytes: ``json.dumps`` as render_json calls it, UTF-8 with a lone
    surrogate written as its escape (as cli.main writes it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace")


def _encoded(value: Any) -> bytes:
    try:
        return _encode(value)
    except (UnicodeEncodeError, msgspec.EncodeError):
        return _dumps(value)


def _criteria_raw(keys: tuple[str, ...], vector: tuple[tuple[Verdict, str], ...]) -> msgspec.Raw:
    return msgspec.Raw(
        _encoded(
            [{"key": k, "verdict": o[0], "detail": o[1]} for k, o in zip(keys, vector, strict=True)]
        )
    )


def _candidate_dicts(block: list[_Candidate]) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "group": c.group,
            "eligible": c.eligible,
            "selected": c.selected,
            "rank": c.rank,
            "note": c.note,
            "criteria": json.loads(bytes(c.criteria)),
        }
        for c in block
    ]


def _block_bytes(block: list[_Candidate]) -> bytes:
    """The candidates of ``block`` joined by commas, without the list's brackets."""
    try:
        return _encode(block)[1:-1]
    except (UnicodeEncodeError, msgspec.EncodeError):
        return _dumps(_candidate_dicts(block))[1:-1]


def scheme_chunks(rows: SchemeRows) -> Iterator[bytes]:
    """One scheme's object of the results document, in chunks."""
    scheme = rows.scheme
    head = _encoded(
        {
            "key": scheme.key,
            "form": scheme.form,
            "subject": scheme.subject,
            "years": rows.years,
            "candidates": [],
        }
    )
    yield head[:-2]  # up to and including '"candidates":['
    keys = rows.keys
    placements = rows.placements
    # by identity: equal vectors are one object (evaluate_rows), all alive in ``rows``
    raws: dict[int, msgspec.Raw] = {}
    block: list[_Candidate] = []
    first = True
    for i, (code, group, eligible, vector) in enumerate(
        zip(rows.codes, rows.groups, rows.eligible, rows.outcomes, strict=True)
    ):
        raw = raws.get(id(vector))
        if raw is None:
            if len(raws) > _RAW_MAX:
                raws.clear()
            raw = raws[id(vector)] = _criteria_raw(keys, vector)
        if placements is None:
            block.append(_Candidate(code, group, eligible, eligible, None, None, raw))
        else:
            place = placements[i]
            block.append(
                _Candidate(code, group, eligible, place.selected, place.rank, place.note, raw)
            )
        if len(block) == BLOCK:
            yield _block_bytes(block) if first else b"," + _block_bytes(block)
            first = False
            block = []
    if block:
        yield _block_bytes(block) if first else b"," + _block_bytes(block)
    yield b"]}"


def document_chunks(template_key: str, year: int, schemes: Iterable[SchemeRows]) -> Iterator[bytes]:
    """The whole ``thidua-results/1`` document, newline-terminated, in chunks; each
    scheme is computed only when the previous one has been written."""
    head = _encoded({"format": RESULTS_FORMAT, "template": template_key, "year": year})
    yield head[:-1] + b',"schemes":['
    for n, rows in enumerate(schemes):
        if n:
            yield b","
        yield from scheme_chunks(rows)
    yield b"]}\n"
