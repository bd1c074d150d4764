"""A user changes their own password from the header and signs in with the new one."""

from __future__ import annotations

import pytest

from thidua.browser.conftest import shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_changes_their_password_and_signs_in_with_the_new_one(page, accounts) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "donvi_a")
    page.locator(".whoami").get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").fill("thidua@2026")
    page.get_by_label("Mật khẩu mới", exact=True).fill("donvi_a-2027")
    page.get_by_label("Nhập lại mật khẩu mới").fill("donvi_a-2027")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.get_by_text("Mật khẩu quá giống tên đăng nhập").wait_for()  # the rule, in Vietnamese
    shot(page, "password-refused")

    page.get_by_label("Mật khẩu hiện tại").fill("thidua@2026")
    page.get_by_label("Mật khẩu mới", exact=True).fill("Hoa-phuong-do-27")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Hoa-phuong-do-27")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.get_by_text("Đã đổi mật khẩu.").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")

    # The old password no longer opens the account; the new one does.
    page.get_by_label("Tên đăng nhập").fill("donvi_a")
    page.get_by_label("Mật khẩu").fill("thidua@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for()
    sign_in(page, "donvi_a", "Hoa-phuong-do-27")
    page.locator(".whoami").get_by_text("donvi_a").wait_for()
    shot(page, "password-changed-signed-in")
