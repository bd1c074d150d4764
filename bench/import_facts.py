"""`thidua import-facts` of the province file, with and without the audit trail, on SQLite
and PostgreSQL: time, peak memory and queries of each run.

    python bench/import_facts.py [--people 200000] [--units 3000] [--seed 1]
                                 [--db sqlite,postgres] [--audit on,off]
                                 [--postgres postgres://postgres@127.0.0.1:5432/thidua_audit]

The document is bench/make_facts.py's (thidua-facts/1, seeded: the same seed gives the same
file; every section: units, people, six years of PAR scores, ratings, disciplines, reviews,
awards, initiatives, attestations), written once to bench/out/. Each measurement runs in its
own child process on a fresh database, migrated first: a temporary SQLite file, with SQLite's
variable limit lowered to the stock build's 32,766 (Debian's build allows 250,000, which
would hide an unbatched query at a smaller size), or the PostgreSQL database named by
--postgres, dropped and created again (it must be a database of your own).

"Without the audit trail" is the same import with lib.audit's bulk helpers replaced, in the
child only, by the plain bulk writes they wrap (derived columns and `updated_at` still set):
the difference between the two runs is what the trail costs. The child imports the document
twice: the first run creates everything, the second finds nothing to change. Peak memory is
the child's peak resident set (VmHWM): after start-up and migrations, after the loader (the
engine's, not the import's), then each import's own peak, counted again from the size before
it (Linux's clear_refs). Queries are every statement the import sends (execute_wrapper).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(ROOT), str(HERE)]

STOCK_SQLITE_LIMIT = 32_766
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/thidua_audit"


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


def _fresh_postgres(url: str) -> None:
    """Drop and create the database `url` names (connected to the server's `postgres`)."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _without_audit() -> None:
    """Replace the import's audit-trail helpers by the plain bulk writes they wrap."""
    from django.db import models
    from django.utils import timezone

    from thidua.lib import audit
    from thidua.scoring import services

    def create(model: type[models.Model], objs: Sequence[Any], batch_size: int = 1000) -> Any:
        audit._derive(objs)
        return model.objects.bulk_create(objs, batch_size=batch_size)

    def update(
        model: type[models.Model], objs: Sequence[Any], fields: list[str], batch_size: int = 1000
    ) -> int:
        audit._derive(objs)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()
            for obj in objs:
                obj.updated_at = now
            fields = [*fields, "updated_at"]
        return model.objects.bulk_update(objs, fields, batch_size=batch_size)

    services.bulk_create_logged = create  # type: ignore[assignment]
    services.bulk_update_logged = update  # type: ignore[assignment]
    services.log_links = lambda *args, **kwargs: 0  # type: ignore[assignment]


def child(path: str, db: str, audit: bool, postgres: str) -> dict[str, Any]:
    """Migrate a fresh database and import the document twice."""
    workdir = tempfile.mkdtemp(prefix="thidua-bench-")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/db.sqlite3"
    else:
        _fresh_postgres(postgres)
        os.environ["DATABASE_URL"] = postgres
    os.environ.setdefault("THIDUA_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.core.management import call_command
    from django.db import connection

    from thidua.lib.audit import acting_as
    from thidua.rules.facts import SECTIONS, parse_facts_json
    from thidua.scoring.services import import_facts

    call_command("migrate", verbosity=0)
    connection.ensure_connection()
    result: dict[str, Any] = {"db": db, "audit": audit}
    if db == "sqlite":
        raw_conn = connection.connection
        raw_conn.setlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER,
            min(raw_conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), STOCK_SQLITE_LIMIT),
        )
        result["server"] = f"SQLite {sqlite3.sqlite_version}, variable limit " + str(
            raw_conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        )
    else:
        result["server"] = f"PostgreSQL {connection.pg_version}"
    if not audit:
        _without_audit()
    result["base_mb"] = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    facts = parse_facts_json(Path(path).read_bytes())
    result["load_seconds"] = time.perf_counter() - start
    result["load_cpu"] = time.process_time() - cpu
    result["load_mb"] = _peak_mb()
    result["held_mb"] = _rss_mb()  # the records the import reads, after the loader's garbage
    result["counts"] = ", ".join(f"{len(getattr(facts, name))} {name}" for name in SECTIONS)
    queries = [0]

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    for run in ("first", "second"):
        result["reset"] = _reset_peak()
        queries[0] = 0
        start, cpu = time.perf_counter(), time.process_time()
        try:
            with acting_as(None), connection.execute_wrapper(count):
                summary = import_facts(facts)
        except Exception as e:  # the figure to report is the failure itself
            result[f"{run}_error"] = f"{type(e).__name__}: {e}"
            break
        result[f"{run}_seconds"] = time.perf_counter() - start
        result[f"{run}_cpu"] = time.process_time() - cpu
        result[f"{run}_mb"] = _peak_mb()
        result[f"{run}_queries"] = queries[0]
        result[f"{run}_created"] = sum(summary.created.values())
        result[f"{run}_updated"] = sum(summary.updated.values())
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


def _report(r: dict[str, Any]) -> None:
    trail = "with the audit trail" if r["audit"] else "WITHOUT the audit trail"
    print(f"-- {r['server']}, {trail}")
    print(f"   start-up and migrations: peak {r['base_mb']:.0f} MB")
    since = "since the loader" if r.get("reset") else "of the process"
    print(
        f"   loader (parse + validate): {r['load_seconds']:.1f} s ({r['load_cpu']:.1f} s CPU), "
        f"peak {r['load_mb']:.0f} MB, then {r['held_mb']:.0f} MB held"
    )
    for run in ("first", "second"):
        if f"{run}_error" in r:
            print(f"   {run} import: FAILED: {r[f'{run}_error']}")
            break
        print(
            f"   {run} import: {r[f'{run}_seconds']:.1f} s ({r[f'{run}_cpu']:.1f} s CPU), "
            f"{r[f'{run}_queries']} queries, {r[f'{run}_created']} created, "
            f"{r[f'{run}_updated']} updated, peak {r[f'{run}_mb']:.0f} MB ({since})"
        )
    print(f"   audit entries: {r['log_entries']}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        path, db, audit, postgres = sys.argv[2:6]
        print(json.dumps(child(path, db, audit == "on", postgres)))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--make":
        from make_facts import write_facts

        path, units, people, seed = sys.argv[2:6]
        write_facts(path, int(units), int(people), int(seed))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--audit", default="on,off", help="on, off or both")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a database of your own")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    path = OUT / f"facts-{args.units}-{args.people}-{args.seed}.json"
    if not path.exists():
        _child("--make", str(path), *map(str, (args.units, args.people, args.seed)))
    results = [
        _child("--child", str(path), db, audit, args.postgres)
        for db in args.db.split(",")
        for audit in args.audit.split(",")
    ]
    print(f"document: {path.name}, {path.stat().st_size / 1e6:.0f} MB: {results[0]['counts']}")
    for r in results:
        _report(r)
    by_db: dict[str, dict[bool, dict[str, Any]]] = {}
    for r in results:
        by_db.setdefault(r["db"], {})[r["audit"]] = r
    for db, pair in by_db.items():
        if True in pair and False in pair and "first_seconds" in pair[True]:
            on, off = pair[True], pair[False]
            if "first_seconds" in off:
                print(
                    f"{db}: first import with the trail {on['first_seconds']:.1f} s = "
                    f"{on['first_seconds'] / off['first_seconds']:.2f}× without "
                    f"({off['first_seconds']:.1f} s); peak {on['first_mb']:.0f} MB vs "
                    f"{off['first_mb']:.0f} MB; {on['first_queries']} vs "
                    f"{off['first_queries']} queries"
                )


if __name__ == "__main__":
    main()
