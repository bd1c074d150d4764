"""The radio announcement: spoken prose drafted from a signed decision (no digits, no
abbreviations, who decided, who was honoured for what), edited by the office, downloaded as
.docx and .txt; and numbers as they are read."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from thidua.portal import radio, spoken
from thidua.portal.models import Announcement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (4, "bốn"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm lẻ năm"),
        (1005, "một nghìn không trăm lẻ năm"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (2150, "hai nghìn một trăm năm mươi"),
        (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
        (2_001_000, "hai triệu không trăm lẻ một nghìn"),
    ],
)
def test_numbers_as_read(n: int, words: str) -> None:
    assert spoken.number(n) == words


def test_dates_as_read() -> None:
    import datetime as dt

    assert spoken.date(dt.date(2026, 12, 1)) == (
        "ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu"
    )
    assert spoken.date(dt.date(2024, 4, 25)).startswith("ngày hai mươi lăm tháng tư")


def test_the_draft_is_spoken_prose(decision) -> None:  # type: ignore[no-untyped-def]
    text = radio.draft(decision)
    assert not re.search(r"\d", text), text
    for abbreviation in ("UBND", "QĐ", "CCHC", "|", "\t"):
        assert abbreviation not in text
    assert "Ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi tư" in text
    assert "Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm" in text and "Võ Đức Hùng" in text
    assert "Quyết định số hai nghìn một trăm năm mươi" in text
    assert "một tập thể và một cá nhân" in text
    assert "Nguyễn Văn An, Chuyên viên, Phòng Nội vụ" in text
    assert "một trăm phần trăm hồ sơ" in text  # the achievement, read out


def test_the_office_edits_and_downloads_it(login, decision) -> None:  # type: ignore[no-untyped-def]
    url = f"/cong-bo/quyet-dinh/{decision.pk}/truyen-thanh/"
    for persona in ("unit_a", "council", "leader"):
        assert login(persona).get(url).status_code == 403
        assert (
            login(persona)
            .get(url.replace("truyen-thanh/", "thong-bao-truyen-thanh.txt"))
            .status_code
            == 403
        )
    office = login("office")
    assert "hai nghìn một trăm năm mươi" in office.get(url).content.decode()
    edited = "Kính thưa bà con!\r\n\r\nĐoạn đã sửa của cơ quan thường trực."
    assert office.post(url, {"text": edited}).status_code == 302
    assert Announcement.objects.get(decision=decision).text == edited.replace("\r\n", "\n")
    txt = office.get(f"/cong-bo/quyet-dinh/{decision.pk}/thong-bao-truyen-thanh.txt")
    assert txt["Content-Type"].startswith("text/plain") and "Đoạn đã sửa" in txt.content.decode()
    docx = office.get(f"/cong-bo/quyet-dinh/{decision.pk}/thong-bao-truyen-thanh.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "THÔNG BÁO TRÊN HỆ THỐNG TRUYỀN THANH" in paragraphs
    assert "Đoạn đã sửa của cơ quan thường trực." in paragraphs
    assert not Document(io.BytesIO(docx.content)).tables
    assert radio.sample_radio_docx() is not None
