"""Issue 9, "Done when": a person whose unit was merged in 2025 keeps the awards of the old
unit in the evaluation of a campaign made the new commune's own. xã Mỹ An is formed on
01/7/2025 from xã An Lạc (its one-stop section from An Lạc's); a CCHC officer of An Lạc's
section, moved by the merger, has her 2024–2025 ratings and awards recorded there. The
office makes Phù Mỹ's template Mỹ An's own for 2026 in the browser and reads her candidate
page for 2026: the awards of 2025 are counted and named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thidua.browser.conftest import click as _click
from thidua.browser.conftest import shot as _shot
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.org.models import Person, Unit
from thidua.scoring import models as m

pytestmark = pytest.mark.django_db(transaction=True)

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def merged(district, people):  # type: ignore[no-untyped-def]
    old = Unit.objects.create(
        code="XA-AL",
        name="UBND xã An Lạc",
        level="xa",
        group_id="xa",
        parent=district["root"],
        valid_to=REFORM - dt.timedelta(days=1),
    )
    old_section = Unit.objects.create(
        code="MC-AL",
        name="Bộ phận Một cửa xã An Lạc",
        level="bo_phan",
        group_id="bo_phan",
        parent=old,
        valid_to=REFORM - dt.timedelta(days=1),
    )
    for new, was in ((district["b"], old), (district["b_section"], old_section)):
        new.valid_from = REFORM
        new.save()
        new.merged_from.set([was])
    person = Person.objects.create(
        code="CB-AL",
        full_name="Phạm Thị Hoa",
        gender="nu",
        unit=district["b_section"],
        former_unit=old_section,
        cchc_role=True,
    )
    # Her history in An Lạc: ratings, the district chairman's Giấy khen on CCHC of 2025
    # (decided before the merger) and Chiến sĩ thi đua cơ sở of 2025.
    for year in (2024, 2025, 2026):
        m.Rating.objects.create(person=person, year=year, rating="HTXSNV")
    m.Award.objects.create(
        person=person, form_id="giay_khen_chu_tich_huyen", field="cchc", year=2025
    )
    m.Award.objects.create(person=person, form_id="chien_si_thi_dua_co_so", year=2025)
    # The section's PAR: An Lạc's one-stop section's of 2025 (before the merger), Mỹ An's
    # own of 2026 — the engine reads the first across the merger (scoring.adapters).
    for unit, year, score in ((old_section, 2025, 88), (district["b_section"], 2026, 91)):
        m.ParScore.objects.create(unit=unit, year=year, score=score, confirmed_at=timezone.now())
    return person


def test_a_person_moved_by_the_merger_keeps_her_awards(
    page, accounts, people, district, merged
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "noivu")
    page.goto("/phong-trao/tao/")
    page.get_by_label("Tạo từ").select_option("phu-my-2021-2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="UBND xã Mỹ An")
    page.get_by_label("Năm bắt đầu thực hiện").fill("2026")
    page.get_by_label("Số kế hoạch").fill("15")
    page.get_by_label("Ngày ban hành").fill("20/01/2026")
    page.get_by_label("Địa danh").fill("Mỹ An")
    page.get_by_label("Chức vụ người ký").select_option(label="Chủ tịch")
    page.get_by_label("Người ký", exact=True).select_option(label="Trần Thị Bình — UBND xã Mỹ An")
    page.get_by_label("Đơn vị tiếp nhận hồ sơ").fill("Văn phòng HĐND và UBND xã")
    _click(page, "Tạo")
    page.get_by_text("Những gì sẽ thay đổi so với kế hoạch mẫu").wait_for()
    page.get_by_text("Văn phòng HĐND và UBND xã thẩm định thành tích").first.wait_for()
    _shot(page, "merged-1-preview")
    _click(page, "Xác nhận tạo")
    page.get_by_text("(bản nháp)").wait_for()
    campaign = Campaign.objects.get()
    assert campaign.template.years[0] == 2026

    # The individuals' annual scheme, 2026: she is Mỹ An's section's candidate.
    scheme = campaign.template.scheme("ca-nhan-hang-nam")
    assert scheme is not None
    page.goto(f"/phong-trao/{campaign.pk}/xet/ca-nhan-hang-nam/?nam=2026")
    page.get_by_role("link", name="Phạm Thị Hoa").click()
    page.get_by_role("heading", name="Phạm Thị Hoa").wait_for()
    _shot(page, "merged-2-candidate")
    rows = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(2).inner_text()
        for row in page.locator("table tbody tr").all()
        if row.locator("td").count() >= 3
    }
    award = next(v for k, v in rows.items() if "tặng Giấy khen về CCHC" in k)
    assert "Có Giấy khen" in award and "năm 2025" in award, rows
    cstd = next(v for k, v in rows.items() if "Chiến sĩ thi đua" in k)
    assert cstd.startswith("Có danh hiệu Chiến sĩ thi đua") and "năm 2025" in cstd, rows
    assert rows["Được đánh giá hoàn thành xuất sắc nhiệm vụ"] == "Xếp loại năm 2026: HTXSNV"
    # Her unit's two years ≥ 70 %: 2025 is the old section's, read across the merger and
    # named (without it: "chưa có số liệu", the criterion unknown, she is not eligible).
    unit_row = page.locator("table tbody tr").filter(
        has_text="Đơn vị 02 năm liên tục có Chỉ số CCHC đạt từ 70% trở lên"
    )
    unit_detail = unit_row.locator("td").nth(2).inner_text()
    assert "Chỉ số CCHC năm 2025: 88,00% — số liệu của Bộ phận Một cửa xã An Lạc" in unit_detail
    assert unit_row.locator("td").nth(1).inner_text() == "Đạt", unit_detail
    verdicts = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    assert verdicts[-2:] == ["Đạt", "Đạt"], verdicts  # both awards of 2025 counted
