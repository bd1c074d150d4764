"""Deadline-day burst: N unit accounts assemble and submit their dossiers at once over HTTP.

Not a test: it prints figures. Run from the repository root:

    .venv/bin/python bench/deadline_burst.py [--units 500] [--concurrency 50]
        [--workers 4] [--threads 2] [--time-limit 600]

1. In-process set-up (django.setup) on postgres://postgres@127.0.0.1:5432/thidua_burst:
   creates the database if missing, migrates, wipes dossiers, builds a district root, N
   units with one unit account each (unusable password) and one pre-made authenticated
   session each, and an issued campaign from loc-ninh-2024-2025 whose dossier deadline is
   a fixed date in the future.
2. gunicorn in a subprocess (gthread), DEBUG=0, MEDIA_ROOT under bench/out.
3. The client in another process (this file with --client), standard library only: a
   thread pool where each unit opens its dossier, adds a nomination, uploads three PDFs
   and submits; every request's status and latency are recorded.
4. Figures, then what the database and the disk hold afterwards.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB_NAME = "thidua_burst"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECRET_KEY = "deadline-burst-fixed-secret-key-0123456789abcdefghijklmnop"
HOST, PORT = "127.0.0.1", 8765
TEMPLATE_KEY = "loc-ninh-2024-2025"
FORM_KEY = "giay_khen_chu_tich_huyen"
COMPONENTS = ("to-trinh", "bien-ban", "bao-cao-thanh-tich")
CAMPAIGN_NAME = "Burst hạn nộp hồ sơ"
MSG_ERROR = 40  # django.contrib.messages ERROR level


# --------------------------------------------------------------------------------------
# Client (standard library only; runs in its own process)
# --------------------------------------------------------------------------------------


def make_pdf(label: str, target_size: int) -> bytes:
    """A small but valid one-page PDF (correct xref) of about ``target_size`` bytes."""
    lines = []
    y = 800
    i = 0
    body = b""
    while len(body) < target_size - 700:
        text = f"{label} dong {i:05d} - bao cao thanh tich CCHC".replace("(", "").replace(")", "")
        lines.append(f"BT /F1 8 Tf 40 {y} Td ({text}) Tj ET")
        y = y - 10 if y > 40 else 800
        i += 1
        body = "\n".join(lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    boundary = "----burst" + "".join(random.choices("0123456789abcdef", k=24))
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, ctype, data) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def message_levels(set_cookies: list[str]) -> list[tuple[int, str]]:
    """(level, text) of the messages Django put in its signed 'messages' cookie."""
    for header in set_cookies:
        name, _, rest = header.partition("=")
        if name.strip() != "messages":
            continue
        value = rest.split(";", 1)[0].strip()
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1].encode().decode("unicode_escape")
        if not value:
            return []
        payload = value.split(":", 1)[0]  # drop ":timestamp:signature"
        compressed = payload.startswith(".")
        if compressed:
            payload = payload[1:]
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if compressed:
            raw = zlib.decompress(raw)
        data = json.loads(raw.decode())
        found = []
        for item in data:
            if isinstance(item, list) and item and item[0] == "__json_message":
                found.append((int(item[2]), str(item[3])))
        return found
    return []


class Client:
    def __init__(self, session_key: str, csrf: str, timeout: float) -> None:
        self.cookie = f"sessionid={session_key}; csrftoken={csrf}"
        self.csrf = csrf
        self.timeout = timeout

    def post(self, path: str, body: bytes, ctype: str) -> tuple[int, str, list[str], float]:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=self.timeout)
        started = time.perf_counter()
        try:
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": ctype,
                    "Cookie": self.cookie,
                    "X-CSRFToken": self.csrf,
                    "Host": f"{HOST}:{PORT}",
                },
            )
            resp = conn.getresponse()
            resp.read()
            elapsed = time.perf_counter() - started
            return (
                resp.status,
                resp.getheader("Location") or "",
                resp.msg.get_all("Set-Cookie") or [],
                elapsed,
            )
        finally:
            conn.close()


def run_unit(job: dict, common: dict, deadline: float, record) -> str:  # noqa: ANN001
    """One unit's whole submission. Returns 'ok' or a short reason."""
    client = Client(job["session"], common["csrf"], common["timeout"])

    def step(kind: str, path: str, body: bytes, ctype: str) -> str | None:
        if time.monotonic() > deadline:
            return "time limit"
        try:
            status, location, cookies, elapsed = client.post(path, body, ctype)
        except Exception as e:  # noqa: BLE001
            record(kind, None, None, f"{type(e).__name__}: {e}")
            return f"{kind}: {type(e).__name__}"
        try:
            levels = message_levels(cookies)
        except (ValueError, zlib.error) as e:  # undecodable: count it, do not crash the unit
            levels = [(MSG_ERROR, f"undecodable messages cookie: {e}")]
        errors = [text for level, text in levels if level >= MSG_ERROR]
        record(kind, status, elapsed, errors[0] if errors else None, len(levels))
        step.location = location  # type: ignore[attr-defined]
        if status != 302:
            return f"{kind}: HTTP {status}"
        if errors:
            return f"{kind}: message {errors[0][:80]}"
        return None

    form = "application/x-www-form-urlencoded"
    err = step(
        "open",
        f"/phong-trao/{common['campaign']}/ho-so/",
        urllib.parse.urlencode({"nam": common["year"]}).encode(),
        form,
    )
    if err:
        return err
    location = step.location  # type: ignore[attr-defined]
    try:
        dossier_id = int(location.rstrip("/").rsplit("/", 1)[1])
    except (ValueError, IndexError):
        return f"open: unexpected redirect {location!r}"
    base = f"/ho-so/{dossier_id}"
    err = step(
        "nominate",
        f"{base}/de-nghi/",
        urllib.parse.urlencode(
            {
                "unit": job["unit_id"],
                "person": "",
                "form": FORM_KEY,
                "scheme_key": common["scheme_key"],
                "summary": f"Thành tích CCHC năm {common['year']} của {job['code']}.",
            }
        ).encode(),
        form,
    )
    if err:
        return err
    for n, component in enumerate(COMPONENTS):
        size = 20_000 + (job["unit_id"] * 7919 + n * 104729) % 30_000
        pdf = make_pdf(f"{job['code']} {component}", size)
        body, ctype = multipart(
            {"component": component},
            {"file": (f"{component}-{job['code']}.pdf", "application/pdf", pdf)},
        )
        err = step("upload", f"{base}/tep/", body, ctype)
        if err:
            return err
    err = step(
        "submit", f"{base}/chuyen/", urllib.parse.urlencode({"target": "da_nop"}).encode(), form
    )
    return err or "ok"


def client_main(job_file: Path, result_file: Path) -> None:
    spec = json.loads(job_file.read_text())
    common, jobs = spec["common"], spec["jobs"]
    deadline = time.monotonic() + common["time_limit"]
    lock = threading.Lock()
    records: list[dict] = []

    def record(kind: str, status, elapsed, note, n_messages=0) -> None:  # noqa: ANN001
        with lock:
            records.append(
                {
                    "kind": kind,
                    "status": status,
                    "latency": elapsed,
                    "note": note,
                    "messages": n_messages,
                }
            )

    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=common["concurrency"]) as pool:
        futures = [pool.submit(run_unit, job, common, deadline, record) for job in jobs]
        for f in futures:
            try:
                outcome = f.result()
            except Exception as e:  # noqa: BLE001
                outcome = f"crash: {type(e).__name__}: {e}"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    wall = time.perf_counter() - started
    result_file.write_text(
        json.dumps({"wall": wall, "records": records, "outcomes": outcomes}, ensure_ascii=False)
    )


# --------------------------------------------------------------------------------------
# Set-up, server, figures (Django in-process)
# --------------------------------------------------------------------------------------


def django_env() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    os.environ.setdefault("DEBUG", "0")


def ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            print(f"created database {DB_NAME}")


def set_up(n_units: int) -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django_env()
    ensure_database()
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import transaction
    from django.middleware.csrf import _get_new_csrf_string

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    t_migrate = time.perf_counter() - t0

    from thidua.awards.dossiers import Dossier
    from thidua.awards.records import Attachment, Nomination
    from thidua.campaigns.models import Campaign
    from thidua.campaigns.services import campaign_create_from_template, campaign_issue
    from thidua.org.models import Unit, User

    t0 = time.perf_counter()
    today = dt.date.today()
    year = today.year
    due = today + dt.timedelta(days=30)
    period_end = dt.date(max(due.year, year), 12, 31)
    if period_end <= due:
        period_end = due + dt.timedelta(days=31)

    with transaction.atomic():
        # Start from an empty set of dossiers (and sessions) every run.
        Attachment.objects.all().delete()
        Nomination.objects.all().delete()
        Dossier.objects.all().delete()  # transitions cascade
        Session.objects.all().delete()

        root, _ = Unit.objects.get_or_create(
            code="BURST-HUYEN",
            defaults={
                "name": "UBND huyện Thử Tải",
                "level": "huyen",
                "group_id": "khac",
                "par_assessed": False,
            },
        )
        existing = set(Unit.objects.filter(parent=root).values_list("code", flat=True))
        for i in range(1, n_units + 1):
            code = f"BURST-{i:04d}"
            if code in existing:
                continue
            is_phong = i % 3 == 0
            Unit.objects.create(
                code=code,
                name=f"{'Phòng' if is_phong else 'UBND xã'} thử tải số {i}",
                level="co_quan" if is_phong else "xa",
                group_id="phong" if is_phong else "xa",
                parent=root,
            )
        units = list(
            Unit.objects.filter(parent=root, code__startswith="BURST-0").order_by("code")[:n_units]
        )
        have = set(User.objects.filter(unit__in=units).values_list("unit_id", flat=True))
        new_users = []
        for unit in units:
            if unit.pk in have:
                continue
            user = User(
                username=f"burst_{unit.code.lower()}",
                role=User.Role.UNIT,
                unit=unit,
                full_name=f"Cán bộ {unit.name}",
            )
            user.set_unusable_password()  # sessions are pre-made: no hashing at all
            new_users.append(user)
        User.objects.bulk_create(new_users)
        office, created = User.objects.get_or_create(
            username="burst_office", defaults={"role": User.Role.OFFICE, "full_name": "Nội vụ"}
        )
        if created:
            office.set_unusable_password()
            office.save()

        Campaign.objects.filter(name=CAMPAIGN_NAME).delete()
        campaign = campaign_create_from_template(
            key=TEMPLATE_KEY, name=CAMPAIGN_NAME, issuing_unit=root, user=office
        )
        rules = campaign.rules
        for d in rules["deadlines"]:
            if d["key"].startswith("ho-so"):
                for k in ("month", "day", "year_offset", "days_before", "event"):
                    d.pop(k, None)
                d["date"] = due.isoformat()
        rules["period"]["end"] = period_end.isoformat()
        campaign.rules = rules
        campaign.full_clean()
        campaign.save()
        campaign = Campaign.objects.get(pk=campaign.pk)
        campaign_issue(campaign, user=office)
        campaign = Campaign.objects.get(pk=campaign.pk)
        assert year in campaign.template.years, (year, campaign.template.years)
        scheme_key = next(
            s.key for s in campaign.template.schemes if getattr(s, "subject", "") == "collective"
        )

        users = {u.unit_id: u for u in User.objects.filter(unit__in=units)}
        jobs = []
        for unit in units:
            user = users[unit.pk]
            s = SessionStore()
            s[SESSION_KEY] = str(user.pk)
            s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            s[HASH_SESSION_KEY] = user.get_session_auth_hash()
            s.create()
            jobs.append({"unit_id": unit.pk, "code": unit.code, "session": s.session_key})

    t_data = time.perf_counter() - t0
    return {
        "campaign": campaign.pk,
        "year": year,
        "due": due,
        "period_end": period_end,
        "scheme_key": scheme_key,
        "jobs": jobs,
        "csrf": _get_new_csrf_string(),  # unmasked 32-char token, cookie == header
        "t_migrate": t_migrate,
        "t_data": t_data,
    }


def wait_for_server(proc: subprocess.Popen, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/dang-nhap/", headers={"Host": f"{HOST}:{PORT}"})
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def smoke_csrf(info: dict) -> None:
    """The chosen cookie/header token pair is accepted: a forged one gets 403, ours not."""
    job = info["jobs"][0]
    body = b"nam=0"
    bad = Client(job["session"], info["csrf"], 10)
    bad.csrf = "x" * 32  # header differs from cookie
    status_bad = bad.post(
        f"/phong-trao/{info['campaign']}/ho-so/tat-ca/", body, "application/x-www-form-urlencoded"
    )[0]
    print(f"csrf check: mismatched token -> HTTP {status_bad} (403 expected)")
    if status_bad != 403:
        raise RuntimeError("CSRF check did not refuse a mismatched token")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--request-timeout", type=float, default=60)
    parser.add_argument("--client", nargs=2, metavar=("JOBS", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(Path(args.client[0]), Path(args.client[1]))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    run_dir = OUT / "burst"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    media = run_dir / "media"
    media.mkdir(parents=True)

    print(f"== set-up: {args.units} units, database {DB_NAME}")
    info = set_up(args.units)
    print(
        f"migrate {info['t_migrate']:.1f}s, data + {len(info['jobs'])} sessions "
        f"{info['t_data']:.1f}s; campaign #{info['campaign']}, year {info['year']}, "
        f"dossier deadline {info['due']:%d/%m/%Y}, period end {info['period_end']:%d/%m/%Y}, "
        f"scheme {info['scheme_key']}"
    )
    job_file, result_file = run_dir / "jobs.json", run_dir / "result.json"
    job_file.write_text(
        json.dumps(
            {
                "common": {
                    "campaign": info["campaign"],
                    "year": info["year"],
                    "scheme_key": info["scheme_key"],
                    "csrf": info["csrf"],
                    "concurrency": args.concurrency,
                    "time_limit": args.time_limit,
                    "timeout": args.request_timeout,
                },
                "jobs": info["jobs"],
            }
        )
    )

    gunicorn_cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "thidua.wsgi:application",
        "-b",
        f"{HOST}:{PORT}",
        "-w",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--backlog",
        "2048",
    ]
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    print("== gunicorn: " + " ".join(gunicorn_cmd[1:]))
    stderr_path = run_dir / "gunicorn.stderr.log"
    stderr_file = stderr_path.open("wb")
    server = subprocess.Popen(
        gunicorn_cmd,
        cwd=ROOT,
        env=env,
        stdout=stderr_file,
        stderr=stderr_file,
        start_new_session=True,
    )
    result = None
    try:
        wait_for_server(server, 60)
        smoke_csrf(info)
        print(f"== burst: {len(info['jobs'])} units, {args.concurrency} concurrent client threads")
        client = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--client",
                str(job_file),
                str(result_file),
            ],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", "")},
        )
        try:
            client.wait(timeout=args.time_limit + args.request_timeout + 30)
        except subprocess.TimeoutExpired:
            client.kill()
            client.wait()
            print("client killed: over its time bound")
        if result_file.exists():
            result = json.loads(result_file.read_text())
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        stderr_file.close()

    ok = True
    if result is None:
        print("no client result")
        ok = False
    else:
        records = result["records"]
        wall = result["wall"]
        done = sum(n for o, n in result["outcomes"].items() if o == "ok")
        print(
            f"\n== figures (gunicorn -w {args.workers} --threads {args.threads} gthread, "
            f"{args.concurrency} client threads)"
        )
        print(f"requests           {len(records)}")
        print(f"total wall time    {wall:.2f} s")
        print(
            f"throughput         {len(records) / wall:.1f} requests/s, "
            f"{done / wall:.2f} dossiers/s ({done} dossiers submitted)"
        )
        print(f"{'endpoint':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for kind in ("open", "nominate", "upload", "submit", "all"):
            lat = [
                r["latency"] * 1000
                for r in records
                if r["latency"] is not None and (kind == "all" or r["kind"] == kind)
            ]
            print(
                f"{kind:<10} {len(lat):>5} {pct(lat, 50):>8.0f} {pct(lat, 95):>8.0f} "
                f"{pct(lat, 99):>8.0f} {max(lat) if lat else float('nan'):>8.0f}"
            )
        five = [r for r in records if r["status"] is not None and r["status"] >= 500]
        other_http = [
            r
            for r in records
            if r["status"] is not None and r["status"] not in (302,) and r["status"] < 500
        ]
        transport = [r for r in records if r["status"] is None]
        msg_err = [r for r in records if r["status"] == 302 and r["note"]]
        print(f"5xx                {len(five)}")
        print(
            f"other HTTP status  {len(other_http)}"
            + (f" {sorted({r['status'] for r in other_http})}" if other_http else "")
        )
        print(
            f"transport errors   {len(transport)}"
            + (f" e.g. {transport[0]['note']}" if transport else "")
        )
        print(
            f"error messages     {len(msg_err)}"
            + (f" e.g. {msg_err[0]['kind']}: {msg_err[0]['note']}" if msg_err else "")
        )
        decoded = sum(1 for r in records if r.get("messages"))
        print(f"302s with a decoded flash message (nominate/upload/submit expected): {decoded}")
        print("unit outcomes      " + json.dumps(result["outcomes"], ensure_ascii=False))
        ok = ok and not five and not other_http and not transport and not msg_err

    # What the database and the disk hold afterwards.
    from django.db import connection

    from thidua.awards.dossiers import Dossier
    from thidua.awards.records import Attachment, Nomination

    connection.close()
    n = len(info["jobs"])
    dossiers = Dossier.objects.filter(campaign_id=info["campaign"])
    submitted = dossiers.filter(state="da_nop").count()
    nominations = Nomination.objects.filter(dossier__campaign_id=info["campaign"]).count()
    attachments = Attachment.objects.filter(dossier__campaign_id=info["campaign"])
    n_att = attachments.count()
    files = [p for p in media.rglob("*") if p.is_file()]
    missing = sum(
        1 for p in attachments.values_list("path", flat=True) if not (media / p).is_file()
    )
    print("\n== after the burst")
    checks = [
        ("dossiers da_nop", submitted, n),
        ("nominations", nominations, n),
        ("attachments", n_att, 3 * n),
        ("files under MEDIA_ROOT", len(files), 3 * n),
        ("attachment rows without file", missing, 0),
    ]
    for label, got, want in checks:
        verdict = "MATCH" if got == want else "MISMATCH"
        ok = ok and got == want
        print(f"{label:<30} {got:>6} (expected {want:>5})  {verdict}")
    print(f"dossiers (any state)           {dossiers.count():>6}")

    text = stderr_path.read_text(errors="replace")
    tracebacks = text.count("Traceback (most recent call last)")
    print(
        f"\ngunicorn stderr: {len(text.splitlines())} lines, {tracebacks} tracebacks "
        f"({stderr_path.relative_to(ROOT)})"
    )
    if tracebacks:
        last = text.split("Traceback (most recent call last)")[1].strip().splitlines()
        print("first traceback ends: " + " | ".join(last[-3:]))
    print("\nRESULT: " + ("ALL MATCH" if ok else "PROBLEMS (see above)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
