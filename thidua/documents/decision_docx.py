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

from thidua.awards.decisions import DEFAULT_RECIPIENTS, chairman_authority, money_article
from thidua.awards.records import Decision, DecisionAward
from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of
from thidua.documents import templating
from thidua.law import lookup
from thidua.lib.formatting import format_number
from thidua.lib.vietnamese import name_sort_text, sort_key

TABLE_SIZE = 13
SPACE = Pt(6)
HEADERS = ("STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Hình thức", "Số tiền (đồng)")
WIDTHS_MM = (12, 52, 50, 38, 0)  # the last column takes what remains of the text width


def money_text(amount: int | None) -> str:
    """710000 -> "710.000"; no figure -> ""."""
    return "" if amount is None else format_number(amount)


def summary_of(title: str) -> str:
    title = " ".join(title.split())
    return (
        title if title.lower().startswith("về việc") else f"Về việc {title[:1].lower()}{title[1:]}"
    )


def _row_of(
    award: DecisionAward, committee: str = ""
) -> tuple[str, str, str, int | None, tuple[Any, ...]]:
    """(name, position and unit, form, amount, sort key): collectives first, then people by
    given name (LEGAL.md "Vietnamese conventions"); the form at the committee's level."""
    form = award.form
    label = issuer_of.form_label(form, committee)
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
        return person.full_name, where, label, award.amount, key
    unit = award.unit
    parent_unit = _related(unit, "parent")
    parent = parent_unit.name if parent_unit is not None else ""
    return (
        unit.name,
        parent,
        label,
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
    """ "2 tập thể và 3 cá nhân": distinct collectives and persons (one person with two
    awards counts once)."""
    people = {a.person_id or id(a.person) for a in awards if _related(a, "person") is not None}
    units = {
        a.unit_id or id(a.unit)
        for a in awards
        if _related(a, "person") is None and _related(a, "unit") is not None
    }
    parts = []
    if units:
        parts.append(f"{len(units)} tập thể")
    if people:
        parts.append(f"{len(people)} cá nhân")
    return " và ".join(parts)


def _article(doc: Any, number: int, text: str, *, closing: bool = False) -> None:
    text = text.strip()
    if closing:
        paragraph = base.closing_paragraph(doc, f"**Điều {number}.** {text}".strip())
    else:
        paragraph = base.body_paragraph(doc, f"**Điều {number}.** {text}".strip())
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


CELL_MARGIN = Mm(1.5)
LONGEST_AMOUNT = "99.990.000"  # the money column holds any amount up to this on one line


def _longest_word(text: str, *, bold: bool = False) -> int:
    return max((int(base.text_width(w, TABLE_SIZE, bold=bold)) for w in text.split()), default=0)


def column_widths(
    total_width: int, rows: Sequence[tuple[str, str, str, int | None]], total: int
) -> list[int]:
    """Widths sized to the content: STT and money as wide as their longest figure (money on
    one line for any amount up to 99.990.000, the header words whole), the three text
    columns share the rest in proportion to their longest line, none narrower than its
    longest word."""
    pad = int(CELL_MARGIN) * 2 + int(Mm(1.5))
    number = max(
        int(base.text_width(str(max(len(rows), 1)), TABLE_SIZE)), _longest_word("STT", bold=True)
    )
    money = max(
        int(base.text_width(LONGEST_AMOUNT, TABLE_SIZE)),
        int(base.text_width(money_text(total), TABLE_SIZE, bold=True)),
        *(int(base.text_width(money_text(r[3]), TABLE_SIZE)) for r in rows),
        _longest_word(HEADERS[4], bold=True),
    )
    fixed = [number + pad, money + pad]
    spare = total_width - sum(fixed)
    mins, wants = [], []
    for index in (1, 2, 3):
        texts = [r[index - 1] for r in rows] + [HEADERS[index]]
        mins.append(max(_longest_word(t) for t in texts) + pad)
        wants.append(max(int(base.text_width(t, TABLE_SIZE)) for t in texts) + pad)
    if sum(wants) <= spare:  # everything fits on one line: give the rest to the name
        share = list(wants)
        share[0] += spare - sum(wants)
    else:
        # a name on one line first (names are short), the rest in proportion to content
        name = max(mins[0], min(wants[0], int(spare * 0.34)))
        rest = spare - name
        share = [
            name,
            *(
                max(m, int(rest * w / max(wants[1] + wants[2], 1)))
                for m, w in zip(mins[1:], wants[1:], strict=True)
            ),
        ]
        # the largest column absorbs any rounding or minimum overshoot
        biggest = share.index(max(share))
        share[biggest] += spare - sum(share)
    return [fixed[0], *share, fixed[1]]


def _no_split(tr: Any) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def _awards_table(doc: Any, rows: Sequence[tuple[str, str, str, int | None]], total: int) -> None:
    widths = [base.Length(w) for w in column_widths(int(base.text_width_of(doc)), rows, total)]
    table = base.new_table(doc, 3, widths, borders=True, cell_margin=CELL_MARGIN)
    head, template, footer = table.rows
    for cell, text in zip(head.cells, HEADERS, strict=True):
        base.cell_paragraph(cell, text, size=TABLE_SIZE, bold=True, first=True)
    # The header row repeats on every page; no row splits across pages.
    header_pr = head._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))
    for row in (head, template, footer):
        _no_split(row._tr)
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
    # a paragraph between two tables keeps them apart (Word and LibreOffice merge them)
    spacer = doc.add_paragraph()
    base.mark_size(spacer, 6)


# The competence basis, by the law in force on the decision's date (two-tier local
# government from 01/7/2025, Luật 72/2025/QH15).
COMPETENCE_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
COMPETENCE_2015 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
    "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
    "22 tháng 11 năm 2019"
)
REFORM = dt.date(2025, 7, 1)


def legal_bases_of(decision: Decision, on: dt.date) -> list[str]:
    """The decision's bases with the competence basis first when it is missing, and the
    decree's issue date where the citation lacks it."""
    bases = [" ".join(b.split()) for b in decision.legal_bases or [] if b.strip()]
    if not any("Tổ chức chính quyền địa phương" in b for b in bases):
        bases.insert(0, COMPETENCE_2025 if on >= REFORM else COMPETENCE_2015)
    out = []
    dates = lookup.decree_dates()
    for basis in bases:
        basis = lookup.with_issue_dates(basis, dates)
        if basis == PLACEHOLDER_PROPOSAL:
            basis = f"Xét đề nghị của {proposing_office(decision)}"
        out.append(basis)
    return out


PLACEHOLDER_PROPOSAL = "Xét đề nghị của cơ quan thường trực Hội đồng Thi đua - Khen thưởng"


def proposing_office(decision: Decision) -> str:
    """Who proposes: the head of the office that drafted the decision ("Trưởng phòng Nội vụ
    huyện Hòa Phong"), else the standing body in general words."""
    user = _related(decision, "created_by") if decision.created_by_id else None
    unit = _related(user, "unit") if user is not None else None
    if unit is None:
        return "cơ quan thường trực Hội đồng Thi đua - Khen thưởng"
    name = issuer_of.expand(unit.name)
    parent = _related(unit, "parent")
    where = issuer_of.place_of(parent.name) if parent is not None else ""
    level = ""
    if parent is not None:
        lower = issuer_of.expand(parent.name).lower()
        level = next((w for w in issuer_of.LEVEL_WORDS if f" {w} " in lower), "")
    suffix = f" {level} {where}" if where and where not in name else ""
    if name.startswith("Phòng "):
        return f"Trưởng phòng {name[len('Phòng ') :]}{suffix}"
    if name.startswith("Văn phòng "):
        return f"Chánh {name}{suffix}"
    if issuer_of.is_committee(name):
        return f"Chủ tịch {name}"
    return f"Thủ trưởng {name}{suffix}"


def _signer_name(decision: Decision) -> str:
    """The name recorded at signing (the signer's own unless typed), else the account that
    signed; never the plan's signer."""
    if decision.signer_name.strip():
        return decision.signer_name
    user = _related(decision, "signed_by") if decision.signed_by_id else None
    return (user.full_name or "").strip() if user is not None else ""


def _groups(
    awards: Sequence[DecisionAward], committee: str
) -> list[tuple[dict[str, str], list[DecisionAward]]]:
    """The titles ("Công nhận danh hiệu …", worded by the template) and the forms ("Tặng
    …"), each with the names of its forms, its counts and its awards."""
    titles = [a for a in awards if a.form.kind == "title"]
    forms = [a for a in awards if a.form.kind != "title"]
    out = []
    for group in (titles, forms):
        if not group:
            continue
        names: list[str] = []
        for a in sorted(group, key=lambda a: (a.form.order, a.form.key)):
            phrase = issuer_of.form_phrase(a.form, committee)
            if phrase not in names:
                names.append(phrase)
        out.append(({"forms": ", ".join(names), "counts": _counts(group)}, group))
    return out


def _write_template(doc: Any) -> None:
    """The product's template of the decision: the fixed wording, tags where data goes."""
    doc.add_paragraph("{{p dau_van_ban }}")
    base.title_block(doc, "QUYẾT ĐỊNH", "{{ trich_yeu }}")
    _centre(doc, "CHỦ TỊCH {{ co_quan|upper }}", space_before=Pt(0))
    doc.add_paragraph("{%p for can_cu in cac_can_cu %}")
    base.body_paragraph(doc, "{{ can_cu }}", italic=True)
    doc.add_paragraph("{%p endfor %}")
    _centre(doc, "QUYẾT ĐỊNH:")
    sentence = (
        "{% if MUC.danh_hieu %}Công nhận danh hiệu{% else %}Tặng{% endif %} "
        "{{ MUC.hinh_thuc }} cho {{ MUC.so_luong }} có tên sau đây:"
    )
    doc.add_paragraph("{%p if not dieu_1 %}")
    _article(doc, 1, "(chưa có tập thể, cá nhân nào trong danh sách)")
    doc.add_paragraph("{%p elif dieu_1|length == 1 %}")
    _article(doc, 1, sentence.replace("MUC", "dieu_1[0]"))
    doc.add_paragraph("{{p dieu_1[0].bang }}")
    doc.add_paragraph("{%p else %}")
    _article(doc, 1, "")
    doc.add_paragraph("{%p for muc in dieu_1 %}")
    paragraph = base.body_paragraph(doc, "{{ loop.index }}. " + sentence.replace("MUC", "muc"))
    paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph("{{p muc.bang }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    _article(doc, 2, "{{r dieu_2 }}")
    _article(
        doc,
        3,
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {{ co_quan }}, "
        "Thủ trưởng cơ quan thường trực Hội đồng Thi đua - Khen thưởng, Thủ trưởng các cơ "
        "quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này./.",
        closing=True,
    )
    recipients = ["{%p if noi_nhan %}", "{%p for nguoi_nhan in noi_nhan %}", "{{ nguoi_nhan }}"]
    recipients += ["{%p endfor %}", "{%p else %}"]
    recipients += [*base.punctuate(DEFAULT_RECIPIENTS), "{%p endif %}"]
    base.recipients_and_signature(
        doc,
        recipients,
        {
            "authority": ["{%p for dong in tham_quyen %}", "{{ dong|upper }}", "{%p endfor %}"],
            "name": "{{ nguoi_ky }}",
        },
        as_given=True,
    )


def _specimen(tpl: Any) -> dict[str, Any]:
    """A context with every tag filled, for the test render of an uploaded template."""
    rows = [("Nguyễn Văn An", "Chuyên viên, Phòng Nội vụ", "Lao động tiên tiến", 710_000)]
    return {
        "dau_van_ban": templating.subdoc(
            tpl,
            lambda d: base.header_block(
                d, "", "ỦY BAN NHÂN DÂN\nXÃ MẪU", "Số: 1/QĐ-UBND", "Mẫu, ngày 01 tháng 01 năm 2026"
            ),
        ),
        "trich_yeu": "Về việc khen thưởng",
        "co_quan": "Ủy ban nhân dân xã Mẫu",
        "cac_can_cu": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022,"],
        "dieu_1": [
            {
                "danh_hieu": title,
                "hinh_thuc": "“Lao động tiên tiến”",
                "so_luong": "1 cá nhân",
                "bang": templating.subdoc(tpl, lambda d: _awards_table(d, rows, 710_000)),
            }
            for title in (True, False)
        ],
        "dieu_2": templating.rich("Tiền thưởng **theo quy định**."),
        "noi_nhan": [],
        "tham_quyen": ["CHỦ TỊCH"],
        "nguoi_ky": "Nguyễn Văn Mẫu",
    }


TEMPLATE = templating.TemplateKind(
    key="quyet_dinh",
    label="quyết định khen thưởng",
    filename="mau-quyet-dinh.docx",
    tags=(
        (
            "dau_van_ban",
            "Phần đầu văn bản: cơ quan ban hành, số và ký hiệu, địa danh và ngày, Quốc hiệu và "
            "Tiêu ngữ. Đặt “{{p dau_van_ban }}” một mình trong một đoạn.",
        ),
        ("trich_yeu", "Trích yếu: “Về việc khen thưởng …”."),
        (
            "co_quan",
            "Tên cơ quan ban hành: “Ủy ban nhân dân xã Mỹ An”; in hoa: “{{ co_quan|upper }}”.",
        ),
        (
            "cac_can_cu",
            "Các căn cứ, mỗi căn cứ một đoạn (đã có dấu “;” và “,” ở cuối): "
            "“{%p for can_cu in cac_can_cu %}” … “{{ can_cu }}” … “{%p endfor %}”.",
        ),
        (
            "dieu_1",
            "Các mục của Điều 1; mỗi mục có .danh_hieu (là danh hiệu thi đua), .hinh_thuc, "
            ".so_luong (“1 tập thể và 3 cá nhân”) và .bang — bảng danh sách, đặt "
            "“{{p muc.bang }}” một mình trong một đoạn.",
        ),
        (
            "dieu_2",
            "Nội dung Điều 2: tiền thưởng và nguồn kinh phí, tổng số tiền in đậm; đặt "
            "“{{r dieu_2 }}” để giữ chữ đậm.",
        ),
        (
            "noi_nhan",
            "Nơi nhận ghi trên quyết định, mỗi nơi một dòng; nếu trống, mẫu dùng danh sách "
            "mặc định viết trong mẫu.",
        ),
        ("tham_quyen", "Các dòng thẩm quyền ký: “KT. CHỦ TỊCH”, “PHÓ CHỦ TỊCH”."),
        ("nguoi_ky", "Họ và tên người ký."),
    ),
    build=_write_template,
    specimen=_specimen,
)


def decision_docx(decision: Decision, *, awards: Iterable[DecisionAward] | None = None) -> bytes:
    if awards is None:
        awards = decision.awards.select_related("form", "unit__parent", "person__unit").order_by(
            "pk"
        )
    awards = list(awards)
    campaign = decision.campaign
    who = issuer_of.of_campaign(campaign)
    signed_on = decision.signed_on
    committee = who.name if issuer_of.is_committee(who.name) else ""
    groups = _groups(awards, committee)
    items: list[dict[str, Any]] = []
    total = 0
    for sentence, group in groups:
        ordered = sorted((_row_of(a, committee) for a in group), key=lambda r: r[4])
        rows = [r[:4] for r in ordered]
        subtotal = sum(r[3] or 0 for r in rows)
        total += subtotal
        items.append(
            {
                "danh_hieu": group[0].form.kind == "title",
                "hinh_thuc": sentence["forms"],
                "so_luong": sentence["counts"],
                "rows": rows,
                "subtotal": subtotal,
            }
        )
    recipients = [r for r in (getattr(decision, "recipients", None) or []) if r.strip()]

    def context(tpl: Any) -> dict[str, Any]:
        for item in items:
            rows, subtotal = item["rows"], item["subtotal"]
            item["bang"] = templating.subdoc(
                tpl, lambda d, rows=rows, subtotal=subtotal: _awards_table(d, rows, subtotal)
            )
        return {
            "dau_van_ban": templating.subdoc(
                tpl,
                lambda d: base.header_block(
                    d,
                    who.superior,
                    who.header,
                    base.number_line(decision.number, decision.symbol),
                    who.place_date(signed_on),
                ),
            ),
            "trich_yeu": summary_of(decision.title),
            "co_quan": who.name,
            "cac_can_cu": _punctuate_bases(legal_bases_of(decision, signed_on or dt.date.today())),
            "dieu_1": items,
            "dieu_2": templating.rich(money_article(decision, total).strip()),
            "noi_nhan": base.punctuate(recipients) if recipients else [],
            "tham_quyen": chairman_authority(decision.signer_authority),
            "nguoi_ky": _signer_name(decision),
        }

    return templating.render(
        TEMPLATE,
        context,
        unit=campaign.issuing_unit if campaign.issuing_unit_id else None,
        created=signed_on or dt.date(2000, 1, 1),
        title=f"QUYẾT ĐỊNH {summary_of(decision.title)}",
    )


def issuer_title(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ" -> "Ủy ban nhân dân huyện Phù Mỹ"."""
    return issuer_of.text_case(issuer)
