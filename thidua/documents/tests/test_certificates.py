"""Certificates of a signed decision: one page per awardee with each name, the blank (phôi)
mode at the stored positions, the calibration page, a missing font, and who may print."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from thidua.awards.certificate_layout import (
    DEFAULT_LAYOUT,
    Box,
    CertField,
    CertificateLayout,
    layout_for,
    save_layout,
)
from thidua.awards.records import Decision
from thidua.documents.certificates import (
    CertificateError,
    achievement_text,
    calibration_pdf,
    certificates_pdf,
    chairman_line,
    font_files,
    form_heading,
)
from thidua.documents.tests import test_decision_docx
from thidua.scoring.models import AwardForm

signed = test_decision_docx.signed  # the fixture: a signed decision, two awardees
pytestmark = pytest.mark.skipif(font_files() is None, reason="no Vietnamese TrueType font")


def _pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def _position(content: bytes, page: int, needle: str) -> tuple[float, float]:
    """Where the text run containing ``needle`` starts on ``page`` (points, bottom-left)."""
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if needle in text and not found:
            found.append((tm[4], tm[5]))

    PdfReader(io.BytesIO(content)).pages[page].extract_text(visitor_text=visit)
    assert found, needle
    return found[0]


def test_one_page_per_awardee_with_each_name(signed) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(certificates_pdf(signed))
    awards = list(signed.awards.select_related("person", "unit"))
    assert len(pages) == len(awards) == 2
    for text, award in zip(pages, awards, strict=True):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN" in text
        name = award.person.full_name if award.person else award.unit.name
        assert name in text
        assert "Quyết định số 15/QĐ-UBND ngày 15/12/2025" in text
        assert "Số sổ vàng" in text
        assert "Lê Văn Lịch" in text
        assert "Đã có thành tích" in text
    # A title is recognised, a form is given.
    kinds = [a.form.kind for a in awards]
    for text, kind in zip(pages, kinds, strict=True):
        assert ("CÔNG NHẬN DANH HIỆU" in text) == (kind == AwardForm.Kind.TITLE)
    assert "GIẤY KHEN" in pages[1]


def test_the_issuer_and_place_are_the_decisions_not_the_plans(signed) -> None:  # type: ignore[no-untyped-def]
    # The campaign was made from Phù Mỹ's plan, but UBND xã Mỹ An issues it and decides (QA #3).
    assert "PHÙ MỸ" in signed.campaign.plan["issuer"].upper()
    for text in _pages(certificates_pdf(signed)) + _pages(certificates_pdf(signed, mode="blank")):
        assert "Phù Mỹ" not in text and "PHÙ MỸ" not in text
        assert "Mỹ An, ngày 15 tháng 12 năm 2025" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ AN" in _pages(certificates_pdf(signed))[0]


def test_blank_mode_prints_the_signers_authority(signed) -> None:  # type: ignore[no-untyped-def]
    signed.signer_authority = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signed.save()
    content = certificates_pdf(signed, mode="blank")
    for text in _pages(content):
        assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    # At its own box, above the signer's name.
    _, y_authority = _position(content, 0, "KT. CHỦ TỊCH")
    _, y_phó = _position(content, 0, "PHÓ CHỦ TỊCH")
    _, y_signer = _position(content, 0, "Lê Văn Lịch")
    assert y_authority > y_phó > y_signer


def test_golden_book_numbers(signed) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(certificates_pdf(signed, golden_start=41))
    assert "Số sổ vàng: 41" in pages[0] and "Số sổ vàng: 42" in pages[1]


def test_blank_mode_prints_only_the_variable_text_at_the_stored_positions(signed) -> None:  # type: ignore[no-untyped-def]
    content = certificates_pdf(signed, mode="blank")
    pages = _pages(content)
    assert len(pages) == 2
    assert "CỘNG HÒA" not in pages[0] and "GIẤY KHEN" not in pages[1]
    person = signed.awards.get(person__isnull=False)
    assert person.person.full_name in pages[0]
    x0, y0 = _position(content, 0, person.person.full_name)
    # Move the name 20 mm right and 30 mm down on this form's blank.
    default = DEFAULT_LAYOUT[CertField.NAME]
    save_layout(person.form, {CertField.NAME: Box(default.x_mm + 20, default.y_mm + 30, 22, 200)})
    moved = certificates_pdf(signed, mode="blank")
    x1, y1 = _position(moved, 0, person.person.full_name)
    mm = 72 / 25.4
    assert x1 - x0 == pytest.approx(20 * mm, abs=0.5)
    assert y0 - y1 == pytest.approx(30 * mm, abs=0.5)
    # The other form's page is unchanged; an explicit layout wins over the stored one.
    assert _position(moved, 1, "Quyết định số") == _position(content, 1, "Quyết định số")
    layout = {person.form_id: {**DEFAULT_LAYOUT}}
    again = certificates_pdf(signed, mode="blank", layout=layout)
    assert _position(again, 0, person.person.full_name) == (x0, y0)


def test_the_baseline_is_at_the_box(signed) -> None:  # type: ignore[no-untyped-def]
    box = DEFAULT_LAYOUT[CertField.DECISION]
    content = certificates_pdf(signed, mode="blank")
    _, y = _position(content, 1, "Quyết định số")
    mm = 72 / 25.4
    top = 210 * mm - box.y_mm * mm
    assert top - box.size < y < top  # the first line's baseline just below the box's top


def test_save_layout_stores_only_what_differs(signed) -> None:  # type: ignore[no-untyped-def]
    form = AwardForm.objects.get(pk="giay_khen_chu_tich_xa")
    save_layout(form, dict(DEFAULT_LAYOUT))
    assert not CertificateLayout.objects.exists()
    save_layout(form, {CertField.SIGNER: Box(150, 180, 16, 100)})
    assert layout_for(form)[CertField.SIGNER] == Box(150, 180, 16, 100)
    assert CertificateLayout.objects.count() == 1
    save_layout(form, {CertField.SIGNER: DEFAULT_LAYOUT[CertField.SIGNER]})
    assert not CertificateLayout.objects.exists()


def test_calibration_page(signed) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(calibration_pdf(AwardForm.objects.get(pk="giay_khen_chu_tich_xa")))
    assert len(pages) == 1
    assert "Trang in thử" in pages[0] and "Nguyễn Văn Mẫu" in pages[0]


def test_a_draft_is_refused(signed) -> None:  # type: ignore[no-untyped-def]
    signed.status = Decision.Status.DRAFT
    with pytest.raises(CertificateError, match="chưa ký"):
        certificates_pdf(signed)
    with pytest.raises(CertificateError, match="Cách in"):
        certificates_pdf(signed, mode="other")


def test_texts() -> None:
    assert chairman_line("ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ") == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"
    assert chairman_line("UBND xã Mỹ Lợi") == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ LỢI"
    assert form_heading("Giấy khen của Chủ tịch UBND cấp xã") == "GIẤY KHEN"
    assert form_heading("Lao động tiên tiến") == "LAO ĐỘNG TIÊN TIẾN"
    title = "khen thưởng tập thể, cá nhân có thành tích xuất sắc trong công tác CCHC năm 2025"
    assert achievement_text("", title) == "Đã có thành tích xuất sắc trong công tác CCHC năm 2025."
    assert achievement_text("Hoàn thành xuất sắc nhiệm vụ.", title) == (
        "Đã có thành tích hoàn thành xuất sắc nhiệm vụ."
    )
    assert achievement_text("Đã có thành tích tốt", "") == "Đã có thành tích tốt."
    assert achievement_text("", "") == "Đã có thành tích trong phong trào thi đua."


# -- the views ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["office", "leader", "admin"])
def test_office_and_leader_print(signed, login, persona) -> None:  # type: ignore[no-untyped-def]
    for name in ("awards:certificates", "awards:certificates-blank"):
        response = login(persona).get(reverse(name, args=[signed.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert len(_pages(response.content)) == 2
    page = login(persona).get(reverse("awards:decision", args=[signed.pk]))
    assert "In giấy khen (PDF)" in page.content.decode()
    assert "In trên phôi (PDF)" in page.content.decode()


@pytest.mark.parametrize("persona", ["unit_a", "unit_b", "council"])
def test_others_do_not_print(signed, login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(persona)
    for name in ("awards:certificates", "awards:certificates-blank"):
        assert client.get(reverse(name, args=[signed.pk])).status_code in (403, 404)
    assert client.get(reverse("awards:certificate-layouts")).status_code == 403
    url = reverse("awards:certificate-layout", args=["giay_khen_chu_tich_xa"])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_the_draft_view_refuses_in_vietnamese(signed, login) -> None:  # type: ignore[no-untyped-def]
    Decision.objects.filter(pk=signed.pk).update(status=Decision.Status.DRAFT)
    client = login("office")
    response = client.get(reverse("awards:certificates", args=[signed.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:decision", args=[signed.pk])
    text = response.content.decode()
    assert "Quyết định chưa ký" in text
    assert "In giấy khen (PDF)" not in text


def test_no_font_is_a_message(signed, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CERTIFICATE_FONT_DIRS = ["/nonexistent-fonts"]
    response = login("office").get(reverse("awards:certificates", args=[signed.pk]), follow=True)
    assert response.status_code == 200
    assert "fonts-liberation2" in response.content.decode()
    url = reverse("awards:certificate-test", args=["giay_khen_chu_tich_xa"])
    response = login("office").get(url, follow=True)
    assert response.status_code == 200 and "Không tìm thấy phông chữ" in response.content.decode()


def test_office_edits_the_positions(signed, login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("awards:certificate-layout", args=["giay_khen_chu_tich_xa"])
    client = login("office")
    page = client.get(url)
    assert page.status_code == 200 and "Lưu vị trí" in page.content.decode()
    data = {
        f"{field}-{part}": value
        for field, box in DEFAULT_LAYOUT.items()
        for part, value in zip(
            ("x", "y", "size", "width"), (box.x_mm, box.y_mm, box.size, box.width_mm), strict=True
        )
    }
    assert client.post(url, data).status_code == 302
    assert not CertificateLayout.objects.exists()
    data["ho_ten-y"] = 120
    assert client.post(url, data).status_code == 302
    assert layout_for("giay_khen_chu_tich_xa")[CertField.NAME].y_mm == 120
    # (a NUL is refused before any view: thidua.lib.middleware)
    assert client.post(url, {**data, "ho_ten-x": "\x00"}).status_code == 400
    for bad in ("", "abc", "-3", "9999", "1,25", "²"):
        response = client.post(url, {**data, "ho_ten-x": bad})
        assert response.status_code == 200
        assert "Họ và tên (tên tập thể): cách lề trái" in response.content.decode()
    # Half millimetres with the decimal comma (QA #17).
    assert (
        client.post(url, {**data, "ho_ten-x": "60,5", "ho_ten-width": "199.5"}).status_code == 302
    )
    assert layout_for("giay_khen_chu_tich_xa")[CertField.NAME] == Box(60.5, 120, 22, 199.5)
    # A box off the A4 sheet is refused, nothing stored.
    for bad in (
        {"ho_ten-x": "290"},
        {"ho_ten-y": "205"},
        {"nguoi_ky-x": "200", "nguoi_ky-width": "100"},
    ):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200
        assert "ngoài mép" in response.content.decode()
        assert layout_for("giay_khen_chu_tich_xa")[CertField.NAME] == Box(60.5, 120, 22, 199.5)
    # The leader reads and prints the test page, but does not edit.
    leader = login("leader")
    assert "Lưu vị trí" not in leader.get(url).content.decode()
    assert leader.post(url, data).status_code == 403
    test = leader.get(reverse("awards:certificate-test", args=["giay_khen_chu_tich_xa"]))
    assert test.status_code == 200 and len(_pages(test.content)) == 1
    assert (
        login("office").get(reverse("awards:certificate-layout", args=["khong-co"])).status_code
        == 404
    )


def test_golden_book_start_from_the_page(signed, login) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    page = client.get(reverse("awards:decision", args=[signed.pk])).content.decode()
    assert 'name="so_vang"' in page
    url = reverse("awards:certificates-blank", args=[signed.pk])
    assert "Số sổ vàng: 7" in _pages(client.get(url, {"so_vang": "7"}).content)[0]
    assert client.get(url, {"so_vang": "\x00"}).status_code == 400  # thidua.lib.middleware
    for bad in ("abc", "-1", "²", "9" * 30):
        response = client.get(url, {"so_vang": bad})
        assert response.status_code == 200
        assert "Số sổ vàng: ...." in _pages(response.content)[0]
