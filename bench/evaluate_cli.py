"""`thidua evaluate` as a user runs it, against a bare ``json.load`` of the same file.

    python bench/evaluate_cli.py [--people 200000 400000] [--profile light full] [--runs 3]
                                 [--template phu-my-2021-2025] [--year 2024] [--dir DIR]

For each facts file (made once by make_facts.py into DIR, default $THIDUA_VAR_DIR/bench or
var/bench, and reused) it prints, each the median of ``--runs`` fresh processes:

* ``json.load``: a process that only reads the file with ``json.load`` — wall time and
  peak memory (max RSS, from ``os.wait4``);
* ``thidua evaluate``: the console script, whole process, output written to a file in DIR —
  wall time, peak memory, and both ratios;
* a breakdown: start-up (the console script up to reading the facts: interpreter, imports,
  Django where it is set up, the template), then in one process the stages of the command —
  JSON parse, validate and build records, evaluate, write the output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

THIDUA = str(Path(sys.executable).with_name("thidua"))


def _run(argv: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, float, int, float]:
    """Wall seconds, peak MiB, exit status and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def _median(runs: list[tuple[float, float, int, float]]) -> tuple[float, float, float]:
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(r[3] for r in runs),
    )


def child_stages(path: str, template_key: str, year: int, out_path: str) -> dict[str, float]:
    """The command's stages timed one by one in this process (imports already done)."""
    from thidua.rules import cli, facts
    from thidua.rules.engine import evaluate
    from thidua.rules.template import load_template

    template = load_template(template_key)
    clock = time.process_time  # CPU: the machine may be shared
    t0 = clock()
    with open(path, "rb") as handle:
        raw = handle.read()
    doc = facts._parse_json(raw)
    del raw
    t1 = clock()
    loaded = facts.load_facts(doc)
    del doc
    t2 = clock()
    stream = getattr(cli, "evaluate_stream", None)
    if stream is not None:  # evaluation and output interleaved: time the output apart
        chunks = list(stream(template, loaded, year, None))
        t3 = clock()
        with open(out_path, "wb") as out:
            out.writelines(chunks)
    else:
        results = evaluate(template, loaded, year)
        t3 = clock()
        with open(out_path, "wb") as out:
            out.write(cli._utf8(cli.render_json(results)))
    t4 = clock()
    return {"parse": t1 - t0, "validate": t2 - t1, "evaluate": t3 - t2, "write": t4 - t3}


def bench_file(path: Path, template: str, year: int, runs: int, out_dir: Path) -> None:
    size = path.stat().st_size / 2**20
    print(f"\n== {path.name} ({size:.0f} MiB), {template} {year}")
    load = _median(
        [
            _run([sys.executable, "-c", "import json,sys; json.load(open(sys.argv[1],'rb'))", path])
            for _ in range(runs)
        ]
    )
    out_path = out_dir / f"out-{path.stem}.json"
    cmd = [THIDUA, "evaluate", "--template", template, "--facts", str(path), "--year", str(year)]
    evaluated = []
    for _ in range(runs):
        with open(out_path, "wb") as out:
            r = _run(cmd, stdout=out)
        if r[2]:
            raise SystemExit(f"thidua evaluate failed ({r[2]}) on {path}")
        evaluated.append(r)
    ev = _median(evaluated)
    missing = out_dir / "no-such-file.json"
    start_cmd = [*cmd[:4], str(missing), *cmd[5:]]
    startup = _median([_run(start_cmd) for _ in range(runs)])
    stage_runs = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), template, str(year), str(out_path)],
            capture_output=True,
            text=True,
            check=True,
        )
        stage_runs.append(json.loads(done.stdout))
    stages = {k: statistics.median(s[k] for s in stage_runs) for k in stage_runs[0]}
    out_mb = out_path.stat().st_size / 2**20
    print(f"json.load        {load[0]:7.2f} s wall {load[2]:6.2f} s CPU   peak {load[1]:6.0f} MiB")
    print(
        f"thidua evaluate  {ev[0]:7.2f} s wall {ev[2]:6.2f} s CPU   peak {ev[1]:6.0f} MiB   "
        f"time {ev[0] / load[0]:.2f}× (CPU {ev[2] / load[2]:.2f}×)  memory {ev[1] / load[1]:.2f}×"
        f"   output {out_mb:.0f} MiB"
    )
    print(
        f"  breakdown (CPU): start-up {startup[2]:.2f} s, parse {stages['parse']:.2f} s, "
        f"validate+records {stages['validate']:.2f} s, evaluate {stages['evaluate']:.2f} s, "
        f"write {stages['write']:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[200000, 400000])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument(
        "--profile", nargs="+", choices=("light", "full"), default=["light", "full"]
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--template", default="phu-my-2021-2025")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=1)
    var = os.environ.get("THIDUA_VAR_DIR", str(ROOT / "var"))
    parser.add_argument("--dir", default=str(Path(var) / "bench"))
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        path, template, year, out_path = args.child
        print(json.dumps(child_stages(path, template, int(year), out_path)))
        return 0

    from make_facts import write_facts

    out_dir = Path(args.dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; median of {args.runs}")
    for profile in args.profile:
        for people in args.people:
            path = out_dir / f"{profile}-{args.units}-{people}.json"
            if not path.exists():
                print(f"generating {path} …", flush=True)
                write_facts(str(path), args.units, people, args.seed, profile == "full")
            bench_file(path, args.template, args.year, args.runs, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
