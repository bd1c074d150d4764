"""Faults in the middle of a deadline burst: is everything whole afterwards?

Not a test: it prints figures. Run from the repository root:

    .venv/bin/python bench/crash.py [--scenario A|B|both] [--units 500] [--concurrency 50]
        [--workers 4] [--threads 2] [--fault-at 0.3] [--down 8] [--time-limit 900]

It reuses bench/deadline_burst.py (set-up of N units with a session each and an issued
campaign; the PDFs and multipart bodies; the messages cookie decoder): each unit opens its
dossier, adds a nomination, uploads three PDFs and submits, behind gunicorn (DEBUG=0).
The client here RETRIES every step that was not acknowledged (no answer, or 5xx) with a
back-off, and records which steps were acknowledged (a 302 without an error message).

- Scenario A: once a fraction (--fault-at) of the units have submitted, the whole gunicorn
  process group (master and workers) gets SIGKILL; gunicorn is started again a second later.
  Database: postgres://…:5432/thidua_crash (the shared server is only read and written).
- Scenario B: a PRIVATE PostgreSQL cluster (initdb into /tmp/thidua-crash-pg as user
  postgres, port 5441, socket in /tmp) is stopped with `pg_ctl -m immediate` at the same
  point and started again --down seconds later; gunicorn is NOT restarted. The shared
  server on 5432 is never touched.

Afterwards, per scenario (Django in-process): requests acknowledged, failed (by status),
retried; what the answers were while the fault lasted (a 503 with the Vietnamese page, no
traceback); and the integrity counts — submitted dossiers without a nomination, a required
file or a Tờ trình number; numbers without a submitted dossier, gaps or doubles in a
register; attachment rows without a file; files no row names (before and after
`thidua clean-files`, run once the burst is over); every ACKNOWLEDGED submission submitted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deadline_burst as burst  # noqa: E402

burst.PORT = 8821  # the burst's client and wait_for_server read it

ROOT = burst.ROOT
OUT = ROOT / "bench" / "out" / "crash"
PORT = burst.PORT
SHARED_URL = "postgres://postgres@127.0.0.1:5432/thidua_crash"
PRIVATE_PORT = 5441
PRIVATE_DIR = Path("/tmp/thidua-crash-pg")
PRIVATE_URL = f"postgres://postgres@127.0.0.1:{PRIVATE_PORT}/thidua_crash"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
UNAVAILABLE_TEXT = "Cơ sở dữ liệu tạm thời không trả lời"
MAX_ATTEMPTS = 60


# --------------------------------------------------------------------------------------
# Client (standard library only; its own process)
# --------------------------------------------------------------------------------------


class Client(burst.Client):
    def post_full(self, path: str, body: bytes, ctype: str) -> tuple[int, str, list[str], bytes]:
        import http.client

        conn = http.client.HTTPConnection(burst.HOST, PORT, timeout=self.timeout)
        try:
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": ctype,
                    "Cookie": self.cookie,
                    "X-CSRFToken": self.csrf,
                    "Host": f"{burst.HOST}:{PORT}",
                },
            )
            resp = conn.getresponse()
            content = resp.read()
            return (
                resp.status,
                resp.getheader("Location") or "",
                resp.msg.get_all("Set-Cookie") or [],
                content,
            )
        finally:
            conn.close()


def run_unit(job: dict, common: dict, deadline: float, record) -> dict:  # noqa: ANN001
    """One unit's submission, each step retried until acknowledged. Returns what was
    acknowledged."""
    client = Client(job["session"], common["csrf"], common["timeout"])
    acked: dict = {"unit_id": job["unit_id"], "open": False, "nominate": 0, "upload": []}
    acked["submit"] = False
    acked["outcome"] = "ok"

    def step(kind: str, path: str, body: bytes, ctype: str) -> tuple[str | None, str | None]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if time.monotonic() > deadline:
                return None, "time limit"
            started = time.perf_counter()
            try:
                status, location, cookies, content = client.post_full(path, body, ctype)
            except Exception as e:  # noqa: BLE001 - refused, reset, timed out: retry
                record(kind, None, time.perf_counter() - started, type(e).__name__, attempt)
                time.sleep(min(0.5 * attempt, 3.0))
                continue
            elapsed = time.perf_counter() - started
            try:
                levels = burst.message_levels(cookies)
            except ValueError:
                levels = []
            errors = [text for level, text in levels if level >= burst.MSG_ERROR]
            note = errors[0][:120] if errors else None
            if status >= 500:
                text = content.decode("utf-8", "replace")
                note = "vietnamese-503" if status == 503 and UNAVAILABLE_TEXT in text else "other"
                if "Traceback" in text:
                    note = "traceback"
            record(kind, status, elapsed, note, attempt)
            if status == 302 and not errors:
                return location, None
            if status >= 500:
                time.sleep(min(0.5 * attempt, 3.0))
                continue
            if status == 302 and attempt > 1:  # a retry refused: the first try may have won
                return location, f"refused on retry: {errors[0][:80]}"
            return None, f"{kind}: HTTP {status} {note or ''}"
        return None, f"{kind}: gave up after {MAX_ATTEMPTS} attempts"

    form = "application/x-www-form-urlencoded"
    location, err = step(
        "open",
        f"/phong-trao/{common['campaign']}/ho-so/",
        urllib.parse.urlencode({"nam": common["year"]}).encode(),
        form,
    )
    if err or not location:
        acked["outcome"] = err or "no location"
        return acked
    acked["open"] = True
    base = "/ho-so/" + location.rstrip("/").rsplit("/", 1)[1]
    nomination = urllib.parse.urlencode(
        {
            "unit": job["unit_id"],
            "person": "",
            "form": burst.FORM_KEY,
            "scheme_key": common["scheme_key"],
            "summary": f"Thành tích CCHC năm {common['year']} của {job['code']}.",
        }
    ).encode()
    _, err = step("nominate", f"{base}/de-nghi/", nomination, form)
    if err:
        acked["outcome"] = err
        return acked
    acked["nominate"] += 1
    for n, component in enumerate(burst.COMPONENTS):
        size = 20_000 + (job["unit_id"] * 7919 + n * 104729) % 30_000
        body, ctype = burst.multipart(
            {"component": component},
            {
                "file": (
                    f"{component}-{job['code']}.pdf",
                    "application/pdf",
                    burst.make_pdf(f"{job['code']} {component}", size),
                )
            },
        )
        _, err = step("upload", f"{base}/tep/", body, ctype)
        if err:
            acked["outcome"] = err
            return acked
        acked["upload"].append(component)
    _, err = step(
        "submit", f"{base}/chuyen/", urllib.parse.urlencode({"target": "da_nop"}).encode(), form
    )
    if err:
        acked["outcome"] = err
        return acked
    acked["submit"] = True
    return acked


def client_main(job_file: Path, result_file: Path) -> None:
    spec = json.loads(job_file.read_text())
    common, jobs = spec["common"], spec["jobs"]
    deadline = time.monotonic() + common["time_limit"]
    lock = threading.Lock()
    records: list[dict] = []
    t0 = time.monotonic()

    def record(kind, status, elapsed, note, attempt) -> None:  # noqa: ANN001
        with lock:
            records.append(
                {
                    "kind": kind,
                    "status": status,
                    "latency": elapsed,
                    "note": note,
                    "attempt": attempt,
                    "t": time.monotonic(),  # system-wide clock: compared with the faults
                }
            )

    units = []
    with ThreadPoolExecutor(max_workers=common["concurrency"]) as pool:
        futures = [pool.submit(run_unit, job, common, deadline, record) for job in jobs]
        for job, f in zip(jobs, futures, strict=True):
            try:
                units.append(f.result())
            except Exception as e:  # noqa: BLE001
                units.append({"unit_id": job["unit_id"], "outcome": f"crash: {e}"})
    result_file.write_text(
        json.dumps(
            {"wall": time.monotonic() - t0, "records": records, "units": units},
            ensure_ascii=False,
        )
    )


# --------------------------------------------------------------------------------------
# Orchestration (Django in-process for set-up and checks)
# --------------------------------------------------------------------------------------


def conninfo(url: str, dbname: str | None = None) -> str:
    parts = urllib.parse.urlsplit(url)
    name = dbname or parts.path.lstrip("/")
    return f"host={parts.hostname} port={parts.port} user={parts.username} dbname={name}"


def ensure_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def pg_ctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(PRIVATE_DIR), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def private_cluster_start() -> None:
    """The bench's own PostgreSQL (never the shared server on 5432)."""
    if not (PRIVATE_DIR / "PG_VERSION").exists():
        PRIVATE_DIR.mkdir(parents=True, exist_ok=True)
        shutil.chown(PRIVATE_DIR, "postgres", "postgres")
        done = subprocess.run(
            [
                "runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(PRIVATE_DIR),
                "-A", "trust", "-U", "postgres", "--encoding", "UTF8", "--locale", "C.UTF-8",
            ],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr}")
    status = pg_ctl("status")
    if status.returncode != 0:
        options = f"-p {PRIVATE_PORT} -k /tmp -c listen_addresses=127.0.0.1"
        started = pg_ctl("-o", options, "-l", str(PRIVATE_DIR / "log"), "-w", "start")
        if started.returncode:
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}{started.stdout}")


def set_up(url: str, units: int) -> dict:
    import django

    sys.path.insert(0, str(ROOT))  # this tree's thidua, whatever the venv has installed
    burst.DATABASE_URL = url
    burst.DB_NAME = urllib.parse.urlsplit(url).path.lstrip("/")
    burst.ensure_database = lambda: ensure_database(url)  # the burst's own targets 5432
    ensure_database(url)
    burst.django_env()
    django.setup()
    from django.core.management import call_command

    from thidua.awards.numbering import IssuedNumber

    call_command("migrate", verbosity=0, interactive=False)
    IssuedNumber.objects.filter(dossier__isnull=False).delete()  # PROTECTs last run's dossiers
    return burst.set_up(units)


def start_server(url: str, media: Path, args: argparse.Namespace, log: Path) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "thidua.wsgi:application",
        "-b", f"{burst.HOST}:{PORT}",
        "-w", str(args.workers),
        "--threads", str(args.threads),
        "--worker-class", "gthread",
        "--timeout", "60",
        "--graceful-timeout", "10",
        "--backlog", "2048",
    ]  # fmt: skip
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": burst.HOST,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": burst.SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    out = log.open("ab")
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)


def submitted_count(url: str, campaign: int) -> int | None:
    import psycopg

    try:
        with psycopg.connect(conninfo(url), connect_timeout=2) as conn:
            row = conn.execute(
                "SELECT count(*) FROM awards_dossier WHERE campaign_id = %s AND state = 'da_nop'",
                (campaign,),
            ).fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return None


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_scenario(args: argparse.Namespace) -> int:
    scenario = args.scenario
    url = SHARED_URL if scenario == "A" else PRIVATE_URL
    run_dir = OUT / scenario
    if run_dir.exists():
        shutil.rmtree(run_dir)
    media = run_dir / "media"
    media.mkdir(parents=True)
    os.environ["MEDIA_ROOT"] = str(media)
    if scenario == "B":
        private_cluster_start()
    print(f"== scenario {scenario}: set-up of {args.units} units on {url}")
    info = set_up(url, args.units)
    job_file, result_file = run_dir / "jobs.json", run_dir / "result.json"
    common = {
        "campaign": info["campaign"],
        "year": info["year"],
        "scheme_key": info["scheme_key"],
        "csrf": info["csrf"],
        "concurrency": args.concurrency,
        "time_limit": args.time_limit,
        "timeout": 60,
    }
    job_file.write_text(json.dumps({"common": common, "jobs": info["jobs"]}))
    log = run_dir / "gunicorn.log"
    server = start_server(url, media, args, log)
    faults: dict = {}
    try:
        burst.wait_for_server(server, 90)
        client = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--client", str(job_file),
             str(result_file)],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", "")},
        )  # fmt: skip
        threshold = max(1, int(args.units * args.fault_at))
        while client.poll() is None:
            n = submitted_count(url, info["campaign"])
            if n is not None and n >= threshold:
                break
            time.sleep(0.2)
        faults["submitted_at_fault"] = submitted_count(url, info["campaign"])
        faults["start"] = time.monotonic()
        if scenario == "A":
            os.killpg(server.pid, signal.SIGKILL)  # master and workers: the whole group
            server.wait()
            time.sleep(1)
            faults["restart"] = time.monotonic()
            server = start_server(url, media, args, log)
            burst.wait_for_server(server, 90)
            faults["end"] = time.monotonic()
        else:
            faults["master_pid"] = server.pid
            stopped = pg_ctl("-m", "immediate", "stop")
            faults["stopped"] = stopped.returncode == 0
            time.sleep(args.down)
            faults["restart"] = time.monotonic()
            started = pg_ctl("-o", f"-p {PRIVATE_PORT} -k /tmp -c listen_addresses=127.0.0.1",
                             "-l", str(PRIVATE_DIR / "log"), "-w", "start")  # fmt: skip
            faults["started"] = started.returncode == 0
            faults["end"] = time.monotonic()
            faults["master_alive"] = server.poll() is None
        client.wait(timeout=args.time_limit + 120)
        if scenario == "B":
            faults["master_alive_after"] = (
                server.poll() is None and server.pid == faults["master_pid"]
            )
    finally:
        stop_server(server)
    result = json.loads(result_file.read_text())
    ok = report(scenario, args, info, result, faults, media, url, log)
    if scenario == "B" and not args.keep_cluster:
        pg_ctl("-m", "fast", "stop")
    return 0 if ok else 1


def integrity(campaign: int, media: Path, units: list[dict]) -> dict:
    from django.db import connection
    from django.db.models import Count

    from thidua.awards.dossiers import Dossier, Transition
    from thidua.awards.numbering import IssuedNumber
    from thidua.awards.records import Attachment, Nomination

    try:
        from thidua.lib.file_sweep import referenced_paths
    except ImportError:  # measuring the code before the sweep existed: attachments only

        def referenced_paths() -> dict:  # type: ignore[misc]
            return dict.fromkeys(Attachment.objects.values_list("path", flat=True))

    connection.close()  # after a database restart the old connection is gone
    dossiers = Dossier.objects.filter(campaign_id=campaign)
    submitted = dossiers.filter(state="da_nop")
    required = set(burst.COMPONENTS)
    have: dict[int, set[str]] = {}
    for dossier_id, component in Attachment.objects.filter(
        dossier__campaign_id=campaign
    ).values_list("dossier_id", "component"):
        have.setdefault(dossier_id, set()).add(component)
    sub_ids = set(submitted.values_list("pk", flat=True))
    with_nomination = set(
        Nomination.objects.filter(dossier_id__in=sub_ids).values_list("dossier_id", flat=True)
    )
    numbered = set(
        IssuedNumber.objects.filter(dossier_id__in=sub_ids).values_list("dossier_id", flat=True)
    )
    moved = set(
        Transition.objects.filter(dossier_id__in=sub_ids, target="da_nop").values_list(
            "dossier_id", flat=True
        )
    )
    numbers = IssuedNumber.objects.filter(dossier__campaign_id=campaign)
    registers: dict[tuple, list[int]] = {}
    for unit_id, year, number in numbers.values_list("unit_id", "year", "number"):
        registers.setdefault((unit_id, year), []).append(number)
    gaps = sum(1 for nums in registers.values() if sorted(nums) != list(range(1, len(nums) + 1)))
    by_unit = dict(dossiers.values_list("unit_id", "state"))
    dossier_of = dict(dossiers.values_list("unit_id", "pk"))
    acked = [u for u in units if u.get("submit")]
    ack_missing = sum(1 for u in acked if by_unit.get(u["unit_id"]) != "da_nop")
    ack_upload_missing = sum(
        len(set(u.get("upload", [])) - have.get(dossier_of.get(u["unit_id"], -1), set()))
        for u in units
    )
    rows = list(
        Attachment.objects.filter(dossier__campaign_id=campaign).values_list("path", flat=True)
    )
    named = referenced_paths()
    files = [p for p in (media / "uploads").rglob("*") if p.is_file()] if media.exists() else []
    orphans = [p for p in files if p.relative_to(media).as_posix() not in named]
    duplicates_nom = (
        Nomination.objects.filter(dossier__campaign_id=campaign)
        .values("dossier_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    duplicates_att = (
        Attachment.objects.filter(dossier__campaign_id=campaign)
        .values("dossier_id", "component")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "dossiers": dossiers.count(),
        "submitted": len(sub_ids),
        "submitted_without_nomination": len(sub_ids - with_nomination),
        "submitted_missing_a_file": sum(1 for d in sub_ids if required - have.get(d, set())),
        "submitted_without_number": len(sub_ids - numbered),
        "submitted_without_transition": len(sub_ids - moved),
        "numbers_without_submitted_dossier": numbers.exclude(dossier_id__in=sub_ids).count(),
        "registers_with_gap_or_double": gaps,
        "attachment_rows": len(rows),
        "attachment_rows_without_file": sum(1 for p in rows if not (media / p).is_file()),
        "files": len(files),
        "orphan_files": len(orphans),
        "orphan_part_files": sum(1 for p in orphans if p.name.endswith(".part")),
        "acknowledged_submissions": len(acked),
        "acknowledged_not_submitted": ack_missing,
        "acknowledged_uploads_without_row": ack_upload_missing,
        "retry_duplicate_nominations": duplicates_nom,
        "retry_duplicate_components": duplicates_att,
    }


def clean_files(url: str, media: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": burst.SECRET_KEY,
    }
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "thidua"), "clean-files", "--older-than", "0", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]), exit=done.returncode)
    except (ValueError, IndexError):
        return {"error": done.stderr[-500:], "exit": done.returncode}


def report(scenario, args, info, result, faults, media, url, log) -> bool:  # noqa: ANN001, PLR0913
    records, units = result["records"], result["units"]
    start, end = faults["start"], faults["end"]
    ack = [r for r in records if r["status"] == 302 and not r["note"]]
    failed: dict[str, int] = {}
    for r in records:
        if r["status"] is None:
            key = f"no answer ({r['note']})"
        elif r["status"] >= 500:
            key = f"HTTP {r['status']} ({r['note']})"
        elif r["status"] != 302 or r["note"]:
            key = f"HTTP {r['status']} refused"
        else:
            continue
        failed[key] = failed.get(key, 0) + 1
    retried = sum(1 for r in records if r["attempt"] > 1)
    after = [r["t"] for r in ack if r["t"] > end]
    during = [r for r in records if start <= r["t"] <= end + 2]
    kind = (
        "kill -9 of gunicorn's process group (master + workers), restarted 1 s later"
        if scenario == "A"
        else f"PostgreSQL (private cluster :{PRIVATE_PORT}) stopped -m immediate, "
        f"started {args.down:g} s later; gunicorn not restarted"
    )
    print(f"\n== scenario {scenario}: {kind}")
    print(
        f"units {args.units}, {args.concurrency} client threads, gunicorn -w {args.workers} "
        f"--threads {args.threads}; fault when {faults['submitted_at_fault']} dossiers were "
        f"submitted; fault lasted {end - start:.1f} s; burst wall {result['wall']:.1f} s"
    )
    print(f"requests            {len(records)}")
    print(f"acknowledged        {len(ack)} (302 without an error message)")
    print(f"failed              {sum(failed.values())} " + json.dumps(failed, ensure_ascii=False))
    print(f"retried             {retried} requests were a retry of an unacknowledged one")
    answered = {}
    for r in during:
        key = "no answer" if r["status"] is None else f"HTTP {r['status']} {r['note'] or ''}"
        answered[key.strip()] = answered.get(key.strip(), 0) + 1
    print("during the fault    " + json.dumps(answered, ensure_ascii=False))
    if after:
        print(f"recovery            first acknowledged request {min(after) - end:.2f} s after")
    if scenario == "B":
        print(
            f"gunicorn master     alive through the outage: {faults.get('master_alive')}, "
            f"same process after the burst: {faults.get('master_alive_after')}"
        )
    outcomes: dict[str, int] = {}
    for u in units:
        outcomes[u["outcome"]] = outcomes.get(u["outcome"], 0) + 1
    print("unit outcomes       " + json.dumps(outcomes, ensure_ascii=False))
    text = log.read_text(errors="replace")
    print(
        f"gunicorn log        {text.count('Traceback (most recent call last)')} tracebacks "
        "(Django's error log of each 5xx; a client never gets one: see failed)"
    )

    counts = integrity(info["campaign"], media, units)
    print("\n== integrity after the burst")
    must_be_zero = [
        "submitted_without_nomination",
        "submitted_missing_a_file",
        "submitted_without_number",
        "submitted_without_transition",
        "numbers_without_submitted_dossier",
        "registers_with_gap_or_double",
        "attachment_rows_without_file",
        "acknowledged_not_submitted",
        "acknowledged_uploads_without_row",
    ]
    for key, value in counts.items():
        flag = "  MISMATCH" if key in must_be_zero and value else ""
        print(f"{key.replace('_', ' '):<40} {value:>6}{flag}")
    swept = clean_files(url, media)
    print(
        f"clean-files (after the burst)            removed {len(swept.get('removed', []))}, "
        f"rows naming a missing file {len(swept.get('missing', []))}, exit {swept['exit']}"
    )
    counts_after = integrity(info["campaign"], media, units)
    print(f"{'orphan files after clean-files':<40} {counts_after['orphan_files']:>6}")
    ok = not any(counts[k] for k in must_be_zero) and counts_after["orphan_files"] == 0
    ok = ok and not any("traceback" in k for k in failed)
    if scenario == "B":
        ok = ok and bool(faults.get("master_alive_after")) and bool(after)
    print(f"\nRESULT {scenario}: " + ("WHOLE" if ok else "PROBLEMS (see above)"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", choices=["A", "B", "both"], default="both")
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fault-at", type=float, default=0.3, help="fraction submitted")
    parser.add_argument("--down", type=float, default=8.0, help="seconds PostgreSQL is down")
    parser.add_argument("--time-limit", type=float, default=900)
    parser.add_argument("--keep-cluster", action="store_true")
    parser.add_argument("--client", nargs=2, metavar=("JOBS", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(Path(args.client[0]), Path(args.client[1]))
        return 0
    if args.scenario != "both":
        return run_scenario(args)
    status = 0
    for scenario in ("A", "B"):  # one process each: Django is set up once per database
        argv = [a for a in sys.argv[1:] if not a.startswith("--scenario")]
        if "--scenario" in sys.argv:
            i = sys.argv.index("--scenario")
            argv = sys.argv[1:i] + sys.argv[i + 2 :]
        done = subprocess.run(
            [sys.executable, __file__, "--scenario", scenario, *argv], check=False
        )
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
