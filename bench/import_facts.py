"""`thidua import-facts` at province size: 300,000 people, their units, ratings and PAR
scores, into a fresh SQLite database, printing time and peak memory.

    python bench/import_facts.py [--people 300000] [--units 3000] [--years 1] [--seed 1]

The document (thidua-facts/1, seeded: the same seed gives the same file) is written once to
bench/out/. Each import runs in a child process on a temporary SQLite database, migrated
first, with SQLite's variable limit lowered to the stock build's 32,766 (Debian's build
allows 250,000, which would hide an unbatched query at a smaller size). The child imports the
document twice: the first run creates everything, the second finds nothing to change.
Peak memory is the child's peak resident set (VmHWM): after start-up and migrations, after
the loader (the engine's, not the import's), then each import's own peak, counted again from
the size before it (Linux's clear_refs), beside what the loaded records hold.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(ROOT)]

STOCK_SQLITE_LIMIT = 32_766
GROUPS = ("phong", "xa", "xa", "bo_phan", "thon")
RATINGS = (("HTXSNV", 20), ("HTTNV", 58), ("HTNV", 18), ("KHTNV", 4))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thu", "Hữu", "Ngọc", "Thanh")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hoa", "Huy", "Lan", "Minh", "Sơn", "Tâm", "Tú", "Yến")


def make_document(people: int, units: int, years: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    last = 2025
    year_list = list(range(last - years + 1, last + 1))
    unit_rows: list[dict[str, Any]] = []
    for i in range(units):
        group = GROUPS[i % len(GROUPS)]
        row: dict[str, Any] = {"code": f"U{i:05d}", "name": f"Đơn vị {i}", "group": group}
        if group in ("bo_phan", "thon") and rng.random() < 0.4:
            row["par_assessed"] = False
        unit_rows.append(row)
    person_rows = [
        {
            "code": f"P{i:06d}",
            "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "unit": unit_rows[rng.randrange(units)]["code"],
            "position": "Chuyên viên",
            **({"key_leader": True} if rng.random() < 0.05 else {}),
        }
        for i in range(people)
    ]
    codes = [u["code"] for u in unit_rows] + [p["code"] for p in person_rows]
    names, weights = zip(*RATINGS, strict=True)
    return {
        "format": "thidua-facts/1",
        "units": unit_rows,
        "people": person_rows,
        "par_scores": [
            {"unit": u["code"], "year": year, "score": round(rng.uniform(55, 98), 2)}
            for u in unit_rows
            if u.get("par_assessed", True)
            for year in year_list
        ],
        "ratings": [
            {"subject": code, "year": year, "rating": rating}
            for year in year_list
            for code, rating in zip(codes, rng.choices(names, weights, k=len(codes)), strict=True)
        ],
    }


def _peak_mb() -> float:
    """The process's peak resident size since start (or since _reset_peak)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        / 1024
    )


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        / 1024
    )


def _reset_peak() -> bool:
    """Start the peak again from the current size (Linux: 5 > clear_refs), so an import's
    own peak is not hidden by the loader's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(path: str) -> dict[str, Any]:
    """Migrate a temporary SQLite database and import the document twice."""
    workdir = tempfile.mkdtemp(prefix="thidua-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/db.sqlite3"
    os.environ.setdefault("THIDUA_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from thidua.lib.audit import acting_as
    from thidua.rules.facts import parse_facts_json
    from thidua.scoring.services import import_facts

    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    raw_conn = connection.connection
    raw_conn.setlimit(
        sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER,
        min(raw_conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), STOCK_SQLITE_LIMIT),
    )
    result: dict[str, Any] = {
        "sqlite": sqlite3.sqlite_version,
        "limit": raw_conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER),
        "base_mb": _peak_mb(),
    }
    start, cpu = time.perf_counter(), time.process_time()
    facts = parse_facts_json(Path(path).read_bytes())
    result["load_seconds"] = time.perf_counter() - start
    result["load_cpu"] = time.process_time() - cpu
    result["load_mb"] = _peak_mb()
    result["held_mb"] = _rss_mb()  # the records the import reads, after the loader's garbage
    result["counts"] = ", ".join(
        f"{len(getattr(facts, name))} {name}"
        for name in ("units", "people", "par_scores", "ratings")
    )
    for run in ("first", "second"):
        result["reset"] = _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            with acting_as(None):
                summary = import_facts(facts)
        except Exception as e:  # the figure to report is the failure itself
            result[f"{run}_error"] = f"{type(e).__name__}: {e}"
            break
        result[f"{run}_seconds"] = time.perf_counter() - start
        result[f"{run}_cpu"] = time.process_time() - cpu
        result[f"{run}_mb"] = _peak_mb()
        result[f"{run}_created"] = sum(summary.created.values())
        result[f"{run}_updated"] = sum(summary.updated.values())
    from auditlog.models import LogEntry

    result["log_entries"] = LogEntry.objects.count()
    return result


def _child(*args: str) -> dict[str, Any]:
    """Run a step in its own process: Linux keeps a process's peak resident size across
    fork and exec, so the parent holds nothing big and measures nothing."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout or "{}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--make":
        path, people, units, years, seed = sys.argv[2:7]
        doc = make_document(int(people), int(units), int(years), int(seed))
        Path(path).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--years", type=int, default=1, help="years of ratings and PAR scores")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    path = OUT / f"import-facts-{args.people}-{args.units}-{args.years}-{args.seed}.json"
    if not path.exists():
        _child("--make", str(path), *map(str, (args.people, args.units, args.years, args.seed)))
    r = _child("--child", str(path))
    print(f"document: {path.name}, {path.stat().st_size / 1e6:.0f} MB: {r['counts']}")
    print(f"SQLite {r['sqlite']}, variable limit {r['limit']}")
    print(f"start-up and migrations: peak {r['base_mb']:.0f} MB")
    since = "since the loader" if r.get("reset") else "of the process"
    print(
        f"loader (parse + validate): {r['load_seconds']:.1f} s ({r['load_cpu']:.1f} s CPU), "
        f"peak {r['load_mb']:.0f} MB, then {r['held_mb']:.0f} MB held"
    )
    for run in ("first", "second"):
        if f"{run}_error" in r:
            print(f"{run} import: FAILED: {r[f'{run}_error']}")
            break
        print(
            f"{run} import: {r[f'{run}_seconds']:.1f} s ({r[f'{run}_cpu']:.1f} s CPU), "
            f"{r[f'{run}_created']} created, "
            f"{r[f'{run}_updated']} updated, peak {r[f'{run}_mb']:.0f} MB ({since})"
        )
    print(f"audit entries: {r['log_entries']}")


if __name__ == "__main__":
    main()
