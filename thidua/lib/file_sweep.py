"""The recovery sweep of stored files (`thidua clean-files`, and `thidua worker` as it starts).

Files are written durably BEFORE the row that names them commits (``lib.uploads``), so after
a crash the only possible leftovers are files no row names: the upload of a transaction
that never committed, a ``.part`` file of a write cut short, the file of a row deleted just
before the crash. The sweep removes those once they are older than
``settings.UPLOAD_ORPHAN_MINUTES`` (a file younger than that may belong to a transaction
still running). It also reports rows naming a file that is not there — that should never
happen, and is not repaired by deleting the row: the report says which record lacks a file.

Which columns name files is a setting (``UPLOAD_REFERENCES``, "app_label.Model.field"), so
this module imports no app. Files are listed BEFORE the rows are read: a file listed then
is either named by a row committed by the time the rows are read, or old enough to judge.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings

from thidua.lib.uploads import TEMP_SUFFIX

# What `stored_name` writes under: the sweep looks nowhere else below MEDIA_ROOT (the
# import progress files and anything else an app keeps there are not its business).
UPLOADS_DIR = "uploads"


@dataclass
class SweepReport:
    removed: list[str] = field(default_factory=list)  # relative paths deleted (or to delete)
    recent: list[str] = field(default_factory=list)  # unreferenced but younger than the limit
    missing: list[tuple[str, int, str]] = field(default_factory=list)  # (model, pk, path)
    referenced: int = 0  # files on disk that a row names

    def as_dict(self) -> dict[str, object]:
        return {
            "removed": self.removed,
            "recent": self.recent,
            "missing": [{"model": m, "pk": pk, "path": p} for m, pk, p in self.missing],
            "referenced": self.referenced,
        }


def _references() -> list[tuple[str, type, str]]:
    out = []
    for spec in settings.UPLOAD_REFERENCES:
        label, name, column = spec.split(".")
        out.append((f"{label}.{name}", apps.get_model(label, name), column))
    return out


def referenced_paths() -> dict[str, tuple[str, int]]:
    """Every stored path a row names -> (model, pk)."""
    found: dict[str, tuple[str, int]] = {}
    for label, model, column in _references():
        rows = model.objects.exclude(**{column: ""}).values_list("pk", column)
        for pk, path in rows.iterator(chunk_size=2000):
            found[path] = (label, pk)
    return found


def sweep(*, older_than_minutes: int | None = None, delete: bool = True) -> SweepReport:
    """Remove (or, ``delete=False``, only list) unreferenced files under MEDIA_ROOT/uploads
    older than the limit; report rows whose file is missing."""
    minutes = settings.UPLOAD_ORPHAN_MINUTES if older_than_minutes is None else older_than_minutes
    root = Path(settings.MEDIA_ROOT)
    base = root / UPLOADS_DIR
    now = time.time()
    on_disk: list[tuple[Path, str, float]] = []
    if base.is_dir():
        for path in base.rglob("*"):
            if path.is_file() and not path.is_symlink():
                try:
                    mtime = path.stat().st_mtime
                except FileNotFoundError:  # removed meanwhile
                    continue
                on_disk.append((path, path.relative_to(root).as_posix(), mtime))
    named = referenced_paths()  # after the listing: see the module's docstring
    report = SweepReport()
    for path, relative, mtime in on_disk:
        if relative in named and not path.name.endswith(TEMP_SUFFIX):
            report.referenced += 1
            continue
        if now - mtime < minutes * 60:
            report.recent.append(relative)
            continue
        report.removed.append(relative)
        if delete:
            path.unlink(missing_ok=True)
    for relative, (label, pk) in sorted(named.items()):
        if not (root / relative).is_file():
            report.missing.append((label, pk, relative))
    return report


def sweep_at_startup() -> None:
    """`thidua worker`'s start-up hook (settings.WORKER_STARTUP): sweep, and say what was
    found on standard error when anything was."""
    import sys

    report = sweep()
    if report.removed or report.missing:
        sys.stderr.write(
            f"clean-files: removed {len(report.removed)} unreferenced file(s); "
            f"{len(report.missing)} row(s) name a missing file\n"
        )
        for label, pk, relative in report.missing:
            sys.stderr.write(f"  missing: {label} #{pk}: {relative}\n")
