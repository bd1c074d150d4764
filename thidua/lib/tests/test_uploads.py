"""Uploads are recognised by content, size-limited, stored under random names and served
only from inside MEDIA_ROOT with safe headers."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from thidua.lib.uploads import (
    ALLOWED_KINDS,
    check_upload,
    detect_kind,
    format_size,
    serve,
    stored_name,
)

# --- real small files -------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)


def png_bytes() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    idat = zlib.compress(b"\x00\x00")  # filter byte + one pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Báo cáo thành tích")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Điểm"
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def message(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    (text,) = excinfo.value.messages
    return text


# --- detect_kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (JPEG, "jpeg"),
        (png_bytes(), "png"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
    ],
)
def test_it_recognises_real_files_by_content_whatever_their_name(content: bytes, kind: str) -> None:
    assert detect_kind(upload("tap-tin-khong-duoi", content)) == kind
    assert detect_kind(upload("ho-so.txt", content)) == kind
    assert detect_kind(io.BytesIO(content)) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,  # a Windows executable
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
        "Hồ sơ thi đua năm 2026\n".encode(),
        b"%PD",  # truncated header
        zip_bytes({"readme.txt": b"not office"}),
        zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        b"PK\x03\x04" + b"\x00" * 100,  # zip header, broken archive
    ],
    ids=["exe", "html", "svg", "text", "short", "zip", "ooxml-without-main", "broken-zip"],
)
def test_it_recognises_nothing_else(content: bytes) -> None:
    assert detect_kind(upload("ho-so.pdf", content)) is None


def test_it_refuses_a_content_types_declaring_a_main_part_that_is_not_there() -> None:
    content_types = (
        b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    assert detect_kind(upload("a.docx", zip_bytes({"[Content_Types].xml": content_types}))) is None
    with_part = zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": b"<w/>"})
    assert detect_kind(upload("a.docx", with_part)) == "docx"


def test_it_refuses_a_macro_enabled_workbook() -> None:
    data = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert detect_kind(upload("bang-diem.xlsx", zip_bytes(members))) is None


def test_it_never_inflates_a_huge_content_types_member() -> None:
    # 50 MB of spaces compresses to ~50 KB; its declared size alone gets it refused.
    bomb = zip_bytes({"[Content_Types].xml": b" " * (50 * 1024 * 1024), "word/document.xml": b""})
    assert len(bomb) < 1024 * 1024
    assert detect_kind(upload("bom.docx", bomb)) is None


def test_it_leaves_the_file_at_the_start() -> None:
    file = upload("a.docx", docx_bytes())
    file.seek(10)
    detect_kind(file)
    assert file.tell() == 0


# --- check_upload -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Báo cáo.pdf", PDF, "pdf"),
        ("anh.jpg", JPEG, "jpeg"),
        ("anh.png", png_bytes(), "png"),
        ("Tờ trình.docx", docx_bytes(), "docx"),
        ("Bảng điểm.xlsx", xlsx_bytes(), "xlsx"),
    ],
)
def test_check_upload_accepts_the_five_kinds(name: str, content: bytes, kind: str) -> None:
    assert check_upload(upload(name, content)) == kind


def test_check_upload_refuses_an_empty_file() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("x.pdf", b""))
    assert message(excinfo) == "Tệp “x.pdf” rỗng."
    assert excinfo.value.code == "empty"


def test_check_upload_refuses_one_byte_over_the_limit() -> None:
    assert check_upload(upload("x.pdf", PDF), max_bytes=len(PDF)) == "pdf"
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("x.pdf", PDF), max_bytes=len(PDF) - 1)
    assert (
        message(excinfo) == f"Tệp “x.pdf” nặng {len(PDF)} byte, vượt giới hạn {len(PDF) - 1} byte."
    )
    assert excinfo.value.code == "too_large"


def test_check_upload_names_sizes_in_megabytes_with_a_decimal_comma(settings) -> None:
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    big = upload("x.pdf", PDF)
    big.size = int(25.3 * 1024 * 1024)  # size is what is checked; no need for 25 MB in memory
    with pytest.raises(ValidationError) as excinfo:
        check_upload(big)
    assert message(excinfo) == "Tệp “x.pdf” nặng 25,3 MB, vượt giới hạn 20 MB."


def test_sizes_round_up_so_just_over_never_looks_equal() -> None:
    assert format_size(20 * 1024 * 1024) == "20 MB"
    assert format_size(20 * 1024 * 1024 + 1) == "20,1 MB"
    assert format_size(1536) == "1,5 KB"
    assert format_size(1000) == "1000 byte"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ho-so.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("ho-so.pdf", "<html><body>Hồ sơ</body></html>".encode()),
        ("hoso.pdf", zip_bytes({"a.txt": b"a"})),
    ],
    ids=["renamed-exe", "html", "plain-zip"],
)
def test_check_upload_refuses_content_it_does_not_recognise(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload(name, content))
    assert message(excinfo) == (
        f"Tệp “{name}” không phải PDF, DOCX, XLSX, JPEG hay PNG "
        "(kiểm tra theo nội dung tệp, không theo tên)."
    )
    assert excinfo.value.code == "bad_content"


def test_check_upload_lists_only_the_allowed_kinds_when_refusing_content() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("a.txt", b"hello"), allowed={"pdf", "docx"})
    assert "không phải PDF hay DOCX (" in message(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("a.txt", b"hello"), allowed={"pdf"})
    assert "không phải PDF (" in message(excinfo)


def test_check_upload_refuses_a_recognised_kind_that_is_not_accepted_here() -> None:
    assert check_upload(upload("anh.png", png_bytes()), allowed={"jpeg", "png"}) == "png"
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("Tờ trình.docx", docx_bytes()), allowed={"pdf"})
    assert message(excinfo) == "Tệp “Tờ trình.docx” là tệp DOCX; ở đây chỉ nhận PDF."
    assert excinfo.value.code == "kind_not_allowed"


def test_check_upload_rejects_an_unknown_allowed_kind_as_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_upload(upload("a.pdf", PDF), allowed={"exe"})


def test_check_upload_checks_size_before_opening_a_zip() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("a.docx", docx_bytes()), max_bytes=100)
    assert excinfo.value.code == "too_large"


# --- stored_name ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ALLOWED_KINDS))
def test_stored_name_is_random_under_uploads_with_the_kinds_extension(kind: str) -> None:
    names = {stored_name(kind) for _ in range(50)}
    assert len(names) == 50
    ext = ALLOWED_KINDS[kind][1]
    for name in names:
        assert re.fullmatch(rf"uploads/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}{re.escape(ext)}", name)


# --- serve ------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_serve_sends_the_bytes_as_an_attachment_with_safe_headers(media: Path) -> None:
    relative = stored_name("pdf")
    (media / relative).parent.mkdir(parents=True)
    (media / relative).write_bytes(PDF)

    response = serve(relative, download_name="Tờ trình khen thưởng.pdf", kind="pdf")

    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh%20khen%20th%C6%B0%E1%BB%9Fng.pdf" in disposition
    )


def test_serve_uses_the_recorded_kind_not_the_download_name(media: Path) -> None:
    (media / "a.png").write_bytes(png_bytes())
    response = serve("a.png", download_name="anh.html", kind="png")
    assert response["Content-Type"] == "image/png"
    assert 'filename="anh.html.png"' in response["Content-Disposition"]
    body(response)


def test_serve_strips_control_characters_and_slashes_from_the_download_name(media: Path) -> None:
    (media / "a.pdf").write_bytes(PDF)
    response = serve("a.pdf", download_name="../x\r\nSet-Cookie: a.pdf", kind="pdf")
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    body(response)


@pytest.mark.parametrize(
    "path", ["../settings.py", "../../etc/passwd", "/etc/passwd", "", ".", "missing.pdf", "uploads"]
)
def test_serve_refuses_paths_outside_media_root_or_missing(media: Path, path: str) -> None:
    (media / "uploads").mkdir()
    (media.parent / "settings.py").write_text("SECRET_KEY = 'x'")
    with pytest.raises(Http404):
        serve(path, download_name="x.pdf", kind="pdf")


def test_serve_refuses_a_symlink_pointing_out_of_media_root(media: Path) -> None:
    secret = media.parent / "secret.pdf"
    secret.write_bytes(PDF)
    (media / "link.pdf").symlink_to(secret)
    with pytest.raises(Http404):
        serve("link.pdf", download_name="x.pdf", kind="pdf")


# --- spreadsheets an office imports (xls, ods): only where asked for ----------------------

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("name", "kind"), [("workbook.xls", "xls"), ("workbook.ods", "ods")])
def test_it_recognises_old_excel_and_opendocument_spreadsheets(name: str, kind: str) -> None:
    content = (DATA / name).read_bytes()
    assert detect_kind(upload("bang-diem.bin", content)) == kind
    allowed = ("xlsx", "xls", "ods")
    assert check_upload(upload(f"Bảng điểm.{kind}", content), allowed=allowed) == kind


def test_a_word_97_document_is_not_a_workbook() -> None:
    assert detect_kind(upload("bang-diem.xls", (DATA / "letter.doc").read_bytes())) is None


def test_an_ole_header_alone_is_not_a_workbook() -> None:
    assert detect_kind(upload("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)) is None


def test_spreadsheets_are_refused_where_documents_are_asked_for() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("Bảng điểm.ods", (DATA / "workbook.ods").read_bytes()))
    assert message(excinfo) == (
        "Tệp “Bảng điểm.ods” là tệp ODS; ở đây chỉ nhận PDF, DOCX, XLSX, JPEG hay PNG."
    )


def test_a_zip_with_another_mimetype_is_not_a_spreadsheet() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    assert detect_kind(upload("x.ods", buffer.getvalue())) is None
