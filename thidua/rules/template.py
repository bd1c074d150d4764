"""Campaign templates: a plan's schemes, criteria, quotas and calendar as data.

The five seed plans ship as ``templates/<key>.toml``. A campaign keeps an editable copy as
JSON (:meth:`Template.to_dict` / :func:`template_from_dict`); every check of a template dict
raises :class:`TemplateError` with a Vietnamese message for the UI and the ``path`` of the
offending value (``schemes[0].criteria[1].params.threshold``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from thidua.rules import criteria
from thidua.rules.catalogue import DEFAULT_BANDS, GROUPS, PERSON_FLAGS, SUBJECT_LABELS
from thidua.rules.expression import (
    KEYWORDS,
    ExpressionError,
    Node,
    Ref,
    parse_expression,
    referenced_keys,
    render_vietnamese,
)


class TemplateError(ValueError):
    """A template that cannot be used; the message is Vietnamese, for the UI."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class UnknownTemplateError(LookupError):
    """No shipped template has that key (English message, for the command line)."""


COLLECTIVE: Final = "collective"
INDIVIDUAL: Final = "individual"
ANNUAL: Final = "annual"
PHASE: Final = "phase"
ALL_YEARS: Final = "all_years"
LAST_YEAR: Final = "last_year"
TIE_NOTE: Final = "bằng điểm tại ngưỡng chỉ tiêu — Hội đồng quyết định"

_SLUG_RE: Final = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_CRITERION_KEY_RE: Final = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Band:
    name: str
    min: Decimal  # lower bound in percent, inclusive


@dataclass(frozen=True, slots=True)
class CriterionDef:
    key: str
    primitive: str
    params: Mapping[str, Any] = field(hash=False)
    label: str = ""  # "" = generated from the parameters (see display_label)
    only_groups: tuple[str, ...] | None = None  # others pass (e.g. Thái Nguyên par_tot)
    only_flag: str | None = None  # people without the flag pass (chu_tich_xa_par_tot)

    @property
    def display_label(self) -> str:
        return self.label or criteria.describe(self.primitive, self.params)


@dataclass(frozen=True, slots=True)
class Phase:
    start: int
    end: int
    reading: str = ALL_YEARS  # or LAST_YEAR: criteria read the phase's last year only

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start, self.end + 1))


@dataclass(frozen=True, slots=True)
class Quota:
    """No quota (both None), a total, or one figure per group."""

    total: int | None = None
    per_group: Mapping[str, int] | None = field(default=None, hash=False)

    @property
    def limited(self) -> bool:
        return self.total is not None or self.per_group is not None


@dataclass(frozen=True, slots=True)
class Priority:
    """Order of eligible candidates for quota places: ``par_percent`` (PAR percent of the
    evaluation year, descending; without one, last), ``flag_first`` (people with ``flag``
    first, then equal) or ``none`` (all equal)."""

    kind: str = "par_percent"
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class Scheme:
    key: str
    name: str
    form: str
    subject: str  # COLLECTIVE | INDIVIDUAL
    scope: str  # ANNUAL | PHASE
    groups: tuple[str, ...]
    criteria: tuple[CriterionDef, ...]
    expression: str
    phase: Phase | None = None
    quota: Quota = Quota()
    priority: Priority = Priority()
    note: str = ""
    tree: Node = field(default=Ref(""), compare=False, repr=False)

    def evaluation_year(self, year: int) -> int:
        """Y for the criteria: the given year for an annual scheme, the phase's last year
        for a phase scheme (RULES.md §5: a phase is evaluated regardless of --year)."""
        return self.phase.end if self.phase is not None else year

    def years_read(self, year: int) -> list[int]:
        if self.phase is None:
            return [year]
        if self.phase.reading == LAST_YEAR:
            return [self.phase.end]
        return list(self.phase.years)

    def explain(self) -> str:
        """The expression in words: ``Chỉ số CCHC ≥ 90% VÀ …``."""
        return render_vietnamese(self.tree, {c.key: c.display_label for c in self.criteria})


@dataclass(frozen=True, slots=True)
class Deadline:
    """A fixed ``date``; or every year on ``day``/``month`` of Y + ``year_offset``; or
    ``days_before`` an ``event`` whose date the office sets."""

    key: str
    label: str
    date: dt.date | None = None
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    days_before: int | None = None
    event: str = ""

    def due(self, year: int) -> dt.date | None:
        """The deadline for evaluation year ``year`` (None when it hangs on an event)."""
        if self.date is not None:
            return self.date
        if self.month is not None and self.day is not None:
            # Stored data is not trusted to be a real day of every year: 29/02 in a common
            # year (or 31/04 from a hand-edited JSON) is the month's last day; a month or
            # year out of range is no date rather than an exception.
            y = year + self.year_offset
            if not 1 <= self.month <= 12 or not dt.MINYEAR <= y <= dt.MAXYEAR or self.day < 1:
                return None
            last = calendar.monthrange(y, self.month)[1]
            return dt.date(y, self.month, min(self.day, last))
        return None


@dataclass(frozen=True, slots=True)
class DossierComponent:
    key: str
    name: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Copies:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Dossier:
    components: tuple[DossierComponent, ...] = ()
    copies: tuple[Copies, ...] = ()


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    title: str
    issuer: str
    number: str
    date: dt.date
    place: str
    period_start: dt.date
    period_end: dt.date
    groups: tuple[str, ...]  # participant groups
    individuals: bool  # people of those groups take part too
    participants: str  # the plan's own words
    bands: tuple[Band, ...]
    schemes: tuple[Scheme, ...]
    deadlines: tuple[Deadline, ...] = ()
    dossier: Dossier = Dossier()
    source: str = ""  # the seed file it was read from

    @property
    def years(self) -> tuple[int, ...]:
        """Evaluation years accepted: the period's whole calendar years (RULES.md §2.9)."""
        return tuple(range(self.period_start.year, self.period_end.year + 1))

    @property
    def attestation_keys(self) -> dict[str, str]:
        """The attestation keys the template's criteria read, with their labels (RULES.md
        §1: "each template lists the keys it uses")."""
        keys: dict[str, str] = {}
        for scheme in self.schemes:
            for c in scheme.criteria:
                key = c.params.get("key")
                if isinstance(key, str) and c.primitive.startswith("attestation"):
                    keys.setdefault(key, c.params.get("label") or key)
        return keys

    def scheme(self, key: str) -> Scheme | None:
        for s in self.schemes:
            if s.key == key:
                return s
        return None

    def to_dict(self) -> dict[str, Any]:
        return _template_to_dict(self)


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------

TEMPLATE_KEYS: Final = (
    "loc-ninh-2024-2025",
    "dinh-du-2024",
    "tan-chau-2020",
    "phu-my-2021-2025",
    "thai-nguyen-2018-2020",
)


def template_keys() -> tuple[str, ...]:
    return TEMPLATE_KEYS


@cache
def load_template(key: str) -> Template:
    """A shipped template by key (cached; templates are immutable)."""
    if key not in TEMPLATE_KEYS:
        raise UnknownTemplateError(f"unknown template {key!r} (known: {', '.join(TEMPLATE_KEYS)})")
    text = (resources.files("thidua.rules") / "templates" / f"{key}.toml").read_text(
        encoding="utf-8"
    )
    data = tomllib.loads(text, parse_float=Decimal)
    template = template_from_dict(data)
    if template.key != key:  # pragma: no cover - a packaging mistake
        raise TemplateError(f"tệp {key}.toml khai báo khóa “{template.key}”", "key")
    return template


def template_from_dict(data: Mapping[str, Any]) -> Template:
    """Validate a template dict (from TOML or from a campaign's JSON copy)."""
    return _Reader().template(data)


class _Reader:
    """Reads one template dict, tracking where it is for error messages."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.where = ""  # human context: "Phương án “x”, tiêu chí “y”: "

    def fail(self, message: str) -> TemplateError:
        return TemplateError(f"{self.where}{message}", ".".join(self.path).replace(".[", "["))

    # -- generic fields --

    def obj(
        self, data: Any, known: tuple[str, ...], required: tuple[str, ...]
    ) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail("phải là một đối tượng (bảng khóa – giá trị)")
        for name in data:
            if name not in known:
                self.path.append(str(name))
                raise self.fail(f"khóa “{name}” không được dùng ở đây (có: {', '.join(known)})")
        for name in required:
            if name not in data:
                self.path.append(name)
                raise self.fail(f"thiếu “{name}”")
        return data

    def at(self, name: str | int, fn: Callable[[], Any]) -> Any:
        self.path.append(f"[{name}]" if isinstance(name, int) else name)
        try:
            return fn()
        finally:
            self.path.pop()

    def text(self, data: Mapping[str, Any], name: str, default: str | None = None) -> str:
        value = data.get(name, default)
        if not isinstance(value, str):
            self.path.append(name)
            raise self.fail(f"“{name}” phải là một đoạn chữ")
        return value.strip()

    def slug(self, data: Mapping[str, Any], name: str) -> str:
        value = self.text(data, name)
        if not _SLUG_RE.fullmatch(value):
            self.path.append(name)
            raise self.fail(
                f"“{name}” phải gồm chữ thường không dấu, số, “-” hoặc “_” (không phải “{value}”)"
            )
        return value

    def date(self, data: Mapping[str, Any], name: str) -> dt.date:
        value = data.get(name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                    return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.path.append(name)
        raise self.fail(f"“{name}” phải là một ngày có thật, viết YYYY-MM-DD")

    def integer(
        self, data: Mapping[str, Any], name: str, low: int, default: int | None = None
    ) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.path.append(name)
            raise self.fail(f"“{name}” phải là số nguyên từ {low} trở lên")
        return int(value)

    def groups(self, data: Mapping[str, Any], name: str) -> tuple[str, ...]:
        value = data.get(name)
        if (
            not isinstance(value, list | tuple)
            or not value
            or any(g not in GROUPS for g in value)
            or len(set(value)) != len(value)
        ):
            self.path.append(name)
            raise self.fail(
                f"“{name}” phải là danh sách nhóm không trùng, lấy từ: {', '.join(GROUPS)}"
            )
        return tuple(value)

    # -- sections --

    def template(self, data: Any) -> Template:
        d = self.obj(
            data,
            (
                "key",
                "title",
                "issuer",
                "number",
                "date",
                "place",
                "source",
                "period",
                "participants",
                "bands",
                "schemes",
                "deadlines",
                "dossier",
            ),
            ("key", "title", "period", "participants", "schemes"),
        )
        key = self.slug(d, "key")
        period = self.at(
            "period", lambda: self.obj(d["period"], ("start", "end"), ("start", "end"))
        )
        start = self.at("period", lambda: self.date(period, "start"))
        end = self.at("period", lambda: self.date(period, "end"))
        if end < start:
            self.path.append("period")
            raise self.fail("ngày kết thúc của thời gian thi đua trước ngày bắt đầu")
        parts = self.at(
            "participants",
            lambda: self.obj(
                d["participants"], ("groups", "individuals", "description"), ("groups",)
            ),
        )
        groups = self.at("participants", lambda: self.groups(parts, "groups"))
        individuals = parts.get("individuals", True)
        if not isinstance(individuals, bool):
            self.path += ["participants", "individuals"]
            raise self.fail("“individuals” phải là true hoặc false")
        bands = self.at("bands", lambda: self.bands(d.get("bands")))
        years = tuple(range(start.year, end.year + 1))
        raw_schemes = d["schemes"]
        if not isinstance(raw_schemes, list | tuple) or not raw_schemes:
            self.path.append("schemes")
            raise self.fail("kế hoạch cần ít nhất một phương án khen thưởng")
        schemes = []
        for i, raw in enumerate(raw_schemes):
            self.path += ["schemes", f"[{i}]"]
            schemes.append(self.scheme(raw, groups, years, bands))
            del self.path[-2:]
        seen: set[str] = set()
        for i, s in enumerate(schemes):
            if s.key in seen:
                self.path += ["schemes", f"[{i}]", "key"]
                raise self.fail(f"hai phương án cùng khóa “{s.key}”")
            seen.add(s.key)
        return Template(
            key=key,
            title=self.text(d, "title"),
            issuer=self.text(d, "issuer", ""),
            number=self.text(d, "number", ""),
            date=self.date(d, "date") if "date" in d else start,
            place=self.text(d, "place", ""),
            period_start=start,
            period_end=end,
            groups=groups,
            individuals=individuals,
            participants=self.at("participants", lambda: self.text(parts, "description", "")),
            bands=bands,
            schemes=tuple(schemes),
            deadlines=self.at("deadlines", lambda: self.deadlines(d.get("deadlines", []))),
            dossier=self.at("dossier", lambda: self.dossier(d.get("dossier", {}))),
            source=self.text(d, "source", ""),
        )

    def bands(self, data: Any) -> tuple[Band, ...]:
        if data is None:
            return tuple(Band(name, lower) for name, lower in DEFAULT_BANDS)
        if not isinstance(data, list | tuple) or not data:
            raise self.fail("thang xếp loại cần ít nhất một mức")
        out: list[Band] = []
        for i, raw in enumerate(data):
            self.path.append(f"[{i}]")
            b = self.obj(raw, ("name", "min"), ("name", "min"))
            name = self.text(b, "name")
            lower = _band_min(b.get("min"))
            if lower is None:
                self.path.append("min")
                raise self.fail("“min” của mức xếp loại phải là số từ 0 đến 100")
            if not name or any(x.name == name for x in out):
                raise self.fail(f"tên mức xếp loại “{name}” trống hoặc bị trùng")
            if out and lower >= out[-1].min:
                raise self.fail("các mức xếp loại phải xếp từ cao xuống thấp, ngưỡng giảm dần")
            out.append(Band(name, lower))
            self.path.pop()
        return tuple(out)

    def scheme(
        self,
        data: Any,
        participant_groups: tuple[str, ...],
        years: tuple[int, ...],
        bands: tuple[Band, ...],
    ) -> Scheme:
        d = self.obj(
            data,
            (
                "key",
                "name",
                "form",
                "subject",
                "scope",
                "phase",
                "groups",
                "criteria",
                "expression",
                "quota",
                "priority",
                "note",
            ),
            ("key", "name", "form", "subject", "criteria"),
        )
        key = self.slug(d, "key")
        self.where = f"Phương án “{key}”: "
        try:
            return self._scheme(d, key, participant_groups, years, bands)
        finally:
            self.where = ""

    def _scheme(
        self,
        d: Mapping[str, Any],
        key: str,
        participant_groups: tuple[str, ...],
        years: tuple[int, ...],
        bands: tuple[Band, ...],
    ) -> Scheme:
        subject = d["subject"]
        if subject not in (COLLECTIVE, INDIVIDUAL):
            self.path.append("subject")
            raise self.fail("“subject” phải là collective (tập thể) hoặc individual (cá nhân)")
        scope = d.get("scope", ANNUAL)
        if scope not in (ANNUAL, PHASE):
            self.path.append("scope")
            raise self.fail("“scope” phải là annual (hằng năm) hoặc phase (giai đoạn)")
        phase = None
        if scope == PHASE:
            phase = self.at("phase", lambda: self.phase(d.get("phase"), years))
        elif "phase" in d:
            self.path.append("phase")
            raise self.fail("chỉ phương án theo giai đoạn (scope = phase) mới có “phase”")
        groups = self.groups(d, "groups") if "groups" in d else participant_groups
        outside = [g for g in groups if g not in participant_groups]
        if outside:
            self.path.append("groups")
            raise self.fail(f"nhóm {', '.join(outside)} không thuộc đối tượng thi đua của kế hoạch")
        raw = d["criteria"]
        if not isinstance(raw, list | tuple) or not raw:
            self.path.append("criteria")
            raise self.fail("phương án cần ít nhất một tiêu chí")
        defs = []
        for i, c in enumerate(raw):
            self.path += ["criteria", f"[{i}]"]
            defs.append(self.criterion(c, subject, phase, groups, bands))
            del self.path[-2:]
        keys = [c.key for c in defs]
        for i, k in enumerate(keys):
            if k in keys[:i]:
                self.path += ["criteria", f"[{i}]", "key"]
                raise self.fail(f"hai tiêu chí cùng khóa “{k}”")
        expression = self.text(d, "expression", " AND ".join(keys))
        try:
            tree = parse_expression(expression, keys)
        except ExpressionError as exc:
            self.path.append("expression")
            raise self.fail(f"biểu thức tiêu chí: {exc.message}") from None
        unused = [k for k in keys if k not in referenced_keys(tree)]
        if unused:
            self.path.append("expression")
            raise self.fail(
                f"tiêu chí {', '.join(f'“{k}”' for k in unused)} chưa được dùng trong biểu thức"
            )
        quota = self.at("quota", lambda: self.quota(d.get("quota"), groups))
        priority = self.at("priority", lambda: self.priority(d.get("priority"), subject))
        form = self.slug(d, "form")
        return Scheme(
            key=key,
            name=self.text(d, "name"),
            form=form,
            subject=subject,
            scope=scope,
            groups=groups,
            criteria=tuple(defs),
            expression=expression,
            phase=phase,
            quota=quota,
            priority=priority,
            note=self.text(d, "note", ""),
            tree=tree,
        )

    def phase(self, data: Any, years: tuple[int, ...]) -> Phase:
        if data is None:
            raise self.fail("phương án theo giai đoạn cần “phase” (năm đầu, năm cuối)")
        d = self.obj(data, ("start", "end", "reading"), ("start", "end"))
        start = self.integer(d, "start", 1)
        end = self.integer(d, "end", 1)
        if end < start or start not in years or end not in years:
            raise self.fail(
                f"giai đoạn {start}–{end} phải nằm trong thời gian của kế hoạch "
                f"({years[0]}–{years[-1]})"
            )
        reading = d.get("reading", ALL_YEARS)
        if reading not in (ALL_YEARS, LAST_YEAR):
            self.path.append("reading")
            raise self.fail(
                "“reading” phải là all_years (đọc mọi năm của giai đoạn) hoặc last_year "
                "(chỉ đọc năm cuối)"
            )
        return Phase(start, end, reading)

    def criterion(
        self,
        data: Any,
        subject: str,
        phase: Phase | None,
        groups: tuple[str, ...],
        bands: tuple[Band, ...],
    ) -> CriterionDef:
        d = self.obj(
            data,
            ("key", "label", "primitive", "params", "only_groups", "only_flag"),
            ("key", "primitive"),
        )
        key = self.text(d, "key")
        if not _CRITERION_KEY_RE.fullmatch(key) or key in KEYWORDS:
            self.path.append("key")
            raise self.fail(
                f"khóa tiêu chí “{key}” phải gồm chữ thường không dấu, số và “_”, bắt đầu bằng "
                "chữ, và không trùng từ khóa AND/OR/NOT/VA/HOAC/KHONG"
            )
        outer = self.where
        self.where = f"{outer.rstrip(': ')}, tiêu chí “{key}”: "
        try:
            primitive = self.text(d, "primitive")
            raw_params = d.get("params", {})
            if not isinstance(raw_params, Mapping):
                self.path.append("params")
                raise self.fail("“params” phải là một bảng tham số")
            try:
                params = criteria.check_params(primitive, raw_params)
            except criteria.ParamError as exc:
                self.path.append("params" if primitive in criteria.PRIMITIVES else "primitive")
                raise self.fail(str(exc)) from None
            self.check_fit(primitive, params, subject, phase, bands)
            only_groups = None
            if "only_groups" in d:
                only_groups = self.groups(d, "only_groups")
                if any(g not in groups for g in only_groups):
                    self.path.append("only_groups")
                    raise self.fail("“only_groups” chỉ được nêu các nhóm của phương án")
            only_flag = d.get("only_flag")
            if only_flag is not None and (only_flag not in PERSON_FLAGS or subject != INDIVIDUAL):
                self.path.append("only_flag")
                raise self.fail(
                    f"“only_flag” chỉ dùng cho cá nhân, là một trong: {', '.join(PERSON_FLAGS)}"
                )
            return CriterionDef(
                key=key,
                primitive=primitive,
                params=MappingProxyType(params),
                label=self.text(d, "label", ""),
                only_groups=only_groups,
                only_flag=only_flag,
            )
        finally:
            self.where = outer

    def check_fit(
        self,
        primitive: str,
        params: Mapping[str, Any],
        subject: str,
        phase: Phase | None,
        bands: tuple[Band, ...],
    ) -> None:
        if subject not in criteria.subjects_of(primitive, params):
            self.path.append("primitive")
            raise self.fail(
                f"loại tiêu chí “{primitive}” với tham số này không dùng được cho "
                f"{SUBJECT_LABELS[subject]}"
            )
        if criteria.uses_phase(params) and (phase is None or phase.reading != ALL_YEARS):
            self.path += ["params", "years"]
            raise self.fail(
                "“phase” (cả giai đoạn) chỉ dùng trong phương án theo giai đoạn đọc mọi năm"
            )
        band = params.get("band")
        if band is not None and all(b.name != band for b in bands):
            self.path += ["params", "band"]
            raise self.fail(
                f"không có mức xếp loại “{band}” (có: {', '.join(b.name for b in bands)})"
            )

    def quota(self, data: Any, groups: tuple[str, ...]) -> Quota:
        if data is None or data == "none" or data == {}:
            return Quota()
        d = self.obj(data, ("total", "per_group"), ())
        if ("total" in d) == ("per_group" in d):
            raise self.fail(
                "chỉ tiêu là “total” (tổng số) hoặc “per_group” (theo nhóm), một trong hai"
            )
        if "total" in d:
            value = d["total"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.path.append("total")
                raise self.fail("chỉ tiêu phải là số nguyên không âm")
            return Quota(total=value)
        per_group = self.obj(d["per_group"], GROUPS, ())
        out: dict[str, int] = {}
        for g in groups:
            value = per_group.get(g)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.path += ["per_group", g]
                raise self.fail(f"chỉ tiêu của nhóm {g} phải là số nguyên không âm")
            out[g] = value
        extra = [g for g in per_group if g not in groups]
        if extra:
            self.path.append("per_group")
            raise self.fail(f"nhóm {', '.join(extra)} không thuộc phương án")
        return Quota(per_group=MappingProxyType(out))

    def priority(self, data: Any, subject: str) -> Priority:
        if data is None:
            return Priority()
        d = self.obj(data, ("kind", "flag"), ("kind",))
        kind = d["kind"]
        if kind not in ("par_percent", "flag_first", "none"):
            self.path.append("kind")
            raise self.fail("thứ tự ưu tiên phải là par_percent, flag_first hoặc none")
        flag = d.get("flag")
        if kind == "flag_first":
            if subject != INDIVIDUAL or flag not in PERSON_FLAGS:
                self.path.append("flag")
                raise self.fail(
                    f"ưu tiên theo vai trò chỉ dùng cho cá nhân, “flag” là một trong: "
                    f"{', '.join(PERSON_FLAGS)}"
                )
        elif flag is not None:
            self.path.append("flag")
            raise self.fail("“flag” chỉ dùng với kind = flag_first")
        return Priority(kind, flag)

    def deadlines(self, data: Any) -> tuple[Deadline, ...]:
        if not isinstance(data, list | tuple):
            raise self.fail("“deadlines” phải là một danh sách")
        out = []
        for i, raw in enumerate(data):
            self.path.append(f"[{i}]")
            d = self.obj(
                raw,
                ("key", "label", "date", "month", "day", "year_offset", "days_before", "event"),
                ("key", "label"),
            )
            deadline = Deadline(
                key=self.slug(d, "key"),
                label=self.text(d, "label"),
                date=self.date(d, "date") if "date" in d else None,
                month=self.integer(d, "month", 1) if "month" in d else None,
                day=self.integer(d, "day", 1) if "day" in d else None,
                year_offset=self.integer(d, "year_offset", 0, 0),
                days_before=self.integer(d, "days_before", 0) if "days_before" in d else None,
                event=self.text(d, "event", ""),
            )
            kinds = [
                deadline.date is not None,
                deadline.month is not None or deadline.day is not None,
                deadline.days_before is not None,
            ]
            if sum(kinds) != 1:
                raise self.fail(
                    "một hạn là ngày cố định (date), ngày hằng năm (day, month) hoặc số ngày "
                    "trước một sự kiện (days_before, event) — đúng một trong ba"
                )
            if kinds[1]:
                try:
                    dt.date(2024, deadline.month or 0, deadline.day or 0)
                except ValueError:
                    raise self.fail("ngày, tháng của hạn hằng năm không có thật") from None
            if kinds[2] and not deadline.event:
                raise self.fail("hạn tính theo sự kiện cần tên sự kiện (event)")
            out.append(deadline)
            self.path.pop()
        return tuple(out)

    def dossier(self, data: Any) -> Dossier:
        d = self.obj(data, ("components", "copies"), ())
        components = []
        for i, raw in enumerate(d.get("components", [])):
            self.path += ["components", f"[{i}]"]
            c = self.obj(raw, ("key", "name", "note"), ("key", "name"))
            components.append(
                DossierComponent(
                    self.slug(c, "key"), self.text(c, "name"), self.text(c, "note", "")
                )
            )
            del self.path[-2:]
        copies = []
        for i, raw in enumerate(d.get("copies", [])):
            self.path += ["copies", f"[{i}]"]
            c = self.obj(raw, ("label", "count"), ("label", "count"))
            copies.append(Copies(self.text(c, "label"), self.integer(c, "count", 1)))
            del self.path[-2:]
        return Dossier(tuple(components), tuple(copies))


# --------------------------------------------------------------------------------------
# Back to a dict
# --------------------------------------------------------------------------------------


def _band_min(value: Any) -> Decimal | None:
    """A band's lower bound: a number from 0 to 100, kept exact."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number if number.is_finite() and 0 <= number <= 100 else None


def _number(value: Decimal | Fraction) -> int | float:
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != ""}


def _criterion_to_dict(c: CriterionDef) -> dict[str, Any]:
    out: dict[str, Any] = {"key": c.key, "label": c.label, "primitive": c.primitive}
    out["params"] = criteria.params_to_data(c.params)
    if c.only_groups is not None:
        out["only_groups"] = list(c.only_groups)
    if c.only_flag is not None:
        out["only_flag"] = c.only_flag
    return out


def _scheme_to_dict(s: Scheme) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": s.key,
        "name": s.name,
        "form": s.form,
        "subject": s.subject,
        "scope": s.scope,
    }
    if s.phase is not None:
        out["phase"] = {"start": s.phase.start, "end": s.phase.end, "reading": s.phase.reading}
    out["groups"] = list(s.groups)
    out["criteria"] = [_criterion_to_dict(c) for c in s.criteria]
    out["expression"] = s.expression
    if s.quota.total is not None:
        out["quota"] = {"total": s.quota.total}
    elif s.quota.per_group is not None:
        out["quota"] = {"per_group": dict(s.quota.per_group)}
    out["priority"] = _drop_empty({"kind": s.priority.kind, "flag": s.priority.flag})
    if s.note:
        out["note"] = s.note
    return out


def _deadline_to_dict(d: Deadline) -> dict[str, Any]:
    out: dict[str, Any] = {"key": d.key, "label": d.label}
    if d.date is not None:
        out["date"] = d.date.isoformat()
    if d.month is not None:
        out["month"] = d.month
        out["day"] = d.day
        out["year_offset"] = d.year_offset
    if d.days_before is not None:
        out["days_before"] = d.days_before
        out["event"] = d.event
    return out


def _template_to_dict(t: Template) -> dict[str, Any]:
    return {
        "key": t.key,
        "title": t.title,
        "issuer": t.issuer,
        "number": t.number,
        "date": t.date.isoformat(),
        "place": t.place,
        "source": t.source,
        "period": {"start": t.period_start.isoformat(), "end": t.period_end.isoformat()},
        "participants": {
            "groups": list(t.groups),
            "individuals": t.individuals,
            "description": t.participants,
        },
        "bands": [{"name": b.name, "min": _number(b.min)} for b in t.bands],
        "schemes": [_scheme_to_dict(s) for s in t.schemes],
        "deadlines": [_deadline_to_dict(d) for d in t.deadlines],
        "dossier": {
            "components": [
                _drop_empty({"key": c.key, "name": c.name, "note": c.note})
                for c in t.dossier.components
            ],
            "copies": [{"label": c.label, "count": c.count} for c in t.dossier.copies],
        },
    }
