"""Small builders for hand-made districts (plain dicts in the thidua-facts/1 format)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from thidua.rules import evaluate, load_facts, load_template

# A copy of shared/examples (the worked example of RULES.md); test_example checks that the
# copy still equals the original when shared/ sits beside the repository.
DATA = Path(__file__).resolve().parent / "data"
SHARED_EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def doc(**sections: Any) -> dict[str, Any]:
    """A facts document with the given sections (lists of dicts)."""
    return {"format": "thidua-facts/1", **copy.deepcopy(sections)}


def unit(code: Any, group: str = "phong", **extra: Any) -> dict[str, Any]:
    return {"code": code, "group": group, **extra}


def person(code: str, unit_code: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "unit": unit_code, **extra}


def par(unit_code: str, year: Any, score: Any, **extra: Any) -> dict[str, Any]:
    return {"unit": unit_code, "year": year, "score": score, **extra}


def run(template_key: str, facts: dict[str, Any], year: int, scheme: str | None = None) -> Any:
    return evaluate(load_template(template_key), load_facts(facts), year, scheme)


def scheme_of(results: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in results["schemes"] if s["key"] == key)


def candidate(results: dict[str, Any], scheme: str, code: str) -> dict[str, Any]:
    return next(c for c in scheme_of(results, scheme)["candidates"] if c["code"] == code)


def verdicts(results: dict[str, Any], scheme: str, code: str) -> dict[str, Any]:
    """{criterion key: verdict} plus "eligible" and "selected"."""
    c = candidate(results, scheme, code)
    out: dict[str, Any] = {k["key"]: k["verdict"] for k in c["criteria"]}
    out["eligible"] = c["eligible"]
    out["selected"] = c["selected"]
    return out


def detail(results: dict[str, Any], scheme: str, code: str, key: str) -> str:
    c = candidate(results, scheme, code)
    return next(k["detail"] for k in c["criteria"] if k["key"] == key)  # type: ignore[no-any-return]
