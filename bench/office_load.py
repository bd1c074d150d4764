"""Office load: 20 office and unit users walk the pages of their daily work behind gunicorn.

Not a test: it prints figures. Run from the repository root:

    .venv/bin/python bench/office_load.py [--duration 60] [--users 20] [--scale 10]
        [--office-share 0.4] [--workers 4] [--threads 2] [--keep]

1. In-process set-up (django.setup) on postgres://postgres@127.0.0.1:5432/thidua_load:
   creates the database if missing and migrates; loads the demo with its own builder
   (`thidua.demo.builder.load_demo`, as `thidua seed_demo`) once; then makes it ×SCALE by
   bulk copies: every unit below a top-level unit is copied SCALE-1 times under the same
   top unit (codes "<code>-X<k>"), with its people, its facts (PAR scores, ratings,
   disciplines, reviews, awards, initiatives, attestations), its registrations and lines,
   its dossiers with their nominations and transitions. The copies are plain bulk inserts
   (no audit entries: bench data). A database already at that scale is reused as it is;
   `--keep` keeps it afterwards (default: kept too; `--fresh` drops and rebuilds it).
   Each copy of the demo's commune unit account gets an account of its own. Sessions are
   pre-made (no password hashing); every user gets one.
2. gunicorn in a subprocess (gthread, `--workers` × `--threads`, DEBUG=0) on port 8811 and
   `thidua worker` beside it, as the README's deploy section runs them.
3. The client in another process (this file with --client), standard library only: one
   thread per user, each walking its role's pages in a loop from a random start, 1 s of
   think time after each answer, for a fixed `--duration`; every request's page, status,
   size and latency are recorded. A status other than 200 is an error.
4. Per page p50/p95/p99, count, errors, mean size; total throughput; errors listed.
   Target: p95 < 150 ms on every page, 0 errors.
"""

from __future__ import annotations

import argparse
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB_NAME = "thidua_load"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECRET_KEY = "office-load-fixed-secret-key-0123456789abcdefghijklmnopqrs"
HOST, PORT = "127.0.0.1", 8811
THINK = 1.0
TARGET_P95_MS = 150


# --------------------------------------------------------------------------------------
# Client (standard library only; runs in its own process)
# --------------------------------------------------------------------------------------


def client_main(job_file: Path, result_file: Path) -> None:
    spec = json.loads(job_file.read_text())
    duration, timeout = spec["duration"], spec["timeout"]
    lock = threading.Lock()
    records: list[list] = []
    start_gate = threading.Event()

    def walk(user: dict, seed: int) -> None:
        rng = random.Random(seed)
        pages = spec["pages"][user["role"]]
        i = rng.randrange(len(pages))
        cookie = f"sessionid={user['session']}"
        start_gate.wait()
        end = time.monotonic() + duration
        time.sleep(rng.uniform(0, THINK))  # users do not all arrive in the same instant
        while time.monotonic() < end:
            label, path = pages[i % len(pages)]
            i += 1
            conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
            started = time.perf_counter()
            status, size, note = None, 0, ""
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": f"{HOST}:{PORT}"})
                resp = conn.getresponse()
                body = resp.read()
                status, size = resp.status, len(body)
                if status != 200:
                    note = resp.getheader("Location") or body[:120].decode("utf-8", "replace")
            except Exception as e:  # noqa: BLE001
                note = f"{type(e).__name__}: {e}"
            finally:
                conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                records.append([user["role"], label, path, status, elapsed, size, note])
            time.sleep(THINK)

    threads = [
        threading.Thread(target=walk, args=(u, n), daemon=True) for n, u in enumerate(spec["users"])
    ]
    for t in threads:
        t.start()
    started = time.perf_counter()
    start_gate.set()
    for t in threads:
        t.join(duration + timeout + 5)
    wall = time.perf_counter() - started
    with lock:
        result_file.write_text(json.dumps({"wall": wall, "records": records}, ensure_ascii=False))


# --------------------------------------------------------------------------------------
# Set-up (Django in-process)
# --------------------------------------------------------------------------------------


def django_env() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("THIDUA_VAR_DIR", str(OUT / "office_load" / "var"))
    # As the README's deploy section: one cache for every gunicorn worker (charts drawn once).
    os.environ.setdefault("CACHE_DIR", str(OUT / "office_load" / "cache"))


def ensure_database(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            print(f"created database {DB_NAME}")


def _copy_rows(model, rows, k: int, maps: dict, anchors: tuple[str, ...]) -> dict[int, int]:  # noqa: ANN001
    """Bulk copies of `rows` (model instances) for copy number k: every foreign key whose
    target is in `maps` is remapped; a row is copied only when one of its `anchors` maps.
    Unique text fields get the copy's suffix. Returns {old pk: new pk}."""
    from django.db import models

    fks = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in maps
    ]
    uniques = [
        f
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key and isinstance(f, models.CharField)
    ]
    olds, news = [], []
    for row in rows:
        if not any(
            maps[model._meta.get_field(a).related_model].get(getattr(row, f"{a}_id"))
            for a in anchors
        ):
            continue
        copy = model(
            **{
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key
            }
        )
        for f in fks:
            old = getattr(row, f.attname)
            if old is not None and old in maps[f.related_model]:
                setattr(copy, f.attname, maps[f.related_model][old])
        for f in uniques:
            setattr(copy, f.attname, f"{getattr(row, f.attname)}-X{k}"[: f.max_length])
        olds.append(row.pk)
        news.append(copy)
    model.objects.bulk_create(news, batch_size=2000)
    return {o: n.pk for o, n in zip(olds, news, strict=True)}


def scale_up(scale: int) -> dict[str, int]:
    """The demo ×scale by bulk copies (see the module's docstring)."""
    from django.db import transaction

    from thidua.awards.dossiers import Dossier, Transition
    from thidua.awards.records import Nomination
    from thidua.campaigns.models import Registration, RegistrationLine
    from thidua.lib.vietnamese import fold
    from thidua.org.models import Person, Unit, User
    from thidua.scoring import models as sm

    fact_models = [
        sm.ParScore,
        sm.Rating,
        sm.Discipline,
        sm.Review,
        sm.Award,
        sm.Initiative,
        sm.Attestation,
    ]
    counts: dict[str, int] = {}
    tops = set(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    originals = list(
        Unit.objects.exclude(parent__isnull=True).exclude(code__regex=r"-X[0-9]+$").order_by("path")
    )
    original_ids = {u.pk for u in originals}
    # Everyone is copied: people of a top-level unit (the communes formed on 01/7/2025 hold
    # most of them) get copies in the same unit.
    people = list(Person.objects.exclude(code__regex=r"-X[0-9]+$"))
    facts = {m: list(m.objects.all()) for m in fact_models}
    registrations = list(Registration.objects.filter(unit_id__in=original_ids))
    lines = list(RegistrationLine.objects.filter(registration__in=registrations))
    dossiers = list(Dossier.objects.filter(unit_id__in=original_ids))
    nominations = list(Nomination.objects.filter(dossier__in=dossiers))
    transitions = list(Transition.objects.filter(dossier__in=dossiers))
    donvi2 = User.objects.filter(username="donvi2").first()
    have = set(Unit.objects.filter(code__regex=r"-X[0-9]+$").values_list("code", flat=True))
    for k in range(2, scale + 1):
        if f"{originals[0].code}-X{k}" in have:
            continue
        with transaction.atomic():
            unit_map: dict[int, int] = {}
            new_units = []
            for u in originals:
                copy = Unit(
                    code=f"{u.code}-X{k}",
                    name=f"{u.name} ({k})",
                    level=u.level,
                    group_id=u.group_id,
                    parent_id=u.parent_id if u.parent_id in tops else None,
                    par_assessed=u.par_assessed,
                    valid_from=u.valid_from,
                    valid_to=u.valid_to,
                    email="",
                )
                copy.search_text = fold(f"{copy.code} {copy.name}")
                copy._orig = u  # type: ignore[attr-defined]
                new_units.append(copy)
            Unit.objects.bulk_create(new_units, batch_size=2000)
            paths = dict(Unit.objects.filter(pk__in=tops).values_list("pk", "path"))
            for copy in new_units:
                unit_map[copy._orig.pk] = copy.pk  # type: ignore[attr-defined]
            for copy in new_units:  # parents come first (tree order)
                orig = copy._orig  # type: ignore[attr-defined]
                if orig.parent_id not in tops:
                    copy.parent_id = unit_map[orig.parent_id]
                copy.path = f"{paths[copy.parent_id]}{copy.pk}/"
                paths[copy.pk] = copy.path
            Unit.objects.bulk_update(new_units, ["parent", "path"], batch_size=2000)
            maps: dict = {Unit: unit_map, Person: {}}
            new_people = []
            for p in people:
                copy = Person(
                    code=f"{p.code}-X{k}",
                    full_name=p.full_name,
                    gender=p.gender,
                    birth_year=p.birth_year,
                    position=p.position,
                    unit_id=unit_map.get(p.unit_id, p.unit_id),
                    former_unit_id=unit_map.get(p.former_unit_id, p.former_unit_id),
                    key_leader=p.key_leader,
                    cchc_role=p.cchc_role,
                    unit_chair=p.unit_chair,
                ).derive()
                new_people.append(copy)
            Person.objects.bulk_create(new_people, batch_size=2000)
            maps[Person] = {p.pk: c.pk for p, c in zip(people, new_people, strict=True)}
            for m in fact_models:
                anchors = tuple(
                    a for a in ("unit", "person") if any(f.name == a for f in m._meta.fields)
                )
                done = _copy_rows(m, facts[m], k, maps, anchors)
                counts[m.__name__] = counts.get(m.__name__, 0) + len(done)
            maps[Registration] = _copy_rows(Registration, registrations, k, maps, ("unit",))
            _copy_rows(RegistrationLine, lines, k, maps, ("registration",))
            maps[Dossier] = _copy_rows(Dossier, dossiers, k, maps, ("unit",))
            _copy_rows(Nomination, nominations, k, maps, ("dossier",))
            _copy_rows(Transition, transitions, k, maps, ("dossier",))
            if donvi2 is not None and donvi2.unit_id in unit_map:
                user = User(
                    username=f"donvi2_x{k}",
                    role=User.Role.UNIT,
                    unit_id=unit_map[donvi2.unit_id],
                    full_name=f"{donvi2.full_name} ({k})",
                )
                user.set_unusable_password()
                user.save()
            counts["units"] = counts.get("units", 0) + len(new_units)
            counts["people"] = counts.get("people", 0) + len(new_people)
    return counts


def page_lists() -> dict[str, list[tuple[str, str]]]:
    """(label, path) of each role's daily pages, on the demo's district campaign."""
    from thidua.awards.dossiers import Dossier
    from thidua.awards.records import CouncilSession, Decision
    from thidua.campaigns.models import Campaign
    from thidua.org.access import visible_people
    from thidua.org.models import Person, User
    from thidua.scoring.kinds import KINDS

    campaign = Campaign.objects.filter(issuing_unit__code="HOAPHONG", status="ban_hanh").order_by(
        "pk"
    )[0]
    # The district's campaign of 2024-2025 (its dossiers, council, decision) for the
    # collectives, and its 2021-2025 one for the individuals.
    wide = Campaign.objects.filter(issuing_unit__code="HOAPHONG", template_key="phu-my-2021-2025")[
        0
    ]
    collective = next(s for s in campaign.template.schemes if s.subject == "collective")
    individual = next(s for s in wide.template.schemes if s.subject == "individual")
    c = f"/phong-trao/{campaign.pk}"
    w = f"/phong-trao/{wide.pk}"
    year = 2024
    dossier = Dossier.objects.filter(campaign=campaign).order_by("pk")[0]
    session = CouncilSession.objects.filter(campaign=campaign).order_by("pk").first()
    decision = Decision.objects.filter(campaign=campaign).order_by("pk").first()
    unit_user = User.objects.get(username="donvi2")
    unit_dossier = Dossier.objects.filter(campaign=campaign, unit=unit_user.unit).first()
    # The office's person: one of the town's former members; a unit account's: one it sees
    # (none for the town, whose people moved to the new commune on 01/7/2025).
    former = Person.objects.filter(former_unit=unit_user.unit).order_by("pk").first() or (
        Person.objects.order_by("pk").first()
    )
    assert former is not None
    person_candidate = ("candidate person", f"{w}/xet/{individual.key}/{former.code}/?nam={year}")
    own = visible_people(unit_user).order_by("pk").first()
    facts = [(f"facts {slug}", f"/du-lieu/{slug}/") for slug in KINDS]
    common = [
        ("home", "/"),
        ("campaign list", "/phong-trao/"),
        ("campaign", f"{c}/"),
        ("results collective", f"{c}/xet/{collective.key}/?nam={year}"),
        ("results individual", f"{w}/xet/{individual.key}/?nam={year}"),
        ("units", "/don-vi/"),
        ("people", "/ca-nhan/"),
        ("PAR ranking", "/chi-so-cchc/"),
        *facts,
        ("notifications", "/thong-bao/"),
        ("dashboard", "/thong-ke/"),
    ]
    office = [
        *common,
        ("candidate", f"{c}/xet/{collective.key}/{unit_user.unit.code}/?nam={year}"),
        person_candidate,
        ("registrations", f"{c}/dang-ky/tong-hop/?nam={year}"),
        ("dossiers", f"{c}/ho-so/tat-ca/"),
        ("dossier", f"/ho-so/{dossier.pk}/"),
        ("council", f"{c}/hoi-dong/"),
        ("register", "/so-khen-thuong/"),
    ]
    if session is not None:
        office.append(("session", f"/phien-hop/{session.pk}/"))
    if decision is not None:
        office.append(("decision", f"/quyet-dinh/{decision.pk}/"))
    unit = [
        *common,
        ("candidate", f"{c}/xet/{collective.key}/{unit_user.unit.code}/?nam={year}"),
        ("registration", f"{c}/dang-ky/?nam={year}"),
        ("unit dossiers", f"{c}/ho-so/"),
        ("unit decisions", "/quyet-dinh-khen-thuong/"),
    ]
    if unit_dossier is not None:
        unit.append(("dossier", f"/ho-so/{unit_dossier.pk}/"))
    if own is not None:
        unit.append(("candidate person", f"{w}/xet/{individual.key}/{own.code}/?nam={year}"))
        unit.append(("person", f"/ca-nhan/{own.pk}/"))
    office.append(("person", f"/ca-nhan/{former.pk}/"))
    return {"office": office, "unit": unit}


def sessions(n_users: int, office_share: float) -> list[dict]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from thidua.org.models import User

    offices = list(User.objects.filter(username="noivu"))
    # The pages of a unit are those of the demo's town (its candidate, its dossier): every
    # unit user is a session of its account.
    units = list(User.objects.filter(username="donvi2"))
    n_office = round(n_users * office_share)
    users = []
    for n in range(n_users):
        is_office = n < n_office
        user = offices[n % len(offices)] if is_office else units[(n - n_office) % len(units)]
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        users.append(
            {
                "role": "office" if is_office else "unit",
                "user": user.username,
                "session": s.session_key,
            }
        )
    return users


def set_up(args: argparse.Namespace) -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django_env()
    ensure_database(args.fresh)
    django.setup()
    from django.core.management import call_command

    from thidua.demo import builder as demo
    from thidua.org.models import Person, Unit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    t_migrate = time.perf_counter() - t0
    t0 = time.perf_counter()
    if not demo.demo_exists():
        demo.load_demo()
    t_demo = time.perf_counter() - t0
    t0 = time.perf_counter()
    scale_up(args.scale)
    t_scale = time.perf_counter() - t0
    # The stored evaluations (issue 12): the bulk copies bypass nothing — the version
    # triggers saw them — so every campaign is recomputed once here, before the run, as
    # the worker would after an import.
    t0 = time.perf_counter()
    from thidua.campaigns.evaluations import compute_all

    n_evaluations = compute_all()
    t_evaluate = time.perf_counter() - t0
    pages = page_lists()
    users = sessions(args.users, args.office_share)
    return {
        "t_migrate": t_migrate,
        "t_demo": t_demo,
        "t_scale": t_scale,
        "t_evaluate": t_evaluate,
        "evaluations": n_evaluations,
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "pages": pages,
        "users": users,
    }


def preflight(info: dict) -> None:
    """Each page once per role before the run (warms the workers; shows a wrong page)."""
    by_role = {}
    for u in info["users"]:
        by_role.setdefault(u["role"], u)
    for role, user in by_role.items():
        for label, path in info["pages"][role]:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
            started = time.perf_counter()
            conn.request(
                "GET",
                path,
                headers={"Cookie": f"sessionid={user['session']}", "Host": f"{HOST}:{PORT}"},
            )
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            ms = (time.perf_counter() - started) * 1000
            flag = "" if resp.status == 200 else f"  <-- HTTP {resp.status}"
            print(f"  {role:<6} {label:<28} {ms:>7.0f} ms {len(body) / 1024:>7.1f} KiB{flag}")


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


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def report(info: dict, result: dict, args: argparse.Namespace) -> bool:
    records = result["records"]
    wall = result["wall"]
    print(
        f"\n== figures: {args.users} users ({info['n_office']} office, "
        f"{args.users - info['n_office']} unit), think {THINK:.0f} s, {args.duration:.0f} s, "
        f"gunicorn -w {args.workers} --threads {args.threads} gthread"
    )
    print(f"requests {len(records)}, throughput {len(records) / wall:.1f} requests/s")
    print(
        f"{'role':<6} {'page':<28} {'n':>5} {'err':>4} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'KiB':>7}"
    )
    keys = sorted({(r[0], r[1]) for r in records})
    ok = True
    for role, label in keys:
        rows = [r for r in records if r[0] == role and r[1] == label]
        lat = [r[4] * 1000 for r in rows]
        errs = sum(1 for r in rows if r[3] != 200)
        size = sum(r[5] for r in rows) / len(rows) / 1024
        p95 = pct(lat, 95)
        mark = "" if p95 < TARGET_P95_MS and not errs else "  *"
        ok = ok and not mark
        print(
            f"{role:<6} {label:<28} {len(rows):>5} {errs:>4} {pct(lat, 50):>7.0f} "
            f"{p95:>7.0f} {pct(lat, 99):>7.0f} {size:>7.1f}{mark}"
        )
    lat = [r[4] * 1000 for r in records]
    print(
        f"{'all':<35} {len(records):>5} {sum(1 for r in records if r[3] != 200):>4} "
        f"{pct(lat, 50):>7.0f} {pct(lat, 95):>7.0f} {pct(lat, 99):>7.0f}"
    )
    errors = [r for r in records if r[3] != 200]
    if errors:
        print(f"\n== errors ({len(errors)})")
        seen: dict[tuple, int] = {}
        for r in errors:
            key = (r[0], r[2], r[3], r[6][:100])
            seen[key] = seen.get(key, 0) + 1
        for (role, path, status, note), n in sorted(seen.items(), key=lambda x: -x[1]):
            print(f"  {n:>4}× {role} {path} -> {status} {note}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--office-share", type=float, default=0.4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--request-timeout", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep bench/out/office_load")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--no-preflight", action="store_true")
    parser.add_argument("--client", nargs=2, metavar=("JOBS", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(Path(args.client[0]), Path(args.client[1]))
        return 0

    run_dir = OUT / "office_load"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    (run_dir / "media").mkdir(parents=True)
    print(f"== set-up: demo ×{args.scale}, database {DB_NAME}")
    info = set_up(args)
    info["n_office"] = sum(1 for u in info["users"] if u["role"] == "office")
    print(
        f"migrate {info['t_migrate']:.1f} s, demo {info['t_demo']:.1f} s, ×{args.scale} "
        f"copies {info['t_scale']:.1f} s: {info['units']} units, {info['people']} people; "
        f"{len(info['users'])} sessions; {info['evaluations']} evaluations stored in "
        f"{info['t_evaluate']:.1f} s"
    )
    job_file, result_file = run_dir / "jobs.json", run_dir / "result.json"
    job_file.write_text(
        json.dumps(
            {
                "duration": args.duration,
                "timeout": args.request_timeout,
                "pages": info["pages"],
                "users": info["users"],
            }
        )
    )
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "MEDIA_ROOT": str(run_dir / "media"),
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),  # this checkout's code, whatever the venv's editable install
    }
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
        "120",
        "--graceful-timeout",
        "10",
    ]
    worker_cmd = [str(ROOT / ".venv" / "bin" / "thidua"), "worker", "--no-reload"]
    print("== gunicorn: " + " ".join(gunicorn_cmd[1:]) + "; " + " ".join(worker_cmd[1:]))
    log = (run_dir / "server.log").open("wb")
    server = subprocess.Popen(
        gunicorn_cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    worker = subprocess.Popen(
        worker_cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    result = None
    try:
        wait_for_server(server, 60)
        if not args.no_preflight:
            print("== each page once, alone (warm-up)")
            preflight(info)
        print(f"== run: {args.users} users for {args.duration:.0f} s")
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
        client.wait(timeout=args.duration + args.request_timeout + 60)
        if result_file.exists():
            result = json.loads(result_file.read_text())
    finally:
        stop(server)
        stop(worker)
        log.close()
    if result is None:
        print("no client result")
        return 1
    ok = report(info, result, args)
    text = (run_dir / "server.log").read_text(errors="replace")
    print(f"\nserver log: {text.count('Traceback (most recent call last)')} tracebacks")
    if not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    print(
        "RESULT: "
        + ("TARGET MET" if ok else f"TARGET MISSED (p95 ≥ {TARGET_P95_MS} ms or errors, *)")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
