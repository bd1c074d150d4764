"""A small crawler over the test client: every same-site `<a href>` from `/`, GET only,
bounded by a few pages per kind of page, and the POST forms each page shows."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Files are fetched (their status counts) but not parsed; PDF conversion is slow and
# optional (LibreOffice), so its links are checked for existence only by their .docx twin.
FILE_SUFFIXES = (".docx", ".xlsx", ".pdf", ".ics")
SKIPPED_SUFFIXES = (".pdf",)
KIND_KWARGS = ("slug", "scheme_key", "name", "fmt")  # a candidate's code is a row, not a kind
PER_KIND = 3  # pages visited per kind (URL name + query keys): every kind, not every row


@dataclass
class Form:
    """A `<form method="post">` as the browser would submit it unchanged."""

    page: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    file_inputs: list[str] = field(default_factory=list)
    confirm: str | None = None
    # Submit buttons as (name, value, text); a browser sends the clicked one's name.
    buttons: list[tuple[str, str, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    """Links, and each POST form's successful controls with the values the page shows."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[tuple[str, bool]], bool] | None = None
        self._option: list[Any] | None = None
        self._textarea: list[Any] | None = None
        self._button: list[str] | None = None
        self._button_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "form":
            if attrs.get("method", "get").lower() == "post":
                action = urljoin(self.page, attrs.get("action") or self.page)
                self._form = Form(self.page, action, confirm=attrs.get("data-confirm"))
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select" and "name" in attrs and "disabled" not in attrs:
            self._select = (attrs["name"], [], "multiple" in attrs)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and "name" in attrs and "disabled" not in attrs:
            self._textarea = [attrs["name"], ""]
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self._button, self._button_attrs = [], attrs
            if attrs.get("data-confirm"):  # only this button of the form asks
                self._form.confirm = self._form.confirm or attrs["data-confirm"]

    def _input(self, attrs: dict[str, str]) -> None:
        assert self._form is not None
        name, kind = attrs.get("name"), attrs.get("type", "text").lower()
        if kind == "submit" and "disabled" not in attrs:
            self._form.buttons.append((name or "", attrs.get("value", ""), attrs.get("value", "")))
            return
        if not name or "disabled" in attrs or kind in ("button", "reset", "image"):
            return
        if kind == "file":
            self._form.file_inputs.append(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form.fields.append((name, attrs.get("value", "on")))
        else:
            self._form.fields.append((name, attrs.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[2] += data
        elif self._textarea is not None:
            self._textarea[1] += data
        elif self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options, multiple = self._select
            chosen = [v for v, s in options if s]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # what a browser submits for a single select
            self._form.fields.extend((name, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            # The parser keeps the newline a browser drops right after <textarea>.
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "button" and self._button is not None and self._form is not None:
            attrs, text = self._button_attrs, " ".join("".join(self._button).split())
            if "disabled" not in attrs:
                self._form.buttons.append((attrs.get("name", ""), attrs.get("value", ""), text))
            self._button = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def parse(page: str, html: str) -> PageParser:
    parser = PageParser(page)
    parser.feed(html)
    parser.close()
    return parser


def kind_of(url: str) -> str:
    """What a bound on the crawl counts: the URL's name and the names of its query keys."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        name = parts.path
    else:  # the kind of fact, the scheme, the document: part of the kind, not a row
        words = [str(match.kwargs[k]) for k in KIND_KWARGS if k in match.kwargs]
        name = "/".join([match.view_name, *words])
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return f"{name}?{'&'.join(keys)}"


def same_site(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Visit:
    url: str
    status: int
    shown_on: str
    error: str = ""


@dataclass
class Crawl:
    visits: dict[str, Visit] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)

    @property
    def failures(self) -> list[Visit]:
        return [v for v in self.visits.values() if v.status >= 400]


def get(client: Client, url: str) -> tuple[int, Any, str]:
    try:
        response = client.get(url)
    except Exception as e:  # the test client re-raises what would be a 500
        return 500, None, f"{type(e).__name__}: {e}"
    return response.status_code, response, ""


def crawl(client: Client, start: str = "/", per_kind: int = PER_KIND, limit: int = 600) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = {start}
    per: dict[str, int] = {}
    while queue and len(result.visits) < limit:
        url, shown_on = queue.popleft()
        status, response, error = get(client, url)
        result.visits[url] = Visit(url, status, shown_on, error)
        if response is None or status >= 400:
            continue
        if status in (301, 302, 303, 307, 308):
            links = [response["Location"]]
        elif url.split("?")[0].endswith(FILE_SUFFIXES) or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        else:
            page = parse(url, response.content.decode())
            result.forms.extend(page.forms)
            links = page.links
        for href in links:
            target = same_site(href, url)
            if target is None or target in seen or target.split("?")[0].endswith(SKIPPED_SUFFIXES):
                continue
            seen.add(target)
            kind = kind_of(target)
            if per.get(kind, 0) >= per_kind:
                continue
            per[kind] = per.get(kind, 0) + 1
            queue.append((target, url))
    return result


def forms_by_kind(forms: list[Form], skipped: Any) -> dict[str, Form]:
    """One form per URL name of its action (the first met), leaving out ``skipped`` names and
    forms without fields."""
    found: dict[str, Form] = {}
    for form in forms:
        name = resolve(urlsplit(form.action).path).view_name
        if name not in skipped and form.fields:
            found.setdefault(name, form)
    return found


def post_errors(client: Any, form: Form, values: Any, shown: int = 30) -> list[str]:
    """Post ``form`` once per value, every field (but the CSRF token) set to it, with its first
    button: what answered 500, or raised as the test client re-raises a server error."""
    errors = []
    for value in values:
        data: dict[str, list[str]] = {}
        for name, current in form.fields:
            data.setdefault(name, []).append(current if name == "csrfmiddlewaretoken" else value)
        if form.buttons and form.buttons[0][0]:
            data[form.buttons[0][0]] = [form.buttons[0][1]]
        label = f"{form.action} ({value[:shown]!r})"
        try:
            status = client.post(form.action, data).status_code
        except Exception as e:  # the test client re-raises what would be a 500
            errors.append(f"{label}: {type(e).__name__}: {e}"[:400])
            continue
        if status >= 500:
            errors.append(f"{label}: {status}")
    return errors
