"""Uploaded files: checked by content, size-limited, stored outside static, served by views.

The engineering rule: "Uploaded files are checked by content, size-limited, stored outside
static, and served only through a permission check." This module does the first three and
the mechanics of the fourth:

- ``detect_kind(file)`` recognises PDF, DOCX, XLSX, JPEG, PNG and WebP (and, for the Excel import,
  old .xls workbooks and OpenDocument .ods spreadsheets) by their bytes, never by the file
  name or the browser's Content-Type.
- ``check_upload(file)`` returns the kind or raises one ``ValidationError`` in Vietnamese
  that names the file and the problem (empty, too large, unrecognised, not accepted here,
  or carrying macros, programs, outside links, a zip bomb, PDF scripts or a second kind:
  ``thidua.lib.upload_safety``).
- ``stored_name(kind)`` gives a random relative path under MEDIA_ROOT; the user's file name
  is kept by the caller in a model field and is never used as a path.
- ``storing_upload(file)`` / ``storing_file(relative, chunks)`` write the file durably
  (temporary name, fsync, rename) BEFORE the block that records its row runs in a
  transaction, and delete it when that transaction rolls back (see docs/ARCHITECTURE.md,
  "Files and crashes"); ``thidua clean-files`` sweeps what a crash leaves.
- ``serve(...)`` streams a stored file as an attachment. It does NOT check permission: the
  calling view must decide, before calling it, that the user may see this file.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from decimal import ROUND_UP, Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.http import FileResponse, Http404
from django.utils import timezone

from thidua.lib import upload_safety
from thidua.lib.formatting import format_number

# kind -> (Content-Type to serve with, extension to store with)
ALLOWED_KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "webp": ("image/webp", ".webp"),
    "xls": ("application/vnd.ms-excel", ".xls"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
}
# What an upload field accepts unless it says otherwise: documents and pictures. The
# spreadsheets an office imports are accepted only where asked for (SPREADSHEET_KINDS).
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "jpeg", "png")
SPREADSHEET_KINDS = ("xlsx", "xls", "ods")
# Pictures (the honor board's portraits): accepted only where asked for.
IMAGE_KINDS = ("jpeg", "png", "webp")

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
_ZIP_MAGIC = b"PK\x03\x04"
# An old Office file is an OLE2 compound document; a workbook is one with a "Workbook"
# (Excel 97-2003) or "Book" (Excel 5/95) stream, which a Word .doc does not have.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_WORKBOOK_STREAMS = {"workbook", "book"}
_OLE_MAX_DIRECTORY_SECTORS = 64
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The main part's content type decides what an OOXML package is. Macro-enabled variants
# (docm, xlsm) and templates declare other types and are therefore not recognised.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
# [Content_Types].xml of a real document is a few KB; anything bigger is not one (or a bomb).
_CONTENT_TYPES_MAX = 256 * 1024
_MAX_ZIP_MEMBERS = 10_000
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b([^>]*)>")
_ATTR = re.compile(rb"""\b(PartName|ContentType)\s*=\s*(?:"([^"]*)"|'([^']*)')""")

_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "xls": "XLS",
    "ods": "ODS",
}
_KB = 1024
_MB = 1024 * 1024


def detect_kind(file: IO[bytes] | Any) -> str | None:
    """The kind of ``file`` judged by its bytes ("pdf", "docx", "xlsx", "jpeg", "png", "xls",
    "ods") or None.

    Works on a Django UploadedFile or any seekable binary file object; the position is put
    back at the start afterwards. Renamed executables, HTML, SVG, text and any other zip
    give None.
    """
    try:
        file.seek(0)
        head = file.read(8)
        if head[:4] == _ZIP_MAGIC:
            file.seek(0)
            return _ooxml_kind(file)
        if head == _OLE_MAGIC:
            file.seek(0)
            return _ole_kind(file)
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                return kind
        if head[:4] == b"RIFF":
            file.seek(8)
            if file.read(4) == b"WEBP":
                return "webp"
        return None
    finally:
        file.seek(0)


def _ooxml_kind(file: IO[bytes] | Any) -> str | None:
    """docx/xlsx from [Content_Types].xml, reading only that member and at most a bounded size."""
    try:
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
            if len(infos) > _MAX_ZIP_MEMBERS:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names and "[Content_Types].xml" not in names:
                info = zf.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                with zf.open(info) as member:
                    return "ods" if member.read(101).strip() == _ODS_MIMETYPE else None
            try:
                info = zf.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _CONTENT_TYPES_MAX or info.flag_bits & 0x1:  # bomb / encrypted
                return None
            with zf.open(info) as member:
                # The declared size may lie: never read more than the limit.
                xml = member.read(_CONTENT_TYPES_MAX + 1)
            if len(xml) > _CONTENT_TYPES_MAX:
                return None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
    ):
        return None

    found: set[str] = set()
    for match in _OVERRIDE.finditer(xml):
        attrs = {m[1]: (m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(match[1])}
        kind = _OOXML_MAIN.get(attrs.get(b"ContentType", b"").decode("ascii", "replace").strip())
        part = attrs.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/")
        if kind and part in names:  # the declared main part must actually be there
            found.add(kind)
    return found.pop() if len(found) == 1 else None


def _ole_kind(file: IO[bytes] | Any) -> str | None:
    """ "xls" for an OLE2 compound document holding a workbook stream, else None.

    Reads the header, the FAT sectors it lists and the directory chain (bounded), and looks
    for the stream names; nothing else of the file is read."""
    header = file.read(512)
    if len(header) < 512 or header[:8] != _OLE_MAGIC:
        return None
    shift = int.from_bytes(header[30:32], "little")
    if shift not in (9, 12):
        return None
    size = 1 << shift

    def sector(number: int) -> bytes:
        file.seek((number + 1) * size)
        return file.read(size)

    fat_sectors = [int.from_bytes(header[76 + 4 * i : 80 + 4 * i], "little") for i in range(109)]
    fat: list[int] = []
    for number in fat_sectors:
        if number >= 0xFFFFFFFA:
            break
        data = sector(number)
        fat.extend(int.from_bytes(data[i : i + 4], "little") for i in range(0, len(data), 4))
    number = int.from_bytes(header[48:52], "little")
    for _ in range(_OLE_MAX_DIRECTORY_SECTORS):
        if number >= 0xFFFFFFFA:
            break
        data = sector(number)
        for start in range(0, len(data) - 127, 128):
            length = int.from_bytes(data[start + 64 : start + 66], "little")
            if 2 <= length <= 64:
                name = data[start : start + length - 2].decode("utf-16-le", "replace")
                if name.lower() in _OLE_WORKBOOK_STREAMS and data[start + 66] == 2:
                    return "xls"
        number = fat[number] if number < len(fat) else 0xFFFFFFFE
    return None


def _file_size(file: IO[bytes] | Any) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def format_size(n: int) -> str:
    """Bytes as Vietnamese text, rounded up so a file just over a limit never looks equal."""
    if n < _KB:
        return f"{n} byte"
    unit, divisor = ("MB", _MB) if n >= _MB else ("KB", _KB)
    value = (Decimal(n) / divisor).quantize(Decimal("0.1"), rounding=ROUND_UP)
    text = format_number(value, 1)
    if text.endswith(",0"):
        text = text[:-2]
    return f"{text} {unit}"


def _labels(kinds: Collection[str]) -> str:
    labels = [_LABELS.get(k, k.upper()) for k in ALLOWED_KINDS if k in kinds]
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} hay {labels[-1]}"


def check_upload(
    file: IO[bytes] | Any,
    *,
    allowed: Collection[str] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> str:
    """The kind of an uploaded file, or ValidationError with one Vietnamese message.

    ``max_bytes`` defaults to ``settings.UPLOAD_MAX_BYTES``, read at call time. Size is
    checked before content so an oversized zip is never opened.
    """
    unknown = set(allowed) - ALLOWED_KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = os.path.basename(getattr(file, "name", None) or "") or "không tên"

    size = _file_size(file)
    if size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng.", code="empty")
    if size > limit:
        raise ValidationError(
            f"Tệp “{name}” nặng {format_size(size)}, vượt giới hạn {format_size(limit)}.",
            code="too_large",
        )
    kind = detect_kind(file)
    if kind is None:
        raise ValidationError(
            f"Tệp “{name}” không phải {_labels(allowed)} "
            "(kiểm tra theo nội dung tệp, không theo tên).",
            code="bad_content",
        )
    if kind not in allowed:
        raise ValidationError(
            f"Tệp “{name}” là tệp {_LABELS[kind]}; ở đây chỉ nhận {_labels(allowed)}.",
            code="kind_not_allowed",
        )
    upload_safety.inspect(file, kind, name)
    return kind


def stored_name(kind: str) -> str:
    """A random, unguessable path relative to MEDIA_ROOT: "uploads/YYYY/MM/<uuid4 hex>.<ext>"."""
    ext = ALLOWED_KINDS[kind][1]
    today = timezone.localdate()
    return f"uploads/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{ext}"


# Files written but whose transaction has not committed yet, per thread: deleted at the end
# of the request when no transaction is open any more (request_finished), i.e. when an
# outer transaction rolled back after the file's own block had finished.
_pending = threading.local()
TEMP_SUFFIX = ".part"


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(relative: str, chunks: Iterable[bytes]) -> Path:
    """Write ``chunks`` to MEDIA_ROOT/``relative`` whole and on disk before returning.

    The bytes go to a temporary name in the same directory (``.<name>.part``), are fsynced,
    and the file is renamed in (atomic on POSIX) and its directory fsynced: a file under a
    stored name is always complete, and once this returns it survives a crash, so a row
    committed after it never points at nothing. A crash mid-write leaves only a ``.part``
    file, which ``thidua clean-files`` removes."""
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}{TEMP_SUFFIX}")
    try:
        with temp.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)
    return target


def _pending_set() -> set[Path]:
    if not hasattr(_pending, "paths"):
        _pending.paths = set()
    paths: set[Path] = _pending.paths
    return paths


@contextmanager
def storing_file(relative: str, chunks: Iterable[bytes]) -> Iterator[Path]:
    """Write a file durably (``write_durably``), then run the block that records it in a
    transaction (``transaction.atomic``, a savepoint when one is open).

    The file is on disk before the row that names it is committed; if the block raises,
    the transaction rolls back and the file is deleted. If an enclosing transaction rolls
    back later, the file is deleted at the end of the request (``discard_uncommitted``);
    after a crash between the write and the commit, ``thidua clean-files`` removes it."""
    path = write_durably(relative, chunks)
    pending = _pending_set()
    block_failed = False
    try:
        with transaction.atomic():
            try:
                yield path
            except BaseException:
                block_failed = True
                raise
            pending.add(path)
            transaction.on_commit(lambda: pending.discard(path))
    except BaseException:
        pending.discard(path)
        if block_failed:  # rolled back for sure: no row names the file
            path.unlink(missing_ok=True)
        # else the COMMIT itself failed (the database died answering it): it may have
        # committed, so the file stays; if no row names it, `clean-files` removes it.
        raise


@contextmanager
def storing_upload(
    file: IO[bytes] | Any,
    *,
    allowed: Collection[str] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> Iterator[tuple[str, str]]:
    """Check an upload (``check_upload``), write it under a random name (``stored_name``)
    and yield (kind, relative path) to the block that records its row: see
    ``storing_file`` for what happens to the file when the transaction fails."""
    kind = check_upload(file, allowed=allowed, max_bytes=max_bytes)
    relative = stored_name(kind)
    file.seek(0)
    chunks = file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(_MB), b"")
    with storing_file(relative, chunks):
        yield kind, relative


def discard_uncommitted(**_: Any) -> None:
    """Delete the files of this thread whose transaction never committed, once no
    transaction is open on any connection (connected to ``request_finished``)."""
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return
    pending = _pending_set()
    while pending:
        pending.pop().unlink(missing_ok=True)


def remove_files(relatives: Iterable[str]) -> None:
    """Delete stored files (after the transaction that deleted their rows committed:
    ``transaction.on_commit``); paths outside MEDIA_ROOT are ignored."""
    root = Path(settings.MEDIA_ROOT).resolve()
    for relative in relatives:
        if not relative:
            continue
        full = (root / relative).resolve()
        if full.is_relative_to(root) and full != root and full.is_file():
            full.unlink(missing_ok=True)


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def serve(path: str | os.PathLike[str], *, download_name: str, kind: str) -> FileResponse:
    """Send a stored upload as an attachment named ``download_name``.

    PERMISSION IS THE CALLER'S JOB: call this only from a view that has already decided the
    requesting user may see this file. This function only refuses (Http404) a path that is
    missing or resolves outside MEDIA_ROOT (``..``, absolute paths, symlinks out).

    The Content-Type comes from ``kind`` (the kind recorded at upload), never from the file
    name; the download name gets the kind's extension if it lacks it.
    """
    content_type, ext = ALLOWED_KINDS[kind]
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / path).resolve()
    if not full.is_relative_to(root) or full == root or not full.is_file():
        raise Http404("Không tìm thấy tệp.")

    filename = _UNSAFE_NAME.sub("_", download_name).strip() or f"tep{ext}"
    accepted = {ext, ".jpeg"} if kind == "jpeg" else {ext}
    if os.path.splitext(filename)[1].lower() not in accepted:
        filename += ext
    response = FileResponse(
        full.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
