"""Criterion primitives: parameterised checks that give a verdict and a Vietnamese
explanation with the figures used.

A template defines each criterion as data — a primitive name plus parameters — e.g.
``{primitive = "par_percent", params = {threshold = 90, when_not_assessed = true}}``.
:func:`check_params` validates and normalises parameters (Vietnamese messages for the
UI); :func:`bind` turns a definition into an evaluator for one scheme, precomputing what
it can (the PAR figures of a year are shared through :class:`~thidua.rules.stats.YearStats`,
criteria that read the unit's figures are cached per unit for its people).

Semantics follow RULES.md §2 "Precise semantics":

* a PAR score or a rating the facts lack gives ``None`` (unknown); events (attestations,
  awards, initiatives, disciplines, reviews) are never unknown, except that an open review
  makes ``no_open_review`` unknown ("chưa xét khen thưởng");
* a unit not assessed by the PAR index (``par_assessed: false``) has no percent and no
  rank: criteria reading them are unknown unless ``when_not_assessed`` says otherwise;
* a person's PAR figures are those of the person's unit;
* compound primitives are the Kleene AND of their parts.

Years are written relative to the scheme's evaluation year: ``"Y"``, ``"Y-1"`` …, or
``"phase"`` for every year of a phase scheme.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final, TypeAlias

from thidua.rules import logic
from thidua.rules.catalogue import (
    AWARD_FIELDS,
    AWARD_FORMS,
    CSTD_FORMS,
    DISCIPLINE_LABELS,
    DISCIPLINE_LEVELS,
    DISCIPLINE_RANK,
    GROUP_LABELS,
    INITIATIVE_SCOPES,
    PERSON_FLAG_SHORT,
    PERSON_FLAG_TEXTS,
    PERSON_FLAGS,
    RATING_RANK,
    RATINGS,
    REVIEW_KINDS,
    REVIEW_LABELS,
    SCOPE_LABELS,
    SCOPE_RANK,
)
from thidua.rules.facts import Discipline, Facts, Person, Unit
from thidua.rules.fmt import format_date, format_number, format_years, year_list
from thidua.rules.logic import Verdict
from thidua.rules.stats import YearStats

Outcome: TypeAlias = tuple[Verdict, str]
Subject: TypeAlias = Unit | Person
Evaluator: TypeAlias = Callable[[Any], Outcome]

COLLECTIVE: Final = "collective"
INDIVIDUAL: Final = "individual"
PHASE: Final = "phase"


class ParamError(ValueError):
    """A bad parameter of a criterion; the message is Vietnamese, for the UI."""


@dataclass(frozen=True, slots=True)
class Env:
    """What the criteria of one scheme read."""

    facts: Facts
    stats: Callable[[int], YearStats]
    year: int  # the scheme's evaluation year ("Y")
    phase: tuple[int, ...]  # years of a phase scheme, () for an annual one
    subject: str  # COLLECTIVE or INDIVIDUAL
    bands: tuple[tuple[str, Fraction], ...]  # (name, lower bound in %), best first


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------

_YEAR_RE: Final = re.compile(r"Y(?:([+-])([0-9]{1,2}))?")
_REQUIRED: Final = object()


def _year_ref(value: Any, allow_phase: bool) -> str:
    if isinstance(value, str):
        text = value.replace(" ", "").replace("−", "-")
        if allow_phase and text.casefold() == PHASE:
            return PHASE
        match = _YEAR_RE.fullmatch(text.upper())
        if match:
            sign, number = match.groups()
            if not number or int(number) == 0:
                return "Y"
            return f"Y{sign}{int(number)}"
    expected = "“Y”, “Y-1”, “Y-2” …" + (" hoặc “phase” (cả giai đoạn)" if allow_phase else "")
    raise ParamError(f"phải là {expected}")


def _year_refs(value: Any) -> str | tuple[str, ...]:
    if isinstance(value, list | tuple):
        if not value:
            raise ParamError("cần ít nhất một năm")
        return tuple(_year_ref(v, allow_phase=False) for v in value)
    return _year_ref(value, allow_phase=True)


def _percent(value: Any) -> Fraction:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | str)
        and not hasattr(value, "as_integer_ratio")
    ):
        raise ParamError("phải là một số từ 0 đến 100")
    try:
        number = Fraction(repr(value) if isinstance(value, float) else str(value))
    except (ValueError, ZeroDivisionError):
        raise ParamError("phải là một số từ 0 đến 100") from None
    if not 0 <= number <= 100:
        raise ParamError("phải là một số từ 0 đến 100")
    return number


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParamError("phải là một số nguyên từ 1 trở lên")
    return int(value)


def _choice(values: Sequence[str]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in values:
            raise ParamError("phải là một trong: " + ", ".join(values))
        return value

    return check


def _choices(values: Sequence[str]) -> Callable[[Any], tuple[str, ...]]:
    one = _choice(values)

    def check(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items:
            raise ParamError("phải là một danh sách, lấy từ: " + ", ".join(values))
        return tuple(one(v) for v in items)

    return check


def _verdict_or_null(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ParamError("phải là true, false hoặc để trống (chưa rõ)")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ParamError("phải là một đoạn chữ")
    return value.strip()


def _nonempty(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ParamError("không được để trống")
    return text


def _optional_scope(value: Any) -> str:
    if value in (None, ""):
        return ""
    return _choice(INITIATIVE_SCOPES)(value)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    check: Callable[[Any], Any]
    default: Any = _REQUIRED


def _threshold() -> Param:
    return Param("threshold", _percent)


def _wna() -> Param:
    return Param("when_not_assessed", _verdict_or_null, None)


def _year(default: str = "Y") -> Param:
    return Param("year", lambda v: _year_ref(v, allow_phase=False), default)


def _years(default: str | tuple[str, ...] = "Y") -> Param:
    return Param("years", _year_refs, default)


_FORM_KEYS: Final = tuple(AWARD_FORMS)
_FIELD_ANY: Final = (*AWARD_FIELDS, "any")


@dataclass(frozen=True, slots=True)
class Primitive:
    name: str
    title: str  # what it checks, in Vietnamese (for the template editor)
    params: tuple[Param, ...]
    bind: Callable[[Mapping[str, Any], Env], Evaluator]
    describe: Callable[[Mapping[str, Any]], str]
    subjects: Callable[[Mapping[str, Any]], frozenset[str]]


_BOTH: Final = frozenset({COLLECTIVE, INDIVIDUAL})
_ONLY_UNITS: Final = frozenset({COLLECTIVE})
_ONLY_PEOPLE: Final = frozenset({INDIVIDUAL})


def check_params(primitive: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, normalised parameters (defaults filled in) or :class:`ParamError`."""
    spec = PRIMITIVES.get(primitive)
    if spec is None:
        raise ParamError(
            f"không có loại tiêu chí nào tên là “{primitive}” (có: {', '.join(PRIMITIVES)})"
        )
    known = {p.name for p in spec.params}
    for name in params:
        if name not in known:
            raise ParamError(
                f"tham số “{name}” không dùng cho loại tiêu chí “{primitive}” "
                f"(có: {', '.join(sorted(known))})"
            )
    out: dict[str, Any] = {}
    for p in spec.params:
        if p.name in params and params[p.name] is not None:
            try:
                out[p.name] = p.check(params[p.name])
            except ParamError as exc:
                raise ParamError(f"tham số “{p.name}” {exc}") from None
        elif p.default is _REQUIRED:
            raise ParamError(f"thiếu tham số “{p.name}”")
        else:
            out[p.name] = p.check(p.default) if p.default is not None else None
    return out


def uses_phase(params: Mapping[str, Any]) -> bool:
    return params.get("years") == PHASE


def params_to_data(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as plain JSON values (the inverse of :func:`check_params`)."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Fraction):
            out[name] = value.numerator if value.denominator == 1 else float(value)
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


def resolve_year(ref: str, env: Env) -> int:
    if ref == "Y":
        return env.year
    return env.year + int(ref[1:])


def resolve_years(refs: str | tuple[str, ...], env: Env) -> tuple[int, ...]:
    if refs == PHASE:
        return env.phase
    if isinstance(refs, str):
        return (resolve_year(refs, env),)
    return tuple(resolve_year(r, env) for r in refs)


def _when(years: Sequence[int]) -> str:
    """``năm 2024`` or ``năm 2021–2025``."""
    return f"năm {format_years(years)}"


def _within(years: Sequence[int]) -> str:
    """``năm 2023`` for one year, ``trong 2021–2025`` for several."""
    return f"năm {years[0]}" if len(years) == 1 else f"trong {format_years(years)}"


def per_unit(env: Env, unit_outcome: Callable[[Unit], Outcome]) -> Evaluator:
    """Evaluator of a criterion that reads only unit figures: for people, the unit's
    outcome is computed once and shared by all its members."""
    if env.subject == COLLECTIVE:
        return unit_outcome
    units = env.facts.unit_by_code
    cache: dict[str, Outcome] = {}

    def person_outcome(person: Person) -> Outcome:
        outcome = cache.get(person.unit)
        if outcome is None:
            outcome = cache[person.unit] = unit_outcome(units[person.unit])
        return outcome

    return person_outcome


def _not_assessed(env: Env, unit: Unit, verdict: Verdict, suffix: str = "") -> Outcome:
    who = "Không" if env.subject == COLLECTIVE else f"Đơn vị {unit.code} không"
    text = f"{who} thuộc diện đánh giá Chỉ số CCHC{suffix}"
    if verdict is True:
        text += " — coi là đạt theo kế hoạch"
    return verdict, text


def _band_of(env: Env, value: Fraction) -> str:
    for name, lower in env.bands:
        if value >= lower:
            return name
    return "dưới mức thấp nhất của thang xếp loại"


def _band_min(env: Env, band: str) -> Fraction:
    for name, lower in env.bands:
        if name == band:
            return lower
    raise ParamError(f"không có xếp loại nào tên là “{band}”")  # checked by the template


# --------------------------------------------------------------------------------------
# PAR primitives
# --------------------------------------------------------------------------------------


def _bind_par_percent(p: Mapping[str, Any], env: Env) -> Evaluator:
    threshold: Fraction = p["threshold"]
    shown = format_number(threshold)
    years = resolve_years(p["years"], env)
    year_stats = [env.stats(y) for y in years]

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"])
        verdicts: list[Verdict] = []
        parts: list[str] = []
        for stats in year_stats:
            value = stats.percent.get(unit.code)
            if value is None:
                verdicts.append(None)
                parts.append(f"Chỉ số CCHC năm {stats.year}: chưa có số liệu")
            else:
                ok = value >= threshold
                verdicts.append(ok)
                sign = "≥" if ok else "<"
                parts.append(
                    f"Chỉ số CCHC năm {stats.year}: {stats.text(unit.code)} ({sign} {shown}%)"
                )
        return logic.all_(verdicts), "; ".join(parts)

    return per_unit(env, unit_outcome)


def _describe_par_percent(p: Mapping[str, Any]) -> str:
    return f"Chỉ số CCHC ≥ {format_number(p['threshold'])}%{_years_phrase(p['years'])}"


def _years_phrase(refs: str | tuple[str, ...]) -> str:
    if refs == PHASE:
        return " trong giai đoạn"
    items = (refs,) if isinstance(refs, str) else refs
    words = [_year_word(r) for r in items]
    if words == ["năm xét"]:
        return ""
    if len(words) == 1:
        return f" {words[0]}"
    return " cả " + " và ".join(words)


def _year_word(ref: str) -> str:
    if ref == "Y":
        return "năm xét"
    offset = int(ref[1:])
    if offset == -1:
        return "năm trước"
    if offset < 0:
        return f"{-offset} năm trước"
    return f"{offset} năm sau"


def _bind_par_rank(p: Mapping[str, Any], env: Env) -> Evaluator:
    max_rank: int = p["max_rank"]
    stats = env.stats(resolve_year(p["year"], env))
    units = env.facts.unit_by_code

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"], ", không xếp hạng")
        rank = stats.rank.get(unit.code)
        person = env.subject == INDIVIDUAL
        if rank is None:
            who = f"Đơn vị {unit.code} chưa" if person else "Chưa"
            return None, f"{who} có Chỉ số CCHC năm {stats.year} để xếp hạng"
        size = stats.group_size[units[unit.code].group]
        if person:
            return rank <= max_rank, f"Đơn vị {unit.code} xếp hạng {rank}/{size} năm {stats.year}"
        return (
            rank <= max_rank,
            f"Xếp hạng {rank}/{size} năm {stats.year} ({stats.text(unit.code)})",
        )

    return per_unit(env, unit_outcome)


def _describe_par_rank(p: Mapping[str, Any]) -> str:
    n = p["max_rank"]
    place = "đứng thứ nhất" if n == 1 else f"xếp hạng trong {n} vị trí cao nhất"
    return f"Chỉ số CCHC {place} của nhóm{_years_phrase(p['year'])}"


def _band_part(env: Env, stats: YearStats, unit: Unit, band: str, lower: Fraction) -> Outcome:
    value = stats.percent.get(unit.code)
    if value is None:
        return None, f"Chỉ số CCHC năm {stats.year}: chưa có số liệu"
    return (
        value >= lower,
        f"Chỉ số CCHC năm {stats.year}: {stats.text(unit.code)}, xếp loại "
        f"{_band_of(env, value)} (yêu cầu từ {band} trở lên)",
    )


def _bind_par_band(p: Mapping[str, Any], env: Env) -> Evaluator:
    band: str = p["band"]
    lower = _band_min(env, band)
    stats = env.stats(resolve_year(p["year"], env))

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"])
        return _band_part(env, stats, unit, band, lower)

    return per_unit(env, unit_outcome)


def _describe_par_band(p: Mapping[str, Any]) -> str:
    return f"Chỉ số CCHC xếp loại {p['band']} trở lên{_years_phrase(p['year'])}"


def _rise_part(now: YearStats, before: YearStats, unit: Unit) -> Outcome:
    value, previous = now.percent.get(unit.code), before.percent.get(unit.code)
    if previous is None:
        return None, f"năm {before.year}: chưa có số liệu để so sánh"
    if value is None:
        return None, f"năm {before.year}: {before.text(unit.code)}"
    word = "tăng" if value > previous else "không tăng"
    return value > previous, f"so với năm {before.year} ({before.text(unit.code)}): {word}"


def _bind_par_rise(p: Mapping[str, Any], env: Env) -> Evaluator:
    now = env.stats(resolve_year(p["year"], env))
    before = env.stats(resolve_year(p["compare_to"], env))

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"])
        value = now.percent.get(unit.code)
        head = (
            f"Chỉ số CCHC năm {now.year}: "
            f"{now.text(unit.code) if value is not None else 'chưa có số liệu'}"
        )
        verdict, tail = _rise_part(now, before, unit)
        return verdict, f"{head}; {tail}"

    return per_unit(env, unit_outcome)


def _describe_par_rise(p: Mapping[str, Any]) -> str:
    return "Chỉ số CCHC tăng so với năm trước liền kề"


def _bind_par_band_rise(p: Mapping[str, Any], env: Env) -> Evaluator:
    band: str = p["band"]
    lower = _band_min(env, band)
    now = env.stats(resolve_year(p["year"], env))
    before = env.stats(resolve_year(p["compare_to"], env))

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"])
        band_ok, band_text = _band_part(env, now, unit, band, lower)
        rise_ok, rise_text = _rise_part(now, before, unit)
        return logic.and_(band_ok, rise_ok), f"{band_text}; {rise_text}"

    return per_unit(env, unit_outcome)


def _describe_par_band_rise(p: Mapping[str, Any]) -> str:
    return f"Chỉ số CCHC xếp loại {p['band']} trở lên và tăng so với năm trước liền kề"


def _count_years(
    env: Env, unit: Unit, years: Sequence[YearStats], threshold: Fraction, need: int
) -> Outcome:
    """RULES.md §2.2: true when ``need`` known years qualify; false when the qualifying
    years plus the years without a score are fewer; otherwise unknown."""
    good: list[int] = []
    missing: list[int] = []
    for stats in years:
        value = stats.percent.get(unit.code)
        if value is None:
            missing.append(stats.year)
        elif value >= threshold:
            good.append(stats.year)
    verdict: Verdict
    if len(good) >= need:
        verdict = True
    elif len(good) + len(missing) < need:
        verdict = False
    else:
        verdict = None
    text = f"{len(good)} năm đạt ≥ {format_number(threshold)}% ({year_list(good)})"
    if missing:
        text += f"; thiếu số liệu: {year_list(missing)}"
    inherited = [(s.year, s.source[unit.code]) for s in years if unit.code in s.source]
    for source in dict.fromkeys(name for _, name in inherited):
        of = [year for year, name in inherited if name == source]
        text += f"; năm {year_list(of)}: số liệu của {source}"
    return verdict, text


def _bind_par_years_count(p: Mapping[str, Any], env: Env) -> Evaluator:
    years = [env.stats(y) for y in resolve_years(p["years"], env)]
    threshold: Fraction = p["threshold"]
    need: int = p["min_years"]

    def unit_outcome(unit: Unit) -> Outcome:
        if not unit.par_assessed:
            return _not_assessed(env, unit, p["when_not_assessed"])
        verdict, text = _count_years(env, unit, years, threshold, need)
        if env.subject == INDIVIDUAL:
            text = f"Đơn vị {unit.code}: {text}"
        return verdict, text

    return per_unit(env, unit_outcome)


def _describe_par_years_count(p: Mapping[str, Any]) -> str:
    return (
        f"ít nhất {p['min_years']} năm có Chỉ số CCHC ≥ {format_number(p['threshold'])}%"
        f"{_years_phrase(p['years'])}"
    )


def _bind_flag_and_par_years_count(p: Mapping[str, Any], env: Env) -> Evaluator:
    years = [env.stats(y) for y in resolve_years(p["years"], env)]
    threshold: Fraction = p["threshold"]
    need: int = p["min_years"]
    flag: str = p["flag"]
    yes, no = PERSON_FLAG_SHORT[flag]
    units = env.facts.unit_by_code
    cache: dict[tuple[str, bool], Outcome] = {}

    def outcome(person: Person) -> Outcome:
        has_flag = bool(getattr(person, flag))
        key = (person.unit, has_flag)
        cached = cache.get(key)
        if cached is None:
            unit = units[person.unit]
            if unit.par_assessed:
                unit_ok, unit_text = _count_years(env, unit, years, threshold, need)
                unit_text = f"đơn vị: {unit_text}"
            else:
                unit_ok = p["when_not_assessed"]
                unit_text = "đơn vị không thuộc diện đánh giá Chỉ số CCHC"
            cached = cache[key] = (
                logic.and_(has_flag, unit_ok),
                f"{yes if has_flag else no}; {unit_text}",
            )
        return cached

    return outcome


def _describe_flag_and_par_years_count(p: Mapping[str, Any]) -> str:
    return (
        f"{PERSON_FLAG_SHORT[p['flag']][0].lower()} và đơn vị có ít nhất {p['min_years']} năm "
        f"Chỉ số CCHC ≥ {format_number(p['threshold'])}%{_years_phrase(p['years'])}"
    )


# --------------------------------------------------------------------------------------
# Ratings, flags, discipline, reviews
# --------------------------------------------------------------------------------------


def _bind_rating(p: Mapping[str, Any], env: Env) -> Evaluator:
    year = resolve_year(p["year"], env)
    needed = RATING_RANK[p["at_least"]]
    ratings = env.facts.rating_by_year.get(year, {})
    outcomes: dict[str | None, Outcome] = {
        r: (RATING_RANK[r] >= needed, f"Xếp loại năm {year}: {r}") for r in RATINGS
    }
    outcomes[None] = (None, f"Chưa có kết quả xếp loại năm {year}")

    def outcome(subject: Subject) -> Outcome:
        return outcomes[ratings.get(subject.code)]

    return outcome


def _describe_rating(p: Mapping[str, Any]) -> str:
    at_least = p["at_least"]
    tail = "" if at_least == RATINGS[0] else " trở lên"
    return f"xếp loại {at_least}{tail}{_years_phrase(p['year'])}"


def _bind_person_flag(p: Mapping[str, Any], env: Env) -> Evaluator:
    flag: str = p["flag"]
    yes, no = PERSON_FLAG_TEXTS[flag]
    true_outcome: Outcome = (True, yes)
    false_outcome: Outcome = (False, no)

    def outcome(person: Person) -> Outcome:
        return true_outcome if getattr(person, flag) else false_outcome

    return outcome


def _describe_person_flag(p: Mapping[str, Any]) -> str:
    return PERSON_FLAG_TEXTS[p["flag"]][0].lower()


_DISCIPLINE_SCOPES: Final = ("self", "unit_members", "unit_key_leaders")


def _bind_no_discipline(p: Mapping[str, Any], env: Env) -> Evaluator:
    year = resolve_year(p["year"], env)
    lowest = DISCIPLINE_RANK[p["min_level"]]
    scope: str = p["scope"]
    level_text = "" if lowest == 0 else f" từ mức {DISCIPLINE_LABELS[p['min_level']]} trở lên"
    facts = env.facts
    # person -> their disciplines of the year (a small set, computed once)
    hits: dict[str, list[Discipline]] = {}
    for d in facts.disciplines:
        if d.date.year == year and DISCIPLINE_RANK[d.level] >= lowest:
            hits.setdefault(d.person, []).append(d)

    def listed(d: Discipline) -> str:
        return f"{DISCIPLINE_LABELS[d.level]}, {format_date(d.date)}"

    if scope == "self":
        clean: Outcome = (True, f"Không bị kỷ luật{level_text} năm {year}")

        def self_outcome(person: Person) -> Outcome:
            found = hits.get(person.code)
            if not found:
                return clean
            items = "; ".join(listed(d) for d in found)
            return False, f"Bị kỷ luật{level_text} năm {year}: {items}"

        return self_outcome

    leaders_only = scope == "unit_key_leaders"
    by_unit: dict[str, list[str]] = {}
    for code, found in hits.items():
        person = facts.person_by_code[code]
        if leaders_only and not person.key_leader:
            continue
        by_unit.setdefault(person.unit, []).extend(f"{code} ({listed(d)})" for d in found)
    who = "lãnh đạo chủ chốt nào" if leaders_only else "cá nhân nào của đơn vị"
    clean_unit: Outcome = (True, f"Không có {who} bị kỷ luật{level_text} năm {year}")
    head = "Lãnh đạo chủ chốt" if leaders_only else "Có cá nhân của đơn vị"

    def unit_outcome(unit: Unit) -> Outcome:
        found = by_unit.get(unit.code)
        if not found:
            return clean_unit
        return False, f"{head} bị kỷ luật{level_text} năm {year}: {'; '.join(found)}"

    return per_unit(env, unit_outcome)


def _describe_no_discipline(p: Mapping[str, Any]) -> str:
    who = {
        "self": "không bị kỷ luật",
        "unit_members": "không có cá nhân nào của đơn vị bị kỷ luật",
        "unit_key_leaders": "không có lãnh đạo chủ chốt bị kỷ luật",
    }[p["scope"]]
    return f"{who}{_years_phrase(p['year'])}"


def _discipline_subjects(p: Mapping[str, Any]) -> frozenset[str]:
    return _ONLY_PEOPLE if p["scope"] == "self" else _BOTH


def _bind_no_open_review(p: Mapping[str, Any], env: Env) -> Evaluator:
    year = resolve_year(p["year"], env)
    day = dt.date(year, 12, 31)
    kinds = frozenset(p["kinds"])
    reviews_of = env.facts.reviews_of
    clean: Outcome = (True, f"Không có vụ việc đang xem xét vào ngày 31/12/{year}")

    def outcome(subject: Subject) -> Outcome:
        reviews = reviews_of.get(subject.code)
        if not reviews:
            return clean
        open_ = [r for r in reviews if r.kind in kinds and r.open_on(day)]
        if not open_:
            return clean
        items = "; ".join(f"{REVIEW_LABELS[r.kind]} (từ {format_date(r.since)})" for r in open_)
        return None, f"chưa xét khen thưởng — {items}"

    return outcome


def _describe_no_open_review(p: Mapping[str, Any]) -> str:
    return "không đang bị xem xét kỷ luật, khiếu nại, tố cáo hoặc phản ánh chưa xác minh"


# --------------------------------------------------------------------------------------
# Awards, initiatives, attestations
# --------------------------------------------------------------------------------------


def _award_label(forms: Sequence[str], field: str) -> str:
    label = " hoặc ".join(AWARD_FORMS[f][1] for f in forms)
    return f"{label} về CCHC" if field == "cchc" else label


def _award_counter(p: Mapping[str, Any], env: Env) -> Callable[[str], int]:
    forms = frozenset(p["forms"])
    field: str = p["field"]
    years = frozenset(resolve_years(p["years"], env))
    awards_of = env.facts.awards_of

    def count(code: str) -> int:
        awards = awards_of.get(code)
        if not awards:
            return 0
        return sum(
            1
            for a in awards
            if a.form in forms and a.year in years and (field == "any" or a.field == field)
        )

    return count


def _bind_award(p: Mapping[str, Any], env: Env) -> Evaluator:
    count = _award_counter(p, env)
    need: int = p["min_count"]
    label = p["label"] or _award_label(p["forms"], p["field"])
    when = _within(resolve_years(p["years"], env))
    if need == 1:
        have: Outcome = (True, f"Có {label} {when}")
        lack: Outcome = (False, f"Không có {label} {when}")

        def one(subject: Subject) -> Outcome:
            return have if count(subject.code) else lack

        return one
    cache: dict[int, Outcome] = {}

    def many(subject: Subject) -> Outcome:
        n = count(subject.code)
        found = cache.get(n)
        if found is None:
            found = cache[n] = (n >= need, f"{n} {label} {when} (cần ít nhất {need})")
        return found

    return many


def _describe_award(p: Mapping[str, Any]) -> str:
    label = p["label"] or _award_label(p["forms"], p["field"])
    times = "" if p["min_count"] == 1 else f" ít nhất {p['min_count']} lần"
    return f"có {label}{times}{_years_phrase(p['years'])}"


def _bind_cstd(p: Mapping[str, Any], env: Env) -> Evaluator:
    forms = CSTD_FORMS[CSTD_FORMS.index(p["min_form"]) :]
    order = {f: i for i, f in enumerate(forms)}
    years = frozenset(resolve_years(p["years"], env))
    when = _within(sorted(years))
    awards_of = env.facts.awards_of
    title = (
        "Chiến sĩ thi đua"
        if p["min_form"] == CSTD_FORMS[0]
        else f"{AWARD_FORMS[p['min_form']][1]} trở lên"
    )
    lack: Outcome = (False, f"Không có danh hiệu {title} {when}")

    def outcome(subject: Subject) -> Outcome:
        best = -1
        for a in awards_of.get(subject.code, ()):
            if a.year in years and a.form in order:
                best = max(best, order[a.form])
        if best < 0:
            return lack
        return True, f"Có danh hiệu {AWARD_FORMS[forms[best]][1]} {when}"

    return outcome


def _describe_cstd(p: Mapping[str, Any]) -> str:
    return f"có danh hiệu {AWARD_FORMS[p['min_form']][1]} trở lên{_years_phrase(p['years'])}"


def _bind_initiative(p: Mapping[str, Any], env: Env) -> Evaluator:
    years = resolve_years(p["years"], env)
    wanted = frozenset(years)
    min_scope: str = p["min_scope"]
    lowest = SCOPE_RANK[min_scope] if min_scope else 0
    scope_text = f", phạm vi từ {min_scope}" if min_scope else ""
    by_unit = p["by"] == "unit"
    index = env.facts.initiatives_of_unit if by_unit else env.facts.initiatives_of_author
    if by_unit:
        lack: Outcome = (
            False,
            f"Đơn vị không có sáng kiến nào được công nhận ({_when(years)}{scope_text})",
        )
        head = "Sáng kiến của đơn vị"
    else:
        lack = (
            False,
            f"Không là tác giả sáng kiến nào được công nhận ({_when(years)}{scope_text})",
        )
        head = "Tác giả sáng kiến"

    def outcome(subject: Subject) -> Outcome:
        found = [
            i.code
            for i in index.get(subject.code, ())
            if i.year in wanted and SCOPE_RANK[i.scope] >= lowest
        ]
        if not found:
            return lack
        return True, f"{head}: {', '.join(found)}"

    return outcome


def _describe_initiative(p: Mapping[str, Any]) -> str:
    scope = f" {SCOPE_LABELS[p['min_scope']]} trở lên" if p["min_scope"] else ""
    who = "đơn vị có sáng kiến" if p["by"] == "unit" else "là tác giả sáng kiến"
    return f"{who} được công nhận{scope}{_years_phrase(p['years'])}"


def _initiative_subjects(p: Mapping[str, Any]) -> frozenset[str]:
    return _ONLY_UNITS if p["by"] == "unit" else _ONLY_PEOPLE


def _bind_attestation(p: Mapping[str, Any], env: Env) -> Evaluator:
    key: str = p["key"]
    label: str = p["label"] or key
    phase = p["years"] == PHASE
    years = resolve_years(p["years"], env)
    facts = env.facts
    if len(years) == 1 and not phase:
        subjects = facts.attested.get(key, {}).get(years[0], frozenset())
        have: Outcome = (True, f"Có xác nhận “{label}” năm {years[0]}")
        lack: Outcome = (False, f"Không có xác nhận “{label}” năm {years[0]}")

        def one_year(subject: Subject) -> Outcome:
            return have if subject.code in subjects else lack

        return one_year
    span = f"giai đoạn {format_years(years)}" if phase else _when(years)
    lack_many: Outcome = (False, f"Không có xác nhận “{label}” trong {span}")
    anyone = _attested_in(facts, key, years)

    def many_years(subject: Subject) -> Outcome:
        if subject.code not in anyone:
            return lack_many
        found = facts.attested_years(subject.code, key, years)
        return True, f"Có xác nhận “{label}” trong {span} (năm {year_list(found)})"

    return many_years


def _attested_in(facts: Facts, key: str, years: Sequence[int]) -> frozenset[str]:
    """Subjects with attestation ``key`` in any of ``years``."""
    by_year = facts.attested.get(key, {})
    return frozenset().union(*(by_year.get(y, ()) for y in years))


def _describe_attestation(p: Mapping[str, Any]) -> str:
    return f"có xác nhận “{p['label'] or p['key']}”{_years_phrase(p['years'])}"


def _bind_attestation_and_awards(p: Mapping[str, Any], env: Env) -> Evaluator:
    key: str = p["key"]
    label: str = p["label"] or key
    years = resolve_years(p["years"], env)
    need: int = p["min_count"]
    count = _award_counter(p, env)
    award_label = p["award_label"] or _award_label(p["forms"], p["field"])
    when = _within(years)
    anyone = _attested_in(env.facts, key, years)
    cache: dict[tuple[bool, int], Outcome] = {}

    def outcome(subject: Subject) -> Outcome:
        attested = subject.code in anyone
        n = count(subject.code)
        found = cache.get((attested, n))
        if found is None:
            word = "Có" if attested else "Không có"
            found = cache[(attested, n)] = (
                attested and n >= need,
                f"{word} xác nhận {label}; {n} {award_label} {when}",
            )
        return found

    return outcome


def _describe_attestation_and_awards(p: Mapping[str, Any]) -> str:
    award_label = p["award_label"] or _award_label(p["forms"], p["field"])
    return (
        f"có xác nhận {p['label'] or p['key']} và ít nhất {p['min_count']} "
        f"{award_label}{_years_phrase(p['years'])}"
    )


def _both(_: Mapping[str, Any]) -> frozenset[str]:
    return _BOTH


def _people(_: Mapping[str, Any]) -> frozenset[str]:
    return _ONLY_PEOPLE


_AWARD_PARAMS: Final = (
    Param("forms", _choices(_FORM_KEYS)),
    Param("field", _choice(_FIELD_ANY), "any"),
)

PRIMITIVES: Final[dict[str, Primitive]] = {
    p.name: p
    for p in (
        Primitive(
            "par_percent",
            "Chỉ số CCHC đạt ngưỡng (mọi năm được nêu)",
            (_threshold(), _years("Y"), _wna()),
            _bind_par_percent,
            _describe_par_percent,
            _both,
        ),
        Primitive(
            "par_rank",
            "Xếp hạng Chỉ số CCHC trong nhóm",
            (Param("max_rank", _positive_int), _year(), _wna()),
            _bind_par_rank,
            _describe_par_rank,
            _both,
        ),
        Primitive(
            "par_band",
            "Xếp loại Chỉ số CCHC",
            (Param("band", _nonempty), _year(), _wna()),
            _bind_par_band,
            _describe_par_band,
            _both,
        ),
        Primitive(
            "par_rise",
            "Chỉ số CCHC tăng so với năm trước",
            (_year(), Param("compare_to", lambda v: _year_ref(v, False), "Y-1"), _wna()),
            _bind_par_rise,
            _describe_par_rise,
            _both,
        ),
        Primitive(
            "par_band_rise",
            "Xếp loại Chỉ số CCHC và tăng so với năm trước",
            (
                Param("band", _nonempty),
                _year(),
                Param("compare_to", lambda v: _year_ref(v, False), "Y-1"),
                _wna(),
            ),
            _bind_par_band_rise,
            _describe_par_band_rise,
            _both,
        ),
        Primitive(
            "par_years_count",
            "Số năm có Chỉ số CCHC đạt ngưỡng",
            (_threshold(), Param("min_years", _positive_int), _years(PHASE), _wna()),
            _bind_par_years_count,
            _describe_par_years_count,
            _both,
        ),
        Primitive(
            "flag_and_par_years_count",
            "Cá nhân có vai trò và đơn vị có số năm Chỉ số CCHC đạt ngưỡng",
            (
                Param("flag", _choice(PERSON_FLAGS), "cchc_role"),
                _threshold(),
                Param("min_years", _positive_int),
                _years(PHASE),
                _wna(),
            ),
            _bind_flag_and_par_years_count,
            _describe_flag_and_par_years_count,
            _people,
        ),
        Primitive(
            "rating",
            "Xếp loại chất lượng",
            (Param("at_least", _choice(RATINGS), "HTXSNV"), _year()),
            _bind_rating,
            _describe_rating,
            _both,
        ),
        Primitive(
            "person_flag",
            "Vai trò của cá nhân",
            (Param("flag", _choice(PERSON_FLAGS)),),
            _bind_person_flag,
            _describe_person_flag,
            _people,
        ),
        Primitive(
            "no_discipline",
            "Không bị kỷ luật",
            (
                Param("scope", _choice(_DISCIPLINE_SCOPES), "self"),
                _year(),
                Param("min_level", _choice(DISCIPLINE_LEVELS), "khien_trach"),
            ),
            _bind_no_discipline,
            _describe_no_discipline,
            _discipline_subjects,
        ),
        Primitive(
            "no_open_review",
            "Không đang bị xem xét (chưa xét khen thưởng khi đang xem xét)",
            (Param("kinds", _choices(REVIEW_KINDS), REVIEW_KINDS), _year()),
            _bind_no_open_review,
            _describe_no_open_review,
            _both,
        ),
        Primitive(
            "award",
            "Đã được khen thưởng",
            (
                *_AWARD_PARAMS,
                _years("Y-1"),
                Param("min_count", _positive_int, 1),
                Param("label", _text, ""),
            ),
            _bind_award,
            _describe_award,
            _both,
        ),
        Primitive(
            "cstd_or_higher",
            "Danh hiệu Chiến sĩ thi đua (hoặc cao hơn)",
            (
                _years("Y-1"),
                Param("min_form", _choice(CSTD_FORMS), CSTD_FORMS[0]),
            ),
            _bind_cstd,
            _describe_cstd,
            _both,
        ),
        Primitive(
            "initiative",
            "Sáng kiến được công nhận",
            (
                Param("by", _choice(("unit", "author"))),
                Param("min_scope", _optional_scope, ""),
                _years("Y"),
            ),
            _bind_initiative,
            _describe_initiative,
            _initiative_subjects,
        ),
        Primitive(
            "attestation",
            "Xác nhận của cơ quan thẩm định",
            (Param("key", _nonempty), Param("label", _text, ""), _years("Y")),
            _bind_attestation,
            _describe_attestation,
            _both,
        ),
        Primitive(
            "attestation_and_awards",
            "Xác nhận và số lần được khen thưởng",
            (
                Param("key", _nonempty),
                Param("label", _text, ""),
                *_AWARD_PARAMS,
                Param("min_count", _positive_int, 2),
                Param("award_label", _text, ""),
                _years(PHASE),
            ),
            _bind_attestation_and_awards,
            _describe_attestation_and_awards,
            _both,
        ),
    )
}


def bind(primitive: str, params: Mapping[str, Any], env: Env) -> Evaluator:
    """The evaluator of a criterion for one scheme (``params`` already checked)."""
    return PRIMITIVES[primitive].bind(params, env)


def describe(primitive: str, params: Mapping[str, Any]) -> str:
    """A Vietnamese label generated from the parameters (used when none is given)."""
    text = PRIMITIVES[primitive].describe(params)
    return text[:1].upper() + text[1:]


def subjects_of(primitive: str, params: Mapping[str, Any]) -> frozenset[str]:
    """The kinds of candidate (collective / individual) the criterion can judge."""
    return PRIMITIVES[primitive].subjects(params)


def restrict(
    evaluator: Evaluator,
    env: Env,
    groups: tuple[str, ...] | None,
    flag: str | None,
) -> Evaluator:
    """Apply a criterion only to some candidates; the others pass (RULES.md §2.3: a
    criterion that does not read the figure for that subject is ``true``)."""
    if groups is None and flag is None:
        return evaluator
    units = env.facts.unit_by_code
    outside: dict[str, Outcome] = {}
    not_flagged: Outcome = (
        True,
        f"{PERSON_FLAG_TEXTS[flag][1]}: tiêu chí không áp dụng" if flag is not None else "",
    )
    # Labels, never the format's codes ("bo_phan"): the explanation is read by people.
    only = "; ".join(f"“{GROUP_LABELS.get(g, g)}”" for g in groups or ())

    def outcome(subject: Subject) -> Outcome:
        if groups is not None:
            group = subject.group if isinstance(subject, Unit) else units[subject.unit].group
            if group not in groups:
                found = outside.get(group)
                if found is None:
                    found = outside[group] = (
                        True,
                        f"Không áp dụng cho nhóm “{GROUP_LABELS.get(group, group)}” "
                        f"(chỉ áp dụng cho nhóm {only})",
                    )
                return found
        if flag is not None and isinstance(subject, Person) and not getattr(subject, flag):
            return not_flagged
        return evaluator(subject)

    return outcome
