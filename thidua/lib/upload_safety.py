"""What an upload carries, looked at after its kind is known (``thidua.lib.uploads``).

``inspect(file, kind, name)`` raises one Vietnamese ``ValidationError`` naming the file and
the problem, or returns None. It never trusts the name or the browser:

- Office files (docx, xlsx, ods) are opened as ZIP. Refused: macros (``vbaProject.bin``,
  OpenDocument ``Basic/``/``Scripts/``), embedded executables and OLE objects (members under
  ``embeddings/``, ``oleObject*``, executable extensions, or any member whose first bytes
  are a Windows/Linux program or an OLE compound file), relationships to the outside
  (``TargetMode="External"`` in any ``.rels`` — except plain hyperlinks, which no reader
  follows on its own — and any ``attachedTemplate``), and archives that inflate past
  ``UPLOAD_MAX_INFLATED_BYTES`` or one member whose ratio passes
  ``UPLOAD_MAX_COMPRESSION_RATIO``. Sizes are judged from the central directory before
  anything is inflated, so a 2 GiB bomb is refused without inflating it; the members then
  read are read through ``zipfile``, which never yields more than the declared size.
- PDFs are read with pypdf (every object of the cross-reference table, those inside
  compressed object streams included, names with ``#xx`` escapes decoded). Refused:
  JavaScript (``/JS``, ``/JavaScript``), launch actions (``/Launch``), embedded files
  (``/EmbeddedFile``, ``/EmbeddedFiles``, ``/EF``), rich media, and an ``/OpenAction`` that
  runs anything but "go to a page". A PDF pypdf cannot read, or one encrypted with a
  password, is refused because it cannot be checked. The raw bytes are also scanned, so a
  keyword in an object the cross-reference table hides is still found.
- Polyglots (one file valid as two kinds) are refused: any non-ZIP kind that also parses as
  a ZIP (PDF+ZIP, GIFAR-like picture+JAR), any non-PDF file carrying a ``%PDF-`` header,
  and any file carrying HTML or script markup in its raw bytes (HTML in a JPEG/PNG comment).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

_ZIP_KINDS = {"docx", "xlsx", "ods"}
_KIND_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "jpeg": "ảnh JPEG",
    "png": "ảnh PNG",
    "webp": "ảnh WebP",
    "xls": "XLS",
    "ods": "ODS",
}
# Raw-byte markers. Random compressed data matches a 5+ byte marker with odds far below
# one in a million for a 50 MB file.
_HTML = re.compile(
    rb"<(?:script|html|iframe|svg|body|object|embed|frameset|meta\s+http-equiv)[\s>/]"
    rb"|<\?php|javascript:",
    re.IGNORECASE,
)
_PDF_HEADER = b"%PDF-"
_EXECUTABLE_EXTENSIONS = (
    ".exe", ".dll", ".scr", ".com", ".bat", ".cmd", ".pif", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".wsh", ".ps1", ".msi", ".jar", ".hta", ".cpl", ".lnk", ".sh",
)  # fmt: skip
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RELS_MAX = 2 * 1024 * 1024
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>", re.IGNORECASE)
_REL_ATTR = re.compile(rb"""\b(Type|Target|TargetMode)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Relationship types an Office reader fetches or runs by itself. Hyperlinks are opened only
# when the reader clicks them, as in any web page, and stay allowed.
_ALLOWED_EXTERNAL = (b"/hyperlink",)
_PDF_ACTIVE = {
    "/JS": "mã JavaScript (/JS)",
    "/JavaScript": "mã JavaScript (/JavaScript)",
    "/Launch": "lệnh chạy chương trình (/Launch)",
    "/EmbeddedFile": "tệp nhúng (/EmbeddedFile)",
    "/EmbeddedFiles": "tệp nhúng (/EmbeddedFiles)",
    "/RichMedia": "nội dung đa phương tiện chạy được (/RichMedia)",
}
_PDF_NAME = re.compile(rb"/[^\x00\t\n\x0c\r /\[\]()<>{}%]+")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_MAX_OBJECTS = 500_000
_PDF_MAX_DEPTH = 64


def _refuse(name: str, problem: str, code: str) -> ValidationError:
    return ValidationError(f"Tệp “{name}” {problem}", code=code)


def _short(value: bytes | str, limit: int = 80) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def inspect(file: IO[bytes] | Any, kind: str, name: str) -> None:
    """Refuse (ValidationError) a file of ``kind`` that carries active or hidden content."""
    try:
        file.seek(0)
        raw = file.read()
        _check_polyglot(raw, kind, name)
        if kind in _ZIP_KINDS:
            file.seek(0)
            _check_zip(file, name)
        elif kind == "pdf":
            _check_pdf(raw, name)
    finally:
        file.seek(0)


# --- polyglots -----------------------------------------------------------------------------


def _check_polyglot(raw: bytes, kind: str, name: str) -> None:
    label = _KIND_LABELS.get(kind, kind.upper())
    markup = _HTML.search(raw)
    if markup:
        raise _refuse(
            name,
            f"là {label} nhưng chứa mã HTML/script ({_short(markup[0].strip())}): tệp lai "
            "không được nhận.",
            "polyglot",
        )
    if kind != "pdf" and _PDF_HEADER in raw:
        raise _refuse(name, f"vừa là {label} vừa là PDF (tệp lai): không được nhận.", "polyglot")
    if kind not in _ZIP_KINDS and _is_zip(raw):
        raise _refuse(
            name, f"vừa là {label} vừa là tệp nén ZIP (tệp lai): không được nhận.", "polyglot"
        )


def _is_zip(raw: bytes) -> bool:
    if b"PK\x05\x06" not in raw[-(65536 + 22) :]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return bool(zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False


# --- Office packages -----------------------------------------------------------------------


def _check_zip(file: IO[bytes] | Any, name: str, depth: int = 0) -> None:
    try:
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
            _check_sizes(infos, name)
            for info in infos:
                _check_member_name(info.filename, name)
            for info in infos:
                if info.is_dir():
                    continue
                lower = info.filename.lower()
                with zf.open(info) as member:
                    head = member.read(8)
                    if lower.endswith(".rels"):
                        _check_rels(head + member.read(_RELS_MAX), info.filename, name)
                    elif _is_embedded_package(lower):
                        # A chart's data workbook: itself checked, one level deep at most.
                        if depth >= 1 or not head.startswith(b"PK\x03\x04"):
                            raise _refuse(
                                name,
                                f"chứa đối tượng nhúng (OLE/ActiveX): {_short(info.filename)}.",
                                "ole",
                            )
                        _check_zip(io.BytesIO(head + member.read()), name, depth + 1)
                _check_member_head(head, info.filename, name)
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise _refuse(
            name, "bị hỏng hoặc được mã hoá: không mở được để kiểm tra.", "bad_zip"
        ) from exc


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    from thidua.lib.uploads import format_size

    limit = settings.UPLOAD_MAX_INFLATED_BYTES
    ratio_cap = settings.UPLOAD_MAX_COMPRESSION_RATIO
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise _refuse(
            name,
            f"khi giải nén nặng {format_size(total)}, vượt giới hạn {format_size(limit)} "
            "(có thể là “bom nén”).",
            "inflates_too_much",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > ratio_cap:
            raise _refuse(
                name,
                f"có phần “{_short(info.filename)}” nén bất thường ({int(ratio)} lần, giới hạn "
                f"{ratio_cap} lần; có thể là “bom nén”).",
                "inflates_too_much",
            )


def _check_member_name(member: str, name: str) -> None:
    lower = member.lower()
    base = lower.rsplit("/", 1)[-1]
    if (
        base.startswith("vbaproject")
        or base == "vbadata.xml"
        or lower.startswith(("basic/", "scripts/"))
    ):
        raise _refuse(name, f"chứa macro: {_short(member)}.", "macro")
    if lower.endswith(_EXECUTABLE_EXTENSIONS):
        raise _refuse(name, f"chứa tệp thực thi nhúng: {_short(member)}.", "executable")
    embedded = "/embeddings/" in f"/{lower}" and not _is_embedded_package(lower)
    if base.startswith("oleobject") or embedded or base.startswith("activex"):
        raise _refuse(name, f"chứa đối tượng nhúng (OLE/ActiveX): {_short(member)}.", "ole")


def _is_embedded_package(lower: str) -> bool:
    """Word and Excel keep a chart's data as a plain .xlsx under embeddings/: allowed, and
    opened and checked like the upload itself (an .xlsm, a .bin or anything else is not)."""
    return "/embeddings/" in f"/{lower}" and lower.endswith((".xlsx", ".docx", ".pptx"))


def _check_member_head(head: bytes, member: str, name: str) -> None:
    if head.startswith(_EXECUTABLE_MAGIC):
        raise _refuse(name, f"chứa tệp thực thi nhúng: {_short(member)}.", "executable")
    if head.startswith(_OLE_MAGIC):
        raise _refuse(name, f"chứa đối tượng nhúng (OLE): {_short(member)}.", "ole")


def _check_rels(xml: bytes, member: str, name: str) -> None:
    for match in _RELATIONSHIP.finditer(xml):
        attrs = {m[1]: (m[2] if m[2] is not None else m[3]) for m in _REL_ATTR.finditer(match[1])}
        rel_type = attrs.get(b"Type", b"")
        target = attrs.get(b"Target", b"")
        if rel_type.endswith(b"/attachedTemplate"):
            raise _refuse(
                name,
                f"gắn với một mẫu bên ngoài (attachedTemplate: {_short(target)}): hãy lưu lại "
                "tệp không kèm mẫu.",
                "external",
            )
        external = attrs.get(b"TargetMode", b"").strip().lower() == b"external"
        if external and not rel_type.endswith(_ALLOWED_EXTERNAL):
            raise _refuse(
                name,
                f"chứa liên kết ra ngoài ({_short(target)}), Word/Excel sẽ tự tải khi mở: hãy "
                "bỏ liên kết rồi lưu lại.",
                "external",
            )


# --- PDF -------------------------------------------------------------------------------------


def _check_pdf(raw: bytes, name: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    _check_pdf_raw_names(raw, name)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not _decrypts(reader):
            raise _refuse(
                name, "được khoá bằng mật khẩu: không kiểm tra được nội dung.", "pdf_encrypted"
            )
        for obj in _pdf_objects(reader):
            _check_pdf_value(obj, name, 0)
        _check_open_action(reader, name)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            OSError, IndexError, zlib.error) as exc:  # fmt: skip
        # pypdf could not rebuild the file. Its plain objects were all seen by the raw scan
        # above; objects packed in compressed streams were not, so such a file is refused.
        logger.info("pdf not readable by pypdf: %s", exc)
        if b"/ObjStm" in raw or b"/XRef" in raw:
            raise _refuse(
                name, "không đọc được như một tệp PDF hợp lệ: không kiểm tra được.", "pdf_broken"
            ) from exc


def _check_pdf_raw_names(raw: bytes, name: str) -> None:
    """Every name token of the raw bytes, ``#xx`` escapes decoded (``/J#53`` is ``/JS``)."""
    # Stream bodies (pictures, fonts, compressed page content) are left out: binary data
    # would match short names like /JS by chance. Objects inside compressed object streams
    # are pypdf's job.
    text = _PDF_STREAM.sub(b"stream endstream", raw)
    for match in _PDF_NAME.finditer(text):
        token = match[0]
        if b"#" in token:
            token = _PDF_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), token)
        key = token.decode("latin-1")
        if key in _PDF_ACTIVE:
            raise _refuse(name, f"chứa {_PDF_ACTIVE[key]}: không được nhận.", "pdf_active")


def _decrypts(reader: Any) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - any failure means: cannot be checked
        return False


def _pdf_objects(reader: Any) -> list[Any]:
    numbers: set[tuple[int, int]] = set()
    for generation, table in reader.xref.items():
        numbers.update((number, generation) for number in table)
    numbers.update((number, 0) for number in reader.xref_objStm)
    if len(numbers) > _PDF_MAX_OBJECTS:
        raise ValueError("too many objects")
    from pypdf.generic import IndirectObject

    objects = [reader.trailer]
    for number, generation in sorted(numbers):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is not None:
            objects.append(obj)
    return objects


def _check_pdf_value(value: Any, name: str, depth: int) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    if depth > _PDF_MAX_DEPTH:
        raise ValueError("nested too deep")
    if isinstance(value, NameObject):
        if str(value) in _PDF_ACTIVE:
            raise _refuse(name, f"chứa {_PDF_ACTIVE[str(value)]}: không được nhận.", "pdf_active")
    elif isinstance(value, DictionaryObject):  # streams are dictionaries too
        for key, item in value.items():
            if key in _PDF_ACTIVE or key == "/EF":
                what = _PDF_ACTIVE.get(key, "tệp nhúng (/EF)")
                raise _refuse(name, f"chứa {what}: không được nhận.", "pdf_active")
            _check_pdf_value(item, name, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _check_pdf_value(item, name, depth + 1)


def _check_open_action(reader: Any, name: str) -> None:
    """An /OpenAction that is a destination (an array: a page and a view) is harmless; an
    action dictionary other than GoTo runs something when the file opens."""
    from pypdf.generic import DictionaryObject

    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    if not isinstance(root, DictionaryObject) or "/OpenAction" not in root:
        return
    action = root["/OpenAction"].get_object()
    if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
        kind = _short(str(action.get("/S", "?")))
        raise _refuse(
            name, f"chạy một lệnh khi mở (/OpenAction → {kind}): không được nhận.", "pdf_active"
        )
