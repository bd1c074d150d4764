"""Excel exports of a campaign's results: one sheet per scheme, verdicts with their
explanations, ready to print or to attach to the council's papers."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import VERDICT_LABELS, Evaluation
from thidua.org.models import CompetitionGroup
from thidua.rules.template import Template

FILLS = {
    True: PatternFill("solid", fgColor="E3F4E8"),
    False: PatternFill("solid", fgColor="FDECEA"),
    None: PatternFill("solid", fgColor="FFF4D6"),
}


def results_workbook(
    campaign: Campaign, template: Template, evaluation: Evaluation, year: int
) -> bytes:
    groups = CompetitionGroup.names()
    book = Workbook()
    book.remove(book.active)
    for scheme in template.schemes:
        doc = evaluation.scheme(scheme.key)
        if doc is None:
            continue
        sheet = book.create_sheet(scheme.key[:31])
        sheet.append([f"{campaign.name} — {scheme.name}"])
        sheet.append([f"Năm xét: {year}; năm dữ liệu: {', '.join(map(str, doc['years']))}"])
        sheet["A1"].font = Font(bold=True, size=13)
        header = ["STT", "Mã", "Tên", "Đơn vị", "Khối", "Đủ điều kiện", "Được chọn", "Thứ tự"]
        header += ["Ghi chú"]
        for c in scheme.criteria:
            header += [c.display_label, f"{c.key}: giải thích"]
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, cand in enumerate(doc["candidates"], start=1):
            row: list[Any] = [
                i,
                cand["code"],
                evaluation.names.get(cand["code"], cand["code"]),
                evaluation.units_of.get(cand["code"], ""),
                groups.get(cand["group"], cand["group"]),
                VERDICT_LABELS[cand["eligible"]],
                VERDICT_LABELS[cand["selected"]],
                cand["rank"],
                cand["note"] or "",
            ]
            for crit in cand["criteria"]:
                row += [VERDICT_LABELS[crit["verdict"]], crit["detail"]]
            sheet.append(row)
            sheet.cell(row=sheet.max_row, column=6).fill = FILLS[cand["eligible"]]
            sheet.cell(row=sheet.max_row, column=7).fill = FILLS[cand["selected"]]
        widths = [5, 12, 32, 28, 8, 14, 14, 8, 30] + [18, 40] * len(scheme.criteria)
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.freeze_panes = "D4"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
