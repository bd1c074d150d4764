"""The Excel import on large files: PAR tables and staff lists (people, the biggest kind) of
20,000 and 200,000 rows, imported as a dry run and for real into a temporary SQLite
database; time and peak memory of each.

    python bench/import_xlsx.py [--rows 20000 200000] [--kinds par people] [--no-trace]

Each (kind, size) runs in its own process, so its peak resident memory (ru_maxrss) is its
own; tracemalloc's peak is the Python heap the import itself allocated (it slows the run,
--no-trace leaves it out). Peak memory must grow far less than the rows: the file is read
in streaming mode and processed a chunk at a time.
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
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(ROOT)]

# PAR: 10,000 units (a province's communes and offices several times over), a result per
# year: 20,000 rows are two years of them, 200,000 rows twenty. The same units for both
# sizes, so what grows is the file, not the database the names are matched against.
PAR_UNITS = 10_000
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Lan", "Mai", "Nam", "Sơn", "Tâm")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_file(kind: str, rows: int, path: Path) -> None:
    """A province-style table: title rows, then the header, then `rows` rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Dữ liệu")
    if kind == "par":
        ws.append(["UBND TỈNH THỬ NGHIỆM"])
        ws.append(["KẾT QUẢ CHỈ SỐ CCHC CÁC NĂM"])
        ws.append(["STT", "Mã đơn vị", "Tên đơn vị", "Năm", "Tự chấm", "Thẩm định", "Tối đa"])
        for i in range(rows):
            year, unit = divmod(i, PAR_UNITS)
            ws.append(
                [
                    i + 1,
                    f"DV{unit:05d}",
                    f"UBND xã Thử {unit}",
                    2006 + year,
                    f"{80 + i % 20},5",
                    75 + (i % 25) / 4,
                    100,
                ]
            )
    else:
        ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
        ws.append(["STT", "Mã cá nhân", "Họ và tên", "Đơn vị", "Chức vụ", "Giới tính", "Năm sinh"])
        for i in range(rows):
            name = f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 8]} {GIVEN[(i // 80) % 11]} {i}"
            ws.append(
                [
                    i + 1,
                    f"CB{i:07d}",
                    name,
                    f"DV{i % 100:05d}",
                    "Công chức",
                    "Nữ" if i % 2 else "Nam",
                    1970 + i % 40,
                ]
            )
    ws.append(["Tổng cộng"])
    book.save(path)


def child(kind: str, rows: int, path: str, phase: str, trace: bool) -> dict[str, Any]:
    """One phase (a dry run, or the import) in a fresh process and database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    import tracemalloc

    from django.core.management import call_command
    from django.db.models import Value
    from django.db.models.functions import Cast, Concat

    from thidua.imports.service import import_file
    from thidua.org.models import Unit

    call_command("migrate", verbosity=0)
    units = PAR_UNITS if kind == "par" else 100
    Unit.objects.bulk_create(
        [
            Unit(code=f"DV{u:05d}", name=f"UBND xã Thử {u}", level="xa", group_id="xa")
            for u in range(units)
        ],
        batch_size=2000,
    )
    Unit.objects.update(
        path=Concat(Value("/"), Cast("pk", Unit._meta.get_field("path")), Value("/"))
    )
    before = _rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = import_file(kind, path, dry_run=phase == "dry_run")
    elapsed = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    assert report.ok, report.errors[:3]
    assert report.rows == rows, report.rows
    return {
        "kind": kind,
        "rows": rows,
        "phase": phase,
        "units_in_db": units,
        "seconds": round(elapsed, 1),
        "rows_per_second": round(rows / elapsed),
        "created": report.created,
        "traced_peak_mb": round(traced, 1) if traced is not None else None,
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(_rss_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--kinds", nargs="+", default=["par", "people"], choices=["par", "people"])
    parser.add_argument(
        "--phases", nargs="+", default=["dry_run", "import"], choices=["dry_run", "import"]
    )
    parser.add_argument(
        "--trace", action="store_true", help="tracemalloc's peak too (slows the run ~2x)"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rows, path, phase = args.child
        print(json.dumps(child(kind, int(rows), path, phase, args.trace)))
        return
    OUT.mkdir(exist_ok=True)
    results = []
    for kind in args.kinds:
        for rows in args.rows:
            path = OUT / f"import_{kind}_{rows}_v2.xlsx"
            if not path.exists():
                started = time.perf_counter()
                make_file(kind, rows, path)
                print(
                    f"made {path.name} ({path.stat().st_size / 2**20:.1f} MB) in "
                    f"{time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
            for phase in args.phases:
                result = _run_child(kind, rows, path, phase, args.trace)
                results.append(result)
                print(_line(result), flush=True)
    print(json.dumps(results, indent=1))


def _run_child(kind: str, rows: int, path: Path, phase: str, trace: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "THIDUA_VAR_DIR": tmp,
        }
        command = [sys.executable, __file__, "--child", kind, str(rows), str(path), phase]
        if trace:
            command.append("--trace")
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr)
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _line(r: dict[str, Any]) -> str:
    traced = f", tracemalloc peak {r['traced_peak_mb']} MB" if r["traced_peak_mb"] else ""
    grown = r["rss_peak_mb"] - r["rss_before_mb"]
    return (
        f"{r['kind']:7} {r['rows']:>8,} rows {r['phase']:8}: {r['seconds']:>7} s "
        f"({r['rows_per_second']:,} rows/s){traced}, max RSS {r['rss_peak_mb']} MB "
        f"(+{grown:.1f} MB over the {r['rss_before_mb']} MB before the import)"
    )


if __name__ == "__main__":
    main()
