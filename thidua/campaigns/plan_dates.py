"""The plan's prose follows the period form: when the period or a deadline changes, the
exact old date strings of the plan's text ("trước ngày 30/11", "ngày 30 tháng 11 năm 2025",
"giai đoạn 2026 - 2027", "10 ngày trước") are replaced by the new ones, in the same
writing (leading zeros kept or not). Text the office wrote differently is left alone.

When one old date is the date of several things of which only some moved (two deadlines on
30/11, one moved to 15/11), each paragraph goes to the deadline whose label shares the most
words with it; a paragraph that fits none better is left as it is and reported. Pure."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

# One scan finds every date-like token; the callback decides whether it is an old value.
TOKENS = re.compile(
    r"(?<![\d/])(?P<fd>\d{1,2})/(?P<fm>\d{1,2})/(?P<fy>\d{4})(?!\d)"
    r"|(?<!\d)(?P<wd>\d{1,2}) tháng (?P<wm>\d{1,2}) năm (?P<wy>\d{4})(?!\d)"
    r"|(?<![\d/])(?P<ad>\d{1,2})/(?P<am>\d{1,2})(?![\d/])"
    r"|(?<!\d)(?P<bd>\d{1,2}) tháng (?P<bm>\d{1,2})(?!\d)(?! năm \d)"
    r"|(?<!\d)(?P<n>\d{1,3})(?P<ntail>(?:\*\*)? ngày(?:\*\*)? trước)"
    r"|(?<!\d)(?P<r1>\d{4})(?P<rsep>\s*[-–]\s*)(?P<r2>\d{4})(?!\d)"
    r"|(?<!\w)(?P<yw>năm )(?P<y>\d{4})(?!\d)(?!\s*[-–])"
)
WORD = re.compile(r"\w+")


@dataclass
class Followed:
    plan: dict[str, Any]
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (where, before, after)
    unresolved: list[str] = field(default_factory=list)  # Vietnamese, one a passage


@dataclass
class _Move:
    old: Any
    new: Any
    label: str  # what the date is of: a deadline's label, "thời gian thực hiện"


def _moves(
    old_rules: dict[str, Any], new_rules: dict[str, Any]
) -> dict[tuple[str, Any], list[_Move]]:
    """Every dated thing of the rules, old value -> new value (moved or not), by kind."""
    out: dict[tuple[str, Any], list[_Move]] = {}

    def add(kind: str, old: Any, new: Any, label: str) -> None:
        out.setdefault((kind, old), []).append(_Move(old, new, label))

    label = "thời gian thực hiện"
    for key in ("start", "end"):
        before = dt.date.fromisoformat(old_rules["period"][key])
        after = dt.date.fromisoformat(new_rules["period"][key])
        add("date", before, after, label)
    start = dt.date.fromisoformat(old_rules["period"]["start"])
    end = dt.date.fromisoformat(old_rules["period"]["end"])
    new_start = dt.date.fromisoformat(new_rules["period"]["start"])
    new_end = dt.date.fromisoformat(new_rules["period"]["end"])
    add("range", (start.year, end.year), (new_start.year, new_end.year), label)
    offset = new_start.year - start.year
    if offset == new_end.year - end.year:
        for year in range(start.year, end.year + 1):
            add("year", year, year + offset, label)
    pairs = zip(old_rules.get("deadlines", []), new_rules.get("deadlines", []), strict=False)
    for old, new in pairs:  # the period form keeps the deadlines and their order
        text = old.get("label", "")
        if old.get("date") and new.get("date"):
            add(
                "date", dt.date.fromisoformat(old["date"]), dt.date.fromisoformat(new["date"]), text
            )
        elif old.get("month") and new.get("month"):
            add("annual", (old["day"], old["month"]), (new["day"], new["month"]), text)
        elif old.get("days_before") is not None and new.get("days_before") is not None:
            add("days", old["days_before"], new["days_before"], text)
    return out


def _overlap(paragraph: str, label: str) -> int:
    words = {w.lower() for w in WORD.findall(paragraph)}
    return len(words & {w.lower() for w in WORD.findall(label)})


def _pad(like: str, value: int) -> str:
    return f"{value:02d}" if len(like) == 2 else str(value)


class _Follower:
    def __init__(self, moves: dict[tuple[str, Any], list[_Move]]) -> None:
        self.moves = moves
        self.done: list[tuple[str, str]] = []
        self.left: list[tuple[str, str]] = []  # (token, labels)

    def target(self, kind: str, old: Any, paragraph: str) -> Any | None:
        """The new value of ``old`` in this paragraph, None to leave it."""
        moves = self.moves.get((kind, old), [])
        targets = {repr(m.new) for m in moves}
        if not moves or targets == {repr(old)}:
            return None
        if len(targets) == 1:
            return moves[0].new
        scores = sorted(
            ((_overlap(paragraph, m.label), i) for i, m in enumerate(moves)), reverse=True
        )
        if scores[0][0] > scores[1][0]:
            new = moves[scores[0][1]].new
            return None if new == old else new
        self.left.append(("", "; ".join(f"“{m.label}”" for m in moves)))
        return None

    def paragraph(self, text: str) -> str:
        def replace(m: re.Match[str]) -> str:
            token = m.group(0)
            new = self._replace(m, text)
            if new is None:
                if self.left and self.left[-1][0] == "":
                    self.left[-1] = (token, self.left[-1][1])
                return token
            if new != token:
                self.done.append((token, new))
            return new

        return TOKENS.sub(replace, text)

    def _replace(self, m: re.Match[str], paragraph: str) -> str | None:
        g = m.group
        if g("fd") or g("wd"):
            d, mo, y = (g("fd"), g("fm"), g("fy")) if g("fd") else (g("wd"), g("wm"), g("wy"))
            try:
                old = dt.date(int(y), int(mo), int(d))
            except ValueError:
                return None
            new = self.target("date", old, paragraph)
            if new is None:
                return None
            if g("fd"):
                return f"{_pad(d, new.day)}/{_pad(mo, new.month)}/{new.year}"
            return f"{_pad(d, new.day)} tháng {_pad(mo, new.month)} năm {new.year}"
        if g("ad") or g("bd"):
            d, mo = (g("ad"), g("am")) if g("ad") else (g("bd"), g("bm"))
            new = self.target("annual", (int(d), int(mo)), paragraph)
            if new is None:
                return None
            sep = "/" if g("ad") else " tháng "
            return f"{_pad(d, new[0])}{sep}{_pad(mo, new[1])}"
        if g("n"):
            new = self.target("days", int(g("n")), paragraph)
            return None if new is None else f"{new}{g('ntail')}"
        if g("r1"):
            new = self.target("range", (int(g("r1")), int(g("r2"))), paragraph)
            return None if new is None else f"{new[0]}{g('rsep')}{new[1]}"
        new = self.target("year", int(g("y")), paragraph)
        return None if new is None else f"{g('yw')}{new}"


def follow_period(
    old_rules: dict[str, Any], new_rules: dict[str, Any], plan: dict[str, Any]
) -> Followed:
    """The plan with its prose's dates moved as the rules' period and deadlines moved."""
    plan = copy.deepcopy(plan)
    followed = Followed(plan=plan)
    if not plan:
        return followed
    follower = _Follower(_moves(old_rules, new_rules))

    def follow(where: str, text: str) -> str:
        lines = []
        for line in text.split("\n"):
            follower.done, follower.left = [], []
            lines.append(follower.paragraph(line))
            for before, after in dict.fromkeys(follower.done):
                followed.changes.append((where, before, after))
            for token, labels in dict.fromkeys(follower.left):
                followed.unresolved.append(
                    f"{where}: “{token}” là thời hạn của nhiều việc ({labels}), không rõ "
                    "đoạn này nói việc nào nên chưa sửa — hãy sửa trong nội dung kế hoạch."
                )
        return "\n".join(lines)

    for key, where in (("title", "Tên kế hoạch"), ("preamble", "Mở đầu")):
        if plan.get(key):
            plan[key] = follow(where, plan[key])
    for section in plan.get("sections", []):
        where = f"Phần “{section.get('heading', '')}”"
        section["heading"] = follow(where, section.get("heading", ""))
        section["text"] = follow(where, section.get("text", ""))
    if plan.get("closing"):
        plan["closing"] = follow("Kết thúc", plan["closing"])
    return followed
