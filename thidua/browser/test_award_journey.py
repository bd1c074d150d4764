"""From nomination to decision, as users do it: a unit drafts and submits a dossier with
files; the office returns it for completion; the unit completes it; the office appraises
and sends it to the council, which meets after the deadline; a member votes; the leader
signs the decision; the award is
in the recipient's history and on the next year's eligibility."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from thidua.awards import composition
from thidua.awards.dossiers import Dossier, State
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template, evaluate_campaign
from thidua.scoring import models as m

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(tmp_path, name: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(PDF)
    return str(path)


def _click(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=name, exact=True).click()


def test_it_walks_from_dossier_to_decision(
    page, accounts, people, district, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    person = people["b"]  # Trần Thị Bình, UBND xã Mỹ An, in charge of CCHC
    person.cchc_role = True
    person.save()
    for year, score in ((2024, 95), (2025, 96)):
        m.ParScore.objects.create(unit=district["b"], year=year, score=score)
    m.Rating.objects.create(person=person, year=2025, rating="HTXSNV")
    # Issued by the commune, with its own Giấy khen: since 01/7/2025 a district decides
    # nothing (issue 8), so the Phù Mỹ rules are copied with the commune chairman's form.
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    rules = json.loads(
        json.dumps(campaign.rules).replace("giay_khen_chu_tich_huyen", "giay_khen_chu_tich_xa")
    )
    for deadline in rules["deadlines"]:
        if deadline["key"].startswith("ho-so"):
            for key in ("month", "day", "year_offset"):
                deadline.pop(key, None)
            deadline["date"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    campaign.rules = rules
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    body = composition.create_council(
        issuing_unit=campaign.issuing_unit, name="Hội đồng TĐKT xã", user=accounts["office"]
    )
    composition.add_member(
        body,
        full_name="Đặng Thị Mai",
        role="chu_tich",
        account=accounts["council"],
        user=accounts["office"],
    )

    # The unit drafts its 2024 dossier.
    sign_in(page, "donvi_b")
    page.goto(f"/phong-trao/{campaign.pk}/ho-so/?nam=2024")
    _click(page, "Lập hồ sơ")
    page.get_by_label("Cá nhân", exact=True).select_option(label="Trần Thị Bình")
    page.get_by_label("Danh hiệu/hình thức đề nghị").select_option("giay_khen_chu_tich_xa")
    page.get_by_label("Phương án khen thưởng").select_option("ca-nhan-hang-nam")
    page.get_by_label("Tóm tắt thành tích").fill("Tham mưu số hóa hồ sơ một cửa.")
    _click(page, "Thêm")
    page.get_by_text("Đã thêm đề nghị khen thưởng.").wait_for()
    for component in ("van-ban-de-nghi", "bien-ban"):
        page.get_by_label("Thành phần hồ sơ").select_option(component)
        page.get_by_label("Tệp").set_input_files(_pdf(tmp_path, f"{component}.pdf"))
        _click(page, "Tải lên")
        page.get_by_text("Đã tải tệp lên.").wait_for()
    _click(page, "Nộp hồ sơ")
    page.get_by_text("Hồ sơ còn thiếu: Báo cáo thành tích").wait_for()
    page.get_by_label("Thành phần hồ sơ").select_option("bao-cao-thanh-tich")
    page.get_by_label("Tệp").set_input_files(_pdf(tmp_path, "bao-cao.pdf"))
    _click(page, "Tải lên")
    _click(page, "Nộp hồ sơ")
    page.get_by_text("Hồ sơ đã chuyển sang “Đã nộp”.").wait_for()
    dossier = Dossier.objects.get()
    _click(page, "Đăng xuất")

    # The office asks for more.
    sign_in(page, "noivu")
    page.goto(f"/ho-so/{dossier.pk}/")
    _click(page, "Nhận và thẩm định")
    page.get_by_label("Lý do: Yêu cầu bổ sung").fill("Bổ sung số liệu kết quả Chỉ số CCHC năm 2024")
    _click(page, "Yêu cầu bổ sung")
    page.get_by_text("Hồ sơ đã chuyển sang “Yêu cầu bổ sung”.").wait_for()
    _click(page, "Đăng xuất")

    # The unit completes it and sends it again.
    sign_in(page, "donvi_b")
    page.goto(f"/ho-so/{dossier.pk}/")
    page.get_by_text("Bổ sung số liệu kết quả Chỉ số CCHC năm 2024").wait_for()
    _click(page, "Nộp lại sau khi bổ sung")
    page.get_by_text("Hồ sơ đã chuyển sang “Đã nộp”.").wait_for()
    _click(page, "Đăng xuất")

    # The deadline passes (the council meets only after it: issue 8).
    rules = campaign.rules
    for deadline in rules["deadlines"]:
        if deadline["key"].startswith("ho-so"):
            deadline["date"] = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    Campaign.objects.filter(pk=campaign.pk).update(rules=rules)

    # The office appraises and sends it to the council, which meets.
    sign_in(page, "noivu")
    page.goto(f"/ho-so/{dossier.pk}/")
    _click(page, "Nhận và thẩm định")
    _click(page, "Đủ điều kiện")
    _click(page, "Trình Hội đồng")
    page.get_by_text("Hồ sơ đã chuyển sang “Trình Hội đồng”.").wait_for()
    page.goto(f"/phong-trao/{campaign.pk}/hoi-dong/")
    page.get_by_label("Ngày họp").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Giờ kết thúc").fill("09:00")
    _click(page, "Xếp lịch và đưa các đề nghị vào chương trình")
    page.get_by_text("Đã xếp lịch").first.wait_for()
    session_url = page.url
    page.get_by_label("Tham dự: Đặng Thị Mai").select_option(label="Có mặt, bỏ phiếu trên hệ thống")
    _click(page, "Lưu thành phần dự họp")
    page.get_by_text("Đã ghi thành phần dự họp.").wait_for()
    _click(page, "Đăng xuất")

    sign_in(page, "hoidong")
    page.goto(session_url)
    _click(page, "Đồng ý")
    page.get_by_text("Đã ghi nhận phiếu").wait_for()
    _click(page, "Đăng xuất")

    sign_in(page, "noivu")
    page.goto(session_url)
    _click(page, "Kết thúc và áp dụng ngưỡng")
    page.get_by_text("1 đề nghị đạt").wait_for()
    assert Dossier.objects.get().state == State.REVIEWED
    page.goto(f"/phong-trao/{campaign.pk}/hoi-dong/")
    _click(page, "Lập dự thảo quyết định")
    decision_url = page.url
    _click(page, "Đăng xuất")

    # The leader signs.
    sign_in(page, "chutich")
    page.goto(decision_url)
    page.get_by_label("Số quyết định").fill("15")
    page.get_by_label("Ngày ký").fill(dt.date.today().strftime("%d/%m/%Y"))
    _click(page, "Ký")
    page.get_by_text("Đã ký quyết định").wait_for()
    assert Dossier.objects.get().state == State.DECIDED

    # In the recipient's history, and on next year's eligibility.
    page.goto(f"/ho-so/ca-nhan/{person.pk}/")
    page.get_by_text("15/QĐ-UBND").wait_for()
    award = m.Award.objects.get(person=person)
    assert (award.form_id, award.year, award.field) == ("giay_khen_chu_tich_xa", 2024, "cchc")
    results = evaluate_campaign(Campaign.objects.get(), 2025).scheme("ca-nhan-hang-nam")
    candidate = next(c for c in results["candidates"] if c["code"] == person.code)
    criterion = next(c for c in candidate["criteria"] if c["key"] == "giay_khen_cchc_nam_truoc")
    assert criterion["verdict"] is True
    assert candidate["eligible"] is True
