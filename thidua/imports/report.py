"""What an import found, row by row: the one result the screen, the command line, the
background worker and the API all show. Plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# The kinds of data an office imports, in the order the screen offers them.
KINDS: dict[str, str] = {
    "units": "Đơn vị",
    "people": "Cá nhân",
    "par": "Kết quả Chỉ số CCHC",
    "ratings": "Xếp loại chất lượng",
    "awards": "Khen thưởng đã nhận",
    "disciplines": "Kỷ luật",
    "initiatives": "Sáng kiến",
    "attestations": "Xác nhận của cơ quan thường trực",
}

Action = Literal["create", "update", "unchanged", "error"]


@dataclass(frozen=True)
class Suggestion:
    """A record the office may pick for a name that matched nothing or several."""

    ref: str  # "unit:12" or "person:345": what `choices` maps the cell's text to
    label: str  # "Xã Ân Mỹ" / "Nguyễn Văn An — Phòng Nội vụ": never a code alone


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # the row number the spreadsheet program shows (1-based)
    column: str  # the header as written in the file ("Tên đơn vị"), or "" for the row
    message: str  # one Vietnamese sentence naming the problem
    # For an unknown or ambiguous name: the cell's text and the closest records.
    value: str = ""
    suggestions: tuple[Suggestion, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class RowOutcome:
    sheet: str
    row: int
    action: Action
    summary: str  # Vietnamese: "Xã Ân Mỹ, năm 2025: thẩm định 85,50 → 87,25"


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # The first outcomes, for the preview (bounded: a 200,000-row file keeps its counts,
    # not 200,000 objects).
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The command line's `--format json` object (issue 10)."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }
