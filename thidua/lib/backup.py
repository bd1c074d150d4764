"""`thidua backup ARCHIVE` / `thidua restore ARCHIVE`: the database and the stored files in
one .tar.gz, restored all or nothing.

The archive holds ``manifest.json`` (format, when, the product's, Django's and the
database's versions, every applied migration, and the SHA-256 and size of every other
member), the database as the database's own dump, and MEDIA_ROOT's files under ``media/``:

- SQLite: ``database/db.sqlite3``, a copy made with SQLite's online backup API from the
  running database (a consistent snapshot while the app writes: the API copies inside a
  read transaction); restored with the same API into the live database, which replaces
  its whole content in one write transaction.
- PostgreSQL: ``database/db.dump``, ``pg_dump --format=custom`` (a consistent snapshot by
  itself); restored with ``pg_restore --clean --if-exists --single-transaction
  --exit-on-error``: one transaction, so an error leaves the database as it was.

A native dump, not dumpdata: it is exact (sequences, constraints, collations, the audit
trail's rows as they are), fast, and restored in one transaction by the database itself;
dumpdata/loaddata would go through every model's Python and lose the sequences. The price:
an archive restores into the same kind of database it came from (the restore says so).

Restore checks everything before it changes anything: the manifest's format and database
kind, the migrations (the archive's applied set must be exactly this code's; otherwise it
refuses, in English, naming the differences), every member's checksum. Files are extracted
and verified into a staging folder inside MEDIA_ROOT first; then the database is restored
(atomic); then the staged files replace MEDIA_ROOT's content by renames on the same file
system. The files are read after the database snapshot: a file its row names is on disk
before that row commits (lib.uploads), so every file the snapshot names is there, unless a
row deleted since took its file with it — the backup then says which are missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = "thidua-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media/"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator (English)."""


@dataclass
class BackupResult:
    path: Path
    vendor: str
    files: int
    bytes: int
    missing: list[str]


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    """ "app.name" of every migration recorded as applied in the database, sorted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def code_migrations() -> list[str]:
    """ "app.name" of every migration this code has (applied or not), sorted."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def _product_version() -> str:
    try:
        return metadata.version("thidua")
    except metadata.PackageNotFoundError:
        return "unknown"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (the PostgreSQL client programs).")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _dump_database(vendor: str, folder: Path) -> Path:
    if vendor == "sqlite":
        target = folder / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as out:
            connection.connection.backup(out)  # a consistent snapshot of the live database
        out.close()
        return target
    target = folder / "db.dump"
    args, env = _pg_env()
    name = str(settings.DATABASES["default"]["NAME"])
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, name], env)
    return target


def _media_files(root: Path) -> list[tuple[Path, str]]:
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".restore-") or path.is_symlink() or not path.is_file():
            continue  # a restore's staging folders, links (never written by the app)
        found.append((path, relative))
    return found


def backup(archive: Path) -> BackupResult:
    """Write the database and MEDIA_ROOT into ``archive`` (.tar.gz), atomically: the archive
    appears under its name only once complete."""
    vendor = _vendor()
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as tmp:
        folder = Path(tmp)
        migrations = applied_migrations()
        dump = _dump_database(vendor, folder)
        files = _media_files(media_root)  # after the snapshot: see the module's docstring
        members: dict[str, dict[str, Any]] = {
            f"database/{dump.name}": {"sha256": _sha256(dump), "size": dump.stat().st_size}
        }
        for path, relative in files:
            members[MEDIA + relative] = {"sha256": _sha256(path), "size": path.stat().st_size}
        named = _named_paths()
        missing = sorted(p for p in named if not (media_root / p).is_file())
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": vendor,
                "server_version": _server_version(),
                "dump": f"database/{dump.name}",
            },
            "versions": {
                "thidua": _product_version(),
                "django": django.get_version(),
                "python": platform.python_version(),
            },
            "migrations": migrations,
            "members": members,
            "missing_files": missing,
        }
        partial = archive.with_name(f".{archive.name}.part")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(dt.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, arcname=f"database/{dump.name}", recursive=False)
                for path, relative in files:
                    tar.add(path, arcname=MEDIA + relative, recursive=False)
            with partial.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    total = sum(m["size"] for m in members.values())
    return BackupResult(archive, vendor, len(files), total, missing)


def _named_paths() -> set[str]:
    from thidua.lib.file_sweep import referenced_paths

    return set(referenced_paths())


def _server_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    return str(getattr(connection, "pg_version", ""))


# --- restore --------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as e:
        raise BackupError(f"{archive} is not a thidua backup archive ({e}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} has format {manifest.get('format')!r}; this version reads {FORMAT}."
        )
    return manifest


def check_compatible(manifest: dict[str, Any]) -> None:
    """Refuse an archive of another kind of database or another schema version."""
    vendor = _vendor()
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            f"This archive holds a {theirs} database; this installation uses {vendor}. "
            "An archive restores into the same kind of database it was made from."
        )
    archived, ours = set(manifest["migrations"]), set(code_migrations())
    if archived != ours:
        extra = sorted(archived - ours)
        lacking = sorted(ours - archived)
        parts = []
        if extra:
            parts.append(f"migrations this code does not have: {', '.join(extra[:5])}")
        if lacking:
            parts.append(f"migrations the archive lacks: {', '.join(lacking[:5])}")
        made_by = manifest.get("versions", {}).get("thidua", "unknown")
        raise BackupError(
            "The archive's schema version differs from this installation's ("
            + "; ".join(parts)
            + f"). Restore it with the version of thidua that made it ({made_by}), "
            "then upgrade and migrate."
        )


def _extract(archive: Path, manifest: dict[str, Any], into: Path) -> None:
    """Extract and verify every member the manifest lists (and nothing else) into ``into``."""
    members = manifest["members"]
    seen: set[str] = set()
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            if info.name == MANIFEST:
                continue
            if info.name not in members or not info.isfile():
                raise BackupError(f"The archive holds {info.name!r}, which its manifest lacks.")
            tar.extract(info, into, filter="data")
            seen.add(info.name)
    for name, expected in members.items():
        path = into / name
        if name not in seen or not path.is_file():
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} in the archive is damaged (checksum mismatch).")


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("restore cannot run inside a transaction.")
        source = sqlite3.connect(dump)
        try:
            source.execute("PRAGMA quick_check")  # a damaged file fails here, before a write
            source.backup(connection.connection)  # one write transaction on the live database
        except sqlite3.Error as e:
            raise BackupError(f"The archive's database could not be restored: {e}.") from None
        finally:
            source.close()
        return
    args, env = _pg_env()
    name = str(settings.DATABASES["default"]["NAME"])
    connection.close()  # our own session holds nothing while pg_restore replaces the tables
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--dbname",
            name,
            *args,
            str(dump),
        ],
        env,
    )


def _swap_media(media_root: Path, staged: Path, stamp: str) -> None:
    """Replace MEDIA_ROOT's content by the staged files: renames within MEDIA_ROOT (one
    file system, MEDIA_ROOT itself may be a mount point), the old content removed last."""
    old = media_root / f".restore-old-{stamp}"
    old.mkdir()
    for entry in list(media_root.iterdir()):
        if entry.name.startswith(".restore-"):
            continue
        entry.rename(old / entry.name)
    for entry in list(staged.iterdir()):
        entry.rename(media_root / entry.name)
    shutil.rmtree(old, ignore_errors=True)


def restore(archive: Path) -> dict[str, Any]:
    """Replace the database and MEDIA_ROOT by the archive's, all or nothing."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    check_compatible(manifest)
    vendor = manifest["database"]["vendor"]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    stamp = f"{dt.datetime.now():%Y%m%d%H%M%S}-{os.getpid()}"
    staging = media_root / f".restore-new-{stamp}"
    try:
        _extract(archive, manifest, staging)
        staged_media = staging / "media"
        staged_media.mkdir(exist_ok=True)
        _restore_database(vendor, staging / manifest["database"]["dump"])
        _swap_media(media_root, staged_media, stamp)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
