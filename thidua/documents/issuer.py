"""Who speaks in a document: the issuing body's header lines, its superior, its place name,
its name in running text and its symbol suffix (LEGAL.md "Document format"). Every builder
takes the identity of the body that issues *that* document — the unit for its Tờ trình,
the council for its minutes, the People's Committee for the decision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from thidua.lib.formatting import format_date_long

LEVEL_WORDS = (
    "đặc khu",
    "thị trấn",
    "thành phố",
    "thị xã",
    "phường",
    "huyện",
    "tỉnh",
    "quận",
    "xã",
)


def expand(name: str) -> str:
    """ "UBND xã Đình Dù" -> "Ủy ban nhân dân xã Đình Dù"; "HĐND" likewise."""
    name = " ".join(name.split())
    name = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
    name = re.sub(r"^HĐND\b", "Hội đồng nhân dân", name)
    return name


def place_of(name: str) -> str:
    """The place name in a body's name: "Ủy ban nhân dân huyện Lộc Ninh" -> "Lộc Ninh"."""
    text = expand(name)
    lower = text.lower()
    for word in LEVEL_WORDS:
        at = lower.find(f" {word} ")
        if at >= 0:
            return text[at + len(word) + 2 :].strip()
    return ""


def is_committee(name: str) -> bool:
    return expand(name).lower().startswith("ủy ban nhân dân")


@dataclass(frozen=True)
class Issuer:
    """A body as it appears in a document."""

    superior: str  # header line above the issuing body (CAPITALS in the header), may be ""
    header: str  # issuing body, "\n" between lines
    name: str  # in running text: "Ủy ban nhân dân huyện Lộc Ninh"
    place: str  # "Lộc Ninh"
    suffix: str  # symbol suffix: "UBND", "HĐTĐKT", "PYT"

    def symbol(self, kind: str) -> str:
        return f"{kind}-{self.suffix}" if self.suffix else kind

    def place_date(self, on: dt.date | None, year: int | None = None) -> str:
        """ "Lộc Ninh, ngày 19 tháng 7 năm 2024"; no date yet: room to write it in."""
        where = f"{self.place}, " if self.place else ""
        if on is None:
            return f"{where}ngày{' ' * 6}tháng{' ' * 6}năm {year or dt.date.today().year}"
        return f"{where}{format_date_long(on)}"


def _abbreviation(name: str) -> str:
    """ "Phòng Y tế" -> "PYT" (initials of the generic words, capitals)."""
    words = [w for w in expand(name).split() if w]
    return "".join(w[0].upper() for w in words[:4] if w[0].isalpha())


def committee_header(name: str) -> str:
    """ "Ủy ban nhân dân huyện Lộc Ninh" -> "ỦY BAN NHÂN DÂN\nHUYỆN LỘC NINH"."""
    text = expand(name)
    if is_committee(text):
        return "ỦY BAN NHÂN DÂN\n" + text[len("Ủy ban nhân dân") :].strip().upper()
    return text.upper()


def of_unit(unit: Any, *, fallback_place: str = "") -> Issuer:
    """A unit speaking for itself: a People's Committee with no superior line (practice);
    a unit under a People's Committee (Phòng Y tế) with the committee above it."""
    if unit is None:
        return Issuer("", "", "", fallback_place, "")
    name = expand(unit.name)
    if is_committee(name):
        return Issuer("", committee_header(name), name, place_of(name) or fallback_place, "UBND")
    try:
        parent = unit.parent
    except ObjectDoesNotExist:
        parent = None
    superior = ""
    place = fallback_place
    if parent is not None:
        parent_name = expand(parent.name)
        superior = (
            "UBND " + parent_name[len("Ủy ban nhân dân") :].strip()
            if is_committee(parent_name)
            else parent_name
        ).upper()
        place = place_of(parent_name) or fallback_place
    return Issuer(superior, name.upper(), name, place_of(name) or place, _abbreviation(name))


def of_campaign(campaign: Any) -> Issuer:
    """The body that decides on the campaign's awards: its issuing unit (the product's own
    record); without one, the header of the imported plan."""
    plan = campaign.plan or {}
    try:
        unit = campaign.issuing_unit
    except ObjectDoesNotExist:
        unit = None
    if unit is not None:
        return of_unit(unit, fallback_place=plan.get("place", ""))
    issuer = " ".join(str(plan.get("issuer", "")).split())
    if not issuer:
        return Issuer("", "", "", plan.get("place", ""), "")
    name = expand(issuer)
    if name.isupper():
        name = text_case(name)
    return Issuer(
        str(plan.get("superior", "")),
        committee_header(issuer) if is_committee(issuer) else issuer,
        name,
        plan.get("place", "") or place_of(name),
        "UBND" if is_committee(issuer) else _abbreviation(issuer),
    )


def text_case(issuer: str) -> str:
    """ "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ" -> "Ủy ban nhân dân huyện Phù Mỹ"."""
    words = issuer.split()
    out: list[str] = []
    proper = False
    for word in words:
        lower = word.lower()
        out.append(lower[:1].upper() + lower[1:] if proper else lower)
        if lower in ("huyện", "xã", "tỉnh", "thành", "phường", "thị", "quận", "trấn", "phố", "khu"):
            proper = lower not in ("thành", "thị", "đặc")
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def council_name(committee: str) -> str:
    """ "Ủy ban nhân dân xã Ân Mỹ" -> "Hội đồng Thi đua - Khen thưởng xã Ân Mỹ"."""
    text = expand(committee)
    rest = text[len("Ủy ban nhân dân") :].strip() if is_committee(text) else text
    return f"Hội đồng Thi đua - Khen thưởng {rest}".strip()


def plan_citation(campaign: Any) -> str:
    """ "Kế hoạch số 158/KH-UBND ngày 19 tháng 7 năm 2024 của Ủy ban nhân dân huyện Lộc Ninh
    về phát động …": the date in words, the issuer, the subject once."""
    plan = campaign.plan or {}
    subject = cited_title(plan.get("title") or campaign.name)
    subject = re.sub(r"^(về việc\s+)?(kế hoạch\s+)?", "", subject, flags=re.IGNORECASE)
    subject = subject[:1].lower() + subject[1:]
    by = of_campaign(campaign).name
    parts = ["Kế hoạch"]
    if plan.get("number"):
        parts.append(f"số {plan['number']}/{plan.get('symbol') or 'KH-UBND'}")
    if plan.get("date"):
        parts.append(format_date_long(dt.date.fromisoformat(str(plan["date"]))))
    if by:
        parts.append(f"của {by}")
    if subject:
        parts.append(f"về {subject}")
    return " ".join(parts)


# -- a form's name at its issuer's level ---------------------------------------------------

GENERIC = re.compile(r"(?:Ủy ban nhân dân|UBND) cấp (xã|huyện|tỉnh)")
# The level words of a committee's name, by the level ("cấp") of the catalogue's forms.
LEVEL_OF_WORD = {
    "xã": ("xã",),
    "phường": ("xã",),
    "thị trấn": ("xã",),
    "đặc khu": ("xã",),
    "huyện": ("huyện",),
    "quận": ("huyện",),
    "thị xã": ("huyện",),
    "thành phố": ("huyện", "tỉnh"),
    "tỉnh": ("tỉnh",),
}


def committee_levels(name: str) -> tuple[str, ...]:
    """ "Ủy ban nhân dân xã Ân Mỹ" -> ("xã",); not a People's Committee -> ()."""
    text = expand(name)
    if not is_committee(text):
        return ()
    rest = text[len("Ủy ban nhân dân") :].strip().lower()
    for word, levels in LEVEL_OF_WORD.items():
        if rest.startswith(f"{word} "):
            return levels
    return ()


def _body_name(body: Issuer | str) -> str:
    return body.name if isinstance(body, Issuer) else expand(body or "")


def form_label(form: Any, body: Issuer | str) -> str:
    """The catalogue's generic name at the deciding body's level: "Giấy khen của Chủ tịch
    UBND cấp xã" given by UBND xã Ân Mỹ -> "Giấy khen của Chủ tịch Ủy ban nhân dân xã Ân Mỹ".
    A form of another level (one proposed upward) keeps its generic name."""
    name = " ".join(str(getattr(form, "name", form)).split())
    committee = _body_name(body)
    generic = GENERIC.search(name)
    if generic and generic.group(1) in committee_levels(committee):
        name = name[: generic.start()] + committee + name[generic.end() :]
    return name


def is_title(form: Any) -> bool:
    return getattr(form, "kind", "") == "title"


def form_phrase(form: Any, body: Issuer | str) -> str:
    """A title in quotes ("“Lao động tiên tiến”"); a form with the body that gives it."""
    label = form_label(form, body)
    return f"“{label}”" if is_title(form) else label


def proposal(form: Any, body: Issuer | str) -> str:
    """What is proposed: a title is recognised ("công nhận danh hiệu “Lao động tiên tiến”"),
    a form is given ("tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Ân Mỹ")."""
    if is_title(form):
        return f"công nhận danh hiệu {form_phrase(form, body)}"
    return f"tặng {form_label(form, body)}"


def cited_title(title: str) -> str:
    """A document's title as cited inside a sentence: one line, no closing full stop."""
    return " ".join(str(title or "").split()).rstrip(" .;")


def committee_authority(issuer: str, lines: Any) -> list[str]:
    """The signature's authority lines of a document a People's Committee issues as a
    body (a KH-UBND plan; NĐ 30/2020 Phụ lục I): the chairman signs "TM. ỦY BAN NHÂN DÂN /
    CHỦ TỊCH", a vice-chairman "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (as the seed plans are
    signed). Lines that already say it, and other bodies' lines, stay as written. (The
    award decision is the chairman's own: no "TM.", awards.decisions.chairman_authority.)"""
    kept = [" ".join(str(line).split()) for line in lines or () if str(line).strip()]
    if not kept or not is_committee(issuer):
        return kept
    upper = [line.upper() for line in kept]
    if any(line.startswith(("TM.", "Q.", "TL.", "TUQ.")) for line in upper):
        return kept
    if upper == ["PHÓ CHỦ TỊCH"]:
        return ["KT. CHỦ TỊCH", *kept]
    if upper == ["CHỦ TỊCH"]:
        return ["TM. ỦY BAN NHÂN DÂN", *kept]
    return kept
