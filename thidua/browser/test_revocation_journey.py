"""After the decision (issue 11): the office finds an award in the register, drafts its
revocation with the reason, records the signed revocation (after a confirmation), and the
person's record then shows "Đã thu hồi theo Quyết định số … ngày …"."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse

from thidua.browser.conftest import sign_in
from thidua.scoring.models import Award

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("THIDUA_SHOTS", "/tmp/thidua-shots"))


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_office_revokes_an_award_and_the_record_shows_it(page, accounts, people) -> None:  # type: ignore[no-untyped-def]
    person = people["a"]
    award = Award.objects.create(
        person=person,
        form_id="giay_khen_chu_tich_huyen",
        year=2024,
        field="cchc",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2025, 3, 5),
        issuer="ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM",
    )
    sign_in(page, "noivu")
    page.get_by_role("link", name="Sổ khen thưởng").first.click()
    page.get_by_label("Tìm").fill("nguyen van an")
    page.get_by_role("button", name="Lọc").click()
    row = page.locator("tr", has_text="Nguyễn Văn An")
    row.get_by_role("link", name="Thu hồi").click()

    # The reason is required: refused without it, nothing saved.
    page.get_by_role("button", name="Lưu dự thảo").click()
    assert "lý do" in page.locator(".messages").inner_text().lower()
    page.get_by_label("Nguyễn Văn An — Giấy khen", exact=False).check()
    page.get_by_label("Lý do thu hồi").fill("Kê khai không đúng thành tích năm 2024")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url("**/thu-hoi/*/")

    page.get_by_label("Số quyết định").fill("27")
    page.get_by_label("Ngày ký").fill("05/06/2025")
    page.get_by_label("Họ và tên người ký").fill("Lê Văn Chủ")
    page.dialogs["accept"] = False  # asked first; answering no changes nothing
    page.get_by_role("button", name="Ghi nhận đã ký").click()
    award.refresh_from_db()
    assert award.revoked_on is None and "không hoàn tác" in page.dialogs["seen"][-1]
    page.dialogs["accept"] = True
    page.get_by_role("button", name="Ghi nhận đã ký").click()
    page.get_by_text("Đã ghi nhận quyết định thu hồi").wait_for()
    _shot(page, "revocation-signed")
    award.refresh_from_db()
    assert award.revoked_on == dt.date(2025, 6, 5)

    page.goto(reverse("scoring:person-record", args=[person.pk]))
    note = "Đã thu hồi theo Quyết định số 27/QĐ-UBND ngày 05/06/2025"
    page.get_by_text(note).wait_for()
    _shot(page, "revocation-person-record")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "revocation-person-record-390")
