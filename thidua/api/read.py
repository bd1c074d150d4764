"""The read endpoints. Every queryset comes from the apps' access helpers with the token's
account: a unit's token lists only its own units' data and gets 404 for another's."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from thidua.api import schemas as s
from thidua.api.common import Filters, Pagination, UnitFilters, apply_filters, choice
from thidua.awards.access import get_dossier_for_user, reads_chain, visible_dossiers
from thidua.awards.records import Decision
from thidua.campaigns import access as campaign_access
from thidua.campaigns import evaluations
from thidua.campaigns.models import Campaign
from thidua.lib.http import MAX_ID
from thidua.org.access import get_person_for_user, get_unit_for_user, visible_people, visible_units
from thidua.org.models import CompetitionGroup, Person, Unit
from thidua.rules.template import COLLECTIVE, Template
from thidua.scoring import models as m
from thidua.scoring.access import get_fact_for_user, visible_facts

Id = Path(..., ge=1, le=MAX_ID, description="Số định danh (id)")

router = Router()


def _ordered(qs: QuerySet) -> QuerySet:
    """A stable order, so that pages do not overlap or skip rows."""
    return qs.order_by(*(qs.model._meta.ordering or []), "pk")


# Units and people ---------------------------------------------------------------------


@router.get(
    "/units",
    response=list[s.UnitOut],
    tags=["Đơn vị và cá nhân"],
    summary="Danh sách đơn vị",
    description="Các đơn vị mã API được xem (mã của một đơn vị: đơn vị đó và các đơn vị cấp "
    "dưới). Bộ lọc `unit`: một đơn vị và các đơn vị cấp dưới của nó.",
)
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    qs = visible_units(request.user).select_related("group", "parent")
    return _ordered(apply_filters(request.user, qs, filters, unit_paths=("",), year=None))


@router.get(
    "/units/{int:unit_id}", response=s.UnitOut, tags=["Đơn vị và cá nhân"], summary="Một đơn vị"
)
def unit_detail(request: HttpRequest, unit_id: int = Id) -> Any:
    return get_unit_for_user(request.user, unit_id)


@router.get(
    "/people",
    response=list[s.PersonOut],
    tags=["Đơn vị và cá nhân"],
    summary="Danh sách cá nhân",
)
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    qs = visible_people(request.user).order_by("unit__path", "sort_name", "pk")
    return apply_filters(request.user, qs, filters, year=None)


@router.get(
    "/people/{int:person_id}",
    response=s.PersonOut,
    tags=["Đơn vị và cá nhân"],
    summary="Một cá nhân",
)
def person_detail(request: HttpRequest, person_id: int = Id) -> Any:
    return get_person_for_user(request.user, person_id)


# Facts ---------------------------------------------------------------------------------

FACTS_TAG = "Dữ liệu xét thi đua"


def _fact_routes(
    path: str,
    model: type[Model],
    schema: type[s.Schema],
    label: str,
    *,
    unit_paths: tuple[str, ...],
    year: str,
    related: tuple[str, ...] = (),
    prefetch: tuple[str, ...] = (),
) -> None:
    slug = path.replace("-", "_")

    def listing(request: HttpRequest, filters: Query[Filters]) -> Any:
        qs = visible_facts(request.user, model).select_related(*related).prefetch_related(*prefetch)
        qs = apply_filters(request.user, qs, filters, unit_paths=unit_paths, year=year)
        return _ordered(qs)

    def detail(request: HttpRequest, fact_id: int = Id) -> Any:
        return get_fact_for_user(request.user, model, fact_id)

    router.get(
        f"/{path}",
        response=list[schema],
        tags=[FACTS_TAG],
        summary=f"Danh sách: {label}",
        operation_id=f"{slug}_list",
    )(paginate(Pagination)(listing))
    router.get(
        f"/{path}/{{int:fact_id}}",
        response=schema,
        tags=[FACTS_TAG],
        summary=f"Một bản ghi: {label}",
        operation_id=f"{slug}_detail",
    )(detail)


SUBJECT = ("unit", "person__unit")
_fact_routes(
    "par-results",
    m.ParScore,
    s.ParResultOut,
    "kết quả Chỉ số CCHC",
    unit_paths=("unit",),
    year="year",
    related=("unit",),
)
_fact_routes(
    "ratings",
    m.Rating,
    s.RatingOut,
    "xếp loại chất lượng",
    unit_paths=SUBJECT,
    year="year",
    related=("unit", "person"),
)
_fact_routes(
    "disciplines",
    m.Discipline,
    s.DisciplineOut,
    "kỷ luật",
    unit_paths=("person__unit",),
    year="date__year",
    related=("person",),
)
_fact_routes(
    "reviews",
    m.Review,
    s.ReviewOut,
    "vụ việc đang xem xét",
    unit_paths=SUBJECT,
    year="since__year",
    related=("unit", "person"),
)
_fact_routes(
    "awards",
    m.Award,
    s.AwardOut,
    "khen thưởng đã nhận",
    unit_paths=SUBJECT,
    year="year",
    related=("unit", "person", "form"),
)
_fact_routes(
    "initiatives",
    m.Initiative,
    s.InitiativeOut,
    "sáng kiến",
    unit_paths=("unit", "authors__unit"),
    year="year",
    related=("unit",),
    prefetch=("authors",),
)
_fact_routes(
    "attestations",
    m.Attestation,
    s.AttestationOut,
    "xác nhận của cơ quan thường trực",
    unit_paths=SUBJECT,
    year="year",
    related=("unit", "person"),
)


# Campaigns and results -----------------------------------------------------------------

CAMPAIGNS_TAG = "Phong trào thi đua"


def _scheme(template: Template, scheme: Any, forms: dict[str, str], groups: dict[str, str]) -> Any:
    collective = scheme.subject == COLLECTIVE
    return {
        "key": scheme.key,
        "name": scheme.name,
        "form": {"key": scheme.form, "label": forms.get(scheme.form, scheme.form)},
        "subject": {
            "key": scheme.subject,
            "label": "Tập thể" if collective else "Cá nhân",
        },
        "phase": list(scheme.phase.years) if scheme.phase else None,
        "groups": [{"key": g, "label": groups.get(g, g)} for g in scheme.groups],
        "criteria": [{"key": c.key, "label": c.display_label} for c in scheme.criteria],
        "expression": scheme.explain(),
    }


def _campaign(campaign: Campaign, forms: dict[str, str], groups: dict[str, str]) -> Any:
    template = campaign.template
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "status": choice(campaign, "status"),
        "issuing_unit": campaign.issuing_unit,
        "years": list(template.years),
        "schemes": [_scheme(template, sc, forms, groups) for sc in template.schemes],
        "issued_at": campaign.issued_at,
        "closed_at": campaign.closed_at,
        "updated_at": campaign.updated_at,
    }


def _names() -> tuple[dict[str, str], dict[str, str]]:
    return dict(m.AwardForm.objects.values_list("key", "name")), CompetitionGroup.names()


@router.get(
    "/campaigns",
    response=list[s.CampaignOut],
    tags=[CAMPAIGNS_TAG],
    summary="Danh sách phong trào thi đua và các phương án khen thưởng",
    description="Bộ lọc `year`: phong trào có xét năm đó; `unit`: phong trào do đơn vị đó "
    "hoặc đơn vị cấp dưới của nó ban hành.",
)
@paginate(Pagination)
def campaign_list(request: HttpRequest, filters: Query[Filters]) -> Any:
    qs = campaign_access.visible_campaigns(request.user).select_related("issuing_unit")
    qs = _ordered(apply_filters(request.user, qs, filters, unit_paths=("issuing_unit",), year=None))
    forms, groups = _names()
    found = [_campaign(c, forms, groups) for c in qs]
    if filters.year is not None:
        found = [c for c in found if filters.year in c["years"]]
    return found


@router.get(
    "/campaigns/{int:campaign_id}",
    response=s.CampaignOut,
    tags=[CAMPAIGNS_TAG],
    summary="Một phong trào thi đua",
)
def campaign_detail(request: HttpRequest, campaign_id: int = Id) -> Any:
    campaign = campaign_access.get_campaign_for_user(request.user, campaign_id)
    return _campaign(campaign, *_names())


def _default_year(years: tuple[int, ...] | list[int]) -> int:
    today = timezone.localdate().year
    past = [y for y in years if y <= today]
    return max(past) if past else min(years)


@router.get(
    "/campaigns/{int:campaign_id}/schemes/{scheme_key}/results",
    response=s.ResultsOut,
    tags=[CAMPAIGNS_TAG],
    summary="Kết quả xét theo phương án và năm",
    description="Mỗi ứng viên với kết luận và giải thích của từng tiêu chí (như trang kết quả "
    "xét). Mã API của một đơn vị chỉ thấy ứng viên của đơn vị mình; thứ hạng được tính "
    "trên tất cả ứng viên. Bỏ trống `year`: năm gần nhất của phong trào.",
)
def results(
    request: HttpRequest,
    campaign_id: int = Id,
    scheme_key: str = Path(..., max_length=60),
    year: int | None = Query(None, ge=1990, le=2100, description="Năm xét"),
) -> Any:
    campaign = campaign_access.get_campaign_for_user(request.user, campaign_id)
    template = campaign.template
    scheme = template.scheme(scheme_key)
    if scheme is None:
        raise Http404("Phong trào không có phương án khen thưởng này.")
    if not template.years:
        raise HttpError(422, "Phong trào chưa có năm xét nào.")
    if year is None:
        year = _default_year(template.years)
    elif year not in template.years:
        years = ", ".join(str(y) for y in template.years)
        raise HttpError(422, f"Phong trào không xét năm {year} (các năm xét: {years}).")
    stored = evaluations.ensure(campaign, year)
    if not stored.has_result:
        if stored.failed:
            raise HttpError(422, stored.failed)
        raise HttpError(503, "Đang tính kết quả xét khen thưởng; hãy thử lại sau ít phút.")
    rows = list(
        evaluations.visible_rows(stored.evaluation, scheme.key, request.user)
        .order_by("pk")
        .values_list("doc", flat=True)
    )
    codes = [c["code"] for c in rows]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}
    groups = CompetitionGroup.names()
    labels = {c.key: c.display_label for c in scheme.criteria}
    return {
        "campaign": campaign,
        "scheme": {"key": scheme.key, "label": scheme.name},
        "year": year,
        "years_read": stored.evaluation.years_read.get(scheme.key) or scheme.years_read(year),
        "candidates": [
            {
                "unit": units.get(c["code"]),
                "person": people.get(c["code"]),
                "group": {"key": c["group"], "label": groups.get(c["group"], c["group"])}
                if c.get("group")
                else None,
                "eligible": c["eligible"],
                "selected": c.get("selected"),
                "rank": c.get("rank"),
                "note": c.get("note"),
                "criteria": [
                    {
                        "key": k["key"],
                        "label": labels.get(k["key"], k["key"]),
                        "verdict": k["verdict"],
                        "explanation": k["detail"],
                    }
                    for k in c["criteria"]
                ],
            }
            for c in rows
        ],
    }


# Dossiers and decisions ----------------------------------------------------------------

AWARDS_TAG = "Hồ sơ và quyết định khen thưởng"


class DossierFilters(Filters):
    campaign: int | None = Field(None, ge=1, le=MAX_ID, description="Phong trào (id)")


@router.get(
    "/dossiers",
    response=list[s.DossierOut],
    tags=[AWARDS_TAG],
    summary="Hồ sơ đề nghị khen thưởng và trạng thái",
)
@paginate(Pagination)
def dossier_list(request: HttpRequest, filters: Query[DossierFilters]) -> Any:
    qs = visible_dossiers(request.user).prefetch_related(
        "nominations__unit", "nominations__person", "nominations__form"
    )
    if filters.campaign is not None:
        qs = qs.filter(campaign_id=filters.campaign)
    return _ordered(apply_filters(request.user, qs, filters))


@router.get(
    "/dossiers/{int:dossier_id}",
    response=s.DossierOut,
    tags=[AWARDS_TAG],
    summary="Một hồ sơ đề nghị khen thưởng",
)
def dossier_detail(request: HttpRequest, dossier_id: int = Id) -> Any:
    return get_dossier_for_user(request.user, dossier_id)


def _readable_decisions(request: HttpRequest) -> QuerySet[Decision]:
    """Decisions of the award chains the account reads (awards.access.reads_chain: the
    office and leaders all, a council member its issuer's, a unit account none)."""
    campaigns = Campaign.objects.filter(decisions__isnull=False).distinct()
    readable = [c.pk for c in campaigns if reads_chain(request.user, c)]
    return Decision.objects.filter(campaign_id__in=readable).select_related("campaign")


def _with_awardees(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.prefetch_related("awards__unit", "awards__person", "awards__form")


@router.get(
    "/decisions",
    response=list[s.DecisionOut],
    tags=[AWARDS_TAG],
    summary="Quyết định khen thưởng, người và tập thể được khen, tiền thưởng",
    description="Bộ lọc `year`: năm ký; `unit`: quyết định khen đơn vị đó (hoặc cấp dưới, "
    "hoặc người của đơn vị đó). Mã API của tài khoản đơn vị không đọc quyết định (như trên "
    "giao diện: đơn vị nhận quyết định qua Nơi nhận).",
)
@paginate(Pagination)
def decision_list(request: HttpRequest, filters: Query[Filters]) -> Any:
    qs = _with_awardees(_readable_decisions(request))
    qs = apply_filters(
        request.user,
        qs,
        filters,
        unit_paths=("awards__unit", "awards__person__unit"),
        year="signed_on__year",
    )
    return _ordered(qs)


@router.get(
    "/decisions/{int:decision_id}",
    response=s.DecisionOut,
    tags=[AWARDS_TAG],
    summary="Một quyết định khen thưởng",
)
def decision_detail(request: HttpRequest, decision_id: int = Id) -> Any:
    try:
        return _with_awardees(_readable_decisions(request)).get(pk=decision_id)
    except Decision.DoesNotExist:
        raise Http404("Không tìm thấy quyết định khen thưởng.") from None
