"""Kleene's strong three-valued logic: ``True``, ``False`` and ``None`` (unknown).

``False AND None`` is ``False``; ``True OR None`` is ``True``; anything else touching
``None`` stays ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

Verdict = bool | None


def and_(a: Verdict, b: Verdict) -> Verdict:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def or_(a: Verdict, b: Verdict) -> Verdict:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def not_(a: Verdict) -> Verdict:
    return None if a is None else not a


def all_(values: Iterable[Verdict]) -> Verdict:
    """Kleene AND of any number of verdicts (``True`` for none)."""
    result: Verdict = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def any_(values: Iterable[Verdict]) -> Verdict:
    """Kleene OR of any number of verdicts (``False`` for none)."""
    result: Verdict = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result
