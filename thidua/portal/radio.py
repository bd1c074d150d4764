"""Thông báo trên hệ thống truyền thanh: a signed decision told as short spoken Vietnamese
prose — no table, no abbreviation, numbers and dates written as they are read; who decided,
who was honoured and for what. The office edits the draft; it downloads as .docx or .txt."""

from __future__ import annotations

import io
import re
from collections import Counter

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.awards.records import Decision
from thidua.org.models import Person
from thidua.portal import spoken
from thidua.portal.models import Announcement
from thidua.portal.services import unit_in_year

# Abbreviations a listener cannot hear, longest first.
SPOKEN_WORDS = (
    ("TĐ-KT", "Thi đua – Khen thưởng"),
    ("TĐKT", "Thi đua – Khen thưởng"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("CCHC", "cải cách hành chính"),
    ("QĐ", "quyết định"),
    ("TP.", "thành phố "),
)
_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
_SPACES = re.compile(r"[ \t]+")


def speakable(text: str) -> str:
    """Abbreviations spelled out, numbers (91,25 · 2.340.000 · 100%) in words."""
    for short, long in SPOKEN_WORDS:
        text = text.replace(short, long)

    def read(match: re.Match[str]) -> str:
        whole = spoken.number(int(match[1].replace(".", "")))
        if match[2]:
            return f"{whole} phẩy {spoken.number(int(match[2]))}"
        return whole

    text = _NUMBER.sub(read, text).replace("%", " phần trăm")
    text = text.replace("—", ",").replace("–", ",").replace("/", " trên ")
    return _SPACES.sub(" ", text).replace(" ,", ",").strip()


def _issuer(decision: Decision) -> str:
    unit = decision.campaign.issuing_unit
    authority = " ".join(decision.signer_authority or ["Chủ tịch"]).strip().capitalize()
    name = unit.name if unit else ""
    if name.startswith("UBND "):
        return f"{authority} Ủy ban nhân dân {name[5:]}"
    return f"{authority} {name}".strip()


def _because(achievement: str) -> str:
    first = achievement.strip().split("\n")[0].strip().rstrip(".;")
    return f", vì đã {first[0].lower()}{first[1:]}" if first else ""


def draft(decision: Decision) -> str:
    """The announcement's first draft, from the decision's signed data."""
    awards = list(
        decision.awards.select_related(
            "person__unit", "person__former_unit", "unit", "form", "nomination"
        ).order_by("pk")
    )
    issuer = _issuer(decision)
    when = spoken.date(decision.signed_on) if decision.signed_on else "vừa qua"
    signer = f", đồng chí {decision.signer_name}," if decision.signer_name else ""
    title = decision.title.strip()
    title = title[0].lower() + title[1:] if title else ""
    number = spoken.number(int(decision.number)) if decision.number.isdigit() else decision.number
    people = sum(1 for a in awards if a.person_id)
    groups = len(awards) - people
    counted = " và ".join(
        part
        for part in (
            f"{spoken.number(groups)} tập thể" if groups else "",
            f"{spoken.number(people)} cá nhân" if people else "",
        )
        if part
    )
    forms = Counter(str(a.form) for a in awards)
    paragraphs = [
        "Kính thưa toàn thể cán bộ và nhân dân!",
        f"{when.capitalize()}, {issuer}{signer} đã ký Quyết định số {number} {title}.",
        f"Theo quyết định, {counted} được khen thưởng"
        + (f" bằng hình thức {next(iter(forms))}." if len(forms) == 1 else ".")
        + " Đó là:",
    ]
    for award in awards:
        achievement = award.nomination.summary if award.nomination else ""
        subject = award.subject
        if isinstance(subject, Person):
            who = subject.full_name
            unit = unit_in_year(subject, award.year).name
            where = ", ".join(p for p in (subject.position, unit) if p)
            line = f"{who}{', ' + where if where else ''}"
        else:
            line = f"Tập thể {subject}"
        if len(forms) > 1:
            line += f", được tặng {award.form}"
        paragraphs.append(line + _because(achievement) + ".")
    paragraphs += [
        "Thay mặt các tập thể, cá nhân được khen thưởng, xin chúc mừng và mong các tập thể, "
        "cá nhân tiếp tục phát huy thành tích; kêu gọi cán bộ, công chức và toàn thể nhân dân "
        "hưởng ứng phong trào thi đua, học tập những gương điển hình tiên tiến.",
        "Xin trân trọng thông báo!",
    ]
    return "\n\n".join(speakable(p) for p in paragraphs)


def text_of(decision: Decision) -> str:
    """The office's saved announcement, else the draft."""
    saved = Announcement.objects.filter(decision=decision).first()
    return saved.text if saved is not None else draft(decision)


def docx_bytes(decision: Decision, text: str) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("THÔNG BÁO TRÊN HỆ THỐNG TRUYỀN THANH")
    run.bold = True
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(f"Về {decision}").italic = True
    for block in text.split("\n\n"):
        if block.strip():
            paragraph = document.add_paragraph(block.strip())
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Pt(28)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_radio_docx() -> bytes | None:
    """`thidua sample-documents`: the announcement of the latest signed decision."""
    decision = (
        Decision.objects.filter(status=Decision.Status.SIGNED)
        .select_related("campaign__issuing_unit")
        .order_by("-signed_on", "-pk")
        .first()
    )
    return docx_bytes(decision, text_of(decision)) if decision else None
