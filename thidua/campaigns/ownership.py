"""Making a template (or a copy) one's own: the issuing unit, the period rolled forward with
every deadline, the number, date, place, signer and the parent plan; the seed issuer's names
replaced wherever the text names it; the schemes' forms and labels at the issuer's real level.

``make_own`` is pure: it returns the new rules, the new plan and the list of what it changed,
which the create page shows before anything is saved."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from thidua.org.models import Unit

REFORM_DAY = dt.date(2025, 7, 1)  # two-tier local government (LEGAL.md, "Texts in force")

# The chairman's form of each local level, and the level words a text uses for it.
CHAIRMAN_FORMS = {
    Unit.Level.XA: "giay_khen_chu_tich_xa",
    Unit.Level.HUYEN: "giay_khen_chu_tich_huyen",
    Unit.Level.TINH: "bang_khen_chu_tich_tinh",
}
LEVEL_WORDS = ("huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "đặc khu", "tỉnh")
# Groups of a district's or a province's plan, and what they become under a commune.
COMMUNE_GROUPS = ["bo_phan", "thon"]

# What a text puts before the issuer's level word when it means the issuer's own level.
LEVEL_PREFIXES = (
    "cấp",
    "của",
    "thuộc",
    "trên địa bàn",
    "Thi đua - Khen thưởng",
    "Thi đua, Khen thưởng",
    "Thi đua - khen thưởng",
    "Thi đua, khen thưởng",
    "Sáng kiến",
    "Mặt trận Tổ quốc Việt Nam",
    "UBMTTQVN",
    "ngành",
)
DISTRICT_WORDS = ("huyện", "thị xã", "thành phố")
COMMUNE_WORDS = ("xã", "phường", "thị trấn", "đặc khu")

SIGNER_TITLES = {
    "chu-tich": ("CHỦ TỊCH",),
    "pho-chu-tich": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
}


@dataclass(frozen=True)
class OwnChoices:
    issuing_unit: Unit
    start_year: int
    number: str
    date: dt.date
    place: str
    signer_title: str  # a key of SIGNER_TITLES
    signer_name: str
    parent_reference: str = ""  # "Kế hoạch số …/KH-UBND ngày … về việc …" of the parent plan
    receiving_unit: str = ""  # who receives the dossiers ("Văn phòng HĐND và UBND xã")
    today: dt.date | None = None  # to warn of deadlines already past


@dataclass
class Made:
    rules: dict[str, Any]
    plan: dict[str, Any]
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)
    warnings: list[str] = field(default_factory=list)


def full_name(unit_name: str) -> str:
    """ "UBND xã Mỹ An" -> "Ủy ban nhân dân xã Mỹ An"."""
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", unit_name.strip())


def _split_issuer(name: str) -> tuple[str, str]:
    """ "Ủy ban nhân dân huyện Lộc Ninh" -> ("huyện", "Lộc Ninh"); ("", "") when no level."""
    name = full_name(name)
    for word in sorted(LEVEL_WORDS, key=len, reverse=True):
        match = re.search(rf"\b{word} (.+)$", name, flags=re.IGNORECASE)
        if match:
            return word, match.group(1).strip()
    return "", ""


def _shift_date(text: str, offset: int) -> str:
    day = dt.date.fromisoformat(text)
    try:
        return day.replace(year=day.year + offset).isoformat()
    except ValueError:  # 29/02 into a common year
        return day.replace(year=day.year + offset, day=28).isoformat()


class _Rewriter:
    """The text replacements: the seed issuer's names and the period's years."""

    def __init__(
        self,
        old_issuer: str,
        new_issuer: str,
        first: int,
        last: int,
        offset: int,
        receiving_unit: str = "",
    ):
        self.pairs: list[tuple[str, str]] = []
        old_word, old_name = _split_issuer(old_issuer)
        new_word, new_name = _split_issuer(new_issuer)
        if old_word and new_word and (old_word, old_name) != (new_word, new_name):
            self._add(f"{old_word} {old_name}", f"{new_word} {new_name}")
            for prefix in ("UBND", "Ủy ban nhân dân", "HĐND", "TĐ-KT", "toàn"):
                self._add(f"{prefix} {old_word}", f"{prefix} {new_word}")
            if old_word == new_word:  # the local party committee: "Huyện ủy Phù Mỹ"
                self._add(f"{old_word} ủy {old_name}", f"{new_word} ủy {new_name}")
        if old_word and new_word and old_word != new_word:
            # The issuer's own level where the text speaks of it: "cấp huyện" -> "cấp xã",
            # "của huyện", "trên địa bàn huyện", "Hội đồng Thi đua - Khen thưởng huyện";
            # never a level named with its own name ("của huyện Bình Long": another one),
            # never "cấp huyện, cấp xã" (both levels named).
            for prefix in LEVEL_PREFIXES:
                self._add(f"{prefix} {old_word}", f"{prefix} {new_word}")
        # The unit that receives the dossiers: a district's Phòng Nội vụ is, under a
        # commune, the unit the office named (its Văn phòng HĐND và UBND …).
        if receiving_unit and old_word in DISTRICT_WORDS and new_word in COMMUNE_WORDS:
            for before in ("Phòng Nội vụ", "phòng Nội vụ"):
                self.pairs.append((before, receiving_unit))
        self.first, self.last, self.offset = first, last, offset

    def _add(self, before: str, after: str) -> None:
        self.pairs.append((before, after))
        self.pairs.append((before.upper(), after.upper()))
        self.pairs.append((before[:1].upper() + before[1:], after[:1].upper() + after[1:]))

    def __call__(self, text: str) -> str:
        for before, after in self.pairs:
            level = after.rsplit(" ", 1)[-1]
            pattern = (
                rf"(?<!\w){re.escape(before)}(?!\w)"
                rf"(?!,?\s+(?:và\s+)?cấp\s+{re.escape(level)}(?!\w))"
            )
            text = re.sub(pattern, lambda m, a=after: self._one(m, a), text)
        if self.offset:
            text = self._years(text)
        return text

    @staticmethod
    def _one(match: re.Match[str], after: str) -> str:
        """``after``, unless the level word is followed by a name (another unit's: "UBND
        huyện Bình Long"), in running text (a header in capitals is all names)."""
        rest = match.string[match.end() :]
        name = re.match(r"\s+(\w)", rest)
        if name and name.group(1).isupper() and not match.group(0).isupper():
            return match.group(0)
        return after

    def _years(self, text: str) -> str:
        first, last, offset = self.first, self.last, self.offset
        # The period itself ("giai đoạn 2024 - 2025"), then a year in words ("năm 2025")
        # that is not the end of a longer range ("giai đoạn 2021 - 2025" keeps its years).
        text = re.sub(
            rf"(?<!\d){first}(\s*[-–]\s*){last}(?!\d)",
            lambda m: f"{first + offset}{m.group(1)}{last + offset}",
            text,
        )
        years = "|".join(str(y) for y in range(first, last + 1))
        return re.sub(
            rf"(?<!\w)(năm )({years})(?!\d)(?!\s*[-–])",
            lambda m: f"{m.group(1)}{int(m.group(2)) + offset}",
            text,
        )


def _scheme_form(scheme: dict[str, Any], level: str, on: dt.date) -> str:
    """The issuer's own chairman's form when the scheme's form is another level's."""
    own = CHAIRMAN_FORMS.get(level)
    if own and scheme.get("form") in CHAIRMAN_FORMS.values():
        return own
    return str(scheme.get("form", ""))


def _level_label(unit: Unit) -> str:
    """ "Chủ tịch Ủy ban nhân dân xã Mỹ An"."""
    return f"Chủ tịch {full_name(unit.name)}"


def make_own(rules: dict[str, Any], plan: dict[str, Any], choices: OwnChoices) -> Made:
    rules, plan = copy.deepcopy(rules), copy.deepcopy(plan)
    made = Made(rules=rules, plan=plan)
    unit = choices.issuing_unit
    start = dt.date.fromisoformat(rules["period"]["start"])
    end = dt.date.fromisoformat(rules["period"]["end"])
    offset = choices.start_year - start.year
    old_issuer = rules.get("issuer", "") or plan.get("issuer", "").replace("\n", " ")
    new_issuer = full_name(unit.name)
    receiving = choices.receiving_unit.strip()
    rewrite = _Rewriter(old_issuer, new_issuer, start.year, end.year, offset, receiving)

    def change(what: str, before: Any, after: Any) -> None:
        if before != after:
            made.changes.append((what, str(before), str(after)))

    # The period and every fixed date roll by the offset; annual deadlines (day/month of
    # the evaluation year) follow the period's years by themselves.
    new_period = {k: _shift_date(v, offset) for k, v in rules["period"].items()}
    change("Thời gian thực hiện", _period_text(rules["period"]), _period_text(new_period))
    rules["period"] = new_period
    for deadline in rules.get("deadlines", []):
        if deadline.get("date"):
            shifted = _shift_date(deadline["date"], offset)
            change(f"Thời hạn “{deadline['label']}”", _dmy(deadline["date"]), _dmy(shifted))
            deadline["date"] = shifted
    for deadline in rules.get("deadlines", []):
        if deadline.get("month") and deadline.get("day"):
            year = start.year + int(deadline.get("year_offset") or 0)
            before = dt.date(year, deadline["month"], deadline["day"])
            change(
                f"Thời hạn “{deadline['label']}” (năm đầu)",
                f"{before:%d/%m/%Y}",
                f"{before.replace(year=year + offset):%d/%m/%Y}",
            )
    for scheme in rules.get("schemes", []):
        phase = scheme.get("phase")
        if isinstance(phase, dict) and offset:
            for key in ("start", "end"):
                if isinstance(phase.get(key), int):
                    phase[key] += offset

    # The header: issuer, number, date, place.
    symbol = plan.get("symbol") or "KH-UBND"
    change("Cơ quan ban hành", old_issuer, new_issuer)
    change("Số văn bản", rules.get("number", ""), f"{choices.number}/{symbol}")
    change("Ngày ban hành", _dmy(rules.get("date", "")), f"{choices.date:%d/%m/%Y}")
    change("Địa danh", rules.get("place", ""), choices.place)
    rules.update(
        issuer=new_issuer,
        number=f"{choices.number}/{symbol}",
        date=choices.date.isoformat(),
        place=choices.place,
    )
    new_title = rewrite(rules.get("title", ""))
    change("Tên kế hoạch", rules.get("title", ""), new_title)
    rules["title"] = new_title
    rules["participants"]["description"] = rewrite(rules["participants"].get("description", ""))

    # Schemes: the issuer's own form, labelled at its level; a commune's own groups.
    commune = unit.level == Unit.Level.XA
    if commune and set(rules["participants"].get("groups", [])) - set(COMMUNE_GROUPS):
        change(
            "Khối thi đua tham gia",
            _group_names(rules["participants"]["groups"]),
            _group_names(COMMUNE_GROUPS),
        )
        rules["participants"]["groups"] = list(COMMUNE_GROUPS)
    for scheme in rules.get("schemes", []):
        form = _scheme_form(scheme, unit.level, choices.date)
        name = _relabel(rewrite(scheme["name"]), unit)
        change("Phương án khen thưởng", scheme["name"], name)
        scheme["form"], scheme["name"] = form, name
        if commune and scheme.get("groups"):
            scheme["groups"] = [g for g in scheme["groups"] if g in COMMUNE_GROUPS] or list(
                COMMUNE_GROUPS
            )
        for criterion in scheme.get("criteria", []):
            label = rewrite(criterion.get("label", ""))
            change("Tiêu chí", criterion.get("label", ""), label)
            criterion["label"] = label
            params = criterion.get("params") or {}
            _count_own_awards(params, unit.level, change)
            for text_param in ("label", "award_label"):
                if isinstance(params.get(text_param), str):
                    params[text_param] = rewrite(params[text_param])
    for deadline in rules.get("deadlines", []):
        label = rewrite(deadline["label"])
        change("Thời hạn", deadline["label"], label)
        deadline["label"] = label
        if deadline.get("event"):
            deadline["event"] = rewrite(deadline["event"])

    if plan:
        _own_plan(plan, choices, rewrite, change, made)
    old_word, new_word = _split_issuer(old_issuer)[0], _split_issuer(new_issuer)[0]
    if not receiving and old_word in DISTRICT_WORDS and new_word in COMMUNE_WORDS:
        text = str(rules) + str(plan)
        if "Phòng Nội vụ" in text or "phòng Nội vụ" in text:
            made.warnings.append(
                "Kế hoạch mẫu giao việc nhận, thẩm định hồ sơ cho Phòng Nội vụ (của huyện): "
                "hãy ghi “Đơn vị tiếp nhận hồ sơ” (ví dụ Văn phòng HĐND và UBND xã) để thay."
            )
    made.warnings += _competence_warnings(rules, unit, choices.date)
    made.warnings += _past_deadlines(rules, choices.today)
    if unit.valid_to is not None and choices.date > unit.valid_to:
        made.warnings.append(
            f"Cơ quan ban hành “{unit.name}” đã kết thúc hoạt động từ ngày "
            f"{unit.valid_to:%d/%m/%Y}, trước ngày ban hành {choices.date:%d/%m/%Y}: hãy chọn "
            "cơ quan kế tục."
        )
    elif unit.valid_from is not None and choices.date < unit.valid_from:
        made.warnings.append(
            f"Cơ quan ban hành “{unit.name}” chỉ hoạt động từ ngày {unit.valid_from:%d/%m/%Y}, "
            f"sau ngày ban hành {choices.date:%d/%m/%Y}."
        )
    if unit.level == Unit.Level.HUYEN and choices.date >= REFORM_DAY:
        made.warnings.append(
            f"Cơ quan ban hành “{unit.name}” là cấp huyện, nhưng từ ngày 01/07/2025 chính "
            "quyền địa phương chỉ còn hai cấp (tỉnh, xã): cấp huyện không còn ban hành kế "
            "hoạch, không quyết định khen thưởng. Hãy chọn cơ quan cấp xã hoặc cấp tỉnh."
        )
    return made


def _own_plan(
    plan: dict[str, Any], choices: OwnChoices, rewrite: _Rewriter, change: Any, made: Made
) -> None:
    unit = choices.issuing_unit
    header = full_name(unit.name).upper().replace("ỦY BAN NHÂN DÂN ", "ỦY BAN NHÂN DÂN\n", 1)
    plan.update(
        issuer=header,
        number=choices.number,
        date=choices.date.isoformat(),
        place=choices.place,
    )
    authority = list(SIGNER_TITLES.get(choices.signer_title, SIGNER_TITLES["chu-tich"]))
    before = f"{' '.join(plan['signer'].get('authority', []))} {plan['signer'].get('name', '')}"
    plan["signer"] = {"authority": authority, "name": choices.signer_name}
    change("Người ký", before.strip(), f"{' '.join(authority)} {choices.signer_name}".strip())
    count = 0
    for key in ("title", "preamble", "closing"):
        new = rewrite(plan.get(key, ""))
        count += new != plan.get(key, "")
        plan[key] = new
    for section in plan.get("sections", []):
        new = rewrite(section["text"])
        count += new != section["text"]
        section["text"] = new
        section["heading"] = rewrite(section["heading"])
    plan["recipients"] = [rewrite(r) for r in plan.get("recipients", [])]
    if count:
        made.changes.append(
            (
                "Nội dung kế hoạch",
                "tên cơ quan, năm của kế hoạch mẫu",
                f"thay trong {count} đoạn (tiêu đề, mở đầu, các phần, kết thúc)",
            )
        )
    # The bases speak of the issuer too ("… phát triển kinh tế - xã hội của xã Đình Dù").
    bases = [rewrite(b) for b in plan.get("legal_bases", [])]
    plan["legal_bases"] = bases
    if choices.parent_reference:
        new_bases = [f"Thực hiện {choices.parent_reference},"] + [
            b for b in bases if not b.startswith("Thực hiện Kế hoạch")
        ]
        change("Căn cứ", "; ".join(bases), "; ".join(new_bases))
        plan["legal_bases"] = new_bases
    elif any(b.startswith("Thực hiện Kế hoạch") for b in bases):
        made.warnings.append(
            "Căn cứ vẫn là kế hoạch cấp trên của kế hoạch mẫu: hãy chọn kế hoạch cấp trên "
            "mà phong trào này thực hiện, hoặc sửa phần căn cứ sau khi tạo."
        )


def _past_deadlines(rules: dict[str, Any], today: dt.date | None) -> list[str]:
    """Deadlines of the new period already past on ``today``: the office moves them."""
    from thidua.rules.template import TemplateError, template_from_dict

    if today is None:
        return []
    try:
        template = template_from_dict(rules)
    except TemplateError:
        return []
    found = []
    for year in template.years:
        for deadline in template.deadlines:
            due = deadline.due(year)
            if due is not None and due < today:
                found.append(f"“{deadline.label}” năm {year}: {due:%d/%m/%Y}")
    if not found:
        return []
    return [
        f"Các thời hạn sau đã qua (hôm nay {today:%d/%m/%Y}): "
        + "; ".join(found)
        + ". Hãy chọn năm bắt đầu muộn hơn, hoặc sửa thời hạn sau khi tạo."
    ]


def _competence_warnings(rules: dict[str, Any], unit: Unit, on: dt.date) -> list[str]:
    """Forms the issuer may not decide on the plan's date (the law app's dated tables)."""
    from types import SimpleNamespace

    from thidua.law import lookup
    from thidua.rules.catalogue import AWARD_FORMS

    found = []
    for key in dict.fromkeys(s.get("form", "") for s in rules.get("schemes", [])):
        if key not in AWARD_FORMS:
            continue
        form = SimpleNamespace(key=key, name=AWARD_FORMS[key][0])
        problem = lookup.competence_problem(unit.level, form, on)
        if problem:
            found.append(f"{problem[:1].upper()}{problem[1:]}")
    return found


def _count_own_awards(params: dict[str, Any], level: str, change: Any) -> None:
    """A criterion counting another level's chairman's Giấy khen also counts the issuer's
    own from now on (a commune's 2026 plan reads 2025: the district's awards until 30/6,
    the commune's after)."""
    from thidua.rules.catalogue import AWARD_FORMS

    forms = params.get("forms")
    own = CHAIRMAN_FORMS.get(level)
    if not own or not isinstance(forms, list) or own in forms:
        return
    if any(f in CHAIRMAN_FORMS.values() for f in forms):
        names = [AWARD_FORMS[f][0] if f in AWARD_FORMS else "hình thức khác" for f in forms]
        params["forms"] = [*forms, own]
        change(
            "Tiêu chí: khen thưởng được tính",
            ", ".join(names),
            ", ".join(
                [*names, AWARD_FORMS[own][0] if own in AWARD_FORMS else "hình thức của cơ quan"]
            ),
        )


def _relabel(name: str, unit: Unit) -> str:
    """ "Giấy khen của Chủ tịch UBND huyện tặng …" -> "Giấy khen của Chủ tịch Ủy ban nhân
    dân xã Mỹ An tặng …" (the catalogue's label at the issuer's real level)."""
    words = "|".join(re.escape(w) for w in sorted(LEVEL_WORDS, key=len, reverse=True))
    own = _level_label(unit)
    pattern = rf"Chủ tịch (?:UBND|Ủy ban nhân dân) (?:cấp )?(?:{words})(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
    return re.sub(pattern, own, name, count=1)


def _group_names(keys: list[str]) -> str:
    from thidua.org.models import CompetitionGroup

    names = dict(CompetitionGroup.objects.filter(pk__in=keys).values_list("pk", "name"))
    return ", ".join(names.get(k, "") or "khối khác" for k in keys)


def _dmy(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _period_text(period: dict[str, str]) -> str:
    return f"{_dmy(period['start'])} – {_dmy(period['end'])}"
