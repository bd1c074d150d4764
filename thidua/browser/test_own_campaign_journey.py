"""Issue 9, item 1: the office makes the Lộc Ninh template a commune's own for 2026–2027
through the forms (issuer, period, number, date, place, signer), sees what changes before
saving, moves a deadline in the period form, issues it, and a unit submits its dossier
before the new deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards.dossiers import Dossier, State
from thidua.browser.conftest import click as _click
from thidua.browser.conftest import shot as _shot
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.conftest import _account
from thidua.org.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_office_makes_a_template_its_own_and_a_unit_submits(
    page, accounts, people, district, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    _account("donvi_motcua", User.Role.UNIT, district["b_section"])

    sign_in(page, "noivu")
    page.goto("/phong-trao/tao/")
    page.get_by_label("Tạo từ").select_option("loc-ninh-2024-2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="UBND xã Mỹ An")
    page.get_by_label("Năm bắt đầu thực hiện").fill("2026")
    page.get_by_label("Số kế hoạch").fill("12")
    page.get_by_label("Ngày ban hành").fill("15/01/2026")
    page.get_by_label("Địa danh").fill("Mỹ An")
    page.get_by_label("Chức vụ người ký").select_option(label="Chủ tịch")
    page.get_by_label("Người ký", exact=True).select_option(label="Trần Thị Bình — UBND xã Mỹ An")
    _click(page, "Tạo")

    # Nothing saved yet: the office reads what changes.
    page.get_by_text("Những gì sẽ thay đổi so với kế hoạch mẫu").wait_for()
    assert not Campaign.objects.exists()
    for text in (
        "19/07/2026 – 30/11/2027",
        "Ủy ban nhân dân xã Mỹ An",
        "Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An tặng tập thể",
        "30/11/2026",
    ):
        page.get_by_text(text).first.wait_for()
    body = page.content()
    assert "giay_khen" not in body and "bo_phan" not in body
    _shot(page, "own-1-preview")
    _click(page, "Xác nhận tạo")
    page.get_by_text("(bản nháp)").wait_for()
    campaign = Campaign.objects.get()
    assert campaign.issuing_unit == district["b"]
    assert "Lộc Ninh" not in campaign.plan["title"]
    _shot(page, "own-2-detail")

    # Deadlines are edited in a form: the dossiers are due a fortnight earlier.
    page.get_by_role("link", name="Thời gian, thời hạn").click()
    field = page.get_by_label("Hồ sơ đề nghị xét khen thưởng gửi UBND xã")
    assert field.input_value() == "30/11"
    field.fill("15/11")
    _shot(page, "own-2b-period")
    _click(page, "Lưu")
    page.get_by_text("Đã lưu thời gian thực hiện và các thời hạn.").wait_for()
    # The plan's text follows, where it states the dossiers' deadline, and says so.
    page.get_by_text("Nội dung kế hoạch đã sửa theo thời hạn mới").wait_for()
    _shot(page, "own-2b2-period-saved")
    campaign.refresh_from_db()
    text = "\n".join(s["text"] for s in campaign.plan["sections"])
    assert "(qua Phòng Nội vụ) trước **ngày 15 tháng 11 hàng năm**" in text
    assert "báo cáo kết quả gửi về UBND xã (qua Phòng Nội vụ) trước **ngày 30 tháng 11" in text

    # The schemes' form, groups and quota in a form, labelled at the commune's level.
    page.get_by_role("link", name="Phương án, hồ sơ").click()
    select = page.get_by_label(
        "Hình thức — Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An", exact=False
    )
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An" in select.inner_text()
    page.get_by_label("Chỉ tiêu (tổng số được khen)").fill("4")
    _shot(page, "own-2c-schemes")
    _click(page, "Lưu")
    page.get_by_text("Đã lưu phương án khen thưởng và thành phần hồ sơ.").wait_for()
    campaign.refresh_from_db()
    assert campaign.rules["schemes"][0]["quota"] == {"total": 4}

    _click(page, "Ban hành")
    page.get_by_text("Đã ban hành kế hoạch").wait_for()
    _click(page, "Đăng xuất")

    # The commune's one-stop section submits its 2027 dossier before 15/11/2027.
    sign_in(page, "donvi_motcua")
    page.goto(f"/phong-trao/{campaign.pk}/ho-so/?nam=2027")
    _click(page, "Lập hồ sơ")
    page.get_by_label("Tập thể", exact=True).select_option(label="Bộ phận Một cửa xã Mỹ An")
    page.get_by_label("Danh hiệu/hình thức đề nghị").select_option("giay_khen_chu_tich_xa")
    page.get_by_label("Phương án khen thưởng").select_option("tap-the-hang-nam")
    page.get_by_label("Tóm tắt thành tích").fill("Giải quyết hồ sơ một cửa đúng hạn 100%.")
    _click(page, "Thêm")
    page.get_by_text("Đã thêm đề nghị khen thưởng.").wait_for()
    for component in ("to-trinh", "bien-ban", "bao-cao-thanh-tich"):
        path = tmp_path / f"{component}.pdf"
        path.write_bytes(PDF)
        page.get_by_label("Thành phần hồ sơ").select_option(component)
        page.get_by_label("Tệp").set_input_files(str(path))
        _click(page, "Tải lên")
        page.get_by_text("Đã tải tệp lên.").wait_for()
    _click(page, "Nộp hồ sơ")
    page.get_by_text("Hồ sơ đã chuyển sang “Đã nộp”.").wait_for()
    _shot(page, "own-3-submitted")
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUBMITTED and dossier.year == 2027
    assert dossier.deadline() == dt.date(2027, 11, 15)
    page.get_by_text("15/11/2027").first.wait_for()
