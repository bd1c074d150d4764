"""The results document written out: compact JSON, or the readable table of
``thidua evaluate --format table``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from thidua.rules.logic import Verdict

VERDICT_WORDS: Final = {True: "đạt", False: "không", None: "?"}


def render_json(results: Mapping[str, Any]) -> str:
    """One line of UTF-8 JSON (keys in document order), newline-terminated."""
    return json.dumps(results, ensure_ascii=False, separators=(",", ":")) + "\n"


def _word(verdict: Verdict) -> str:
    return VERDICT_WORDS[verdict]


def render_table(results: Mapping[str, Any]) -> str:
    """The summary table: one header per scheme, one line per candidate."""
    lines = [f"{results['template']} — năm {results['year']}"]
    for scheme in results["schemes"]:
        years = ", ".join(str(y) for y in scheme["years"])
        lines.append(f"[{scheme['key']}] {scheme['form']} ({scheme['subject']}, {years})")
        for c in scheme["candidates"]:
            criteria = " ".join(f"{k['key']}={_word(k['verdict'])}" for k in c["criteria"])
            lines.append(
                f"  {c['code']:<10} {c['group']:<8} "
                f"đủ ĐK: {_word(c['eligible']):<6} "
                f"được chọn: {_word(c['selected']):<6} {criteria}"
            )
    return "\n".join(lines) + "\n"
