"""Drafts of a dossier's components, built from the data so a unit edits rather than types:
the Tờ trình (.docx), the Báo cáo thành tích of each nomination (.docx, after NĐ 152's
templates: a person's report "Mẫu 05", a collective's by the same outline) and the Danh
sách trích ngang (.xlsx, the columns of LEGAL.md)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.documents.docx_base import (
    body_paragraph,
    cell_paragraph,
    document_bytes,
    header_block,
    heading_paragraph,
    new_document,
    new_table,
    number_line,
    place_date,
    recipients_and_signature,
    text_width_of,
    title_block,
)

TRICH_NGANG_COLUMNS = (
    ("STT", 6),
    ("Họ và tên", 26),
    ("Năm sinh", 10),
    ("Giới tính", 10),
    ("Chức vụ", 24),
    ("Đơn vị", 28),
    ("Danh hiệu/hình thức đề nghị", 30),
    ("Tóm tắt thành tích", 50),
    ("Ghi chú", 16),
)


def _place_date(dossier: Any, today: dt.date) -> str:
    place = (dossier.campaign.plan or {}).get("place", "")
    return place_date(place, today) if place else place_date("", today).lstrip(", ")


def to_trinh_docx(dossier: Any, *, today: dt.date) -> bytes:
    """Tờ trình đề nghị khen thưởng of the unit, listing its nominations."""
    unit = dossier.unit
    nominations = list(dossier.nominations.select_related("unit", "person", "form"))
    doc = new_document()
    header_block(doc, "", unit.header_name, number_line("", "TTr"), _place_date(dossier, today))
    title_block(doc, "TỜ TRÌNH", f"Về việc đề nghị khen thưởng năm {dossier.year}")
    body_paragraph(doc, f"Căn cứ {dossier.campaign.plan_reference};")
    body_paragraph(
        doc,
        f"Căn cứ kết quả thực hiện phong trào thi đua năm {dossier.year} và biên bản họp Hội "
        f"đồng Thi đua – Khen thưởng của {unit.name},",
    )
    body_paragraph(doc, f"{unit.name} kính đề nghị xét, khen thưởng cho các tập thể, cá nhân sau:")
    for i, n in enumerate(nominations, start=1):
        subject = n.person or n.unit
        where = f", {n.person.position}, {n.person.unit}" if n.person else ""
        body_paragraph(doc, f"{i}. {subject}{where}: {n.form}.")
    body_paragraph(doc, "(Có hồ sơ, báo cáo thành tích và danh sách trích ngang kèm theo)")
    body_paragraph(doc, "Kính trình xem xét, quyết định./.")
    recipients_and_signature(
        doc, ["Như trên", "Lưu: VT"], {"authority": ["THỦ TRƯỞNG ĐƠN VỊ"], "name": ""}
    )
    return document_bytes(doc, created=today, title="Tờ trình đề nghị khen thưởng")


def bao_cao_thanh_tich_docx(nomination: Any, *, history: list[Any], today: dt.date) -> bytes:
    """Báo cáo thành tích of one nomination: who, what was achieved (the unit's summary),
    and the awards already recorded (from the product's history)."""
    dossier = nomination.dossier
    doc = new_document()
    header_block(doc, "", dossier.unit.header_name, None, _place_date(dossier, today))
    who = "CÁ NHÂN" if nomination.person_id else "TẬP THỂ"
    title_block(
        doc,
        "BÁO CÁO THÀNH TÍCH",
        f"Đề nghị tặng {nomination.form} năm {dossier.year}\n"
        f"({who}: {nomination.person or nomination.unit})",
    )
    heading_paragraph(
        doc, "I. SƠ LƯỢC LÝ LỊCH" if nomination.person_id else "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    )
    if nomination.person_id:
        p = nomination.person
        body_paragraph(
            doc,
            f"- Họ và tên: {p.full_name}; giới tính: {p.get_gender_display() or '…'}; "
            f"năm sinh: {p.birth_year or '…'}.",
        )
        body_paragraph(doc, f"- Chức vụ, đơn vị công tác: {p.position or '…'}, {p.unit}.")
    else:
        body_paragraph(doc, f"- Tên tập thể: {nomination.unit}.")
        body_paragraph(doc, "- Đặc điểm, tình hình, chức năng, nhiệm vụ: (đơn vị bổ sung).")
    heading_paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    for paragraph in (
        nomination.summary or "(đơn vị bổ sung thành tích theo các tiêu chuẩn)"
    ).split("\n"):
        if paragraph.strip():
            body_paragraph(doc, paragraph.strip())
    heading_paragraph(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    if history:
        table = new_table(doc, len(history) + 1, _widths(doc, (4, 8, 4, 8)), borders=True)
        for cell, text in zip(
            table.rows[0].cells,
            ("Năm", "Danh hiệu, hình thức", "Lĩnh vực", "Số, ngày quyết định"),
            strict=True,
        ):
            cell_paragraph(cell, text, bold=True, size=12)
        for row, award in zip(table.rows[1:], history, strict=True):
            decision = " ngày ".join(
                filter(
                    None,
                    [
                        award.decision_number,
                        award.decision_date.strftime("%d/%m/%Y") if award.decision_date else "",
                    ],
                )
            )
            for cell, text in zip(
                row.cells,
                (str(award.year), str(award.form), award.get_field_display(), decision),
                strict=True,
            ):
                cell_paragraph(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    else:
        body_paragraph(doc, "Chưa có khen thưởng nào được ghi nhận trong hệ thống.")
    recipients_and_signature(doc, None, {"authority": ["THỦ TRƯỞNG ĐƠN VỊ"], "name": ""})
    return document_bytes(doc, created=today, title="Báo cáo thành tích")


def _widths(doc: Any, parts: tuple[int, ...]) -> list[Any]:
    total = text_width_of(doc)
    return [int(total * p / sum(parts)) for p in parts]


def trich_ngang_xlsx(dossier: Any) -> bytes:
    """Danh sách trích ngang: one row per nomination, the columns officers expect."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Trích ngang"
    unit = dossier.unit.name.upper()
    title = f"DANH SÁCH TRÍCH NGANG ĐỀ NGHỊ KHEN THƯỞNG NĂM {dossier.year} — {unit}"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TRICH_NGANG_COLUMNS))
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([label for label, _ in TRICH_NGANG_COLUMNS])
    thin = Side(style="thin")
    for i, n in enumerate(
        dossier.nominations.select_related("unit", "person__unit", "form"), start=1
    ):
        p = n.person
        sheet.append(
            [
                i,
                p.full_name if p else str(n.unit),
                p.birth_year if p and p.birth_year else "",
                p.get_gender_display() if p else "",
                p.position if p else "",
                str(p.unit) if p else str(n.unit),
                str(n.form),
                n.summary,
                "",
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Times New Roman", size=12, bold=cell.row == 2)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, (_, width) in enumerate(TRICH_NGANG_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
