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

YEARS = 20  # PAR: each unit has a result for 20 years (2006-2025)
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
            unit, year = divmod(i, YEARS)
            ws.append(
                [i + 1, f"DV{unit:05d}", f"UBND xã Thử {unit}", 2006 + year,
                 f"{80 + i % 20},5", 75 + (i % 25) / 4, 100]
            )
    else:
        ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
        ws.append(["STT", "Mã cá nhân", "Họ và tên", "Đơn vị", "Chức vụ", "Giới tính", "Năm sinh"])
        for i in range(rows):
            name = (
                f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 8]} {GIVEN[(i // 80) % 11]} {i}"
            )
            ws.append(
                [i + 1, f"CB{i:07d}", name, f"DV{i % 100:05d}", "Công chức",
                 "Nữ" if i % 2 else "Nam", 1970 + i % 40]
            )
    ws.append(["Tổng cộng"])
    book.save(path)


def child(kind: str, rows: int, path: str, trace: bool) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    import tracemalloc

    from django.core.management import call_command
    from django.db.models import Value
    from django.db.models.functions import Cast, Concat

    from thidua.imports.service import import_file
    from thidua.org.models import Person, Unit

    call_command("migrate", verbosity=0)
    units = rows // YEARS if kind == "par" else 100
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
    result: dict[str, Any] = {"kind": kind, "rows": rows, "units": units}
    baseline = _rss_mb()
    result["rss_before_mb"] = round(baseline, 1)
    for phase, dry in (("dry_run", True), ("import", False)):
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        report = import_file(kind, path, dry_run=dry)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        if trace:
            tracemalloc.stop()
        assert report.ok, report.errors[:3]
        assert report.rows == rows, report.rows
        result[phase] = {
            "seconds": round(elapsed, 1),
            "rows_per_second": round(rows / elapsed),
            "created": report.created,
            "traced_peak_mb": round(peak, 1) if peak is not None else None,
            "rss_peak_mb": round(_rss_mb(), 1),
        }
    result["people_in_db"] = Person.objects.count()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--kinds", nargs="+", default=["par", "people"], choices=["par", "people"])
    parser.add_argument("--no-trace", action="store_true", help="leave tracemalloc out")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "ROWS", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rows, path = args.child
        print(json.dumps(child(kind, int(rows), path, not args.no_trace)))
        return
    OUT.mkdir(exist_ok=True)
    results = []
    for kind in args.kinds:
        for rows in args.rows:
            path = OUT / f"import_{kind}_{rows}.xlsx"
            if not path.exists():
                started = time.perf_counter()
                make_file(kind, rows, path)
                print(
                    f"made {path.name} ({path.stat().st_size / 2**20:.1f} MB) in "
                    f"{time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
            with tempfile.TemporaryDirectory() as tmp:
                env = {
                    **os.environ,
                    "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                    "THIDUA_VAR_DIR": tmp,
                }
                command = [sys.executable, __file__, "--child", kind, str(rows), str(path)]
                if args.no_trace:
                    command.append("--no-trace")
                done = subprocess.run(command, env=env, capture_output=True, text=True)
                if done.returncode:
                    sys.exit(done.stderr)
                result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(_line(result))
    print(json.dumps(results, indent=1))


def _line(r: dict[str, Any]) -> str:
    parts = [f"{r['kind']:7} {r['rows']:>8,} rows:"]
    for phase in ("dry_run", "import"):
        p = r[phase]
        traced = f", traced peak {p['traced_peak_mb']} MB" if p["traced_peak_mb"] is not None else ""
        parts.append(
            f"{phase} {p['seconds']} s ({p['rows_per_second']:,}/s){traced}, "
            f"max RSS {p['rss_peak_mb']} MB"
        )
    parts.append(f"(RSS before import {r['rss_before_mb']} MB)")
    return " ".join(parts)


if __name__ == "__main__":
    main()
