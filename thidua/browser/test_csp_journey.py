"""The strict Content-Security-Policy breaks nothing: the office and a unit walk the main
pages (and the office the API's Swagger page) and chromium reports no "Refused to …"
violation on its console, no page error; the public honour board likewise."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.browser.conftest import sign_in
from thidua.reports.tests.conftest import make_case

pytestmark = pytest.mark.django_db(transaction=True)


def _walk(page: Any, urls: list[str]) -> list[str]:
    """The console's CSP refusals and the page errors of each page, named by its URL."""
    refused: list[str] = []
    at = {"url": ""}

    def heard(msg: Any) -> None:
        if "Refused to" in msg.text:
            line = f"{at['url']}: {msg.text.split(' at ')[0]}"
            if line not in refused:
                refused.append(line)

    page.on("console", heard)
    # Chromium's own "Refused to …" lines go to its log, not to the console Playwright
    # hears: the page's securitypolicyviolation events are relayed to it in those words.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Refused to ' + e.effectiveDirective + ': ' + (e.blockedURI || 'inline') + "
        "' at ' + e.sourceFile + ':' + e.lineNumber))"
    )
    page.on("pageerror", lambda error: refused.append(f"{at['url']}: page error: {error}"))
    for url in urls:
        at["url"] = url
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
    return refused


def test_the_main_pages_raise_no_csp_violation(page, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    case = make_case(district, people, accounts)
    pk = case["campaign"].pk
    page.set_default_timeout(30_000)  # ten heavy pages in a row
    sign_in(page, "noivu")
    office = [
        "/",
        "/don-vi/",
        "/ca-nhan/",
        "/phong-trao/",
        f"/phong-trao/{pk}/",
        f"/phong-trao/{pk}/xet/tap-the-hang-nam/?nam=2024",
        f"/phong-trao/{pk}/thu/tap-the-hang-nam/?nam=2024",
        "/thong-ke/?nam=2024",
        "/thong-bao/",
        "/api/v1/docs",
    ]
    assert _walk(page, office) == []
    # The Swagger page drew itself (its script ran under the policy).
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui").first.wait_for()

    page.context.clear_cookies()
    sign_in(page, "donvi_a")
    unit = ["/", "/phong-trao/", f"/phong-trao/{pk}/", "/thong-bao/", "/bang-vang/"]
    assert _walk(page, unit) == []
    # The listener hears a refusal: an injected inline script is one.
    heard = _walk(page, ["/bang-vang/"])
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'), {text: '1'}))"
    )
    page.wait_for_timeout(300)
    assert any("Refused to script-src" in m for m in heard), heard
