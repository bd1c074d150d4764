"""Drafts of a dossier's components, built from the data so a unit edits rather than types:
the Tờ trình (.docx), the Báo cáo thành tích of each nomination (.docx, after NĐ 152's
templates: a person's report "Mẫu 05", a collective's by the same outline) and the Danh
sách trích ngang (.xlsx, the columns of LEGAL.md)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.shared import Length, Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.documents import issuer as issuer_of
from thidua.documents import templating
from thidua.documents.docx_base import (
    add_inline,
    body_paragraph,
    cell_paragraph,
    header_block,
    heading_paragraph,
    mark_size,
    new_table,
    number_line,
    punctuate,
    recipients_and_signature,
    text_width_of,
    title_block,
)
from thidua.lib.xlsx import keep_text

TRICH_NGANG_COLUMNS = (  # widths in Excel's character units: 137 fill A4 landscape at 100 %
    ("STT", 5),
    ("Họ và tên", 20),
    ("Năm sinh", 7),
    ("Giới tính", 7),
    ("Chức vụ", 18),
    ("Đơn vị", 18),
    ("Danh hiệu/hình thức đề nghị", 20),
    ("Tóm tắt thành tích", 34),
    ("Ghi chú", 8),
)


HEAD_WORDS = ("Chủ tịch", "Trưởng", "Giám đốc", "Chánh", "Bí thư", "Hiệu trưởng", "Thủ trưởng")


def unit_head(unit: Any) -> Any:
    """The head of a unit: its key leader whose position is a head's (not a deputy's)."""
    if unit is None or not getattr(unit, "pk", None):
        return None
    leaders = [p for p in unit.people.all() if p.position]
    heads = [p for p in leaders if p.position.startswith(HEAD_WORDS)]
    heads.sort(key=lambda p: (not p.key_leader, p.pk))
    return heads[0] if heads else None


def head_signature(unit: Any) -> dict[str, Any]:
    """The head signs for the unit: a People's Committee "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
    another unit by the head's own title ("TRƯỞNG PHÒNG"), with the head's full name."""
    head = unit_head(unit)
    name = head.full_name if head else ""
    who = issuer_of.of_unit(unit)
    if issuer_of.is_committee(who.name):
        return {"authority": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "name": name}
    if head is not None:
        title = head.position
        for part in (unit.name, who.name):
            title = title.replace(part, "").strip(" ,")
        return {"authority": [(title or "THỦ TRƯỞNG").upper()], "name": name}
    generic = {"Phòng ": "TRƯỞNG PHÒNG", "Thôn ": "TRƯỞNG THÔN", "Tổ dân phố ": "TỔ TRƯỞNG"}
    generic = next((v for k, v in generic.items() if who.name.startswith(k)), "THỦ TRƯỞNG")
    return {"authority": [generic], "name": name}


def addressee(dossier: Any) -> str:
    """Kính gửi: the body that decides, by name — the chairman of the campaign's issuer
    ("Chủ tịch Ủy ban nhân dân xã Ân Mỹ"); the issuer's own proposal goes to its council
    ("Hội đồng Thi đua - Khen thưởng xã Ân Mỹ"), never to a vague "cấp trên"."""
    campaign = dossier.campaign
    body = issuer_of.of_campaign(campaign)
    unit = campaign.issuing_unit if campaign.issuing_unit_id else None
    if not issuer_of.is_committee(body.name):
        return body.name or "Hội đồng Thi đua - Khen thưởng"
    if unit is not None and dossier.unit.pk == unit.pk:
        return issuer_of.council_name(body.name)
    return f"Chủ tịch {body.name}"


def document_date(dossier: Any, today: dt.date) -> dt.date:
    """A component's date: the dossier's submission once submitted, ``today`` for a draft."""
    submitted = getattr(dossier, "submitted_at", None)
    return timezone.localtime(submitted).date() if submitted else today


def _counts(nominations: list[Any]) -> str:
    people = {n.person_id for n in nominations if n.person_id}
    units = {n.unit_id for n in nominations if not n.person_id}
    parts = [f"{len(units)} tập thể"] if units else []
    if people:
        parts.append(f"{len(people)} cá nhân")
    return " và ".join(parts)


def _write_to_trinh_template(doc: Any) -> None:
    """The product's template of the Tờ trình: the fixed wording, tags where data goes."""
    doc.add_paragraph("{{p dau_van_ban }}")
    title_block(doc, "TỜ TRÌNH", "Về việc đề nghị khen thưởng năm {{ nam }}")
    to = doc.add_paragraph()
    to.alignment = WD_ALIGN_PARAGRAPH.CENTER
    to.paragraph_format.space_after = Pt(12)
    add_inline(to, "Kính gửi: {{ kinh_gui }}.", size=14)
    body_paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    body_paragraph(doc, "Căn cứ {{ ke_hoach }};")
    body_paragraph(
        doc,
        "Căn cứ kết quả thực hiện phong trào thi đua năm {{ nam }} và kết quả họp xét "
        "thi đua, khen thưởng của {{ don_vi }},",
    )
    body_paragraph(
        doc,
        "{{ don_vi }} kính trình {{ kinh_gui }} xem xét, khen thưởng cho {{ so_luong }} có "
        "thành tích trong phong trào thi đua năm {{ nam }}, cụ thể:",
    )
    doc.add_paragraph("{%p for de_nghi in danh_sach %}")
    body_paragraph(doc, "{{ loop.index }}. {{ de_nghi }}.")
    doc.add_paragraph("{%p endfor %}")
    body_paragraph(doc, "(Có hồ sơ, báo cáo thành tích và danh sách trích ngang kèm theo).")
    body_paragraph(doc, "Kính trình {{ kinh_gui }} xem xét, quyết định./.")
    recipients_and_signature(
        doc,
        punctuate(["Như trên", "Lưu: VT"]),
        {
            "authority": ["{%p for dong in tham_quyen %}", "{{ dong|upper }}", "{%p endfor %}"],
            "name": "{{ nguoi_ky }}",
        },
        as_given=True,
    )


def _header(tpl: Any, superior: str, issuer: str, number: str | None, place_date: str) -> Any:
    return templating.subdoc(tpl, lambda d: header_block(d, superior, issuer, number, place_date))


def _to_trinh_specimen(tpl: Any) -> dict[str, Any]:
    return {
        "dau_van_ban": _header(
            tpl, "", "PHÒNG MẪU", "Số:      /TTr-PM", "Mẫu, ngày 01 tháng 01 năm 2026"
        ),
        "nam": 2026,
        "kinh_gui": "Chủ tịch Ủy ban nhân dân xã Mẫu",
        "ke_hoach": "Kế hoạch số 1/KH-UBND ngày 02/01/2026 của UBND xã Mẫu",
        "don_vi": "Phòng Mẫu",
        "so_luong": "1 cá nhân",
        "danh_sach": ["Nguyễn Văn An, Chuyên viên, Phòng Mẫu: Lao động tiên tiến"],
        "tham_quyen": ["TRƯỞNG PHÒNG"],
        "nguoi_ky": "Nguyễn Văn Mẫu",
    }


TO_TRINH = templating.TemplateKind(
    key="to_trinh",
    label="tờ trình đề nghị khen thưởng",
    filename="mau-to-trinh.docx",
    tags=(
        (
            "dau_van_ban",
            "Phần đầu văn bản: đơn vị trình, số và ký hiệu, địa danh và ngày, Quốc hiệu và "
            "Tiêu ngữ. Đặt “{{p dau_van_ban }}” một mình trong một đoạn.",
        ),
        ("nam", "Năm đề nghị khen thưởng: “2025”."),
        ("kinh_gui", "Người, cơ quan quyết định khen thưởng: “Chủ tịch Ủy ban nhân dân xã …”."),
        ("ke_hoach", "Kế hoạch phát động phong trào thi đua, với số, ngày và cơ quan ban hành."),
        ("don_vi", "Tên đơn vị trình: “Phòng Nội vụ”."),
        ("so_luong", "Số tập thể, cá nhân được đề nghị: “1 tập thể và 2 cá nhân”."),
        (
            "danh_sach",
            "Các đề nghị, mỗi đề nghị một đoạn (tên, chức vụ, đơn vị: hình thức): "
            "“{%p for de_nghi in danh_sach %}” … “{{ de_nghi }}” … “{%p endfor %}”.",
        ),
        ("tham_quyen", "Các dòng thẩm quyền ký: “TM. ỦY BAN NHÂN DÂN”, “CHỦ TỊCH”."),
        ("nguoi_ky", "Họ và tên thủ trưởng đơn vị ký."),
    ),
    build=_write_to_trinh_template,
    specimen=_to_trinh_specimen,
    unit_may_upload=True,
)


def to_trinh_docx(dossier: Any, *, today: dt.date, number: str = "") -> bytes:
    """Tờ trình đề nghị khen thưởng of the unit (NĐ 152 Mẫu số 01): the unit's header,
    number ("" before it is issued: "Số:      /TTr-…") and place; Kính gửi the deciding
    body; the bases; the proposal with its counts; the head's signature. The wording is the
    unit's template, else the office's, else ours."""
    unit = dossier.unit
    campaign = dossier.campaign
    today = document_date(dossier, today)
    who = issuer_of.of_unit(unit, fallback_place=(campaign.plan or {}).get("place", ""))
    nominations = list(dossier.nominations.select_related("unit", "person__unit", "form"))
    deciding = issuer_of.of_campaign(campaign)
    proposals = []
    for n in nominations:
        subject = n.person or n.unit
        where = ""
        if n.person:
            where = ", ".join(p for p in (n.person.position, str(n.person.unit)) if p)
            where = f", {where}" if where else ""
        proposals.append(f"{subject}{where}: {issuer_of.form_phrase(n.form, deciding)}")
    signature = head_signature(unit)

    def context(tpl: Any) -> dict[str, Any]:
        return {
            "dau_van_ban": _header(
                tpl,
                who.superior,
                who.header,
                number_line(number, who.symbol("TTr")),
                who.place_date(today),
            ),
            "nam": dossier.year,
            "kinh_gui": addressee(dossier),
            "ke_hoach": issuer_of.plan_citation(campaign),
            "don_vi": who.name,
            "so_luong": _counts(nominations) or "các tập thể, cá nhân",
            "danh_sach": proposals,
            "tham_quyen": signature["authority"],
            "nguoi_ky": signature["name"],
        }

    return templating.render(
        TO_TRINH, context, unit=unit, created=today, title="Tờ trình đề nghị khen thưởng"
    )


def _history_table(doc: Any, history: list[Any]) -> None:
    """The awards already received: Năm | Danh hiệu, hình thức | Lĩnh vực | Số, ngày QĐ."""
    table = new_table(
        doc, len(history) + 1, _widths(doc, (4, 9, 4, 8)), borders=True, cell_margin=Mm(1.5)
    )
    for cell, text in zip(
        table.rows[0].cells,
        ("Năm", "Danh hiệu, hình thức", "Lĩnh vực", "Số, ngày quyết định"),
        strict=True,
    ):
        cell_paragraph(cell, text, bold=True, size=12, first=True)
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
            cell_paragraph(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _write_report_template(doc: Any, *, person: bool) -> None:
    """The product's template of a Báo cáo thành tích (a person's, a collective's)."""
    doc.add_paragraph("{{p dau_van_ban }}")
    who_text = "CÁ NHÂN" if person else "TẬP THỂ"
    title_block(
        doc,
        "BÁO CÁO THÀNH TÍCH",
        # a title is recognised, a form is given
        "Đề nghị {% if danh_hieu %}công nhận danh hiệu “{{ hinh_thuc }}”{% else %}tặng "
        f"{{{{ hinh_thuc }}}}{{% endif %}} năm {{{{ nam }}}}\n({who_text}: {{{{ ten }}}})",
    )
    if person:
        heading_paragraph(doc, "I. SƠ LƯỢC LÝ LỊCH")
        body_paragraph(
            doc,
            "- Họ và tên: {{ ten }}; giới tính: {{ gioi_tinh or '…' }}; "
            "năm sinh: {{ nam_sinh or '…' }}.",
        )
        body_paragraph(doc, "- Chức vụ, đơn vị công tác: {{ noi_cong_tac }}.")
    else:
        heading_paragraph(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
        body_paragraph(doc, "- Tên tập thể: {{ ten }}.")
        # Room for the unit to write in: dotted lines to the margin, not product text.
        _dotted(doc, body_paragraph(doc, "- Đặc điểm, tình hình, chức năng, nhiệm vụ: \t"))
        for _ in range(2):
            _dotted(doc, body_paragraph(doc, "\t"), indent=False)
    heading_paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    doc.add_paragraph("{%p for doan in thanh_tich %}")
    body_paragraph(doc, "{{ doan }}")
    doc.add_paragraph("{%p endfor %}")
    heading_paragraph(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    doc.add_paragraph("{%p if bang_khen_thuong %}")
    doc.add_paragraph("{{p bang_khen_thuong }}")
    doc.add_paragraph("{%p else %}")
    body_paragraph(doc, "Chưa có khen thưởng nào được ghi nhận trong hệ thống.")
    doc.add_paragraph("{%p endif %}")
    # a paragraph between the tables: joined, LibreOffice gives the list the signature's
    # (absent) borders
    spacer = doc.add_paragraph()
    mark_size(spacer, 6)
    if person:
        _two_signatures(
            doc,
            (
                "{% if cap_tren_xac_nhan %}XÁC NHẬN CỦA CẤP TRÊN"
                "{% else %}THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ{% endif %}",
                "(Ký, đóng dấu)",
                "{{ nguoi_xac_nhan }}",
            ),
            ("NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)", "{{ ten }}"),
        )
    else:
        _two_signatures(
            doc,
            ("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)", ""),
            ("{{ tham_quyen|upper }}", "(Ký, đóng dấu)", "{{ nguoi_ky }}"),
        )


def _report_specimen(tpl: Any) -> dict[str, Any]:
    return {
        "dau_van_ban": _header(tpl, "", "PHÒNG MẪU", None, "Mẫu, ngày 01 tháng 01 năm 2026"),
        "hinh_thuc": "Giấy khen",
        "danh_hieu": False,
        "nam": 2026,
        "ten": "Nguyễn Văn An",
        "gioi_tinh": "Nam",
        "nam_sinh": 1980,
        "noi_cong_tac": "Chuyên viên, Phòng Mẫu",
        "thanh_tich": ["Hoàn thành xuất sắc nhiệm vụ."],
        "bang_khen_thuong": templating.subdoc(tpl, lambda d: d.add_paragraph("Bảng")),
        "cap_tren_xac_nhan": False,
        "nguoi_xac_nhan": "Trần Văn Bình",
        "tham_quyen": "TRƯỞNG PHÒNG",
        "nguoi_ky": "Trần Văn Bình",
    }


_REPORT_TAGS = (
    (
        "dau_van_ban",
        "Phần đầu văn bản: địa danh và ngày (báo cáo của tập thể: cả tên đơn vị), Quốc hiệu "
        "và Tiêu ngữ. Đặt “{{p dau_van_ban }}” một mình trong một đoạn.",
    ),
    (
        "hinh_thuc",
        "Danh hiệu, hình thức đề nghị, hình thức ghi theo cấp quyết định: “Giấy khen của Chủ "
        "tịch Ủy ban nhân dân xã …”.",
    ),
    (
        "danh_hieu",
        "Đúng khi đề nghị một danh hiệu thi đua (viết “công nhận danh hiệu …”), sai khi đề "
        "nghị một hình thức khen thưởng (viết “tặng …”).",
    ),
    ("nam", "Năm đề nghị khen thưởng."),
    ("ten", "Họ và tên cá nhân, hoặc tên tập thể."),
    (
        "thanh_tich",
        "Các đoạn thành tích: “{%p for doan in thanh_tich %}” … “{{ doan }}” … “{%p endfor %}”.",
    ),
    (
        "bang_khen_thuong",
        "Bảng các hình thức đã được khen thưởng (trống nếu chưa có); đặt "
        "“{{p bang_khen_thuong }}” một mình trong một đoạn.",
    ),
)
REPORT_PERSON = templating.TemplateKind(
    key="bao_cao_ca_nhan",
    label="báo cáo thành tích cá nhân",
    filename="mau-bao-cao-thanh-tich-ca-nhan.docx",
    tags=(
        *_REPORT_TAGS,
        ("gioi_tinh", "Giới tính (có thể trống)."),
        ("nam_sinh", "Năm sinh (có thể trống)."),
        ("noi_cong_tac", "Chức vụ, đơn vị công tác."),
        (
            "cap_tren_xac_nhan",
            "Đúng khi người báo cáo là thủ trưởng đơn vị: cấp trên xác nhận thay thủ trưởng.",
        ),
        ("nguoi_xac_nhan", "Họ và tên người xác nhận."),
    ),
    build=lambda doc: _write_report_template(doc, person=True),
    specimen=_report_specimen,
)
REPORT_COLLECTIVE = templating.TemplateKind(
    key="bao_cao_tap_the",
    label="báo cáo thành tích tập thể",
    filename="mau-bao-cao-thanh-tich-tap-the.docx",
    tags=(
        *_REPORT_TAGS,
        ("tham_quyen", "Chức danh của thủ trưởng ký: “TRƯỞNG PHÒNG”."),
        ("nguoi_ky", "Họ và tên thủ trưởng đơn vị."),
    ),
    build=lambda doc: _write_report_template(doc, person=False),
    specimen=_report_specimen,
)


def bao_cao_thanh_tich_docx(nomination: Any, *, history: list[Any], today: dt.date) -> bytes:
    """Báo cáo thành tích of one nomination after NĐ 152's templates: a person's report
    (no issuing body; signed by the person, the head confirming on the left), a
    collective's (the unit's header; signed by its head)."""
    dossier = nomination.dossier
    today = document_date(dossier, today)  # the day the dossier was submitted, once it is
    # The awards received before the year proposed: never the one this report proposes.
    history = [award for award in history if award.year < dossier.year]
    person = nomination.person if nomination.person_id else None
    subject_unit = person.unit if person else nomination.unit
    who = issuer_of.of_unit(
        subject_unit, fallback_place=(dossier.campaign.plan or {}).get("place", "")
    )
    summary = nomination.summary or "(bổ sung thành tích theo các tiêu chuẩn của hình thức đề nghị)"
    deciding = issuer_of.of_campaign(dossier.campaign)
    values: dict[str, Any] = {
        "hinh_thuc": issuer_of.form_label(nomination.form, deciding),
        "danh_hieu": issuer_of.is_title(nomination.form),
        "nam": dossier.year,
        "ten": str(person or nomination.unit),
        "thanh_tich": [p.strip() for p in summary.split("\n") if p.strip()],
    }
    head = head_signature(subject_unit)
    if person:
        values["gioi_tinh"] = person.get_gender_display()
        values["nam_sinh"] = person.birth_year or ""
        values["noi_cong_tac"] = ", ".join(x for x in (person.position, str(person.unit)) if x)
        boss = unit_head(subject_unit)
        values["cap_tren_xac_nhan"] = boss is not None and boss.pk == person.pk
        if values["cap_tren_xac_nhan"]:
            # the head's own report is confirmed by the body above
            parent = subject_unit.parent if subject_unit.parent_id else None
            head = head_signature(parent) if parent is not None else {"name": ""}
        values["nguoi_xac_nhan"] = head["name"]
    else:
        values["tham_quyen"] = " ".join(head["authority"])
        values["nguoi_ky"] = head["name"]

    def context(tpl: Any) -> dict[str, Any]:
        superior, issuer = ("", "") if person else (who.superior, who.header)
        return {
            **values,
            "dau_van_ban": _header(tpl, superior, issuer, None, who.place_date(today)),
            "bang_khen_thuong": templating.subdoc(tpl, lambda d: _history_table(d, history))
            if history
            else "",
        }

    return templating.render(
        REPORT_PERSON if person else REPORT_COLLECTIVE,
        context,
        unit=subject_unit,
        created=today,
        title="Báo cáo thành tích",
    )


def _dotted(doc: Any, paragraph: Any, *, indent: bool = True) -> None:
    """A dotted line from the text to the right margin (a tab with a dot leader)."""
    if not indent:
        paragraph.paragraph_format.first_line_indent = Mm(0)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Length(int(text_width_of(doc))), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )


def _two_signatures(doc: Any, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    """Two signatures side by side: the titles and notes in one row, the room to sign and
    the names in the next, so both names sit on the same line whatever the titles' length;
    the rows never split nor part."""
    width = int(text_width_of(doc))
    table = new_table(doc, 2, [Length(width // 2), Length(width - width // 2)])
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    titles, names = table.rows
    for column, (title, note, name) in enumerate((left, right)):
        top = titles.cells[column]
        cell_paragraph(top, title, bold=True, size=13, first=True)
        cell_paragraph(top, note, italic=True, size=13)
        for paragraph in top.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
        # room to sign: four lines above the name
        cell_paragraph(
            names.cells[column], name, bold=True, size=14, first=True, space_before=Pt(60)
        )


def _widths(doc: Any, parts: tuple[int, ...]) -> list[Any]:
    total = text_width_of(doc)
    return [int(total * p / sum(parts)) for p in parts]


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (Times 12)."""
    total = 0
    for part in str(text).split("\n") or [""]:
        line, count = 0, 1
        for word in part.split():
            if line and line + 1 + len(word) > width * 1.1:
                count += 1
                line = len(word)
            else:
                line += len(word) + (1 if line else 0)
        total += count
    return max(total, 1)


def trich_ngang_xlsx(dossier: Any, *, today: dt.date | None = None) -> bytes:
    """Danh sách trích ngang: the unit's header and Quốc hiệu, the title, one row per
    nomination (the columns officers expect), the date and the head's signature; A4
    landscape fitted to the page width, the column titles repeated on every page, each row
    as tall as its wrapped text."""
    today = document_date(dossier, today or dt.date.today())
    unit = dossier.unit
    who = issuer_of.of_unit(unit, fallback_place=(dossier.campaign.plan or {}).get("place", ""))
    deciding = issuer_of.of_campaign(dossier.campaign)
    book = Workbook()
    sheet = book.active
    sheet.title = "Trích ngang"
    last = len(TRICH_NGANG_COLUMNS)
    font = "Times New Roman"

    def put(row: int, first: int, end: int, text: str, **style: Any) -> None:
        cell = keep_text(sheet.cell(row=row, column=first, value=text))
        if end > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=end)
        cell.font = Font(
            name=font,
            size=style.get("size", 12),
            bold=style.get("bold", False),
            italic=style.get("italic", False),
        )
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    left_end, right_start = 3, 6
    header_lines = [*(who.superior and [who.superior] or []), *who.header.split("\n")]
    for i, line in enumerate(header_lines[:3], start=1):
        put(i, 1, left_end, line, bold=line != who.superior)
    put(1, right_start, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    put(2, right_start, last, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    put(4, right_start, last, who.place_date(today), italic=True, size=13)
    put(6, 1, last, "DANH SÁCH TRÍCH NGANG", bold=True, size=14)
    put(
        7,
        1,
        last,
        f"Đề nghị khen thưởng năm {dossier.year} của {who.name}",
        bold=True,
        size=13,
    )
    put(8, 1, last, f"(Kèm theo Tờ trình của {who.name})", italic=True)
    head_row = 10
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (label, _) in enumerate(TRICH_NGANG_COLUMNS, start=1):
        cell = sheet.cell(row=head_row, column=col, value=label)
        cell.font = Font(name=font, size=12, bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[head_row].height = 15.75 * max(
        _lines(label, width) for label, width in TRICH_NGANG_COLUMNS
    )
    row = head_row
    nominations = dossier.nominations.select_related("unit", "person__unit", "form")
    for i, n in enumerate(nominations, start=1):
        row += 1
        p = n.person
        values = [
            i,
            p.full_name if p else str(n.unit),
            p.birth_year if p and p.birth_year else "",
            p.get_gender_display() if p else "",
            p.position if p else "",
            str(p.unit) if p else str(n.unit),
            issuer_of.form_label(n.form, deciding),
            n.summary,
            "",
        ]
        for col, value in enumerate(values, start=1):
            cell = keep_text(sheet.cell(row=row, column=col, value=value))
            cell.font = Font(name=font, size=12)
            cell.border = border
            centred = col in (1, 3, 4)
            cell.alignment = Alignment(
                horizontal="center" if centred else "left", vertical="top", wrap_text=True
            )
        sheet.row_dimensions[row].height = 15.75 * max(
            _lines(str(v), width) for v, (_, width) in zip(values, TRICH_NGANG_COLUMNS, strict=True)
        )
    sign = head_signature(unit)
    row += 2
    for offset, line in enumerate(sign["authority"]):
        put(row + offset, right_start, last, line, bold=True, size=13)
    put(row + len(sign["authority"]) + 4, right_start, last, sign["name"], bold=True, size=13)
    for col, (_, width) in enumerate(TRICH_NGANG_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    # A4 landscape, all columns on the page width, the column titles on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{head_row}:{head_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
