"""The dashboard's figures, computed from the records a user may see (every queryset goes
through the apps' access helpers). Each figure is a `Chart`: a plain description (title,
categories, series, what the numbers are) that the page draws as SVG, the report as PNG and
the export writes as a sheet — one description, three outputs.

Awards counted are those in force (`Award.revoked_on` null). Money is the reward money of
signed decisions' awardees, by the year the decision was signed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thidua.awards.access import visible_dossiers
from thidua.awards.dossiers import State
from thidua.awards.records import Decision, DecisionAward
from thidua.campaigns.access import visible_campaigns
from thidua.campaigns.models import Campaign, Registration
from thidua.org.access import unit_scope, visible_units
from thidua.org.models import CompetitionGroup, Person, User
from thidua.rules.fmt import percent
from thidua.scoring import models as sm
from thidua.scoring.access import visible_facts
from thidua.scoring.selectors import BANDS, par_table, par_years

PERCENT, COUNT, MONEY = "percent", "count", "money"
NO_GENDER = "Chưa ghi giới tính"


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    group: CompetitionGroup | None = None
    campaign: Campaign | None = None

    def labels(self) -> list[str]:
        out = []
        if self.year:
            out.append(f"Năm {self.year}")
        if self.group:
            out.append(f"Khối: {self.group.name}")
        if self.campaign:
            out.append(f"Phong trào: {self.campaign.name}")
        return out


# Each chart's sheet in the workbook: a short name of its own (whole words, at most the 31
# characters Excel allows), not the title cut to fit.
SHEET_NAMES = {
    "chi-so-cchc": "Chỉ số CCHC",
    "xep-loai-cchc": "Xếp loại Chỉ số CCHC",
    "xu-huong-cchc": "Chỉ số CCHC qua các năm",
    "dang-ky-thi-dua": "Đăng ký thi đua",
    "ho-so-khen-thuong": "Hồ sơ đề nghị khen thưởng",
    "khen-thuong-theo-hinh-thuc": "Khen thưởng theo hình thức",
    "khen-thuong-theo-khoi": "Khen thưởng theo khối",
    "khen-thuong-theo-nam": "Khen thưởng theo năm",
    "khen-thuong-theo-gioi-tinh": "Khen thưởng theo giới tính",
    "tien-thuong-theo-nam": "Tiền thưởng theo năm",
}


@dataclass
class Chart:
    """One chart: `kind` is "barh" (a ranking), "bar" (stacked when several series) or
    "line"; `unit` says how values read (percent 91,25 — count — money 2.340.000 đ)."""

    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = COUNT
    note: str = ""
    category_label: str = ""
    extra_columns: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def sheet_name(self) -> str:
        """The chart's own short name, with the title's year when it fits."""
        name = SHEET_NAMES.get(self.key, self.title)
        year = re.search(r" năm \d{4}$", self.title)
        if year and not name.endswith(year.group()) and len(name + year.group()) <= 31:
            name += year.group()
        return name

    @property
    def empty(self) -> bool:
        return not self.categories or all(
            not any(v for v in values if v) for _, values in self.series
        )

    def description(self) -> dict[str, Any]:
        """What the picture depends on (its cache key)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "categories": self.categories,
            "series": self.series,
            "unit": self.unit,
        }


def _float(value: Fraction | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _group_of_unit(unit: Any) -> str:
    return unit.group_id if unit is not None else ""


# -- PAR index ----------------------------------------------------------------------------


# A chart of every unit of a province is unreadable (and slow to draw): the ranking shows
# the first of each competition group; the PAR ranking page lists them all.
RANKING_PER_GROUP = 10


def _par_rows(user: User, filters: Filters, year: int | None) -> list[Any]:
    """The year's ranked PAR rows of the units the user sees (a unit sees its own rows,
    ranked among all, as the PAR ranking page does)."""
    if not year:
        return []
    visible = set(visible_units(user).values_list("pk", flat=True))
    rows = [r for r in par_table(year) if r.score.unit_id in visible]
    rows = [r for r in rows if r.percent is not None and r.rank is not None]
    if filters.group:
        rows = [r for r in rows if r.score.unit.group_id == filters.group.code]
    return rows


def par_ranking(
    user: User, filters: Filters, year: int | None, *, rows: list[Any] | None = None
) -> Chart:
    """Kết quả Chỉ số CCHC of `year`, ranked in each group: the first RANKING_PER_GROUP
    units of each group (ranks among all the group's units)."""
    all_rows = _par_rows(user, filters, year) if rows is None else rows
    shown: Counter[str] = Counter()
    rows = []
    for r in all_rows:  # par_table's order: group, then rank
        group = r.score.unit.group_id
        if shown[group] < RANKING_PER_GROUP:
            shown[group] += 1
            rows.append(r)
    note = "Xếp hạng trong từng khối thi đua, cao nhất trước."
    if len(rows) < len(all_rows):
        note += (
            f" Biểu đồ hiện {RANKING_PER_GROUP} đơn vị đứng đầu mỗi khối"
            f" ({len(rows)}/{len(all_rows)} đơn vị); bảng xếp hạng đầy đủ ở trang Chỉ số CCHC."
        )
    return Chart(
        key="chi-so-cchc",
        category_label="Đơn vị",
        title=f"Chỉ số CCHC năm {year}" if year else "Chỉ số CCHC",
        kind="barh",
        categories=[r.score.unit.name for r in rows],
        series=[("Chỉ số CCHC (%)", [_float(r.percent) for r in rows])],
        unit=PERCENT,
        note=note,
        extra_columns=[
            ("Khối", [r.score.unit.group.name for r in rows]),
            ("Xếp hạng trong khối", [f"{r.rank}/{r.of}" for r in rows]),
            ("Xếp loại", [r.band for r in rows]),
        ],
    )


def par_bands(
    user: User, filters: Filters, year: int | None, *, rows: list[Any] | None = None
) -> Chart:
    bands = [label for _, label in BANDS]
    counts = Counter(r.band for r in (_par_rows(user, filters, year) if rows is None else rows))
    return Chart(
        key="xep-loai-cchc",
        category_label="Xếp loại",
        title=f"Số đơn vị theo xếp loại Chỉ số CCHC năm {year}" if year else "Xếp loại",
        kind="bar",
        categories=bands,
        series=[("Số đơn vị", [float(counts.get(b, 0)) for b in bands])],
    )


def par_trend(user: User, filters: Filters) -> Chart:
    """The mean PAR percent of each group over the years, among the units the user sees
    (a unit: its own units' percent, one line each)."""
    years = sorted(par_years())
    scores = visible_facts(user, sm.ParScore).filter(
        score__isnull=False, confirmed_at__isnull=False, unit__par_assessed=True
    )
    if filters.group:
        scores = scores.filter(unit__group=filters.group)
    by_line: dict[str, dict[int, list[Fraction]]] = defaultdict(lambda: defaultdict(list))
    own = not user.sees_everything
    order: dict[str, tuple[int, str]] = {}
    # Plain tuples, not model rows: a province has thousands of scores a year.
    for unit_name, group_order, group_name, year, score, max_score in scores.values_list(
        "unit__name", "unit__group__order", "unit__group__name", "year", "score", "max_score"
    ):
        line = unit_name if own else group_name
        order[line] = (group_order, line)
        by_line[line][year].append(percent(score, max_score))  # type: ignore[arg-type]
    series = []
    for line in sorted(by_line, key=lambda k: order[k]):
        values = [_float(sum(v) / len(v)) if (v := by_line[line].get(y)) else None for y in years]
        series.append((line, values))
    return Chart(
        key="xu-huong-cchc",
        category_label="Năm",
        title="Chỉ số CCHC qua các năm" + ("" if own else " (bình quân theo khối)"),
        kind="line",
        categories=[str(y) for y in years],
        series=series,
        unit=PERCENT,
    )


# -- campaigns: registrations and dossiers --------------------------------------------------


def _campaigns(user: User, filters: Filters) -> list[Campaign]:
    if filters.campaign:
        return [filters.campaign]
    return list(visible_campaigns(user).exclude(status=Campaign.Status.DRAFT).order_by("-pk")[:8])


def campaign_label(campaign: Campaign) -> str:
    """A campaign's name without the words every plan's title starts with."""
    name = " ".join(campaign.name.split())
    for lead in ("Kế hoạch phát động phong trào thi đua", "Kế hoạch phát động", "Kế hoạch"):
        if name.casefold().startswith(lead.casefold()) and len(name) > len(lead) + 3:
            rest = name[len(lead) :].strip(" :-–")
            return rest[:1].upper() + rest[1:]
    return name


def registration_progress(user: User, filters: Filters) -> Chart:
    campaigns = _campaigns(user, filters)
    regs = Registration.objects.filter(unit_scope(user), campaign__in=campaigns)
    if filters.year:
        regs = regs.filter(year=filters.year)
    if filters.group:
        regs = regs.filter(unit__group=filters.group)
    counts = Counter(regs.values_list("campaign_id", "status"))
    statuses = list(Registration.Status)
    return Chart(
        key="dang-ky-thi-dua",
        category_label="Phong trào",
        title="Tiến độ đăng ký thi đua theo phong trào",
        kind="barh",
        categories=[campaign_label(c) for c in campaigns],
        series=[
            (s.label, [float(counts.get((c.pk, s.value), 0)) for c in campaigns]) for s in statuses
        ],
    )


def dossier_progress(user: User, filters: Filters) -> Chart:
    campaigns = _campaigns(user, filters)
    dossiers = visible_dossiers(user).filter(campaign__in=campaigns)
    if filters.year:
        dossiers = dossiers.filter(year=filters.year)
    if filters.group:
        dossiers = dossiers.filter(unit__group=filters.group)
    counts = Counter(dossiers.values_list("campaign_id", "state"))
    states = [s for s in State if any(k[1] == s.value for k in counts)]
    return Chart(
        key="ho-so-khen-thuong",
        category_label="Phong trào",
        title="Hồ sơ đề nghị khen thưởng theo trạng thái",
        kind="barh",
        categories=[campaign_label(c) for c in campaigns],
        series=[
            (s.label, [float(counts.get((c.pk, s.value), 0)) for c in campaigns]) for s in states
        ],
    )


# -- awards and money ------------------------------------------------------------------------


def decision_references(campaign: Campaign) -> list[str]:
    """The "number/symbol" of the campaign's signed decisions: what its awards cite."""
    signed = Decision.objects.filter(campaign=campaign, status=Decision.Status.SIGNED)
    return [f"{n}/{s}" for n, s in signed.exclude(number="").values_list("number", "symbol")]


def awards_in_force(user: User, filters: Filters, *, any_year: bool = False) -> QuerySet:
    awards = visible_facts(user, sm.Award).filter(revoked_on__isnull=True)
    if filters.campaign:
        awards = awards.filter(decision_number__in=decision_references(filters.campaign))
    if filters.year and not any_year:
        awards = awards.filter(year=filters.year)
    if filters.group:
        awards = awards.filter(Q(unit__group=filters.group) | Q(person__unit__group=filters.group))
    return awards.select_related("form", "unit__group", "person__unit__group")


# The award charts count in the database (a province holds tens of thousands of awards).
_COLLECTIVE = Count("pk", filter=Q(person__isnull=True))
_INDIVIDUAL = Count("pk", filter=Q(person__isnull=False))


def awards_by_form(user: User, filters: Filters) -> Chart:
    rows = (
        awards_in_force(user, filters)
        .values("form__order", "form__key", "form__name")
        .annotate(collective=_COLLECTIVE, individual=_INDIVIDUAL)
        .order_by("form__order", "form__key")
    )
    keys = [(r["form__name"], r["collective"], r["individual"]) for r in rows]
    return Chart(
        key="khen-thuong-theo-hinh-thuc",
        category_label="Danh hiệu, hình thức",
        title="Khen thưởng theo danh hiệu, hình thức",
        kind="barh",
        categories=[k[0] for k in keys],
        series=[
            ("Tập thể", [float(k[1]) for k in keys]),
            ("Cá nhân", [float(k[2]) for k in keys]),
        ],
    )


def awards_by_group(user: User, filters: Filters) -> Chart:
    names = {g.code: (g.order, g.name) for g in CompetitionGroup.objects.all()}
    awards = awards_in_force(user, filters)
    individual: Counter[str] = Counter()
    collective: Counter[str] = Counter()
    for group, n in (
        awards.filter(person__isnull=False)
        .values_list("person__unit__group_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        individual[group or ""] += n
    for group, n in (
        awards.filter(person__isnull=True)
        .values_list("unit__group_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        collective[group or ""] += n
    codes = sorted(set(collective) | set(individual), key=lambda c: names.get(c, (999, c)))
    return Chart(
        key="khen-thuong-theo-khoi",
        category_label="Khối thi đua",
        title="Khen thưởng theo khối thi đua",
        kind="barh",
        categories=[names.get(c, (0, "Chưa xếp khối"))[1] for c in codes],
        series=[
            ("Tập thể", [float(collective[c]) for c in codes]),
            ("Cá nhân", [float(individual[c]) for c in codes]),
        ],
    )


def awards_by_year(user: User, filters: Filters) -> Chart:
    rows = list(
        awards_in_force(user, filters, any_year=True)
        .values("year")
        .annotate(collective=_COLLECTIVE, individual=_INDIVIDUAL)
        .order_by("year")
    )
    return Chart(
        key="khen-thuong-theo-nam",
        category_label="Năm thành tích",
        title="Khen thưởng theo năm thành tích",
        kind="bar",
        categories=[str(r["year"]) for r in rows],
        series=[
            ("Tập thể", [float(r["collective"]) for r in rows]),
            ("Cá nhân", [float(r["individual"]) for r in rows]),
        ],
    )


def awards_by_gender(user: User, filters: Filters) -> Chart:
    labels = dict(Person.Gender.choices)
    counts: Counter[str] = Counter()
    for gender, n in (
        awards_in_force(user, filters)
        .filter(person__isnull=False)
        .values_list("person__gender")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[labels.get(gender, NO_GENDER)] += n
    categories = [c for c in [*labels.values(), NO_GENDER] if counts.get(c)]
    return Chart(
        key="khen-thuong-theo-gioi-tinh",
        category_label="Giới tính",
        title="Cá nhân được khen thưởng theo giới tính",
        kind="bar",
        categories=categories,
        series=[("Số lượt cá nhân", [float(counts[c]) for c in categories])],
    )


def paid_awardees(user: User, filters: Filters) -> QuerySet[DecisionAward]:
    """Awardees of signed decisions the user may see (a unit: its own and its people)."""
    rows = DecisionAward.objects.filter(
        decision__status=Decision.Status.SIGNED, decision__signed_on__isnull=False
    ).filter(unit_scope(user, "unit") | unit_scope(user, "person__unit"))
    if filters.campaign:
        rows = rows.filter(decision__campaign=filters.campaign)
    if filters.group:
        rows = rows.filter(Q(unit__group=filters.group) | Q(person__unit__group=filters.group))
    return rows


def money_by_year(user: User, filters: Filters) -> Chart:
    totals = (
        paid_awardees(user, filters)
        .values_list("decision__signed_on__year")
        .annotate(total=Sum("amount"))
        .order_by("decision__signed_on__year")
    )
    years = [(y, t or 0) for y, t in totals]
    return Chart(
        key="tien-thuong-theo-nam",
        category_label="Năm ký quyết định",
        title="Tiền thưởng theo năm ký quyết định",
        kind="bar",
        categories=[str(y) for y, _ in years],
        series=[("Tiền thưởng (đồng)", [float(t) for _, t in years])],
        unit=MONEY,
    )


def dashboard_charts(user: User, filters: Filters) -> list[Chart]:
    years = par_years()
    year = filters.year or (years[0] if years else None)
    par_rows = _par_rows(user, filters, year)  # read once for both charts
    return [
        par_ranking(user, filters, year, rows=par_rows),
        par_trend(user, filters),
        par_bands(user, filters, year, rows=par_rows),
        registration_progress(user, filters),
        dossier_progress(user, filters),
        awards_by_form(user, filters),
        awards_by_group(user, filters),
        awards_by_year(user, filters),
        awards_by_gender(user, filters),
        money_by_year(user, filters),
    ]
