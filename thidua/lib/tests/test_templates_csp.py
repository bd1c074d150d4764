"""Nothing in the templates that a strict Content-Security-Policy (no 'unsafe-inline')
would refuse: no style="…" attribute, no inline <script> block, no on…= handler. Styles
live in static/css/app.css, scripts in static/js/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
}


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check() -> None:
    assert len(_templates()) > 20


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_style_script_or_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{what}: {m.group(0).strip()}" for what, rx in INLINE.items() for m in rx.finditer(text)
    ]
    assert not found, found
