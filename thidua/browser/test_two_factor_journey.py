"""The office turns on the second factor from the header, signs out, and signs in again
with the password and the code of its authenticator app."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.browser.conftest import shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def code(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_the_office_turns_on_the_second_factor_and_signs_in_with_a_code(page, accounts) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "noivu")
    page.locator(".whoami").get_by_role("link", name="Xác thực hai bước").click()
    page.get_by_text("Đang tắt").wait_for()
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.get_by_alt_text("Mã QR của khóa bí mật").wait_for()
    # The QR code is an image of our own origin (CSP: no inline image data needed).
    page.wait_for_function(
        "() => { const i = document.querySelector('img.qr');"
        " return i !== null && i.complete && i.naturalWidth > 100; }"
    )
    shot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=accounts["office"])
    page.get_by_label("Mã xác thực").fill("000000" if code(device) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.get_by_text("Mã xác thực không đúng").wait_for()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    page.get_by_label("Mã xác thực").fill(code(device))
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.get_by_text("Đã bật xác thực hai bước").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")

    sign_in(page, "noivu")
    page.wait_for_url("**/dang-nhap/ma-xac-thuc/**")
    page.get_by_role("heading", name="Mã xác thực").wait_for()
    shot(page, "two-factor-code")
    page.get_by_label("Mã xác thực").fill(code(device, offset=30))
    page.get_by_role("button", name="Xác nhận").click()
    page.locator(".whoami").get_by_text("noivu").wait_for()
    assert "/dang-nhap/" not in page.url
