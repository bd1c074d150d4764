"""Where the worker tells the pages how far it has read a file: a small JSON file beside the
uploads (MEDIA_ROOT, which the web and the worker share), not the job row.

The import service reads and writes the whole file inside one transaction (all or
nothing; a dry run is rolled back): an update of the job row made from inside it would be
seen by the web process only at the commit, or never. The row gets the final figures when
the task finishes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings


def _path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job_id}.json"


def write(job_id: int, done: int, total: int | None) -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps({"done": done, "total": total}))
    os.replace(partial, path)  # a reader sees the old figures or the new, never half


def read(job_id: int) -> tuple[int, int | None] | None:
    try:
        data = json.loads(_path(job_id).read_text())
        done, total = int(data["done"]), data["total"]
        return done, (int(total) if total is not None else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear(job_id: int) -> None:
    _path(job_id).unlink(missing_ok=True)
