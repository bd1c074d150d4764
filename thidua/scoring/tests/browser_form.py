"""What a browser would submit from a page's form: the test reads the HTML the way a
browser does (a number input whose value is not a valid number is submitted empty)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if "disabled" in a or "name" not in a or kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind == "number" and value and not _NUMBER.match(value):
                value = ""  # what a browser does with "94,000" in a number input
            self._form["fields"].append((a["name"], value))
        elif tag == "select" and "name" in a:
            self._select = {
                "name": a["name"],
                "multiple": "multiple" in a,
                "disabled": "disabled" in a,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and "name" in a and "disabled" not in a:
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            select, self._select = self._select, None
            if select["disabled"]:
                return
            chosen = [o for o in select["options"] if o["selected"]]
            if not chosen and not select["multiple"] and select["options"]:
                chosen = select["options"][:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._form["fields"].append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = self._textarea["text"]
            self._form["fields"].append((self._textarea["name"], text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def submitted(html: str, *, action: str = "") -> dict[str, list[str]]:
    """The data the form with `action` (the page's own form when empty) would submit."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["attrs"].get("action", "") == action:
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with action {action!r}")
