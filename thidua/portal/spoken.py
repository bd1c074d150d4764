"""Numbers and dates as a Vietnamese announcer reads them: 2024 -> "hai nghìn không trăm hai
mươi tư", 15/12/2024 -> "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi tư".

Pure Python (no library on PyPI reads Vietnamese correctly: "lẻ" for the empty hundreds of a
year, "mốt", "tư", "lăm" after tens)."""

from __future__ import annotations

import datetime as dt

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ")


def _below_thousand(n: int, *, full: bool) -> str:
    """0 < n < 1000; ``full``: a group after a higher one reads its empty hundreds
    ("không trăm") and a lone unit after them ("lẻ")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("lẻ")
            words.append(DIGITS[units])
        return " ".join(words)
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return " ".join(words)


def number(n: int) -> str:
    """A whole number (0 ≤ n < 10¹²) in words."""
    if n < 0:
        return "âm " + number(-n)
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        higher = index < len(groups) - 1
        words.append(_below_thousand(group, full=higher))
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def date(day: dt.date) -> str:
    """'ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi tư'; the first ten
    days of a month are read with "mùng": 'ngày mùng một tháng …'."""
    read = f"mùng {number(day.day)}" if day.day <= 10 else number(day.day)
    month = "tư" if day.month == 4 else number(day.month)  # April is read "tháng tư"
    return f"ngày {read} tháng {month} năm {number(day.year)}"


def money(amount: int) -> str:
    """'hai triệu ba trăm bốn mươi nghìn đồng'."""
    return f"{number(amount)} đồng"
