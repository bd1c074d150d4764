"""The administrator makes a token for the province's system on the tokens page, tries it on
the API's interactive page (served by the app, nothing from another host), and revokes it."""

from __future__ import annotations

import pytest

from thidua.browser.conftest import shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_made_on_the_page_works_in_the_docs_until_revoked(  # type: ignore[no-untyped-def]
    page, live_server, accounts, district
) -> None:
    sign_in(page, "quantri")
    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Mã API").click()
    page.get_by_role("link", name="+ Tạo mã API").click()
    page.get_by_label("Tên").fill("Hệ thống chấm điểm CCHC của tỉnh")
    page.get_by_label("Tài khoản").select_option(str(accounts["unit_b"].pk))
    page.get_by_label("Quyền").select_option("read")
    page.get_by_role("button", name="Tạo mã API").click()
    secret = page.get_by_label("Mã API").input_value()
    assert secret.startswith("thd_")
    shot(page, "api-token-created")

    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    page.locator("button.authorize").click()
    page.locator(".modal-ux input[type=text]").fill(secret)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    units = page.locator(".opblock", has=page.locator("[data-path='/api/v1/units']")).first
    units.locator(".opblock-summary").click()
    units.locator("button.try-out__btn").click()
    units.locator("button.execute").click()
    body = units.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert "UBND xã Mỹ An" in body.inner_text() and "Phòng Nội vụ" not in body.inner_text()
    shot(page, "api-docs-try")
    assert not foreign, foreign

    page.goto("/tai-khoan/ma-api/")
    page.get_by_role("button", name="Thu hồi").click()
    page.get_by_text("Đã thu hồi mã API").wait_for()
    assert page.dialogs["seen"] and "Thu hồi mã API" in page.dialogs["seen"][0]
    answer = page.request.get("/api/v1/units", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401
    assert "mã API" in answer.json()["detail"]
