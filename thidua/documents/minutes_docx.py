"""BIÊN BẢN họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu, as a .docx in the NĐ 30/2020
layout (the builders of `docx_base`).

`minutes_docx(session, issuer=..., place=...)` returns the file's bytes: header, the
meeting's own date, start and end times and place, who presided and who kept the minutes
(from the composition valid on the meeting date), the members present and the absent
members with and without written votes (Vietnamese name order), the quorum statement, the
thresholds applied, a table of the nominations voted (counts only — the ballot is secret)
and the signatures of the Chủ tịch Hội đồng and the Thư ký side by side. Reproducible:
created = the session's date (see `docx_base.document_bytes`).

A closed session shows the results stored at its close (the views offer the minutes only
then: no running tally is shown during a secret ballot).
"""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Length, Pt

from thidua.awards import composition, council, numbering
from thidua.awards.records import Attendance, Ballot, CouncilMember, CouncilSession
from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of
from thidua.documents import templating

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
    """The stored result; "not voted" otherwise (an open session has no result yet)."""
    if ballot.passed is not None:
        return PASSED if ballot.passed else FAILED
    return NOT_VOTED


def _seat(member: CouncilMember) -> str:
    """ "Nguyễn Văn An, Phó Chủ tịch UBND huyện – Chủ tịch Hội đồng" """
    title = f", {member.title}" if member.title else ""
    return f"{member.full_name}{title} – {member.get_role_display()}"


def by_role(members: list[CouncilMember]) -> list[CouncilMember]:
    """As minutes list them: Chủ tịch, Phó Chủ tịch, Ủy viên thường trực, Ủy viên, Thư ký,
    then by name (Vietnamese order) within a role."""
    rank = {role: i for i, role in enumerate(CouncilMember.Role.values)}
    return sorted(composition.by_name(members), key=lambda m: rank.get(m.role, len(rank)))


def _names(members: list[CouncilMember]) -> str:
    return "; ".join(_seat(m) for m in by_role(members))


def minutes_identity(session: CouncilSession) -> dict[str, str]:
    """The council speaks in its minutes: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" under the body
    that set it up, that body's place, the symbol "BB-HĐTĐKT", the number the council's
    register issued when the session was closed ("" before)."""
    council_row = session.council if session.council_id else None
    unit = council_row.issuing_unit if council_row and council_row.issuing_unit_id else None
    if unit is None and session.campaign.issuing_unit_id:
        unit = session.campaign.issuing_unit
    plan = session.campaign.plan or {}
    body = issuer_of.of_unit(unit, fallback_place=plan.get("place", ""))
    superior = body.header.replace("\n", " ") if body.header else plan.get("issuer", "")
    if issuer_of.is_committee(body.name):
        superior = "UBND " + body.name[len("Ủy ban nhân dân") :].strip()
    issued = numbering.number_of(session=session)
    return {
        "number": issued.text if issued else "",
        "issuer": "HỘI ĐỒNG\nTHI ĐUA - KHEN THƯỞNG",
        "superior": superior.upper().replace("\n", " "),
        "place": body.place or plan.get("place", ""),
        "symbol": "BB-HĐTĐKT",
    }


def _time(value: object) -> str:
    return f"{value:%H} giờ {value:%M} phút" if value else ""


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def column_widths(width: int, contents: list[list[str]]) -> list[int]:
    """The weights of COLUMNS, but no column narrower than its longest word (header or
    cell: "STT", "Kết quả" never break inside a word), nor than a header of two words
    ("Đồng ý" on one line, not "Đồng/ý"); the widest columns give way."""
    pad = int(Pt(2)) * 2 + int(Pt(3))

    def pieces(text: str, header: bool) -> list[str]:
        words = text.split() or [""]
        return [text] if header and len(words) <= 2 else words

    mins = [
        max(
            int(base.text_width(piece, TABLE_SIZE, bold=True)) + pad
            for index, text in enumerate([title, *column])
            for piece in pieces(text, index == 0)
        )
        for (title, _), column in zip(COLUMNS, contents, strict=True)
    ]
    weight = sum(w for _, w in COLUMNS)
    widths = [max(m, width * w // weight) for m, (_, w) in zip(mins, COLUMNS, strict=True)]
    over = sum(widths) - width
    while over > 0:
        slack = [w - m for w, m in zip(widths, mins, strict=True)]
        best = slack.index(max(slack))
        if slack[best] <= 0:
            break
        cut = min(over, slack[best])
        widths[best] -= cut
        over -= cut
    return widths


def _deciding_body(session: CouncilSession) -> str:
    """The body whose forms the council considers: its campaign's issuer."""
    return issuer_of.of_campaign(session.campaign).name if session.campaign_id else ""


def _form_label(ballot: Ballot, body: str) -> str:
    return issuer_of.form_label(ballot.nomination.form, body)


def _results_table(doc: object, session: CouncilSession, ballots: list[Ballot]) -> None:
    body = _deciding_body(session)
    width = int(base.text_width_of(doc))  # type: ignore[arg-type]
    contents = [
        [],
        [_subject(b) for b in ballots],
        [_form_label(b, body) for b in ballots],
        [],
        [],
        [],
        [],
        [PASSED, FAILED, NOT_VOTED],
    ]
    widths = [Length(w) for w in column_widths(width, contents)]
    table = base.new_table(doc, 1 + len(ballots), widths, borders=True, cell_margin=Pt(2))  # type: ignore[arg-type]
    header = table.rows[0]
    _repeat_header(header)
    for cell, (title, _) in zip(header.cells, COLUMNS, strict=True):
        base.cell_paragraph(cell, title, size=TABLE_SIZE, bold=True, first=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    total = session.total_members
    closed = session.closed_at is not None
    for index, ballot in enumerate(ballots, start=1):
        counts = (
            (str(ballot.approve), str(ballot.reject), str(ballot.abstain))
            if closed
            else ("—", "—", "—")  # secret ballot: no running tally before the close
        )
        values = (
            str(index),
            _subject(ballot),
            _form_label(ballot, body),
            *counts,
            council.percent_text(ballot.approve, total) if closed else "—",
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
    attendance = list(session.attendance.select_related("member"))
    by_mode: dict[str, list[CouncilMember]] = {mode: [] for mode in Attendance.Mode.values}
    for row in attendance:
        by_mode[row.mode].append(row.member)
    present_members = by_mode[Attendance.Mode.SCREEN] + by_mode[Attendance.Mode.PAPER]
    total = session.total_members
    if session.council_id and not chair:
        seat = composition.holder(session.council, CouncilMember.Role.CHAIR, session.held_on)
        chair = seat.full_name if seat else ""
    if session.council_id and not secretary:
        seat = composition.holder(session.council, CouncilMember.Role.SECRETARY, session.held_on)
        secretary = seat.full_name if seat else ""
    when = base.date_text(session.held_on)
    if session.starts_at:
        when = f"{_time(session.starts_at)}, {when}"
    written = by_mode[Attendance.Mode.WRITTEN]
    absent = by_mode[Attendance.Mode.ABSENT]
    body = _deciding_body(session)
    forms = {b.nomination.form_id: _form_label(b, body) for b in ballots}

    def context(tpl: object) -> dict[str, object]:
        return {
            "dau_van_ban": templating.subdoc(
                tpl,
                lambda d: base.header_block(
                    d,
                    superior,
                    issuer,
                    base.number_line(number, symbol),
                    base.place_date(place, session.held_on),
                ),
            ),
            "thoi_gian": f"{when[0].upper()}{when[1:]}",
            "dia_diem": session.place or place,
            "chu_tri": chair,
            "thu_ky": secretary,
            "co_mat": session.present,
            "tong_so": total,
            "thanh_vien_co_mat": _names(present_members) if present_members else "",
            "vang_co_phieu": _names(written) if written else "",
            "so_vang_co_phieu": len(written),
            "vang": _names(absent) if absent else "",
            "so_vang": len(absent),
            "du_so": council.quorum_met(session),
            "so_vang_chua_ghi": total - session.present
            if not attendance and total > session.present
            else 0,
            "cac_nguong": [
                {"hinh_thuc": name, "ty_le": council.threshold(key, on=session.held_on)[1]}
                for key, name in forms.items()
            ],
            "bang_ket_qua": templating.subdoc(tpl, lambda d: _results(d, session, ballots)),
            "so_dat": sum(result_of(b, total) == PASSED for b in ballots),
            "so_de_nghi": len(ballots),
            "ket_thuc": _time(session.ends_at) if session.ends_at else "",
        }

    return templating.render(
        TEMPLATE, context, created=session.held_on, title=f"{DOC_TYPE} {SUMMARY}"
    )


def _results(doc: object, session: CouncilSession, ballots: list[Ballot]) -> None:
    _results_table(doc, session, ballots)
    spacer = doc.add_paragraph()  # type: ignore[attr-defined]
    base.mark_size(spacer, 6)


_ABSENT_UNRECORDED = (
    "{% if so_vang_chua_ghi %} Vắng mặt {{ so_vang_chua_ghi }} thành viên (ý kiến bằng văn "
    "bản, nếu có, được tính vào kết quả).{% endif %}"
)


def _write_template(doc: object) -> None:
    """The product's template of the minutes: the fixed wording, tags where data goes."""
    add = doc.add_paragraph  # type: ignore[attr-defined]
    add("{{p dau_van_ban }}")
    base.title_block(doc, DOC_TYPE, SUMMARY)  # type: ignore[arg-type]
    body = base.body_paragraph
    body(doc, "**Thời gian:** {{ thoi_gian }}.")  # type: ignore[arg-type]
    body(doc, "**Địa điểm:** {{ dia_diem }}.")  # type: ignore[arg-type]
    add("{%p if chu_tri or thu_ky %}")
    body(
        doc,  # type: ignore[arg-type]
        "**Chủ trì:** {{ chu_tri or '…' }}, Chủ tịch Hội đồng. **Thư ký:** {{ thu_ky or '…' }}.",
    )
    add("{%p endif %}")
    body(
        doc,  # type: ignore[arg-type]
        "**Thành phần:** có mặt {{ co_mat }}/{{ tong_so }} thành viên Hội đồng"
        "{% if thanh_vien_co_mat %}: {{ thanh_vien_co_mat }}{% endif %}.",
    )
    add("{%p if vang_co_phieu %}")
    body(
        doc,  # type: ignore[arg-type]
        "Vắng mặt có phiếu bằng văn bản ({{ so_vang_co_phieu }} thành viên, được tính vào kết "
        "quả bỏ phiếu): {{ vang_co_phieu }}.",
    )
    add("{%p endif %}")
    add("{%p if vang %}")
    body(doc, "Vắng mặt ({{ so_vang }} thành viên): {{ vang }}.")  # type: ignore[arg-type]
    add("{%p endif %}")
    add("{%p if du_so %}")
    body(
        doc,  # type: ignore[arg-type]
        "Số thành viên có mặt ({{ co_mat }}/{{ tong_so }}) đạt ít nhất hai phần ba tổng số "
        "thành viên Hội đồng; cuộc họp đủ điều kiện tiến hành." + _ABSENT_UNRECORDED,
    )
    add("{%p else %}")
    body(
        doc,  # type: ignore[arg-type]
        "Số thành viên có mặt ({{ co_mat }}/{{ tong_so }}) chưa đạt hai phần ba tổng số "
        "thành viên Hội đồng; cuộc họp chưa đủ điều kiện biểu quyết." + _ABSENT_UNRECORDED,
    )
    add("{%p endif %}")
    body(
        doc,  # type: ignore[arg-type]
        "Hội đồng biểu quyết bằng phiếu kín. Tỷ lệ đồng ý tính trên tổng số thành viên Hội "
        "đồng ({{ tong_so }} thành viên), không tính trên số thành viên có mặt.",
    )
    add("{%p for nguong in cac_nguong %}")
    body(doc, "- {{ nguong.hinh_thuc }}: đạt khi được {{ nguong.ty_le }} đồng ý.")  # type: ignore[arg-type]
    add("{%p endfor %}")
    body(doc, "Kết quả bỏ phiếu như sau:")  # type: ignore[arg-type]
    add("{{p bang_ket_qua }}")
    base.closing_paragraph(
        doc,  # type: ignore[arg-type]
        "Có {{ so_dat }}/{{ so_de_nghi }} đề nghị đạt tỷ lệ biểu quyết theo quy định. "
        "{% if ket_thuc %}Cuộc họp kết thúc lúc {{ ket_thuc }} cùng ngày. {% endif %}"
        "Biên bản đã được thông qua tại cuộc họp./.",
    )
    _signatures(doc, "{{ chu_tri }}", "{{ thu_ky }}")


def _specimen(tpl: object) -> dict[str, object]:
    return {
        "dau_van_ban": templating.subdoc(
            tpl,
            lambda d: base.header_block(
                d, "", "HỘI ĐỒNG MẪU", "Số: 1/BB-HĐTĐKT", "Mẫu, ngày 01 tháng 01 năm 2026"
            ),
        ),
        "thoi_gian": "8 giờ 00 phút, ngày 01 tháng 01 năm 2026",
        "dia_diem": "Hội trường",
        "chu_tri": "Nguyễn Văn A",
        "thu_ky": "Trần Thị B",
        "co_mat": 5,
        "tong_so": 7,
        "thanh_vien_co_mat": "Nguyễn Văn A",
        "vang_co_phieu": "Lê Văn C",
        "so_vang_co_phieu": 1,
        "vang": "Phạm Văn D",
        "so_vang": 1,
        "du_so": True,
        "so_vang_chua_ghi": 0,
        "cac_nguong": [{"hinh_thuc": "Giấy khen", "ty_le": "trên 50%"}],
        "bang_ket_qua": templating.subdoc(tpl, lambda d: d.add_paragraph("Bảng kết quả")),
        "so_dat": 1,
        "so_de_nghi": 1,
        "ket_thuc": "10 giờ 00 phút",
    }


TEMPLATE = templating.TemplateKind(
    key="bien_ban",
    label="biên bản họp Hội đồng Thi đua – Khen thưởng",
    filename="mau-bien-ban-hop-hoi-dong.docx",
    tags=(
        (
            "dau_van_ban",
            "Phần đầu văn bản: Hội đồng, số và ký hiệu, địa danh và ngày, Quốc hiệu và Tiêu "
            "ngữ. Đặt “{{p dau_van_ban }}” một mình trong một đoạn.",
        ),
        ("thoi_gian", "Giờ bắt đầu và ngày họp: “8 giờ 00 phút, ngày 15 tháng 12 năm 2025”."),
        ("dia_diem", "Địa điểm họp."),
        ("chu_tri", "Họ và tên Chủ tịch Hội đồng chủ trì (có thể trống)."),
        ("thu_ky", "Họ và tên Thư ký Hội đồng (có thể trống)."),
        ("co_mat", "Số thành viên có mặt."),
        ("tong_so", "Tổng số thành viên Hội đồng."),
        ("thanh_vien_co_mat", "Họ tên các thành viên có mặt."),
        ("vang_co_phieu", "Họ tên các thành viên vắng mặt có phiếu bằng văn bản."),
        ("so_vang_co_phieu", "Số thành viên vắng mặt có phiếu bằng văn bản."),
        ("vang", "Họ tên các thành viên vắng mặt không có phiếu."),
        ("so_vang", "Số thành viên vắng mặt không có phiếu."),
        ("du_so", "Đúng khi số có mặt đạt hai phần ba: “{%p if du_so %}”."),
        ("so_vang_chua_ghi", "Số thành viên vắng mặt khi chưa ghi điểm danh từng người."),
        (
            "cac_nguong",
            "Ngưỡng đạt của từng hình thức; mỗi mục có .hinh_thuc và .ty_le (“trên 50%”).",
        ),
        (
            "bang_ket_qua",
            "Bảng kết quả bỏ phiếu; đặt “{{p bang_ket_qua }}” một mình trong một đoạn.",
        ),
        ("so_dat", "Số đề nghị đạt tỷ lệ biểu quyết."),
        ("so_de_nghi", "Số đề nghị được bỏ phiếu."),
        ("ket_thuc", "Giờ kết thúc cuộc họp (có thể trống)."),
    ),
    build=_write_template,
    specimen=_specimen,
)
