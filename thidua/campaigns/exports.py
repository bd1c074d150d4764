"""Excel exports of a campaign's results: one sheet per scheme, verdicts with their
explanations, ready to print or to attach to the council's papers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from thidua.campaigns.models import EvaluationRow
from thidua.campaigns.services import VERDICT_LABELS
from thidua.lib.xlsx import Export
from thidua.org.models import CompetitionGroup
from thidua.rules.template import COLLECTIVE, Template


def results_workbook(
    template: Template,
    years_read: Mapping[str, list[int]],
    shown: Mapping[str, Iterable[EvaluationRow]],
    *,
    heading: Sequence[str] = (),
) -> bytes:
    """One sheet per scheme of `shown` (its stored rows as the results page lists them):
    the candidate by name (no code: the page shows names), its unit, group, verdicts and
    rank, then each criterion's verdict and its explanation."""
    groups = CompetitionGroup.names()
    book = Export()
    for scheme in template.schemes:
        if scheme.key not in shown:
            continue
        collective = scheme.subject == COLLECTIVE
        header = ["STT", "Tập thể" if collective else "Cá nhân"]
        header += [] if collective else ["Đơn vị"]
        header += ["Khối", "Đủ điều kiện", "Được chọn", "Thứ tự", "Ghi chú"]
        for c in scheme.criteria:
            header += [c.display_label, "Giải thích"]
        rows = _rows(shown[scheme.key], groups, collective)
        lines = [*heading[:1], scheme.name, *heading[1:]]
        lines.append(f"Năm dữ liệu: {', '.join(map(str, years_read.get(scheme.key, [])))}")
        widths: list[int | None] = [5, 32] + ([] if collective else [28])
        widths += [None, 14, 14, 8, 30]
        widths += [18, 48] * len(scheme.criteria)
        book.sheet(_sheet_name(scheme), header, rows, heading=lines, widths=widths)
    return book.content()


def _rows(
    shown: Iterable[EvaluationRow], groups: Mapping[str, str], collective: bool
) -> Iterable[list[Any]]:
    """The sheet's lines, one stored row at a time (streamed from the database)."""
    for i, stored in enumerate(shown, start=1):
        cand = stored.doc
        row: list[Any] = [i, stored.name]
        row += [] if collective else [stored.unit_name]
        row += [
            groups.get(cand["group"], ""),
            VERDICT_LABELS[cand["eligible"]],
            VERDICT_LABELS[cand["selected"]],
            cand["rank"],
            cand["note"] or "",
        ]
        for crit in cand["criteria"]:
            row += [VERDICT_LABELS[crit["verdict"]], crit["detail"]]
        yield row


def _sheet_name(scheme: Any) -> str:
    who = "Tập thể" if scheme.subject == COLLECTIVE else "Cá nhân"
    when = f"{scheme.phase.start}-{scheme.phase.end}" if scheme.phase else "hằng năm"
    # The tab is short (Excel keeps 31 characters); the scheme's whole name heads the sheet.
    return f"{who} {when}"
