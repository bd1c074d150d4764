"""A seeded, province-sized ``thidua-facts/1`` document for benchmarks.

    python bench/make_facts.py /tmp/province.json [--units 3000] [--people 200000] [--seed 1]
                               [--full]

3,000 units in groups phong / xa / bo_phan / thon (some not assessed by the PAR index),
200,000 people, and for every year 2020–2025: PAR scores, ratings of people and units
(97 % of them), disciplines, reviews, awards, initiatives and the attestations the five
templates read. The same seed always gives the same document.

``--full`` is a province as full as issue 12 describes it: every unit in groups phong / xa
(so every person is a candidate of Phù Mỹ's individual schemes: 2 × (units + people)
candidate rows, ≈ 406,000 at 200,000 people), five years 2021–2025 with a rating for every
person and unit every year (≈ 1,015,000 ratings), ≈ 430,000 attestations, ≈ 51,500 awards.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

YEARS = tuple(range(2020, 2026))
GROUP_WEIGHTS = (("phong", 1), ("xa", 3), ("bo_phan", 3), ("thon", 3))
RATINGS = (("HTXSNV", 20), ("HTTNV", 58), ("HTNV", 18), ("KHTNV", 4))
LEVELS = ("khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec")
KINDS = ("xem_xet_ky_luat", "khieu_nai", "bao_chi")
SCOPES = (("co_so", 60), ("huyen", 30), ("tinh", 8), ("toan_quoc", 2))
PERSON_AWARDS = (
    ("giay_khen_chu_tich_huyen", 45),
    ("giay_khen_chu_tich_xa", 20),
    ("lao_dong_tien_tien", 20),
    ("chien_si_thi_dua_co_so", 12),
    ("chien_si_thi_dua_tinh", 3),
)
UNIT_AWARDS = (
    ("giay_khen_chu_tich_huyen", 50),
    ("tap_the_lao_dong_tien_tien", 35),
    ("tap_the_lao_dong_xuat_sac", 12),
    ("co_thi_dua_tinh", 3),
)
# attestation key -> (share of units per year, share of people per year)
ATTESTATIONS = {
    "dan_dau_noi_dung": (0.3, 0.0),
    "phat_dong_phong_trao": (0.6, 0.0),
    "noi_bo_doan_ket": (0.7, 0.0),
    "dang_tsvm": (0.6, 0.0),
    "tieu_bieu_giai_doan": (0.05, 0.02),
    "dat_tieu_chuan_6900": (0.2, 0.04),
    "thuc_hien_tot_cchc": (0.0, 0.08),
    "guong_mau": (0.0, 0.12),
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thu", "Hữu", "Ngọc", "Thanh")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hoa", "Huy", "Lan", "Minh", "Sơn", "Tâm", "Tú", "Yến")


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# The --full profile: groups, years, share of subjects rated per year, and a factor on the
# people's attestation shares.
FULL_GROUP_WEIGHTS = (("phong", 1), ("xa", 3))
FULL_YEARS = tuple(range(2021, 2026))
FULL_PERSON_ATTESTATIONS = 1.5


def make_facts(
    units: int = 3000, people: int = 200000, seed: int = 1, full: bool = False
) -> dict[str, Any]:
    """The whole document as a dict, ready for ``json.dump``."""
    rng = random.Random(seed)
    years = FULL_YEARS if full else YEARS
    rated = 1.0 if full else 0.97
    person_factor = FULL_PERSON_ATTESTATIONS if full else 1.0
    groups = [k for k, w in (FULL_GROUP_WEIGHTS if full else GROUP_WEIGHTS) for _ in range(w)]
    unit_rows: list[dict[str, Any]] = []
    for i in range(units):
        group = groups[i % len(groups)]
        row: dict[str, Any] = {"code": f"U{i:05d}", "name": f"Đơn vị {i}", "group": group}
        not_assessed = 0.4 if group in ("bo_phan", "thon") else 0.03
        if rng.random() < not_assessed:
            row["par_assessed"] = False
        unit_rows.append(row)
    unit_codes = [u["code"] for u in unit_rows]
    group_of = {u["code"]: u["group"] for u in unit_rows}

    person_rows: list[dict[str, Any]] = []
    for i in range(people):
        unit = unit_codes[rng.randrange(units)]
        row = {
            "code": f"P{i:06d}",
            "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "unit": unit,
            "position": "Chuyên viên",
        }
        r = rng.random()
        if r < 0.05:
            row["key_leader"] = True
        if rng.random() < 0.12:
            row["cchc_role"] = True
        if group_of[unit] == "xa" and r < 0.03:
            row["unit_chair"] = True
        person_rows.append(row)
    person_codes = [p["code"] for p in person_rows]
    unit_of = {p["code"]: p["unit"] for p in person_rows}

    par_scores: list[dict[str, Any]] = []
    for u in unit_rows:
        if u.get("par_assessed", True) is False:
            continue
        base = rng.uniform(55, 92)
        for year in years:
            if rng.random() < 0.05:
                continue  # a missing year
            score = min(100.0, max(0.0, base + rng.uniform(-8, 8)))
            row = {"unit": u["code"], "year": year, "score": round(score, 2)}
            if rng.random() < 0.05:
                row["max"] = 21
                row["score"] = round(score * 21 / 100, 3)
            par_scores.append(row)

    rating_codes = [r for r, _ in RATINGS]
    rating_weights = [w for _, w in RATINGS]
    ratings: list[dict[str, Any]] = []
    for year in years:
        for code, rating in zip(
            unit_codes + person_codes,
            rng.choices(rating_codes, rating_weights, k=units + people),
            strict=True,
        ):
            if rng.random() < rated:
                ratings.append({"subject": code, "year": year, "rating": rating})

    disciplines = [
        {"person": code, "date": _date(rng, year), "level": rng.choice(LEVELS)}
        for year in years
        for code in rng.sample(person_codes, people // 200)
    ]
    reviews: list[dict[str, Any]] = []
    for year in years:
        for code in rng.sample(unit_codes + person_codes, (units + people) // 500):
            row = {"subject": code, "since": _date(rng, year), "kind": rng.choice(KINDS)}
            if rng.random() < 0.5:
                row["until"] = f"{year + rng.randint(0, 1)}-12-{rng.choice((30, 31))}"
                if row["until"] < row["since"]:
                    row["until"] = row["since"]
            reviews.append(row)

    awards: list[dict[str, Any]] = []
    for year in years:
        for code in rng.sample(person_codes, people // 20):
            form = _pick(rng, PERSON_AWARDS)
            field = "cchc" if form.startswith("giay_khen") and rng.random() < 0.4 else "chung"
            awards.append({"recipient": code, "form": form, "year": year, "field": field})
        for code in rng.sample(unit_codes, units // 10):
            awards.append({"recipient": code, "form": _pick(rng, UNIT_AWARDS), "year": year})

    initiatives: list[dict[str, Any]] = []
    for year in years:
        for n, code in enumerate(rng.sample(person_codes, people // 70)):
            authors = [code]
            if rng.random() < 0.3:
                authors.append(rng.choice(person_codes))
            initiatives.append(
                {
                    "code": f"SK-{year}-{n:05d}",
                    "unit": unit_of[code],
                    "authors": authors,
                    "year": year,
                    "scope": _pick(rng, SCOPES),
                }
            )

    attestations: list[dict[str, Any]] = []
    for year in years:
        for key, (unit_share, person_share) in ATTESTATIONS.items():
            if unit_share:
                for code in rng.sample(unit_codes, int(units * unit_share)):
                    attestations.append({"subject": code, "year": year, "key": key})
            if person_share:
                for code in rng.sample(person_codes, int(people * person_share * person_factor)):
                    attestations.append({"subject": code, "year": year, "key": key})

    return {
        "format": "thidua-facts/1",
        "units": unit_rows,
        "people": person_rows,
        "par_scores": par_scores,
        "ratings": ratings,
        "disciplines": disciplines,
        "reviews": reviews,
        "awards": awards,
        "initiatives": initiatives,
        "attestations": attestations,
    }


def write_facts(
    path: str, units: int = 3000, people: int = 200000, seed: int = 1, full: bool = False
) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            make_facts(units, people, seed, full),
            handle,
            ensure_ascii=False,
            separators=(",", ":"),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="the province-full profile")
    args = parser.parse_args(argv)
    write_facts(args.path, args.units, args.people, args.seed, args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
