"""The office keeps its units and people; a unit sees only its own."""

from __future__ import annotations

import pytest

from thidua.browser.conftest import sign_in
from thidua.org.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_lets_the_office_add_a_unit_and_a_person_and_find_them(page, accounts, people) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "noivu")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_role("link", name="+ Thêm đơn vị").click()
    page.get_by_label("Mã đơn vị").fill("PTP")
    page.get_by_label("Tên đơn vị").fill("Phòng Tư pháp")
    page.get_by_label("Cấp", exact=True).select_option("co_quan")
    page.get_by_label("Khối thi đua").select_option("phong")
    page.get_by_label("Đơn vị cấp trên").select_option(label="UBND huyện Thử Nghiệm")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã thêm đơn vị “Phòng Tư pháp”.").wait_for()

    page.get_by_role("link", name="+ Cá nhân").click()
    page.get_by_label("Mã cá nhân").fill("CB-TP1")
    page.get_by_label("Họ và tên").fill("Đặng Thị Ánh")
    page.get_by_label("Giới tính").select_option("nu")
    page.get_by_label("Năm sinh").fill("1990")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã thêm “Đặng Thị Ánh”.").wait_for()
    assert Person.objects.get(code="CB-TP1").unit.code == "PTP"

    # A bad value is named in Vietnamese and nothing is saved.
    page.goto("/ca-nhan/them/")
    page.get_by_label("Mã cá nhân").fill("CB-TP1")
    page.get_by_label("Họ và tên").fill("Người Trùng Mã")
    page.get_by_label("Giới tính").select_option("nam")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Phòng Tư pháp")
    page.get_by_role("button", name="Lưu").click()
    assert (
        page.locator(".error").first.inner_text()
        == "Mã cá nhân này đã được dùng cho một cá nhân khác."
    )
    assert Person.objects.filter(code="CB-TP1").count() == 1

    # Search without diacritics.
    page.goto("/ca-nhan/")
    page.get_by_label("Tìm cá nhân").fill("dang thi anh")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert "Đặng Thị Ánh" in rows.first.inner_text()


def test_it_keeps_a_unit_inside_its_own_data(page, accounts, people) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "donvi_a")
    page.get_by_role("link", name="Cá nhân", exact=True).click()
    body = page.locator("table.list").inner_text()
    assert "Nguyễn Văn An" in body
    assert "Trần Thị Bình" not in body
    response = page.goto(f"/ca-nhan/{people['b'].pk}/")
    assert response is not None and response.status == 404
