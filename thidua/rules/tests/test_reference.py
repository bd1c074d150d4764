"""The engine against a naive reading of RULES.md on random districts.

The reference below is written straight from RULES.md §2–§3, scanning the raw facts for
every candidate and criterion — slow and obvious. The engine (indexes, per-unit caches,
compiled expressions, bulk loading) must agree with it on every verdict, eligibility,
selection, rank and note, for all five templates and every year they accept.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules import evaluate, load_facts, load_template
from thidua.rules.template import TEMPLATE_KEYS, TIE_NOTE

V = bool | None


def _and(*xs: V) -> V:
    return False if False in xs else None if None in xs else True


def _or(*xs: V) -> V:
    return True if True in xs else None if None in xs else False


class Reference:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.d = doc
        self.units = {u["code"]: u for u in doc.get("units", [])}
        self.people = {p["code"]: p for p in doc.get("people", [])}

    # -- raw look-ups --
    def assessed(self, unit: str) -> bool:
        return bool(self.units[unit].get("par_assessed", True))

    def pct(self, unit: str, year: int) -> Fraction | None:
        for s in self.d.get("par_scores", []):
            if s["unit"] == unit and s["year"] == year:
                score = Fraction(Decimal(str(s["score"])))
                return score * 100 / Fraction(Decimal(str(s.get("max", 100))))
        return None

    def rank(self, unit: str, year: int) -> int | None:
        mine = self.pct(unit, year)
        if mine is None or not self.assessed(unit):
            return None
        group = self.units[unit]["group"]
        rivals = [self.pct(u, year) for u in self.units if self.units[u]["group"] == group]
        return 1 + sum(1 for p in rivals if p is not None and p > mine)

    def rating(self, subject: str, year: int) -> str | None:
        for r in self.d.get("ratings", []):
            if r["subject"] == subject and r["year"] == year:
                return str(r["rating"])
        return None

    def disciplined(self, person: str, year: int) -> bool:
        return any(
            x["person"] == person and x["date"].startswith(f"{year}-")
            for x in self.d.get("disciplines", [])
        )

    def open_review(self, subject: str, year: int) -> bool:
        end = f"{year}-12-31"
        return any(
            r["subject"] == subject and r["since"] <= end and ("until" not in r or r["until"] > end)
            for r in self.d.get("reviews", [])
        )

    def awards(self, who: str, forms: set[str], years: set[int], field: str | None) -> int:
        return sum(
            1
            for a in self.d.get("awards", [])
            if a["recipient"] == who
            and a["form"] in forms
            and a["year"] in years
            and (field is None or a.get("field", "chung") == field)
        )

    def initiative(self, who: str, by_unit: bool, years: set[int], min_scope: str) -> bool:
        order = ["co_so", "huyen", "tinh", "toan_quoc"]
        for i in self.d.get("initiatives", []):
            mine = i.get("unit") == who if by_unit else who in i.get("authors", [])
            if mine and i["year"] in years and order.index(i["scope"]) >= order.index(min_scope):
                return True
        return False

    def attested(self, subject: str, key: str, years: set[int]) -> bool:
        return any(
            a["subject"] == subject and a["key"] == key and a["year"] in years
            for a in self.d.get("attestations", [])
        )

    def members(self, unit: str) -> list[str]:
        return [c for c, p in self.people.items() if p["unit"] == unit]

    # -- shared criteria --
    def par_at_least(self, unit: str, year: int, threshold: int, when_na: V = None) -> V:
        if not self.assessed(unit):
            return when_na
        p = self.pct(unit, year)
        return None if p is None else p >= threshold

    def years_count(self, unit: str, years: range, threshold: int, need: int) -> V:
        if not self.assessed(unit):
            return None
        values = [self.pct(unit, y) for y in years]
        good = sum(1 for p in values if p is not None and p >= threshold)
        missing = sum(1 for p in values if p is None)
        return True if good >= need else False if good + missing < need else None

    def htxs(self, subject: str, year: int) -> V:
        r = self.rating(subject, year)
        return None if r is None else r == "HTXSNV"


def _loc_ninh(ref: Reference, y: int) -> dict[str, Any]:
    def crit(u: str) -> dict[str, V]:
        return {
            "dan_dau_noi_dung": ref.attested(u, "dan_dau_noi_dung", {y}),
            "par_90": ref.par_at_least(u, y, 90, when_na=True),
            "sang_kien_huyen": ref.initiative(u, True, {y}, "huyen"),
            "lanh_dao_khong_ky_luat": not any(
                ref.people[p].get("key_leader", False) and ref.disciplined(p, y)
                for p in ref.members(u)
            ),
        }

    return {
        "tap-the-hang-nam": (
            "units",
            {"phong", "xa"},
            crit,
            lambda c: _and(*c.values()),
            ("total", 6),
            lambda u: ref.pct(u, y) if ref.assessed(u) else None,
        )
    }


def _dinh_du(ref: Reference, y: int) -> dict[str, Any]:
    def par_tot_tang(u: str) -> V:
        if not ref.assessed(u):
            return True
        now, before = ref.pct(u, y), ref.pct(u, y - 1)
        tot = None if now is None else now >= 80
        rise = None if now is None or before is None else now > before
        return _and(tot, rise)

    def review(s: str) -> V:
        return None if ref.open_review(s, y) else True

    def unit(u: str) -> dict[str, V]:
        return {
            "par_tot_tang": par_tot_tang(u),
            "htxs": ref.htxs(u, y),
            "sang_kien": ref.initiative(u, True, {y}, "co_so"),
            "khong_ky_luat": not any(ref.disciplined(p, y) for p in ref.members(u)),
            "khong_dang_xem_xet": review(u),
        }

    def person(p: str) -> dict[str, V]:
        return {
            "htxs": ref.htxs(p, y),
            "thuc_hien_tot_cchc": ref.attested(p, "thuc_hien_tot_cchc", {y}),
            "sang_kien": ref.initiative(p, False, {y}, "co_so"),
            "khong_ky_luat": not ref.disciplined(p, y),
            "khong_dang_xem_xet": review(p),
        }

    groups = {"xa", "bo_phan", "thon"}
    every = lambda c: _and(*c.values())  # noqa: E731
    return {
        "tap-the": ("units", groups, unit, every, None, None),
        "ca-nhan": ("people", groups, person, every, None, None),
    }


def _tan_chau(ref: Reference, y: int) -> dict[str, Any]:
    def crit(s: str) -> dict[str, V]:
        return {"theo_huong_dan_6900": ref.attested(s, "dat_tieu_chuan_6900", {y})}

    groups = {"phong", "tw", "xa"}
    every = lambda c: _and(*c.values())  # noqa: E731
    return {
        "tap-the": ("units", groups, crit, every, None, None),
        "ca-nhan": ("people", groups, crit, every, None, None),
    }


def _phu_my(ref: Reference, y: int) -> dict[str, Any]:
    phase = range(2021, 2026)
    gk = {"giay_khen_chu_tich_huyen"}
    cstd = {"chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "chien_si_thi_dua_toan_quoc"}

    def rank_le(u: str, n: int) -> V:
        r = ref.rank(u, y)
        return None if r is None else r <= n

    def person_annual(p: str) -> dict[str, V]:
        u = ref.people[p]["unit"]
        return {
            "phu_trach_cchc": bool(ref.people[p].get("cchc_role", False)),
            "don_vi_hang_1": rank_le(u, 1),
            "don_vi_70_2_nam": _and(ref.par_at_least(u, y - 1, 70), ref.par_at_least(u, y, 70)),
            "htxs": ref.htxs(p, y),
            "giay_khen_cchc_nam_truoc": ref.awards(p, gk, {y - 1}, "cchc") >= 1,
            "cstd_nam_truoc": ref.awards(p, cstd, {y - 1}, None) >= 1,
        }

    def annual_rule(c: dict[str, V]) -> V:
        inner = _and(
            c["don_vi_70_2_nam"],
            c["htxs"],
            _or(c["giay_khen_cchc_nam_truoc"], c["cstd_nam_truoc"]),
        )
        return _and(c["phu_trach_cchc"], _or(c["don_vi_hang_1"], inner))

    def person_phase(p: str) -> dict[str, V]:
        u = ref.people[p]["unit"]
        return {
            "phu_trach_don_vi_70_3_nam": _and(
                bool(ref.people[p].get("cchc_role", False)), ref.years_count(u, phase, 70, 3)
            ),
            "hai_giay_khen_cchc": ref.attested(p, "tieu_bieu_giai_doan", set(phase))
            and ref.awards(p, gk, set(phase), "cchc") >= 2,
            "sang_kien_lan_toa": ref.initiative(p, False, set(phase), "huyen"),
        }

    groups = {"phong", "xa"}
    anyof = lambda c: _or(*c.values())  # noqa: E731
    return {
        "tap-the-hang-nam": (
            "units",
            groups,
            lambda u: {"par_top3": rank_le(u, 3)},
            anyof,
            None,
            None,
        ),
        "tap-the-giai-doan": (
            "units",
            groups,
            lambda u: {
                "par_70_3_nam": ref.years_count(u, phase, 70, 3),
                "tieu_bieu_giai_doan": ref.attested(u, "tieu_bieu_giai_doan", set(phase)),
            },
            anyof,
            None,
            None,
        ),
        "ca-nhan-hang-nam": ("people", groups, person_annual, annual_rule, None, None),
        "ca-nhan-giai-doan": ("people", groups, person_phase, anyof, None, None),
    }


def _thai_nguyen(ref: Reference, year: int) -> dict[str, Any]:
    def unit(y: int) -> Callable[[str], dict[str, V]]:
        def crit(u: str) -> dict[str, V]:
            tot = ref.par_at_least(u, y, 80) if ref.units[u]["group"] == "xa" else True
            out: dict[str, V] = {"htxs": ref.htxs(u, y)}
            for key in ("phat_dong_phong_trao", "noi_bo_doan_ket", "dang_tsvm"):
                out[key] = ref.attested(u, key, {y})
            out["par_tot"] = tot
            out["khong_ky_luat"] = not any(ref.disciplined(p, y) for p in ref.members(u))
            return out

        return crit

    def person(y: int) -> Callable[[str], dict[str, V]]:
        def crit(p: str) -> dict[str, V]:
            chair = ref.people[p].get("unit_chair", False)
            return {
                "htxs": ref.htxs(p, y),
                "guong_mau": ref.attested(p, "guong_mau", {y}),
                "chu_tich_xa_par_tot": (
                    ref.par_at_least(ref.people[p]["unit"], y, 80) if chair else True
                ),
                "khong_ky_luat": not ref.disciplined(p, y),
            }

        return crit

    groups = {"phong", "xa"}
    every = lambda c: _and(*c.values())  # noqa: E731

    def by_pct(y: int) -> Callable[[str], Any]:
        return lambda u: ref.pct(u, y) if ref.assessed(u) else None

    def by_role(p: str) -> int:
        return 1 if ref.people[p].get("cchc_role", False) else 0

    return {
        "tap-the-hang-nam": (
            "units",
            groups,
            unit(year),
            every,
            ("group", {"phong": 4, "xa": 6}),
            by_pct(year),
        ),
        "ca-nhan-hang-nam": (
            "people",
            groups,
            person(year),
            every,
            ("group", {"phong": 7, "xa": 8}),
            by_role,
        ),
        "tap-the-giai-doan": (
            "units",
            groups,
            unit(2020),
            every,
            ("group", {"phong": 6, "xa": 9}),
            by_pct(2020),
        ),
        "ca-nhan-giai-doan": (
            "people",
            groups,
            person(2020),
            every,
            ("group", {"phong": 10, "xa": 10}),
            by_role,
        ),
    }


SCHEMES: dict[str, Callable[[Reference, int], dict[str, Any]]] = {
    "loc-ninh-2024-2025": _loc_ninh,
    "dinh-du-2024": _dinh_du,
    "tan-chau-2020": _tan_chau,
    "phu-my-2021-2025": _phu_my,
    "thai-nguyen-2018-2020": _thai_nguyen,
}


def _place(
    rows: list[dict[str, Any]], quota: tuple[str, Any], priority: Callable[[str], Any]
) -> None:
    """RULES.md §2: eligible candidates by priority (none = lowest); a block of equal
    priority straddling the quota is left to the council."""

    def key_of(row: dict[str, Any]) -> Fraction:
        value = priority(row["code"])
        return Fraction(-1) if value is None else Fraction(value)

    for row in rows:
        if row["eligible"] is not True:
            continue
        pool = [
            r
            for r in rows
            if r["eligible"] is True and (quota[0] == "total" or r["group"] == row["group"])
        ]
        limit = quota[1] if quota[0] == "total" else quota[1][row["group"]]
        mine = key_of(row)
        higher = sum(1 for r in pool if key_of(r) > mine)
        same = sum(1 for r in pool if key_of(r) == mine)
        row["rank"] = higher + 1
        if higher + same <= limit:
            row["selected"] = True
        elif higher < limit:
            row["selected"], row["note"] = None, TIE_NOTE
        else:
            row["selected"] = False


def _expected(ref: Reference, key: str, year: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for scheme, (kind, groups, crit, rule, quota, priority) in SCHEMES[key](ref, year).items():
        rows = []
        for code in ref.units if kind == "units" else ref.people:
            group = ref.units[code if kind == "units" else ref.people[code]["unit"]]["group"]
            if group not in groups:
                continue
            verdicts = crit(code)
            eligible = rule(verdicts)
            rows.append(
                {
                    "code": code,
                    "group": group,
                    "eligible": eligible,
                    "selected": eligible,
                    "rank": None,
                    "note": None,
                    "criteria": verdicts,
                }
            )
        if quota is not None:
            _place(rows, quota, priority)
        out[scheme] = rows
    return out


# --- random districts -----------------------------------------------------------------------

SCORES = [0, 49.99, 50, 69.99, 70, 75, 79.995, 80, 84, 85, 89.995, 90, 95, 100]
YEARS = list(range(2018, 2026))
KEYS = [
    "dan_dau_noi_dung",
    "thuc_hien_tot_cchc",
    "dat_tieu_chuan_6900",
    "tieu_bieu_giai_doan",
    "phat_dong_phong_trao",
    "noi_bo_doan_ket",
    "dang_tsvm",
    "guong_mau",
]
FORMS = [
    "giay_khen_chu_tich_huyen",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_tinh",
    "lao_dong_tien_tien",
]


@st.composite
def districts(draw: st.DrawFn) -> dict[str, Any]:
    n_units = draw(st.integers(1, 7))
    units = []
    for i in range(n_units):
        row: dict[str, Any] = {
            "code": f"U{i}",
            "group": draw(st.sampled_from(["phong", "phong", "xa", "xa", "bo_phan", "thon", "tw"])),
        }
        if draw(st.integers(0, 4)) == 0:
            row["par_assessed"] = False
        units.append(row)
    codes = [u["code"] for u in units]
    people = []
    for i in range(draw(st.integers(0, 8))):
        p: dict[str, Any] = {"code": f"P{i}", "unit": draw(st.sampled_from(codes))}
        for flag in ("key_leader", "cchc_role", "unit_chair"):
            if draw(st.booleans()):
                p[flag] = True
        people.append(p)
    everyone = codes + [p["code"] for p in people]
    pcodes = [p["code"] for p in people]
    par_scores = []
    for u in units:
        if u.get("par_assessed", True):
            for y in YEARS:
                if draw(st.integers(0, 3)):
                    score = draw(st.sampled_from(SCORES))
                    if draw(st.integers(0, 5)) == 0:
                        par_scores.append(
                            {
                                "unit": u["code"],
                                "year": y,
                                "score": round(score * 21 / 100, 4),
                                "max": 21,
                            }
                        )
                    else:
                        par_scores.append({"unit": u["code"], "year": y, "score": score})
    ratings = [
        {"subject": s, "year": y, "rating": draw(st.sampled_from(["HTXSNV", "HTXSNV", "HTTNV"]))}
        for s in everyone
        for y in YEARS
        if draw(st.integers(0, 2))
    ]
    draw(st.randoms()).shuffle(ratings)  # the bulk loader must not rely on year order

    def day(y: int) -> str:
        return f"{y}-{draw(st.integers(1, 12)):02d}-{draw(st.sampled_from([1, 15, 28])):02d}"

    disciplines = [
        {
            "person": draw(st.sampled_from(pcodes)),
            "date": day(draw(st.sampled_from(YEARS))),
            "level": "khien_trach",
        }
        for _ in range(draw(st.integers(0, 3) if pcodes else st.just(0)))
    ]
    reviews = []
    for _ in range(draw(st.integers(0, 3))):
        y = draw(st.sampled_from(YEARS))
        r = {"subject": draw(st.sampled_from(everyone)), "since": day(y), "kind": "khieu_nai"}
        closing = draw(st.sampled_from([None, f"{y}-12-31", f"{y + 1}-01-01", f"{y}-12-30"]))
        if closing is not None and closing >= r["since"]:
            r["until"] = closing
        reviews.append(r)
    awards = [
        {
            "recipient": draw(st.sampled_from(everyone)),
            "form": draw(st.sampled_from(FORMS)),
            "year": draw(st.sampled_from(YEARS)),
            "field": draw(st.sampled_from(["cchc", "chung"])),
        }
        for _ in range(draw(st.integers(0, 8)))
    ]
    initiatives = []
    for i in range(draw(st.integers(0, 4))):
        row = {
            "code": f"SK{i}",
            "year": draw(st.sampled_from(YEARS)),
            "scope": draw(st.sampled_from(["co_so", "huyen", "tinh"])),
        }
        if draw(st.booleans()):
            row["unit"] = draw(st.sampled_from(codes))
        if pcodes:
            row["authors"] = draw(st.lists(st.sampled_from(pcodes), max_size=2))
        initiatives.append(row)
    attestations = [
        {
            "subject": draw(st.sampled_from(everyone)),
            "year": draw(st.sampled_from(YEARS)),
            "key": draw(st.sampled_from(KEYS)),
        }
        for _ in range(draw(st.integers(0, 14)))
    ]
    return {
        "format": "thidua-facts/1",
        "units": units,
        "people": people,
        "par_scores": par_scores,
        "ratings": ratings,
        "disciplines": disciplines,
        "reviews": reviews,
        "awards": awards,
        "initiatives": initiatives,
        "attestations": attestations,
    }


def _actual(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        s["key"]: [
            {
                **{k: c[k] for k in ("code", "group", "eligible", "selected", "rank", "note")},
                "criteria": {k["key"]: k["verdict"] for k in c["criteria"]},
            }
            for c in s["candidates"]
        ]
        for s in results["schemes"]
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts())
def test_it_agrees_with_a_naive_reading_of_rules_md(doc: dict[str, Any]) -> None:
    facts = load_facts(doc)
    ref = Reference(doc)
    for key in TEMPLATE_KEYS:
        template = load_template(key)
        for year in template.years:
            assert _actual(evaluate(template, facts, year)) == _expected(ref, key, year), (
                key,
                year,
            )
