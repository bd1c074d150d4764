"""A QUYẾT ĐỊNH khen thưởng as a .docx in the NĐ 30/2020 layout (LEGAL.md "Document format").

    header (issuer of the campaign's plan | Quốc hiệu), "Số: 15/QĐ-UBND", place and date;
    "QUYẾT ĐỊNH" + "Về việc khen thưởng …"; "CHỦ TỊCH ỦY BAN NHÂN DÂN …";
    legal bases in italics (each ";", the last ","); "QUYẾT ĐỊNH:";
    Điều 1 the awards and the list (STT | Họ và tên / Tập thể | Chức vụ, đơn vị | Hình thức |
    Số tiền (đồng)); Điều 2 the money and its source; Điều 3 who carries it out;
    Nơi nhận left, signature right.

`decision_docx(decision)` reads a saved Decision with its awards; `awards=` passes the
awardees directly (unsaved instances — the benchmark — or a preview). Rows of the list are
built by copying one formatted row's XML, so 2.000 awardees stay well under a second.
Reproducible like the plan: same decision, same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thidua.awards.decisions import money_article, plan_issuer
from thidua.awards.records import Decision, DecisionAward
from thidua.documents import docx_base as base
from thidua.lib.formatting import format_number
from thidua.lib.vietnamese import name_sort_text, sort_key

TABLE_SIZE = 13
SPACE = Pt(6)
HEADERS = ("STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Hình thức", "Số tiền (đồng)")
WIDTHS_MM = (12, 52, 50, 38, 0)  # the last column takes what remains of the text width
DEFAULT_RECIPIENTS = ("Như Điều 3", "Lưu: VT")


def money_text(amount: int | None) -> str:
    """710000 -> "710.000"; no figure -> ""."""
    return "" if amount is None else format_number(amount)


def summary_of(title: str) -> str:
    title = " ".join(title.split())
    return (
        title if title.lower().startswith("về việc") else f"Về việc {title[:1].lower()}{title[1:]}"
    )


def _row_of(award: DecisionAward) -> tuple[str, str, str, int | None, tuple[Any, ...]]:
    """(name, position and unit, form, amount, sort key): collectives first, then people by
    given name (LEGAL.md "Vietnamese conventions")."""
    form = award.form
    person = _related(award, "person")
    if person is not None:
        unit = _related(person, "unit")
        where = ", ".join(part for part in (person.position, unit.name if unit else "") if part)
        key = (
            form.order,
            form.key,
            1,
            sort_key(person.sort_name or name_sort_text(person.full_name)),
        )
        return person.full_name, where, form.name, award.amount, key
    unit = award.unit
    parent_unit = _related(unit, "parent")
    parent = parent_unit.name if parent_unit is not None else ""
    return (
        unit.name,
        parent,
        form.name,
        award.amount,
        (form.order, form.key, 0, sort_key(unit.name)),
    )


def _related(obj: Any, name: str) -> Any:
    """A foreign key's object, or None (unset, or an unsaved stand-in without it)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _counts(awards: Sequence[DecisionAward]) -> str:
    people = sum(1 for a in awards if _related(a, "person") is not None)
    units = len(awards) - people
    parts = []
    if units:
        parts.append(f"{units:02d} tập thể")
    if people:
        parts.append(f"{people:02d} cá nhân")
    return " và ".join(parts)


def _article(doc: Any, number: int, text: str, *, closing: bool = False) -> None:
    if closing:
        paragraph = base.closing_paragraph(doc, f"**Điều {number}.** {text}")
    else:
        paragraph = base.body_paragraph(doc, f"**Điều {number}.** {text}")
    paragraph.paragraph_format.keep_with_next = True


def _centre(doc: Any, text: str, *, space_before: Any = SPACE) -> None:
    paragraph = doc.add_paragraph()
    base._format(
        paragraph,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=Pt(0),
        space_before=space_before,
        space_after=Pt(6),
        line_spacing=1.0,
        keep_with_next=True,
    )
    base.add_inline(paragraph, text, bold=True, size=base.BODY_SIZE)


def _punctuate_bases(bases: Sequence[str]) -> list[str]:
    out = []
    for index, basis in enumerate(bases):
        text = " ".join(basis.split()).rstrip(";,. ")
        out.append(text + ("," if index == len(bases) - 1 else ";"))
    return out


def _set_text(cell_el: Any, text: str) -> None:
    """The one run's text of a copied cell."""
    t = cell_el.find(".//" + qn("w:t"))
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _awards_table(doc: Any, rows: Sequence[tuple[str, str, str, int | None]], total: int) -> None:
    width = int(base.text_width_of(doc))
    fixed = [int(Mm(w)) for w in WIDTHS_MM[:-1]]
    widths = [base.Length(w) for w in fixed] + [base.Length(width - sum(fixed))]
    table = base.new_table(doc, 3, widths, borders=True, cell_margin=Mm(1.5))
    head, template, footer = table.rows
    for cell, text in zip(head.cells, HEADERS, strict=True):
        base.cell_paragraph(cell, text, size=TABLE_SIZE, bold=True, first=True)
    # The header row repeats on every page.
    header_pr = head._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))
    aligns = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    for cell, align in zip(template.cells, aligns, strict=True):
        base.cell_paragraph(cell, "x", size=TABLE_SIZE, align=align, first=True)
    for index, (cell, text) in enumerate(
        zip(footer.cells, ("", "Tổng cộng", "", "", money_text(total)), strict=True)
    ):
        base.cell_paragraph(cell, text, size=TABLE_SIZE, bold=True, align=aligns[index], first=True)

    template_tr = template._tr
    anchor = template_tr
    for number, (name, where, form, amount) in enumerate(rows, start=1):
        tr = copy.deepcopy(template_tr)
        for cell_el, text in zip(
            tr.findall(qn("w:tc")),
            (str(number), name, where, form, money_text(amount)),
            strict=True,
        ):
            _set_text(cell_el, text)
        anchor.addnext(tr)
        anchor = tr
    template_tr.getparent().remove(template_tr)


def decision_docx(decision: Decision, *, awards: Iterable[DecisionAward] | None = None) -> bytes:
    if awards is None:
        awards = decision.awards.select_related("form", "unit__parent", "person__unit").order_by(
            "pk"
        )
    awards = list(awards)
    campaign = decision.campaign
    plan: dict[str, Any] = campaign.plan or {}
    issuer_lines = plan.get("issuer") or (
        campaign.issuing_unit.header_name if campaign.issuing_unit_id else ""
    )
    issuer = plan_issuer(campaign)
    place = plan.get("place", "")
    signed_on = decision.signed_on

    doc = base.new_document()
    if signed_on:
        when = base.place_date(place, signed_on)
    else:
        when = f"{place}, ngày{' ' * 6}tháng{' ' * 6}năm {dt.date.today().year}"
    base.header_block(
        doc,
        plan.get("superior", ""),
        issuer_lines,
        base.number_line(decision.number, decision.symbol),
        when,
    )
    base.title_block(doc, "QUYẾT ĐỊNH", summary_of(decision.title))
    _centre(doc, f"CHỦ TỊCH {issuer.upper()}", space_before=Pt(0))

    for basis in _punctuate_bases(decision.legal_bases or []):
        base.body_paragraph(doc, basis, italic=True)
    _centre(doc, "QUYẾT ĐỊNH:")

    ordered = sorted((_row_of(a) for a in awards), key=lambda r: r[4])
    rows = [r[:4] for r in ordered]
    total = sum(r[3] or 0 for r in rows)
    forms: list[str] = []
    for r in ordered:
        if r[2] not in forms:
            forms.append(r[2])
    _article(doc, 1, f"Tặng {', '.join(forms)} cho {_counts(awards)} có tên sau đây:")
    _awards_table(doc, rows, total)

    money_line = money_article(decision, total)
    _article(doc, 2, money_line)
    _article(
        doc,
        3,
        f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {issuer_title(issuer)}, "
        "Thủ trưởng cơ quan thường trực Hội đồng Thi đua - Khen thưởng, Thủ trưởng các cơ "
        "quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này./.",
        closing=True,
    )
    base.recipients_and_signature(
        doc,
        list(DEFAULT_RECIPIENTS),
        {"authority": decision.signer_authority or ["CHỦ TỊCH"], "name": decision.signer_name},
    )
    created = signed_on or dt.date(2000, 1, 1)
    return base.document_bytes(
        doc, created=created, title=f"QUYẾT ĐỊNH {summary_of(decision.title)}"
    )


def issuer_title(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ" -> "Ủy ban nhân dân huyện Phù Mỹ": the generic words in
    lower case, the place name (after the level word) capitalised word by word."""
    words = issuer.split()
    out: list[str] = []
    proper = False
    for word in words:
        lower = word.lower()
        if proper:
            out.append(lower[:1].upper() + lower[1:])
        else:
            out.append(lower)
        if lower in ("huyện", "xã", "tỉnh", "thành", "phường", "thị", "quận", "trấn", "phố"):
            proper = lower not in ("thành", "thị")
    text = " ".join(out)
    return text[:1].upper() + text[1:]
