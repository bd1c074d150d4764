"""DANH SÁCH CHI TIỀN THƯỞNG kèm theo a signed decision, as a .docx in the NĐ 30/2020 layout
(header block, title, the list, the total in words, signatures), A4 landscape: STT | Họ và
tên / Tập thể | Đơn vị | Hình thức khen thưởng | Số tiền (đồng) | Ký nhận. Reproducible:
same decision, same bytes."""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thidua.awards.payments import amount_in_words, payment_rows, reference, total_of
from thidua.awards.records import Decision
from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of
from thidua.lib.formatting import format_number

SIZE = 13
HEADERS = (
    "STT",
    "Họ và tên / Tập thể",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Số tiền (đồng)",
    "Ký nhận",
)
SHARES = (0.06, 0.24, 0.24, 0.2, 0.12, 0.14)


def _row(table, cells, *, bold=False):  # type: ignore[no-untyped-def]
    aligns = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if not bold:  # room to sign for receipt
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(Mm(10).twips)))
        height.set(qn("w:hRule"), "atLeast")
        tr_pr.append(height)
    for cell, text, align in zip(row.cells, cells, aligns, strict=True):
        base.cell_paragraph(cell, text, size=SIZE, bold=bold, align=align, first=True)
    return row


def payment_docx(decision: Decision) -> bytes:
    rows = payment_rows(decision)
    total = total_of(rows)
    who = issuer_of.of_campaign(decision.campaign)
    doc = base.new_document(landscape=True)
    base.header_block(doc, who.superior, who.header, None, who.place_date(decision.signed_on))
    base.title_block(
        doc,
        "DANH SÁCH CHI TIỀN THƯỞNG",
        f"(Kèm theo {reference(decision)} của {who.name})",
    )
    width = int(base.text_width_of(doc))
    widths = [base.Length(int(width * s)) for s in SHARES]
    widths[-1] = base.Length(width - sum(int(w) for w in widths[:-1]))
    table = base.new_table(doc, 1, widths, borders=True, cell_margin=Mm(1.5))
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(head.cells, HEADERS, strict=True):
        base.cell_paragraph(cell, text, size=SIZE, bold=True, first=True)
    for number, r in enumerate(rows, start=1):
        money = r.revoked or (format_number(r.amount) if r.amount is not None else "")
        _row(table, (str(number), r.name, r.unit, r.form, money, ""))
    _row(table, ("", "Tổng cộng", "", "", format_number(total), ""), bold=True)
    words = base.body_paragraph(doc, f"Tổng số tiền bằng chữ: *{amount_in_words(total)}*.")
    words.paragraph_format.space_before = Pt(6)
    words.paragraph_format.first_line_indent = Pt(0)

    signers = base.new_table(
        doc, 1, [base.Length(width // 3)] * 2 + [base.Length(width - 2 * (width // 3))]
    )
    for cell, title in zip(
        signers.rows[0].cells, ("NGƯỜI LẬP DANH SÁCH", "KẾ TOÁN", "THỦ TRƯỞNG CƠ QUAN"), strict=True
    ):
        base.cell_paragraph(cell, title, size=SIZE, bold=True, first=True, space_before=Pt(12))
        base.cell_paragraph(cell, "(Ký, ghi rõ họ tên)", size=SIZE, italic=True)
    return base.document_bytes(
        doc,
        created=decision.signed_on or dt.date(2000, 1, 1),
        title=f"Danh sách chi tiền thưởng kèm theo {reference(decision)}",
    )
