from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thidua.lib.vietnamese import search_q
from thidua.org import access as org_access
from thidua.scoring import access
from thidua.scoring import models as m
from thidua.scoring.forms import ParScoreForm
from thidua.scoring.kinds import KINDS, FactKind
from thidua.scoring.selectors import par_table, par_years

PAGE_SIZE = 50


def _kind(slug: str) -> FactKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("Không có loại dữ liệu này.") from None


def _form(kind: FactKind, request: HttpRequest, instance: Any = None, initial: Any = None) -> Any:
    kwargs: dict[str, Any] = {
        "units": org_access.visible_units(request.user),
        "people": org_access.visible_people(request.user),
        "instance": instance,
        "initial": initial,
    }
    if kind.form is ParScoreForm:
        kwargs["appraise"] = access.can_appraise_par(request.user)
    return kind.form(request.POST or None, **kwargs)


@login_required
def fact_index(request: HttpRequest) -> HttpResponse:
    kinds = [
        (kind, access.visible_facts(request.user, kind.model).count()) for kind in KINDS.values()
    ]
    return render(request, "scoring/fact_index.html", {"kinds": kinds})


@login_required
def fact_list(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    facts = access.visible_facts(request.user, kind.model).select_related(*kind.related)
    year = request.GET.get("year", "")
    query = request.GET.get("q", "").strip()
    if year.isdigit():
        field = (
            "date__year"
            if kind.model is m.Discipline
            else "since__year"
            if kind.model is m.Review
            else "year"
        )
        facts = facts.filter(**{field: int(year)})
    if query:
        facts = facts.filter(_subject_search(kind, query))
    if kind.model is m.Initiative:
        facts = facts.prefetch_related("authors")
    page = Paginator(facts.order_by(*kind.order), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(fact, [getter(fact) for _, getter in kind.columns]) for fact in page]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "kind": kind,
        "rows": rows,
        "page": page,
        "year": year,
        "query": query,
        "can_write": access.can_write(request.user, kind.model),
        "querystring_base": f"{params.urlencode()}&" if params else "",
    }
    return render(request, "scoring/fact_list.html", context)


def _subject_search(kind: FactKind, query: str) -> Q:
    """Match the unit or the person the fact is about, without diacritics."""
    paths = {
        m.ParScore: ["unit"],
        m.Discipline: ["person"],
        m.Initiative: ["unit"],
    }.get(kind.model, ["unit", "person"])
    condition = Q()
    for path in paths:
        condition |= search_q(query, f"{path}__search_text")
    if kind.model is m.Initiative:
        condition |= search_q(query)
    return condition


@login_required
def fact_create(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    if not access.can_write(request.user, kind.model):
        raise PermissionDenied("Bạn không có quyền thêm loại dữ liệu này.")
    initial = {k: v for k, v in request.GET.items() if k in ("unit", "person", "year")}
    form = _form(kind, request, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fact = form.save(commit=False)
            fact.created_by = request.user
            fact.save()
            form.save_m2m()
        messages.success(request, f"Đã thêm: {fact}.")
        return redirect("scoring:fact-list", slug=kind.slug)
    return render(request, "scoring/fact_form.html", {"kind": kind, "form": form, "fact": None})


@login_required
def fact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    fact = access.get_fact_for_user(request.user, kind.model, pk, write=True)
    form = _form(kind, request, instance=fact)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, f"Đã lưu: {fact}.")
        return redirect("scoring:fact-list", slug=kind.slug)
    content_type = ContentType.objects.get_for_model(kind.model)
    return render(
        request,
        "scoring/fact_form.html",
        {"kind": kind, "form": form, "fact": fact, "content_type": content_type},
    )


@login_required
def fact_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    fact = access.get_fact_for_user(request.user, kind.model, pk, write=True)
    if request.method == "POST":
        label = str(fact)
        with transaction.atomic():
            fact.delete()
        messages.success(request, f"Đã xóa: {label}.")
        return redirect("scoring:fact-list", slug=kind.slug)
    return render(
        request,
        "confirm_delete.html",
        {
            "object": fact,
            "kind_label": kind.label.lower(),
            "cancel_url": reverse("scoring:fact-edit", args=[kind.slug, fact.pk]),
        },
    )


@login_required
def par_ranking(request: HttpRequest) -> HttpResponse:
    """Kết quả Chỉ số CCHC of a year, ranked within each competition group."""
    years = par_years()
    year_param = request.GET.get("year", "")
    year = int(year_param) if year_param.isdigit() else (years[0] if years else None)
    visible = set(org_access.visible_units(request.user).values_list("pk", flat=True))
    rows = [r for r in par_table(year) if r.score.unit_id in visible] if year else []
    return render(request, "scoring/par_ranking.html", {"rows": rows, "years": years, "year": year})


@login_required
def unit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Hồ sơ thi đua of a unit: its facts and those of the units merged into it."""
    unit = org_access.get_unit_for_user(request.user, pk)
    lineage = unit.lineage_ids()
    context = {
        "unit": unit,
        "predecessors": unit.predecessors(),
        "par_scores": m.ParScore.objects.filter(unit_id__in=lineage)
        .select_related("unit")
        .order_by("-year"),
        "ratings": m.Rating.objects.filter(unit_id__in=lineage)
        .select_related("unit")
        .order_by("-year"),
        "awards": m.Award.objects.filter(unit_id__in=lineage)
        .select_related("unit", "form")
        .order_by("-year"),
        "initiatives": m.Initiative.objects.filter(unit_id__in=lineage).select_related("unit"),
        "attestations": m.Attestation.objects.filter(unit_id__in=lineage).select_related("unit"),
        "reviews": m.Review.objects.filter(unit_id__in=lineage).select_related("unit"),
    }
    return render(request, "scoring/unit_record.html", context)


@login_required
def person_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = org_access.get_person_for_user(request.user, pk)
    context = {
        "person": person,
        "ratings": m.Rating.objects.filter(person=person).order_by("-year"),
        "awards": m.Award.objects.filter(person=person).select_related("form").order_by("-year"),
        "disciplines": m.Discipline.objects.filter(person=person),
        "reviews": m.Review.objects.filter(person=person),
        "initiatives": person.initiatives.select_related("unit"),
        "attestations": m.Attestation.objects.filter(person=person),
    }
    return render(request, "scoring/person_record.html", context)
