"""BIÊN BẢN họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu, as a .docx in the NĐ 30/2020
layout (the builders of `docx_base`).

`minutes_docx(session, issuer=..., place=...)` returns the file's bytes: header, time and
place, members present over the total, the quorum statement, the thresholds applied, a
table of the nominations voted (counts only — the ballot is secret) and the signatures of
the Chủ tịch Hội đồng and the Thư ký side by side. Reproducible: created = the session's
date (see `docx_base.document_bytes`).

A closed session shows the results stored at its close; an open one (a draft of the
minutes) shows what the thresholds would give for the counts so far.
"""

from __future__ import annotations

from django.utils import timezone
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Length, Pt

from thidua.awards import council
from thidua.awards.records import Ballot, CouncilSession
from thidua.documents import docx_base as base

DOC_TYPE = "BIÊN BẢN"
SUMMARY = "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu"
COLUMNS = (
    ("STT", 7),
    ("Họ và tên / Tập thể", 30),
    ("Danh hiệu/hình thức đề nghị", 27),
    ("Đồng ý", 10),
    ("Không đồng ý", 11),
    ("Không biểu quyết", 12),
    ("Tỷ lệ đồng ý/tổng số thành viên", 19),
    ("Kết quả", 12),
)
TABLE_SIZE = 12
PASSED, FAILED, NOT_VOTED = "Đạt", "Không đạt", "Chưa biểu quyết"


def _subject(ballot: Ballot) -> str:
    nomination = ballot.nomination
    if nomination.person_id:
        person = nomination.person
        return (
            f"{person.full_name}\n{person.position + ', ' if person.position else ''}{person.unit}"
        )
    return str(nomination.unit)


def result_of(ballot: Ballot, total_members: int) -> str:
    if ballot.passed is not None:
        return PASSED if ballot.passed else FAILED
    if ballot.approve + ballot.reject + ballot.abstain == 0:
        return NOT_VOTED
    ok = council.passes(
        ballot.nomination.form_id, approve=ballot.approve, total_members=total_members
    )
    return PASSED if ok else FAILED


def _name(user: object) -> str:
    return getattr(user, "full_name", "") or getattr(user, "username", "")


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def _results_table(doc: object, session: CouncilSession, ballots: list[Ballot]) -> None:
    width = int(base.text_width_of(doc))  # type: ignore[arg-type]
    weight = sum(w for _, w in COLUMNS)
    widths = [Length(width * w // weight) for _, w in COLUMNS]
    table = base.new_table(doc, 1 + len(ballots), widths, borders=True, cell_margin=Pt(2))  # type: ignore[arg-type]
    header = table.rows[0]
    _repeat_header(header)
    for cell, (title, _) in zip(header.cells, COLUMNS, strict=True):
        base.cell_paragraph(cell, title, size=TABLE_SIZE, bold=True, first=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    total = session.total_members
    for index, ballot in enumerate(ballots, start=1):
        values = (
            str(index),
            _subject(ballot),
            ballot.nomination.form.name,
            str(ballot.approve),
            str(ballot.reject),
            str(ballot.abstain),
            council.percent_text(ballot.approve, total),
            result_of(ballot, total),
        )
        for column, (cell, value) in enumerate(zip(table.rows[index].cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if column in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER
            base.cell_paragraph(cell, value, size=TABLE_SIZE, align=align, first=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _signatures(doc: object, chair: str, secretary: str) -> None:
    """Thư ký on the left, Chủ tịch Hội đồng on the right; the row never splits."""
    width = int(base.text_width_of(doc))  # type: ignore[arg-type]
    table = base.new_table(doc, 1, [Length(width // 2), Length(width - width // 2)])  # type: ignore[arg-type]
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, title, name in zip(
        row.cells, ("THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"), (secretary, chair), strict=True
    ):
        base.cell_paragraph(cell, title, bold=True, first=True)
        for _ in range(4):
            base.cell_paragraph(cell, "")
        base.cell_paragraph(cell, name, bold=True)


def minutes_docx(
    session: CouncilSession,
    *,
    issuer: str,
    place: str,
    superior: str = "",
    number: str = "",
    symbol: str = "BB-HĐTĐKT",
    chair: str = "",
    secretary: str = "",
) -> bytes:
    """The minutes of `session` as .docx bytes. `issuer` heads the document (e.g. "HỘI ĐỒNG THI
    ĐUA – KHEN THƯỞNG"), `place` is the place name of the date line ("Lộc Ninh")."""
    ballots = list(
        Ballot.objects.filter(session=session)
        .select_related("nomination__form", "nomination__person__unit", "nomination__unit")
        .order_by("pk")
    )
    members = list(session.members.order_by("full_name", "username"))
    total = session.total_members
    doc = base.new_document()
    base.header_block(
        doc,
        superior,
        issuer,
        base.number_line(number, symbol),
        base.place_date(place, session.held_on),
    )
    base.title_block(doc, DOC_TYPE, SUMMARY)

    base.body_paragraph(doc, f"**Thời gian:** {base.date_text(session.held_on).capitalize()}.")
    base.body_paragraph(doc, f"**Địa điểm:** {session.place or place}.")
    present = f"**Thành phần:** có mặt {session.present}/{total} thành viên Hội đồng"
    if members:
        present += ": " + ", ".join(_name(m) for m in members)
    base.body_paragraph(doc, present + ".")
    absent = total - session.present
    if council.quorum_met(session):
        quorum = (
            f"Số thành viên có mặt ({session.present}/{total}) đạt ít nhất hai phần ba tổng số "
            "thành viên Hội đồng; cuộc họp đủ điều kiện tiến hành."
        )
    else:
        quorum = (
            f"Số thành viên có mặt ({session.present}/{total}) chưa đạt hai phần ba tổng số "
            "thành viên Hội đồng; cuộc họp chưa đủ điều kiện biểu quyết."
        )
    if absent > 0:
        quorum += (
            f" Vắng mặt {absent} thành viên (ý kiến bằng văn bản, nếu có, được tính vào kết quả)."
        )
    base.body_paragraph(doc, quorum)
    base.body_paragraph(
        doc,
        "Hội đồng biểu quyết bằng phiếu kín. Tỷ lệ đồng ý tính trên tổng số thành viên Hội "
        f"đồng ({total} thành viên), không tính trên số thành viên có mặt.",
    )
    forms = {b.nomination.form_id: b.nomination.form.name for b in ballots}
    for key, name in forms.items():
        _, phrase = council.threshold(key)
        base.body_paragraph(doc, f"- {name}: đạt khi được {phrase} đồng ý.")
    base.body_paragraph(doc, "Kết quả bỏ phiếu như sau:")
    _results_table(doc, session, ballots)

    passed = sum(result_of(b, total) == PASSED for b in ballots)
    spacer = doc.add_paragraph()
    base.mark_size(spacer, 6)
    ended = ""
    if session.closed_at:
        local = timezone.localtime(session.closed_at)
        ended = f"Cuộc họp kết thúc lúc {local:%H} giờ {local:%M} phút cùng ngày. "
    base.closing_paragraph(
        doc,
        f"Có {passed}/{len(ballots)} đề nghị đạt tỷ lệ biểu quyết theo quy định. {ended}"
        "Biên bản đã được thông qua tại cuộc họp./.",
    )
    _signatures(doc, chair, secretary)
    return base.document_bytes(doc, created=session.held_on, title=f"{DOC_TYPE} {SUMMARY}")
