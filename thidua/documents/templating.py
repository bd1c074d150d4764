"""Word templates the office can adjust (docxtpl): the fixed wording of each document lives
in a .docx template, the variable parts come from a context.

One source of layout. The product's own template of a kind is not a file in the
repository: it is produced by that kind's builder (`TemplateKind.build`), which lays the
document out with the same `docx_base` functions as before and writes Jinja tags where the
data goes ("{{ trich_yeu }}", "{%p for can_cu in cac_can_cu %}"). Rendering that template
with the context gives the document the builder used to write directly, so with no upload
the output keeps its layout (NĐ 30 header, widths, cantSplit rows, repeated header rows).

What is computed from the data, not worded, is a sub-document (`Part`: docxtpl's `Subdoc`
idea without its cost) built by the existing python-docx code on a page of the same size:
the header block (the short rule under the issuer is as long as its name) and every table
of awardees, members or achievements (column widths from their content, rows that never
split, the header row repeated). The template places them with "{{p dau_van_ban }}",
"{{p muc.bang }}".

An office's upload (`DocumentTemplate`) replaces the product's template of its kind: the
issuer's own first, then the office-wide one, then the product's (`template_bytes`). An
upload is accepted only when `check_template` finds every tag closed, every variable one
the kind supplies, and a test render on a specimen context succeeds.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, RichText
from jinja2 import Environment, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from thidua.documents import docx_base as base
from thidua.lib.uploads import check_upload

log = logging.getLogger(__name__)

Context = dict[str, Any]
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class TemplateKind:
    """One kind of document whose wording comes from a template."""

    key: str  # stored in DocumentTemplate.kind; never shown
    label: str  # "quyết định khen thưởng" (lower case, used inside sentences)
    filename: str  # the download's name
    tags: tuple[tuple[str, str], ...]  # (variable, Vietnamese explanation) the context gives
    build: Callable[[DocxDocument], None]  # writes the product's template into a new document
    specimen: Callable[[DocxTemplate], Context]  # a context for the test render of an upload
    unit_may_upload: bool = False  # a unit may keep its own template (the unit issues it)
    landscape: bool = False

    @property
    def tag_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.tags)


def env() -> Environment:
    """Jinja with escaping on: a name with "&" or "<" must not break the document's XML.

    Sandboxed (issue 12): templates are uploaded by users, and plain Jinja would let a tag
    such as ``{{ cycler.__init__.__globals__ }}`` reach Python's internals and run commands
    on the server. The immutable sandbox refuses private attributes and mutating calls."""
    return ImmutableSandboxedEnvironment(autoescape=True)


@functools.cache
def product_template(kind: TemplateKind) -> bytes:
    """The product's own template of `kind`, from its builder (reproducible bytes)."""
    doc = base.new_document(landscape=kind.landscape)
    kind.build(doc)
    return base.document_bytes(doc, created=dt.date(2026, 1, 1), title=f"Mẫu {kind.label}")


class Part:
    """A sub-document: python-docx content placed where its "{{p tag }}" paragraph was.

    Jinja only sees one marker paragraph; after rendering, the content (a table of 2.000
    awardees) is drawn by python-docx into the rendered document itself and moved to the
    marker's place, so it never goes through Jinja's text and docxtpl's regular expressions
    (a docxtpl `Subdoc` would, and costs seconds per decision), and is sized to the
    template's own page and margins."""

    def __init__(self, tpl: DocxTemplate, draw: Callable[[DocxDocument], Any]) -> None:
        self.draw = draw
        parts = tpl.__dict__.setdefault("thidua_parts", {})
        self.marker = f"{_MARKER}{len(parts)}{uuid.uuid4().hex}"
        parts[self.marker] = self

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{self.marker}</w:t></w:r></w:p>"

    __str__ = __html__


_MARKER = "thidua-part-"


def subdoc(tpl: DocxTemplate, draw: Callable[[DocxDocument], Any]) -> Part:
    """A sub-document of `tpl` drawn by python-docx code (see `Part`)."""
    return Part(tpl, draw)


def _place_parts(tpl: DocxTemplate) -> None:
    parts: dict[str, Part] = tpl.__dict__.get("thidua_parts", {})
    if not parts:
        return
    doc = tpl.docx
    body = doc.element.body
    for p in list(body.iter(qn("w:p"))):
        texts = p.findall(f"{qn('w:r')}/{qn('w:t')}")
        if len(texts) != 1 or not (texts[0].text or "").startswith(_MARKER):
            continue
        part = parts.get(texts[0].text or "")
        if part is None:
            continue
        before = len(body)
        part.draw(doc)  # appended at the end of the body, before its sectPr
        added = [el for el in list(body)[before - 1 :] if el.tag != qn("w:sectPr")]
        added = added[-(len(body) - before) :] if len(body) > before else []
        for element in added:
            p.addprevious(element)
        p.getparent().remove(p)


def rich(text: str) -> RichText:
    """Text with the **bold** and *italic* of `docx_base.add_inline`, for a "{{r tag }}"."""
    out = RichText()
    markers = base._INLINE.findall(text)
    bolds = sum(m in ("**", "***") for m in markers)
    italics = sum(m in ("*", "***") for m in markers)
    if bolds % 2 or italics % 2:
        out.add(text)
        return out
    in_bold = in_italic = False
    for index, part in enumerate(base._INLINE.split(text)):
        if part:
            out.add(part, bold=in_bold, italic=in_italic)
        if index < len(markers):
            in_bold ^= markers[index] in ("**", "***")
            in_italic ^= markers[index] in ("*", "***")
    return out


def template_bytes(kind: TemplateKind, unit: Any = None) -> bytes:
    """The template in force for `kind` issued by `unit`: the unit's own upload, else the
    office-wide upload, else the product's."""
    from thidua.documents.models import DocumentTemplate

    stored = DocumentTemplate.current(kind.key, unit)
    if stored is not None:
        data = stored.read()
        if data is not None:
            return data
    return product_template(kind)


def render_with(data: bytes, context_of: Callable[[DocxTemplate], Context]) -> DocxDocument:
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.render(context_of(tpl), jinja_env=env())
    _place_parts(tpl)
    return tpl.docx


def render(
    kind: TemplateKind,
    context_of: Callable[[DocxTemplate], Context],
    *,
    unit: Any = None,
    created: dt.date,
    title: str,
) -> bytes:
    """The document: the template in force rendered with the context. An upload that fails
    at render time despite its checks (an expression that divides by zero) is logged and
    the product's template is used, so a document is always produced."""
    data = template_bytes(kind, unit if getattr(unit, "pk", None) else None)
    try:
        doc = render_with(data, context_of)
    except Exception:
        if data == product_template(kind):
            raise
        log.exception("uploaded template of %s failed to render; using the product's", kind.key)
        doc = render_with(product_template(kind), context_of)
    return base.document_bytes(doc, created=created, title=title)


# -- checking an upload ----------------------------------------------------------------------

_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _paragraphs(doc: DocxDocument) -> Iterator[tuple[int, str]]:
    """(number from 1, text) of every paragraph of the body in reading order, those inside
    table cells included: the numbers the office finds by counting in Word."""
    for number, p in enumerate(doc.element.body.iter(qn("w:p")), start=1):
        yield number, Paragraph(p, None).text


def _where(number: int, text: str) -> str:
    words = text.split()
    start = " ".join(words[:5]) + ("…" if len(words) > 5 else "")
    return f"đoạn {number}: “{start}”"


def _unclosed(text: str) -> str | None:
    """The first tag of a paragraph that is opened and not closed in it, as written up to
    its name ("{{ so_quyet_dinh", "{%p for muc")."""
    opened: tuple[str, int] | None = None
    for match in _DELIMITERS.finditer(text):
        token = match.group()
        if token in _CLOSERS:
            if opened is not None:
                return _head_of(opened[0], text[opened[1] : match.start()])
            opened = (token, match.start())
        elif opened is not None and _CLOSERS[opened[0]] == token:
            opened = None
    return _head_of(opened[0], text[opened[1] :]) if opened is not None else None


def _head_of(opener: str, tag: str) -> str:
    rest = tag[len(opener) :]
    if rest[:1] == "p" and rest[1:2].isspace():  # docxtpl's paragraph tags: {{p …}}, {%p …%}
        opener, rest = opener + "p", rest[1:]
    words = rest.split()
    return " ".join([opener, *words[: 2 if opener.startswith("{%") else 1]])


def _label(kind: TemplateKind) -> str:
    return f"mẫu {kind.label}"


def check_template(kind: TemplateKind, upload: Any) -> bytes:
    """The bytes of an acceptable upload, or one ValidationError in Vietnamese naming the
    tag and its paragraph."""
    check_upload(upload, allowed={"docx"}, max_bytes=TEMPLATE_MAX_BYTES)
    upload.seek(0)
    data: bytes = upload.read()
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:
        raise ValidationError("Word không mở được tệp này như một văn bản .docx.") from exc
    paragraphs = list(_paragraphs(doc))
    for number, text in paragraphs:
        tag = _unclosed(text)
        if tag is not None:
            raise ValidationError(
                f"Thẻ “{tag}” chưa được đóng trong {_label(kind)} ({_where(number, text)}): "
                "mỗi thẻ phải mở và đóng trong cùng một đoạn, như {{ ten }} hay {% if … %}."
            )
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        names = tpl.get_undeclared_template_variables(jinja_env=env())
    except TemplateSyntaxError as exc:
        raise ValidationError(_syntax_message(kind, tpl, exc, paragraphs)) from exc
    unknown = sorted(names - kind.tag_names)
    if unknown:
        name = unknown[0]
        for number, text in paragraphs:
            for tag in _TAG.findall(text):
                if re.search(rf"(?<![\w.]){re.escape(name)}\b", tag):
                    raise ValidationError(
                        f"Thẻ “{tag}” không có trong {_label(kind)} ({_where(number, text)}); "
                        "bảng thẻ trên trang mẫu văn bản liệt kê các thẻ dùng được."
                    )
        raise ValidationError(f"Thẻ “{name}” không có trong {_label(kind)}.")
    try:
        render_with(data, kind.specimen)
    except SecurityError as exc:
        raise ValidationError(
            f"{_label(kind).capitalize()} có thẻ truy cập vào bên trong hệ thống, không được "
            "phép: chỉ dùng các thẻ trong bảng thẻ trên trang mẫu văn bản."
        ) from exc
    except Exception as exc:
        raise ValidationError(
            f"Không tạo được văn bản thử từ {_label(kind)}: kiểm tra lại các thẻ và khối lặp "
            "({%p for %} … {%p endfor %})."
        ) from exc
    return data


def _syntax_message(
    kind: TemplateKind, tpl: DocxTemplate, exc: TemplateSyntaxError, paragraphs: list[Any]
) -> str:
    """A Jinja syntax error as the tag and paragraph it is in, found through the line of the
    prepared XML Jinja reports (docxtpl starts a line at every paragraph)."""
    xml = tpl.patch_xml(tpl.xml_to_string(Document(tpl.template_file).element.body))
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
    if "end of template" in (exc.message or ""):
        return (
            f"Trong {_label(kind)} có một khối mở chưa đóng: mỗi {{%p for %}} cần "
            "{%p endfor %}, mỗi {%p if %} cần {%p endif %}."
        )
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    text = re.sub(r"<[^>]+>", "", line)
    tags = _TAG.findall(text)
    for number, paragraph in paragraphs:
        for tag in tags:
            if tag in paragraph:
                return f"Thẻ “{tag}” viết sai trong {_label(kind)} ({_where(number, paragraph)})."
    return f"Trong {_label(kind)} có thẻ viết sai: “{text.strip()[:60]}”."
