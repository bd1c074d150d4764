"""`thidua sample-documents -o DIR` writes one file of each kind from the demo, and each
speaks for its own issuer."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from thidua.documents.samples import OPTIONAL, SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def gallery(db, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    call_command("sample-documents", "-o", str(tmp_path))
    return tmp_path


def _header(doc) -> tuple[list[str], str, str]:  # type: ignore[no-untyped-def]
    table = doc.tables[0]
    left = [p.text for p in table.rows[0].cells[0].paragraphs if p.text]
    return (
        left,
        table.rows[1].cells[0].paragraphs[0].text,
        table.rows[1].cells[1].paragraphs[0].text,
    )


def test_every_kind_is_written_and_the_hooks_skipped(gallery, capsys) -> None:  # type: ignore[no-untyped-def]
    names = sorted(p.name for p in gallery.iterdir())
    # Every hook's builder exists (certificates, the summary report, the radio announcement).
    written = ["giay-khen.pdf", "bao-cao-tong-ket.docx", "thong-bao-truyen-thanh.docx"]
    assert names == sorted([*(name for name, _ in SAMPLES), *written])
    assert {name for name, _, _ in OPTIONAL} == set(written)
    radio = [p.text for p in Document(str(gallery / "thong-bao-truyen-thanh.docx")).paragraphs]
    assert radio[0] == "THÔNG BÁO TRÊN HỆ THỐNG TRUYỀN THANH"
    assert "Xin trân trọng thông báo!" in radio
    assert (gallery / "giay-khen.pdf").read_bytes().startswith(b"%PDF")


def test_the_decision_speaks_for_the_committee(gallery) -> None:  # type: ignore[no-untyped-def]
    doc = Document(BytesIO((gallery / "quyet-dinh.docx").read_bytes()))
    left, number, when = _header(doc)
    texts = [p.text for p in doc.paragraphs]
    assert left[0] == "ỦY BAN NHÂN DÂN" and re.fullmatch(r"Số: [0-9]{2,}/QĐ-UBND", number)
    assert any(t.startswith("Căn cứ Nghị định số 152/2025/NĐ-CP ngày ") for t in texts)
    place = left[1].split(" ", 1)[1].title()
    assert when.startswith(place.split()[0])
    assert f"CHỦ TỊCH ỦY BAN NHÂN DÂN {left[1]}" in texts
    assert not any("…" in t or "Ubnd" in t for t in texts)
    for table in doc.tables[1:-1]:
        for row in table.rows:
            assert row._tr.trPr.find(W + "cantSplit") is not None
    signer = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert len(signer) >= 2 and signer[-1]  # authority lines and a full name


def test_the_minutes_speak_for_the_council(gallery) -> None:  # type: ignore[no-untyped-def]
    doc = Document(BytesIO((gallery / "bien-ban-hop-hoi-dong.docx").read_bytes()))
    left, number, _ = _header(doc)
    assert left[-2:] == ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"] and number.endswith("/BB-HĐTĐKT")
    assert re.fullmatch(r"Số: [0-9]{2,}/BB-HĐTĐKT", number)  # issued at the session's close
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Chủ trì:" in text and "Thư ký:" in text and "…" not in text.split("Chủ trì:")[1][:80]
    names = [p.text for p in doc.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert len(names) == 2  # THƯ KÝ and a name


def test_the_to_trinh_and_the_list(gallery) -> None:  # type: ignore[no-untyped-def]
    doc = Document(BytesIO((gallery / "to-trinh.docx").read_bytes()))
    _, number, _ = _header(doc)
    assert re.fullmatch(r"Số: [0-9]{2,}/TTr-UBND", number)  # issued at submission
    assert any(p.text.startswith("Kính gửi: ") for p in doc.paragraphs)
    signer = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in signer and len(signer) >= 2
    sheet = load_workbook(BytesIO((gallery / "danh-sach-trich-ngang.xlsx").read_bytes())).active
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
