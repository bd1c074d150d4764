"""What the law says on a given day: the one interface the awards chain asks.

    requires_ballot(form_key, on)      -> bool      the council must vote on it
    ballot_rule(form_key, on)          -> Rule      its approval threshold (on total members)
    quorum(on)                         -> Fraction  share of members that must attend
    deciding_level(form_key, on)       -> str|None  the authority that decides it
    may_decide(issuer_level, form_key, on) -> bool  whether an issuer of that level may
    recipient_problem(form, subject)   -> str|None  why the form does not fit the recipient

Issue 8 groundwork: the bodies below hold LEGAL.md's figures as constants so that the
council and decision code can be written against this interface; they become dated tables
an administrator views and extends (same signatures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Rule:
    """Approval on the total membership: approve/total ≥ `share` (or > `share` if strict)."""

    share: Fraction
    phrase: str
    strict: bool = False

    def passes(self, approve: int, total: int) -> bool:
        if total <= 0:
            return False
        ratio = Fraction(approve, total)
        return ratio > self.share if self.strict else ratio >= self.share


NINETY = Rule(Fraction(9, 10), "ít nhất 90% tổng số thành viên")
EIGHTY = Rule(Fraction(4, 5), "ít nhất 80% tổng số thành viên")
MAJORITY = Rule(Fraction(1, 2), "trên một nửa tổng số thành viên", strict=True)

_RULES = {
    "chien_si_thi_dua_tinh": NINETY,
    "chien_si_thi_dua_toan_quoc": NINETY,
    "chien_si_thi_dua_co_so": EIGHTY,
    "co_thi_dua_tinh": EIGHTY,
    "co_thi_dua_chinh_phu": EIGHTY,
}
_PREFIX_RULES = (("anh_hung", NINETY), ("co_thi_dua", EIGHTY))

# Authority levels: Unit.Level values plus the central ones.
PRIME_MINISTER, PRESIDENT = "thu_tuong", "chu_tich_nuoc"
_REFORM = dt.date(2025, 7, 1)


def ballot_rule(form_key: str, on: dt.date) -> Rule:
    if form_key in _RULES:
        return _RULES[form_key]
    for prefix, rule in _PREFIX_RULES:
        if form_key.startswith(prefix):
            return rule
    return MAJORITY


def requires_ballot(form_key: str, on: dt.date) -> bool:
    return form_key in _RULES or any(form_key.startswith(p) for p, _ in _PREFIX_RULES)


def quorum(on: dt.date) -> Fraction:
    return Fraction(2, 3)


_LOCAL = {
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "tap_the_lao_dong_tien_tien",
    "thon_van_hoa",
    "gia_dinh_van_hoa",
}


def deciding_level(form_key: str, on: dt.date) -> str | None:
    if form_key in _LOCAL:
        return "xa" if on >= _REFORM else "huyen"
    return {
        "giay_khen_chu_tich_xa": "xa",
        "giay_khen_chu_tich_huyen": "huyen",
        "giay_khen_thu_truong": "co_quan",
        "bang_khen_chu_tich_tinh": "tinh",
        "co_thi_dua_tinh": "tinh",
        "chien_si_thi_dua_tinh": "tinh",
        "tap_the_lao_dong_xuat_sac": "tinh",
        "xa_tieu_bieu": "tinh",
        "bang_khen_thu_tuong": PRIME_MINISTER,
        "co_thi_dua_chinh_phu": PRIME_MINISTER,
        "chien_si_thi_dua_toan_quoc": PRIME_MINISTER,
    }.get(form_key, PRESIDENT if form_key.startswith("huan_chuong") else None)


def may_decide(issuer_level: str, form_key: str, on: dt.date) -> bool:
    return deciding_level(form_key, on) == issuer_level


def recipient_problem(form: Any, subject: Any) -> str | None:
    """None when `form` (scoring.AwardForm) may go to `subject` (org Unit or Person)."""
    is_person = subject is not None and hasattr(subject, "full_name")
    if form.recipient == "person" and not is_person:
        return f"“{form.name}” chỉ xét tặng cho cá nhân, không cho tập thể."
    if form.recipient == "collective" and is_person:
        return f"“{form.name}” chỉ xét tặng cho tập thể, không cho cá nhân."
    return None
