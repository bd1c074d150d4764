"""Uploads checked to the bone (issue 12 item 6): real crafted files, refused or accepted."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from thidua.lib.tests import crafted as c
from thidua.lib.uploads import ALLOWED_KINDS, check_upload


def refusal(name: str, content: bytes, allowed=tuple(ALLOWED_KINDS)) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile(name, content), allowed=allowed)
    (text,) = excinfo.value.messages
    assert text.startswith(f"Tệp “{name}” ")
    return text


# --- accepted: ordinary files ---------------------------------------------------------------


def _docx_with_hyperlink() -> bytes:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = docx.Document()
    paragraph = document.add_paragraph("Xem ")
    paragraph.part.relate_to("https://thidua.example.vn/", RELATIONSHIP_TYPE.HYPERLINK, True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [
        ("bao-cao.docx", c.docx_bytes, "docx"),
        ("lien-ket.docx", _docx_with_hyperlink, "docx"),
        ("diem.xlsx", c.xlsx_bytes, "xlsx"),
        ("to-trinh.pdf", c.pdf_bytes, "pdf"),
        ("anh.png", lambda: c.image_bytes("PNG"), "png"),
        ("anh.jpg", lambda: c.image_bytes("JPEG"), "jpeg"),
        ("anh.webp", lambda: c.image_bytes("WEBP"), "webp"),
        (
            "muc-luc.pdf",
            lambda: c.pdf_open_action(b"<</S/GoTo/D[3 0 R/Fit]>>"),
            "pdf",
        ),
        (
            "trang-dau.pdf",
            lambda: c.pdf_with([b"<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]>>", *c.PAGES]),
            "pdf",
        ),
    ],
)
def test_ordinary_files_are_accepted(name, build, kind) -> None:  # type: ignore[no-untyped-def]
    assert check_upload(SimpleUploadedFile(name, build()), allowed=tuple(ALLOWED_KINDS)) == kind


# --- Office packages ------------------------------------------------------------------------


def test_a_docx_with_a_macro_project_is_refused() -> None:
    content = c.with_members(c.docx_bytes(), {"word/vbaProject.bin": c.OLE})
    assert refusal("x.docx", content) == "Tệp “x.docx” chứa macro: word/vbaProject.bin."


def test_a_workbook_with_a_macro_project_is_refused() -> None:
    content = c.with_members(c.xlsx_bytes(), {"xl/vbaProject.bin": c.OLE})
    assert "chứa macro: xl/vbaProject.bin" in refusal("diem.xlsx", content)


def test_an_opendocument_spreadsheet_with_basic_macros_is_refused() -> None:
    content = c.zip_of(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b"<office:document-content/>",
            "Basic/Standard/Module1.xml": b'<script:module>Shell("calc")</script:module>',
        }
    )
    assert "chứa macro: Basic/Standard/Module1.xml" in refusal("diem.ods", content)


def test_a_docx_carrying_an_exe_is_refused() -> None:
    content = c.with_members(c.docx_bytes(), {"word/media/setup.exe": c.EXE})
    assert (
        refusal("x.docx", content) == "Tệp “x.docx” chứa tệp thực thi nhúng: word/media/setup.exe."
    )


def test_a_program_renamed_to_a_picture_inside_a_docx_is_refused() -> None:
    content = c.with_members(c.docx_bytes(), {"word/media/image9.png": c.EXE})
    assert "chứa tệp thực thi nhúng: word/media/image9.png" in refusal("x.docx", content)


@pytest.mark.parametrize(
    ("member", "data"),
    [
        ("word/embeddings/oleObject1.bin", c.OLE),
        ("word/embeddings/Microsoft_Excel_Macro-Enabled.xlsm", c.xlsx_bytes()),
        ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", c.OLE),  # not a package at all
        ("word/media/image5.emf", c.OLE),  # an OLE file under an innocent name
        ("word/activeX/activeX1.xml", b"<ax:ocx/>"),
    ],
)
def test_embedded_ole_objects_are_refused(member: str, data: bytes) -> None:
    message = refusal("x.docx", c.with_members(c.docx_bytes(), {member: data}))
    assert f"chứa đối tượng nhúng (OLE/ActiveX): {member}." in message or (
        f"chứa đối tượng nhúng (OLE): {member}." in message
    )


def test_a_charts_data_workbook_is_accepted_and_checked_itself() -> None:
    member = "word/embeddings/Microsoft_Excel_Worksheet.xlsx"
    chart = c.with_members(c.docx_bytes(), {member: c.xlsx_bytes()})
    assert check_upload(SimpleUploadedFile("bieu-do.docx", chart)) == "docx"
    with_macro = c.with_members(c.xlsx_bytes(), {"xl/vbaProject.bin": c.OLE})
    content = c.with_members(c.docx_bytes(), {member: with_macro})
    assert refusal("bieu-do.docx", content) == "Tệp “bieu-do.docx” chứa macro: xl/vbaProject.bin."


def test_a_remote_template_is_refused() -> None:
    message = refusal("x.docx", c.remote_template_docx())
    assert message == (
        "Tệp “x.docx” gắn với một mẫu bên ngoài (attachedTemplate: http://203.0.113.9/mau.dotm): "
        "hãy lưu lại tệp không kèm mẫu."
    )


@pytest.mark.parametrize(
    ("member", "relationship"),
    [
        ("word/_rels/document.xml.rels", ("image", "http://203.0.113.9/pixel.png", "External")),
        ("word/_rels/document.xml.rels", ("oleObject", r"\\203.0.113.9\share\a", "External")),
        (
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            ("externalLinkPath", "file:///C:/a.xlsx", "External"),
        ),
    ],
)
def test_external_relationships_are_refused(member: str, relationship) -> None:  # type: ignore[no-untyped-def]
    base = c.xlsx_bytes() if member.startswith("xl/") else c.docx_bytes()
    content = c.with_members(base, {member: c.rels(relationship)}, replace=True)
    message = refusal("x.docx", content)
    assert "chứa liên kết ra ngoài (" in message and relationship[1][:10] in message


def test_a_two_gib_bomb_is_refused_without_being_inflated() -> None:
    content = c.zip_bomb_docx()
    assert len(content) < 3 * 1024 * 1024
    started = time.perf_counter()
    message = refusal("x.docx", content)
    # Inflating 2 GiB takes seconds; reading the central directory takes milliseconds.
    assert time.perf_counter() - started < 0.5
    assert message == (
        "Tệp “x.docx” khi giải nén nặng 2.048,8 MB, vượt giới hạn 256 MB (có thể là “bom nén”)."
    )


def test_a_member_compressed_far_too_well_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    content = c.zip_bomb_docx(32 * 1024 * 1024)  # under the total, ratio about 1,000
    message = refusal("x.docx", content)
    assert "có phần “word/media/image1.png” nén bất thường (" in message
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 2000  # a setting, not a constant
    assert check_upload(SimpleUploadedFile("x.docx", content)) == "docx"


def test_a_damaged_member_is_refused_not_a_500() -> None:
    content = bytearray(c.docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    content[start : start + 40] = b"\xff" * 40  # the deflate data no longer inflates
    assert "bị hỏng hoặc được mã hoá" in refusal("x.docx", bytes(content))


# --- PDF ------------------------------------------------------------------------------------


def test_a_pdf_with_document_javascript_is_refused() -> None:
    script = b"app.alert('xin chao');"
    content = c.pdf_with(
        [
            b"<</Type/Catalog/Pages 2 0 R/Names<</JavaScript 4 0 R>>>>",
            *c.PAGES,
            b"<</Names[(a) 5 0 R]>>",
            b"<</S/JavaScript/JS 6 0 R>>",
            b"<</Length %d>>\nstream\n%s\nendstream" % (len(script), script),
        ]
    )
    assert "chứa mã JavaScript" in refusal("x.pdf", content)


def test_javascript_hidden_in_a_compressed_object_stream_is_found() -> None:
    content = c.pdf_script_in_object_stream()
    assert b"JavaScript" not in content  # invisible in the raw bytes
    assert refusal("x.pdf", content) == (
        "Tệp “x.pdf” chứa mã JavaScript (/JavaScript): không được nhận."
    )


def test_a_javascript_name_spelt_with_hex_escapes_is_found() -> None:
    content = c.pdf_open_action(b"<</S/Java#53cript/J#53(app.alert\\(1\\))>>")
    assert "chứa mã JavaScript" in refusal("x.pdf", content)


def test_a_launch_action_is_refused() -> None:
    content = c.pdf_open_action(b"<</S/Launch/F(cmd.exe)>>")
    assert "chứa lệnh chạy chương trình (/Launch)" in refusal("x.pdf", content)


def test_an_open_action_running_anything_but_go_to_is_refused() -> None:
    content = c.pdf_open_action(b"<</S/SubmitForm/F(http://203.0.113.9/)>>")
    assert refusal("x.pdf", content) == (
        "Tệp “x.pdf” chạy một lệnh khi mở (/OpenAction → /SubmitForm): không được nhận."
    )


def test_a_pdf_with_an_embedded_file_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("setup.exe", c.EXE)
    out = io.BytesIO()
    writer.write(out)
    assert "chứa tệp nhúng (/EmbeddedFile" in refusal("x.pdf", out.getvalue())


def test_a_password_protected_pdf_is_refused_as_uncheckable() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(c.pdf_bytes()))
    writer.encrypt(user_password="bi-mat", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "được khoá bằng mật khẩu" in refusal("x.pdf", out.getvalue())


# --- polyglots ------------------------------------------------------------------------------


def test_a_pdf_that_is_also_a_zip_is_refused() -> None:
    content = c.pdf_bytes() + c.zip_of({"a.txt": b"xin chao"})
    assert refusal("x.pdf", content) == (
        "Tệp “x.pdf” vừa là PDF vừa là tệp nén ZIP (tệp lai): không được nhận."
    )


def test_a_picture_carrying_a_java_archive_is_refused() -> None:  # the GIFAR trick
    content = c.image_bytes("PNG") + c.zip_of({"META-INF/MANIFEST.MF": b"Main-Class: A\n"})
    assert "vừa là ảnh PNG vừa là tệp nén ZIP" in refusal("anh.png", content)


def test_html_in_a_jpeg_comment_is_refused() -> None:
    content = c.jpeg_with_comment(b"<html><script>alert(document.cookie)</script></html>")
    assert refusal("anh.jpg", content) == (
        "Tệp “anh.jpg” là ảnh JPEG nhưng chứa mã HTML/script (<html>): tệp lai không được nhận."
    )


def test_html_in_a_png_text_chunk_is_refused() -> None:
    content = c.png_with_text(b"<svg onload=alert(1)>")
    assert "là ảnh PNG nhưng chứa mã HTML/script (<svg)" in refusal("anh.png", content)


def test_a_picture_carrying_a_pdf_is_refused() -> None:
    content = c.image_bytes("JPEG") + c.pdf_bytes()
    assert "vừa là ảnh JPEG vừa là PDF" in refusal("anh.jpg", content)


def test_a_docx_carrying_a_stored_pdf_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(c.docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        dst.writestr("a.pdf", c.pdf_bytes(), compress_type=zipfile.ZIP_STORED)
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    assert "vừa là DOCX vừa là PDF" in refusal("x.docx", out.getvalue())
