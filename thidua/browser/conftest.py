"""Playwright driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# set up data are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Irreversible actions ask first (static/js/confirm.js): the user answers yes unless a
    # test sets page.dialogs["accept"] = False; page.dialogs["seen"] holds the questions.
    dialogs: dict[str, Any] = {"accept": True, "seen": []}

    def answer(dialog: Any) -> None:
        dialogs["seen"].append(dialog.message)
        if dialogs["accept"]:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.dialogs = dialogs
    yield page
    context.close()


def sign_in(page, username: str, password: str = "thidua@2026") -> None:  # type: ignore[no-untyped-def]
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


SHOTS = os.environ.get("THIDUA_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot into $THIDUA_SCREENSHOTS, when it is set."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def click(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=name, exact=True).click()
