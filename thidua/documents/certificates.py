"""Certificates (Giấy khen, and the certificate of each title the issuer awards) for every
awardee of a signed decision, one A4 landscape page each, in one PDF (ReportLab).

    certificates_pdf(decision, mode="full")    the whole certificate: Quốc hiệu, the issuer's
                                               chairman, TẶNG / CÔNG NHẬN DANH HIỆU, the form,
                                               the recipient, the achievement, the decision,
                                               Số sổ vàng, place and date, signature, border
    certificates_pdf(decision, mode="blank")   only the variable text, at the positions of
                                               each form's CertificateLayout (pre-printed phôi)
    calibration_pdf(form)                      a light millimetre grid with sample text in
                                               each box, to calibrate the positions

The font is a TrueType serif with Vietnamese diacritics found in settings.CERTIFICATE_FONT_DIRS;
without one, CertificateError says so in Vietnamese. Same decision, same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from thidua.awards.certificate_layout import (
    DEFAULT_LAYOUT,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    Box,
    CertField,
    layout_for,
)
from thidua.awards.records import Decision, DecisionAward
from thidua.documents import issuer as issuer_of
from thidua.lib.formatting import format_date_long
from thidua.scoring.models import AwardForm

MODES = ("full", "blank")
PAGE = landscape(A4)
RED = HexColor("#a3191c")
GOLD = HexColor("#b8860b")
GRID = Color(0.55, 0.7, 0.9)
# (regular, bold, italic, bold italic) file names of the families we know.
FAMILIES = (
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
     "LiberationSerif-BoldItalic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
     "DejaVuSerif-BoldItalic.ttf"),
)  # fmt: skip
STYLES = ("CertSerif", "CertSerif-Bold", "CertSerif-Italic", "CertSerif-BoldItalic")
R, B, IT, BI = STYLES


class CertificateError(ValueError):
    """Why the certificates cannot be printed, in Vietnamese."""


# -- fonts ---------------------------------------------------------------------------------


def font_files(dirs: Iterable[str] | None = None) -> tuple[Path, ...] | None:
    """The four files of the first known family present in ``dirs`` (the setting)."""
    for folder in dirs if dirs is not None else settings.CERTIFICATE_FONT_DIRS:
        for family in FAMILIES:
            paths = tuple(Path(folder) / name for name in family)
            if all(p.is_file() for p in paths):
                return paths
    return None


_registered: tuple[Path, ...] | None = None


def _register_fonts() -> None:
    global _registered
    paths = font_files()
    if paths is None:
        raise CertificateError(
            "Không tìm thấy phông chữ có dấu tiếng Việt để in giấy khen. Quản trị viên cần cài "
            "gói fonts-liberation2 (phông Liberation Serif, tương đương Times New Roman) hoặc "
            "khai báo thư mục phông trong THIDUA_CERTIFICATE_FONT_DIRS."
        )
    if paths == _registered:
        return
    try:
        for style, path in zip(STYLES, paths, strict=True):
            pdfmetrics.registerFont(TTFont(style, str(path)))
    except Exception as e:  # a damaged or unreadable font file
        raise CertificateError(
            f"Không đọc được tệp phông chữ để in giấy khen ({Path(str(e)).name[:80]}). "
            "Quản trị viên cần cài lại gói fonts-liberation2."
        ) from None
    _registered = paths


# -- the text of one certificate -------------------------------------------------------------


@dataclass(frozen=True)
class CertificateText:
    issuer: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"
    verb: str  # "TẶNG" or "CÔNG NHẬN DANH HIỆU"
    form: str  # "GIẤY KHEN", "LAO ĐỘNG TIÊN TIẾN"
    name: str  # "Ông Nguyễn Văn An" or the collective's name
    position: str  # "Chuyên viên, Văn phòng HĐND và UBND xã"
    achievement: str
    decision: str  # "Quyết định số 15/QĐ-UBND ngày 15/12/2025"
    golden_book: str  # "Số sổ vàng: 12" or a dotted blank
    place_date: str  # "Phù Mỹ, ngày 15 tháng 12 năm 2025"
    authority: tuple[str, ...]
    signer: str

    def field(self, field: str) -> str:
        return {
            CertField.NAME: self.name,
            CertField.POSITION: self.position,
            CertField.ACHIEVEMENT: self.achievement,
            CertField.DECISION: self.decision,
            CertField.GOLDEN_BOOK: self.golden_book,
            CertField.PLACE_DATE: self.place_date,
            CertField.AUTHORITY: "\n".join(self.authority),
            CertField.SIGNER: self.signer,
        }[CertField(field)]


def chairman_line(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ" -> "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"."""
    text = " ".join(issuer.split()).upper()
    for prefix in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    return f"CHỦ TỊCH ỦY BAN NHÂN DÂN {text}".strip()


def achievement_text(summary: str, title: str) -> str:
    """ "Đã có thành tích …": the nomination's summary, else the decision's title."""
    text = " ".join((summary or "").split()).rstrip(".;")
    if not text:
        text = " ".join((title or "").split()).rstrip(".;")
        for prefix in ("về việc ", "khen thưởng ", "tặng giấy khen cho "):
            if text.lower().startswith(prefix):
                text = text[len(prefix) :]
        lowered = text.lower()
        if lowered.startswith(("tập thể, cá nhân", "các tập thể", "cá nhân", "tập thể")):
            # "tập thể, cá nhân có thành tích xuất sắc trong …" -> "… xuất sắc trong …"
            at = lowered.find("thành tích")
            text = text[at + len("thành tích") :].strip() if at >= 0 else ""
    if not text:
        return "Đã có thành tích trong phong trào thi đua."
    if text.lower().startswith("đã có thành tích"):
        return f"{text[:1].upper()}{text[1:]}."
    if text.lower().startswith("thành tích"):
        text = text[len("thành tích") :].strip()
    return f"Đã có thành tích {text[:1].lower()}{text[1:]}."


def form_heading(name: str) -> str:
    """The big word of the certificate: "GIẤY KHEN" for any "Giấy khen của …", "BẰNG KHEN"
    likewise; a title keeps its whole name ("LAO ĐỘNG TIÊN TIẾN")."""
    text = " ".join(name.split()).upper()
    for word in ("GIẤY KHEN", "BẰNG KHEN"):
        if text.startswith(word):
            return word
    return text


def _recipient(award: DecisionAward) -> tuple[str, str]:
    person = award.person
    if person is not None:
        title = {"nam": "Ông ", "nu": "Bà "}.get(person.gender, "")
        parts = [p for p in (person.position, person.unit.name if person.unit_id else "") if p]
        return f"{title}{person.full_name}", ", ".join(parts)
    unit = award.unit
    if unit is None:
        return "", ""
    parent = unit.parent.name if unit.parent_id else ""
    return unit.name, parent


def certificate_texts(
    decision: Decision,
    awards: Sequence[DecisionAward] | None = None,
    *,
    golden_start: int | None = None,
) -> list[CertificateText]:
    """The text of each awardee's certificate, in the decision's order."""
    if decision.status != Decision.Status.SIGNED or not decision.signed_on:
        raise CertificateError(
            "Quyết định chưa ký: chỉ in giấy khen khi quyết định đã được ký, có số và ngày."
        )
    if awards is None:
        awards = list(
            decision.awards.select_related(
                "person__unit", "unit__parent", "form", "nomination"
            ).order_by("pk")
        )
    if not awards:
        raise CertificateError("Quyết định không có tập thể, cá nhân nào được khen.")
    # The decision's issuer (the campaign's issuing unit), as the decision .docx names it:
    # never the imported plan's header, which may be another body's (QA #3).
    who = issuer_of.of_campaign(decision.campaign)
    when = format_date_long(decision.signed_on)
    place_date = f"{who.place}, {when}" if who.place else when[:1].upper() + when[1:]
    issuer_line = chairman_line(who.name) if issuer_of.is_committee(who.name) else who.name.upper()
    authority = tuple(a for a in decision.signer_authority if not a.upper().startswith("TM."))
    texts = []
    for index, award in enumerate(awards):
        name, position = _recipient(award)
        summary = award.nomination.summary if award.nomination_id and award.nomination else ""
        title_kind = award.form.kind == AwardForm.Kind.TITLE
        number = f"{golden_start + index}" if golden_start is not None else "." * 16
        texts.append(
            CertificateText(
                issuer=issuer_line,
                verb="CÔNG NHẬN DANH HIỆU" if title_kind else "TẶNG",
                form=form_heading(award.form.name),
                name=name,
                position=position,
                achievement=achievement_text(summary, decision.title),
                decision=(
                    f"Quyết định số {decision.number}/{decision.symbol}"
                    f" ngày {decision.signed_on:%d/%m/%Y}"
                ),
                golden_book=f"Số sổ vàng: {number}",
                place_date=place_date,
                authority=authority or ("CHỦ TỊCH",),
                signer=decision.signer_name,
            )
        )
    return texts


# -- drawing -----------------------------------------------------------------------------------


def _y(top_mm: float) -> float:
    """A distance from the page's top edge (mm) as ReportLab's y (points from the bottom)."""
    return PAGE[1] - top_mm * mm


def _centred(
    c: Canvas, text: str, top_mm: float, font: str, size: float, *,
    centre_mm: float = PAGE_WIDTH_MM / 2, width_mm: float = 250, leading: float = 1.25,
) -> float:  # fmt: skip
    """Draw ``text`` centred on ``centre_mm``, wrapped to ``width_mm``; the first line's
    baseline at ``top_mm``. Returns the baseline (mm) below the last line."""
    lines = simpleSplit(text, font, size, width_mm * mm) or [""]
    c.setFont(font, size)
    step = size * leading / mm
    for line in lines:
        c.drawCentredString(centre_mm * mm, _y(top_mm), line)
        top_mm += step
    return top_mm


def _border(c: Canvas) -> None:
    w, h = PAGE
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(8 * mm, 8 * mm, w - 16 * mm, h - 16 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.rect(11 * mm, 11 * mm, w - 22 * mm, h - 22 * mm)
    c.setLineWidth(0.4)
    c.rect(12.5 * mm, 12.5 * mm, w - 25 * mm, h - 25 * mm)
    # A diamond in each corner and at the middle of each side.
    c.setFillColor(RED)
    points = [(9.5, 9.5), (PAGE_WIDTH_MM - 9.5, 9.5), (9.5, PAGE_HEIGHT_MM - 9.5)]
    points += [(PAGE_WIDTH_MM - 9.5, PAGE_HEIGHT_MM - 9.5)]
    points += [(PAGE_WIDTH_MM / 2, 9.5), (PAGE_WIDTH_MM / 2, PAGE_HEIGHT_MM - 9.5)]
    points += [(9.5, PAGE_HEIGHT_MM / 2), (PAGE_WIDTH_MM - 9.5, PAGE_HEIGHT_MM / 2)]
    for x, y in points:
        path = c.beginPath()
        path.moveTo((x - 3) * mm, y * mm)
        path.lineTo(x * mm, (y + 3) * mm)
        path.lineTo((x + 3) * mm, y * mm)
        path.lineTo(x * mm, (y - 3) * mm)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _full_page(c: Canvas, t: CertificateText) -> None:
    _border(c)
    _centred(c, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 26, B, 14)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _centred(c, motto, 32.5, B, 14)
    half = pdfmetrics.stringWidth(motto, B, 14) / 2
    c.setLineWidth(0.7)
    c.line(PAGE[0] / 2 - half, _y(34.3), PAGE[0] / 2 + half, _y(34.3))
    _centred(c, t.issuer, 45, B, 15, width_mm=230)
    _centred(c, t.verb, 56, B, 17)
    c.setFillColor(RED)
    size = 40 if pdfmetrics.stringWidth(t.form, B, 40) < 230 * mm else 26
    below = _centred(c, t.form, 72, B, size, width_mm=240, leading=1.1)
    c.setFillColor(HexColor("#000000"))
    top = max(below + 3, 90)
    top = _centred(c, t.name, top, BI, 24, width_mm=240)
    if t.position:
        top = _centred(c, t.position, top - 1, IT, 15, width_mm=230)
    _centred(c, t.achievement, top + 3, R, 15, width_mm=225, leading=1.35)
    # Bottom left: the decision and the golden book; bottom right: place, date, signature.
    left, right = 80, 212
    below = _centred(c, t.decision, 165, R, 13, centre_mm=left, width_mm=80)
    _centred(c, t.golden_book, below + 1, R, 13, centre_mm=left, width_mm=110)
    _centred(c, t.place_date, 150, IT, 14, centre_mm=right, width_mm=120)
    top = 157.0
    for line in t.authority:
        top = _centred(c, line, top, B, 14, centre_mm=right, width_mm=120)
    _centred(c, t.signer, 192, B, 15, centre_mm=right, width_mm=120)


def _boxed(c: Canvas, text: str, box: Box, *, outline: bool = False, font: str = R) -> None:
    """``text`` centred in ``box``: the first line's top at the box's top edge; a line
    break in ``text`` ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH") starts a new line."""
    centre = box.x_mm + box.width_mm / 2
    lines = [
        line
        for part in text.split("\n")
        for line in simpleSplit(part, font, box.size, box.width_mm * mm)
    ] or [""]
    height = len(lines) * box.size * 1.25 / mm
    if outline:
        c.saveState()
        c.setStrokeColor(RED)
        c.setLineWidth(0.4)
        c.setDash(2, 2)
        c.rect(box.x_mm * mm, _y(box.y_mm + height), box.width_mm * mm, height * mm)
        c.restoreState()
    # The baseline sits about 0.8 em below the box's top.
    top = box.y_mm + box.size * 0.8 / mm
    for part in text.split("\n"):
        top = _centred(c, part, top, font, box.size, centre_mm=centre, width_mm=box.width_mm)


def _blank_page(c: Canvas, t: CertificateText, layout: Mapping[str, Box]) -> None:
    for field in CertField.values:
        text = t.field(field)
        if text:
            _boxed(
                c,
                text,
                layout.get(field, DEFAULT_LAYOUT[field]),
                font=B if field == CertField.AUTHORITY else R,
            )


def _grid(c: Canvas) -> None:
    c.saveState()
    c.setStrokeColor(GRID)
    c.setFillColor(GRID)
    c.setFont(R, 6)
    for x in range(0, PAGE_WIDTH_MM + 1, 5):
        c.setLineWidth(0.35 if x % 10 == 0 else 0.12)
        c.line(x * mm, 0, x * mm, PAGE[1])
        if x % 10 == 0 and 0 < x < PAGE_WIDTH_MM:
            c.drawString(x * mm + 0.6, _y(3.5), str(x))
    for y in range(0, PAGE_HEIGHT_MM + 1, 5):
        c.setLineWidth(0.35 if y % 10 == 0 else 0.12)
        c.line(0, _y(y), PAGE[0], _y(y))
        if y % 10 == 0 and 0 < y < PAGE_HEIGHT_MM:
            c.drawString(1.2 * mm, _y(y) + 0.8, str(y))
    c.restoreState()


def _canvas(buffer: io.BytesIO, title: str) -> Canvas:
    c = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("thidua")
    return c


def certificates_pdf(
    decision: Decision,
    *,
    mode: str = "full",
    layout: Mapping[str, Mapping[str, Box]] | None = None,
    golden_start: int | None = None,
) -> bytes:
    """One page per awardee of the signed ``decision``. ``mode`` "full" draws the whole
    certificate; "blank" only the variable text, at ``layout[form_key][field]`` (by default
    each form's stored CertificateLayout). ``golden_start`` numbers the Số sổ vàng."""
    if mode not in MODES:
        raise CertificateError("Cách in không hợp lệ: chọn in đầy đủ hoặc in trên phôi.")
    awards = list(
        decision.awards.select_related("person__unit", "unit__parent", "form", "nomination")
    )
    texts = certificate_texts(decision, awards, golden_start=golden_start)
    _register_fonts()
    buffer = io.BytesIO()
    c = _canvas(buffer, f"Giấy khen - {decision}")
    layouts: dict[str, Mapping[str, Box]] = dict(layout or {})
    for award, text in zip(awards, texts, strict=True):
        if mode == "full":
            _full_page(c, text)
        else:
            if award.form_id not in layouts:
                layouts[award.form_id] = layout_for(award.form_id)
            _blank_page(c, text, layouts[award.form_id])
        c.showPage()
    c.save()
    return buffer.getvalue()


SAMPLE = CertificateText(
    issuer="",
    verb="",
    form="",
    name="Ông Nguyễn Văn Mẫu",
    position="Chuyên viên, Văn phòng HĐND và UBND xã",
    achievement="Đã có thành tích xuất sắc trong thực hiện công tác cải cách hành chính.",
    decision="Quyết định số 15/QĐ-UBND ngày 15/12/2025",
    golden_book="Số sổ vàng: 125",
    place_date="Phù Mỹ, ngày 15 tháng 12 năm 2025",
    authority=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    signer="Lê Văn Lịch",
)


def calibration_pdf(form: AwardForm, layout: Mapping[str, Box] | None = None) -> bytes:
    """A calibration page for ``form``'s blank: a light grid numbered every 10 mm and a
    sample text in each box (outlined), to print on plain paper laid over a blank."""
    _register_fonts()
    boxes = layout if layout is not None else layout_for(form)
    buffer = io.BytesIO()
    c = _canvas(buffer, f"Trang in thử - {form.name}")
    _grid(c)
    c.setFont(IT, 9)
    c.drawString(20 * mm, _y(8), f"Trang in thử trên phôi: {form.name} (khổ A4 ngang, đơn vị mm)")
    for field in CertField.values:
        font = B if field == CertField.AUTHORITY else R
        _boxed(c, SAMPLE.field(field), boxes[field], outline=True, font=font)
    c.showPage()
    c.save()
    return buffer.getvalue()


def sample_certificate_pdf() -> bytes | None:
    """`thidua sample-documents`: the certificates of the latest signed decision."""
    from thidua.awards.records import Decision

    decision = (
        Decision.objects.filter(status=Decision.Status.SIGNED).order_by("-signed_on", "-pk").first()
    )
    return certificates_pdf(decision) if decision else None
