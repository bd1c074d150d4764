"""Eligibility on a province-sized facts file, against the floor of reading the file.

    python bench/eligibility_json.py [--units 3000] [--people 200000] [--seed 1] [--runs 3]

For templates phu-my-2021-2025 and thai-nguyen-2018-2020 it prints the file size, the time
of a bare ``json.load`` of the file, the time of load + validate + evaluate (all schemes)
from the same file, their ratio, and the peak memory (max RSS) of each. Every measurement
runs in a fresh process (best of ``--runs``) so that memory figures do not mix.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]  # the project, and make_facts beside this file

CASES = (("phu-my-2021-2025", 2024), ("thai-nguyen-2018-2020", 2020))


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_json(path: str) -> dict[str, float]:
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        json.load(handle)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": _peak_mb(),
    }


def child_engine(path: str, template_key: str, year: int) -> dict[str, float]:
    from thidua.rules import evaluate, load_template, parse_facts_json, render_json

    template = load_template(template_key)  # parsed once per process, cached
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        facts = parse_facts_json(handle.read())
    loaded = time.perf_counter()
    results = evaluate(template, facts, year)
    done, cpu_done = time.perf_counter(), time.process_time()
    text = render_json(results)
    written = time.perf_counter()
    candidates = sum(len(s["candidates"]) for s in results["schemes"])
    return {
        "seconds": done - start,
        "cpu_seconds": cpu_done - cpu,
        "load_seconds": loaded - start,
        "evaluate_seconds": done - loaded,
        "json_out_seconds": written - done,
        "out_mb": len(text.encode("utf-8")) / 2**20,
        "candidates": candidates,
        "peak_mb": _peak_mb(),
    }


def _run_child(args: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _best(args: list[str], runs: int) -> dict[str, float]:
    results = [_run_child(args) for _ in range(runs)]
    return min(results, key=lambda r: r["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--facts", help="use this facts file instead of generating one")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        result = (
            child_json(rest[0]) if kind == "json" else child_engine(rest[0], rest[1], int(rest[2]))
        )
        print(json.dumps(result))
        return 0

    path = args.facts
    if path is None:
        from make_facts import write_facts

        folder = Path(tempfile.gettempdir()) / "thidua-bench"
        folder.mkdir(exist_ok=True)
        path = str(folder / f"province-{args.units}-{args.people}-{args.seed}.json")
        if not os.path.exists(path):
            print(f"generating {path} …", flush=True)
            write_facts(path, args.units, args.people, args.seed)
    size_mb = os.path.getsize(path) / 2**20
    print(f"facts file: {path} ({size_mb:.1f} MiB; {args.units} units, {args.people} people)")
    bare = _best(["json", path], args.runs)
    print(
        f"bare json.load: {bare['seconds']:.2f} s wall, {bare['cpu_seconds']:.2f} s CPU, "
        f"peak {bare['peak_mb']:.0f} MiB"
    )
    print(
        f"{'template':<24}{'load+eval':>10}{'(load':>8}{'eval)':>8}{'ratio':>7}"
        f"{'CPU':>8}{'ratio':>7}{'peak MiB':>10}{'candidates':>12}{'JSON out':>10}"
    )
    for key, year in CASES:
        r = _best(["engine", path, key, str(year)], args.runs)
        print(
            f"{key:<24}{r['seconds']:>9.2f}s{r['load_seconds']:>7.2f}s"
            f"{r['evaluate_seconds']:>7.2f}s{r['seconds'] / bare['seconds']:>6.2f}×"
            f"{r['cpu_seconds']:>7.2f}s{r['cpu_seconds'] / bare['cpu_seconds']:>6.2f}×"
            f"{r['peak_mb']:>10.0f}{int(r['candidates']):>12}"
            f"{r['json_out_seconds']:>9.2f}s"
        )
    print("(best of", args.runs, "runs, each in a fresh process; ratio = load+eval / json.load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
