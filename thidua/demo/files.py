"""The files of the demo's dossiers (QA #29): each component the campaign asks for, filed
through awards.services.attach — the path of the upload (checked by its bytes, stored under
MEDIA_ROOT with a random name, recorded) — while the dossier is still a draft. The Tờ
trình, the báo cáo thành tích and the danh sách trích ngang are the product's own documents
of the dossier; the unit's council minutes a short .docx of its own."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from thidua.awards import services
from thidua.awards.dossiers import Dossier
from thidua.lib.http import CONTENT_TYPES
from thidua.org.models import User

DOCX = CONTENT_TYPES["docx"]
XLSX = CONTENT_TYPES["xlsx"]


def attach_components(
    dossier: Dossier, *, user: User, today: dt.date, skip: tuple[str, ...] = ()
) -> int:
    """Every component of the dossier's campaign but ``skip``, one file each; how many."""
    count = 0
    for component in dossier.campaign.template.dossier.components:
        if component.key in skip:
            continue
        name, content, kind = _file(dossier, component.key, component.name, today)
        upload = SimpleUploadedFile(name, content, content_type=kind)
        services.attach(dossier, component=component.key, upload=upload, user=user)
        count += 1
    return count


def _file(dossier: Dossier, key: str, label: str, today: dt.date) -> tuple[str, bytes, str]:
    # The documents app builds on the demo's data (documents.samples loads the demo):
    # imported here, not at module level.
    from thidua.documents import dossier_docs

    nominations = list(dossier.nominations.select_related("person", "unit", "form"))
    if key in ("to-trinh", "van-ban-de-nghi"):
        return "to-trinh.docx", dossier_docs.to_trinh_docx(dossier, today=today), DOCX
    if key == "danh-sach-trich-ngang":
        content = dossier_docs.trich_ngang_xlsx(dossier, today=today)
        return "danh-sach-trich-ngang.xlsx", content, XLSX
    if key == "bao-cao-thanh-tich" and nominations:
        content = dossier_docs.bao_cao_thanh_tich_docx(nominations[0], history=[], today=today)
        return "bao-cao-thanh-tich.docx", content, DOCX
    return f"{key}.docx", _minutes(dossier, label, nominations, today), DOCX


def _minutes(dossier: Dossier, label: str, nominations: list[Any], today: dt.date) -> bytes:
    """The unit's own paper: its council's minutes (or another component) in a few lines."""
    doc = Document()
    doc.add_heading(label, level=1)
    doc.add_paragraph(
        f"{dossier.unit.name}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}."
    )
    doc.add_paragraph(
        f"Hội đồng Thi đua – Khen thưởng của {dossier.unit.name} họp xét thành tích năm "
        f"{dossier.year}, thống nhất đề nghị:"
    )
    for n in nominations:
        doc.add_paragraph(f"{n.subject}: {n.form.name}.", style="List Bullet")
    doc.add_paragraph("Kết quả bỏ phiếu: 100% thành viên có mặt đồng ý.")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
