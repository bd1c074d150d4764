"""Eligibility on a province-sized data set (3,000 units, 200,000 people, five years of every
kind of fact), from the JSON file and from the database, beside the floors.

    python bench/eligibility.py [--units 3000] [--people 200000] [--runs 3] [--skip-json]
                                [--sqlite] [--postgres URL]

From JSON: see eligibility_json.py (load + validate + evaluate vs a bare json.load).
From the database: the adapter's queries + the engine, for phu-my-2021-2025 (2024) and
thai-nguyen-2018-2020 (2020), against the floor of ONE SQL aggregate over the same PAR
scores (percent per group and year). Each backend gets its own database, loaded once
(without the audit trail: this is set-up, not a user's write) and reused by later runs:
SQLite in bench/out/, PostgreSQL in the database named by --postgres.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(ROOT), str(HERE)]

CASES = (("phu-my-2021-2025", 2024), ("thai-nguyen-2018-2020", 2020))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/thidua_bench"

FLOOR_SQL = """
SELECT u.group_id, p.year, COUNT(*), AVG(p.score * 100 / p.max_score), MAX(p.score)
FROM scoring_parscore p JOIN org_unit u ON u.id = p.unit_id
WHERE p.score IS NOT NULL
GROUP BY u.group_id, p.year
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()


def load_database(facts_path: Path) -> int:
    """Migrate and bulk-load the facts file once; returns the number of people."""
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Value
    from django.db.models.functions import Cast, Concat

    from thidua.org.models import Person, Unit
    from thidua.scoring import models as m
    from thidua.scoring.services import LEVEL_OF_GROUP

    call_command("migrate", verbosity=0)
    if Person.objects.exists():
        return Person.objects.count()
    doc = json.loads(facts_path.read_bytes())
    started = time.perf_counter()
    with transaction.atomic():
        units = Unit.objects.bulk_create(
            [
                Unit(
                    code=u["code"],
                    name=u.get("name", u["code"]),
                    group_id=u["group"],
                    level=LEVEL_OF_GROUP[u["group"]],
                    par_assessed=u.get("par_assessed", True),
                )
                for u in doc["units"]
            ],
            batch_size=2000,
        )
        Unit.objects.update(
            path=Concat(Value("/"), Cast("pk", Unit._meta.get_field("path")), Value("/"))
        )
        unit_id = {u.code: u.pk for u in units}
        people = Person.objects.bulk_create(
            [
                Person(
                    code=p["code"],
                    full_name=p.get("name", p["code"]),
                    unit_id=unit_id[p["unit"]],
                    position=p.get("position", ""),
                    key_leader=p.get("key_leader", False),
                    cchc_role=p.get("cchc_role", False),
                    unit_chair=p.get("unit_chair", False),
                ).derive()
                for p in doc["people"]
            ],
            batch_size=2000,
        )
        person_id = {p.code: p.pk for p in people}

        def subject(code: str) -> dict[str, int]:
            return (
                {"person_id": person_id[code]} if code in person_id else {"unit_id": unit_id[code]}
            )

        m.ParScore.objects.bulk_create(
            [
                m.ParScore(
                    unit_id=unit_id[s["unit"]],
                    year=s["year"],
                    score=s["score"],
                    max_score=s.get("max", 100),
                )
                for s in doc.get("par_scores", [])
            ],
            batch_size=5000,
        )
        m.Rating.objects.bulk_create(
            [
                m.Rating(year=r["year"], rating=r["rating"], **subject(r["subject"]))
                for r in doc.get("ratings", [])
            ],
            batch_size=5000,
        )
        m.Discipline.objects.bulk_create(
            [
                m.Discipline(person_id=person_id[d["person"]], date=d["date"], level=d["level"])
                for d in doc.get("disciplines", [])
            ],
            batch_size=5000,
        )
        m.Review.objects.bulk_create(
            [
                m.Review(
                    since=r["since"], until=r.get("until"), kind=r["kind"], **subject(r["subject"])
                )
                for r in doc.get("reviews", [])
            ],
            batch_size=5000,
        )
        m.Award.objects.bulk_create(
            [
                m.Award(
                    form_id=a["form"],
                    year=a["year"],
                    field=a.get("field", "chung"),
                    **subject(a["recipient"]),
                )
                for a in doc.get("awards", [])
            ],
            batch_size=5000,
        )
        initiatives = m.Initiative.objects.bulk_create(
            [
                m.Initiative(
                    code=i["code"],
                    title=i["code"],
                    unit_id=unit_id.get(i.get("unit")),
                    year=i["year"],
                    scope=i["scope"],
                )
                for i in doc.get("initiatives", [])
            ],
            batch_size=5000,
        )
        through = m.Initiative.authors.through
        through.objects.bulk_create(
            [
                through(initiative_id=obj.pk, person_id=person_id[a])
                for obj, i in zip(initiatives, doc.get("initiatives", []), strict=True)
                for a in i.get("authors", [])
            ],
            batch_size=5000,
        )
        m.Attestation.objects.bulk_create(
            [
                m.Attestation(year=a["year"], key=a["key"], **subject(a["subject"]))
                for a in doc.get("attestations", [])
            ],
            batch_size=5000,
        )
    print(
        f"  loaded {len(people)} people in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    return len(people)


def child_db(database_url: str, facts_path: str, template_key: str, year: int) -> dict[str, Any]:
    _setup_django(database_url)
    from django.db import connection

    from thidua.rules.engine import evaluate
    from thidua.rules.reads import template_reads
    from thidua.rules.template import load_template
    from thidua.scoring.adapters import facts_from_db

    template = load_template(template_key)
    years: set[int] = set()
    for scheme in template.schemes:
        years.update(scheme.years_read(year))
    connection.ensure_connection()
    start = time.perf_counter()
    facts = facts_from_db(sorted(years), reads=template_reads(template, year))
    loaded = time.perf_counter()
    results = evaluate(template, facts, year)
    done = time.perf_counter()
    return {
        "seconds": done - start,
        "query_seconds": loaded - start,
        "engine_seconds": done - loaded,
        "candidates": sum(len(s["candidates"]) for s in results["schemes"]),
        "peak_mb": _peak_mb(),
    }


def child_floor(database_url: str) -> dict[str, Any]:
    _setup_django(database_url)
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(FLOOR_SQL)
        rows = cursor.fetchall()
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(rows), "peak_mb": _peak_mb()}


def _create_postgres_database(database_url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    admin = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def child_load(database_url: str, facts_path: str) -> dict[str, Any]:
    if database_url.startswith("postgres"):
        _create_postgres_database(database_url)
    _setup_django(database_url)
    return {"people": load_database(Path(facts_path))}


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr}")
    sys.stderr.write(done.stderr)
    return json.loads(done.stdout)


def _best(runs: int, *args: str) -> dict[str, Any]:
    return min((_child(*args) for _ in range(runs)), key=lambda r: r["seconds"])


def bench_database(label: str, url: str, facts_path: Path, runs: int) -> None:
    print(f"\n== from the database: {label}")
    _child("load", url, str(facts_path))
    floor = _best(runs, "floor", url)
    print(f"floor: one SQL aggregate over the PAR scores  {floor['seconds']:8.3f} s")
    for key, year in CASES:
        r = _best(runs, "db", url, str(facts_path), key, str(year))
        print(
            f"{key} {year}: {r['seconds']:7.2f} s (queries {r['query_seconds']:.2f} s, "
            f"engine {r['engine_seconds']:.2f} s) for {r['candidates']} candidate rows, "
            f"peak {r['peak_mb']:.0f} MB, {r['seconds'] / floor['seconds']:.1f}× the floor"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "db":
            url, path, key, year = rest
            print(json.dumps(child_db(url, path, key, int(year))))
        elif kind == "floor":
            print(json.dumps(child_floor(rest[0])))
        elif kind == "load":
            print(json.dumps(child_load(*rest)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-json", action="store_true")
    parser.add_argument("--sqlite", action="store_true", help="only SQLite (no PostgreSQL)")
    parser.add_argument("--postgres", default=DEFAULT_PG, metavar="URL")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    facts_path = OUT / f"facts-{args.units}-{args.people}-{args.seed}.json"
    if not facts_path.exists():
        from make_facts import make_facts

        facts_path.write_text(
            json.dumps(make_facts(args.units, args.people, args.seed), ensure_ascii=False)
        )
    print(f"facts: {facts_path.name}, {facts_path.stat().st_size / 1e6:.0f} MB")

    if not args.skip_json:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "eligibility_json.py"),
                "--units",
                str(args.units),
                "--people",
                str(args.people),
                "--seed",
                str(args.seed),
                "--runs",
                str(args.runs),
            ],
            check=True,
        )
    sqlite = OUT / f"bench-{args.units}-{args.people}-{args.seed}.sqlite3"
    bench_database("SQLite", f"sqlite:///{sqlite}", facts_path, args.runs)
    if not args.sqlite:
        bench_database("PostgreSQL", args.postgres, facts_path, args.runs)


if __name__ == "__main__":
    main()
