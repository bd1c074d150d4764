from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.lib import xlsx
from thidua.lib.http import MAX_ID, whole_number
from thidua.lib.paging import paginate
from thidua.lib.uploads import serve
from thidua.lib.vietnamese import search_q
from thidua.org import access as org_access
from thidua.org.models import CompetitionGroup
from thidua.scoring import access, confirm, exports
from thidua.scoring import models as m
from thidua.scoring.forms import ParScoreForm
from thidua.scoring.kinds import KINDS, FactKind
from thidua.scoring.selectors import par_table, par_years


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
        "unit_account": access.is_unit_account(request.user),
    }
    if kind.form is ParScoreForm:
        kwargs["appraise"] = access.can_appraise_par(request.user)
    return kind.form(request.POST or None, **kwargs)


@login_required
def fact_index(request: HttpRequest) -> HttpResponse:
    kinds = [
        (kind, access.visible_facts(request.user, kind.model).count()) for kind in KINDS.values()
    ]
    # The units' entries waiting for the office's confirmation, per kind.
    pending = {
        kind.slug: count
        for kind in KINDS.values()
        if kind.model in access.CONFIRMABLE
        and (
            count := access.visible_facts(request.user, kind.model)
            .filter(confirmed_at__isnull=True)
            .count()
        )
    }
    return render(request, "scoring/fact_index.html", {"kinds": kinds, "pending": pending})


@login_required
def fact_list(request: HttpRequest, slug: str, xlsx_export: bool = False) -> HttpResponse:
    kind = _kind(slug)
    facts = access.visible_facts(request.user, kind.model).select_related(*kind.related)
    year = whole_number(request.GET.get("year"), low=1, high=9999)
    query = request.GET.get("q", "").strip()
    if year is not None:
        field = (
            "date__year"
            if kind.model is m.Discipline
            else "since__year"
            if kind.model is m.Review
            else "year"
        )
        facts = facts.filter(**{field: year})
    if query:
        facts = facts.filter(_subject_search(kind, query))
    confirmable = kind.model in access.CONFIRMABLE
    state = request.GET.get("xac_nhan", "") if confirmable else ""
    if state == "chua":
        facts = facts.filter(confirmed_at__isnull=True)
    elif state == "roi":
        facts = facts.filter(confirmed_at__isnull=False)
    if kind.model is m.Initiative:
        facts = facts.prefetch_related("authors")
    if xlsx_export:
        return _export_facts(request, kind, facts, year=year, query=query, state=state)
    paged = paginate(request, facts.order_by(*kind.order))
    rows = [(fact, [getter(fact) for _, getter in kind.columns]) for fact in paged["page"]]
    editable = access.editable_ids(request.user, kind.model, [fact for fact, _ in rows])
    context = {
        **paged,
        "kind": kind,
        "rows": rows,
        "year": "" if year is None else year,
        "query": query,
        "can_write": access.can_write(request.user, kind.model),
        "editable": editable,
        "confirmable": confirmable,
        "can_confirm": confirmable and access.can_confirm(request.user),
        "state": state,
    }
    return render(request, "scoring/fact_list.html", context)


STATE_LABELS = {"chua": "chưa xác nhận", "roi": "đã xác nhận"}


def _export_facts(
    request: HttpRequest, kind: FactKind, facts: Any, *, year: int | None, query: str, state: str
) -> HttpResponse:
    """The list with its filters, every row (not one page), as the list shows it."""
    columns = exports.FACT_COLUMNS[kind.slug]
    if kind.model in access.CONFIRMABLE:
        columns += exports.CONFIRMATION_COLUMNS
    if kind.model is m.Discipline:
        facts = facts.select_related("person__unit")
    filters = [
        f"năm {year}" if year is not None else "",
        f"tìm “{query}”" if query else "",
        STATE_LABELS.get(state, ""),
    ]
    rows = facts.order_by(*kind.order).iterator(chunk_size=2000)
    return xlsx.export(request, kind.label, columns, rows, filters=filters)


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
        fact = confirm.save_fact(form, request.user)
        messages.success(request, f"Đã thêm: {fact}{_pending(fact)}.")
        return redirect("scoring:fact-list", slug=kind.slug)
    return render(request, "scoring/fact_form.html", {"kind": kind, "form": form, "fact": None})


@login_required
def fact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    fact = access.get_fact_for_user(request.user, kind.model, pk)
    if not access.can_write(request.user, kind.model):
        raise PermissionDenied("Bạn không có quyền sửa loại dữ liệu này.")
    # A row the user may see but no longer change (confirmed, appraised, shared) is shown
    # read-only with the reason; posting to it is refused.
    locked = access.refusal(request.user, fact)
    if locked and request.method == "POST":
        raise PermissionDenied(locked)
    form = _form(kind, request, instance=fact)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            # Saving a form unchanged changes nothing (not even the confirmation).
            messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect("scoring:fact-list", slug=kind.slug)
        fact = confirm.save_fact(form, request.user)
        messages.success(request, f"Đã lưu: {fact}{_pending(fact)}.")
        return redirect("scoring:fact-list", slug=kind.slug)
    content_type = ContentType.objects.get_for_model(kind.model)
    context = {
        "kind": kind,
        "form": form,
        "fact": fact,
        "content_type": content_type,
        "locked": locked,
        "can_confirm": kind.model in access.CONFIRMABLE and access.can_confirm(request.user),
    }
    if kind.model is m.ParScore:
        context["evidence"] = list(fact.evidence.all())
    return render(request, "scoring/fact_form.html", context)


def _pending(fact: Any) -> str:
    if getattr(fact, "confirmed_at", True) is None:
        return " (chưa xác nhận: chờ cơ quan thường trực xác nhận)"
    return ""


@login_required
def fact_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    fact = access.get_fact_for_user(request.user, kind.model, pk, write=True)
    if request.method == "POST":
        label = str(fact)
        try:
            confirm.delete_fact(fact, request.user)
        except ProtectedError:  # e.g. an award a revocation decision names (issue 11)
            messages.error(
                request, f"Không xóa được “{label}”: bản ghi đã được một văn bản khác dẫn chiếu."
            )
            return redirect("scoring:fact-edit", slug=kind.slug, pk=fact.pk)
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


@require_POST
@login_required
def fact_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """The office confirms the units' entries ticked on the list (or one from its page)."""
    kind = _kind(slug)
    if kind.model not in access.CONFIRMABLE:
        raise Http404("Loại dữ liệu này không cần xác nhận.")
    if not access.can_confirm(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực xác nhận dữ liệu của đơn vị.")
    ids = [
        pk
        for pk in (whole_number(v, low=1, high=MAX_ID) for v in request.POST.getlist("ids"))
        if pk is not None
    ]
    if not ids:
        messages.error(request, "Chưa chọn bản ghi nào để xác nhận.")
    else:
        count = confirm.confirm(kind.model._default_manager.filter(pk__in=ids), request.user)
        if count:
            messages.success(request, f"Đã xác nhận {count} bản ghi.")
        else:
            messages.info(request, "Các bản ghi đã chọn đều đã được xác nhận trước đó.")
    back = request.POST.get("next", "")
    if back.startswith("/du-lieu/") and "//" not in back:
        return redirect(back)
    return redirect(f"{reverse('scoring:fact-list', args=[kind.slug])}?xac_nhan=chua")


@require_POST
@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    score = access.get_fact_for_user(request.user, m.ParScore, pk, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp tài liệu kiểm chứng để tải lên.")
    else:
        try:
            confirm.add_evidence(score, upload, request.user)  # type: ignore[arg-type]
            messages.success(request, f"Đã tải lên tài liệu kiểm chứng “{upload.name}”.")
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    return redirect("scoring:fact-edit", slug="chi-so-cchc", pk=score.pk)


@require_POST
@login_required
def evidence_remove(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    score = access.get_fact_for_user(request.user, m.ParScore, pk, write=True)
    evidence = m.ParEvidence.objects.filter(par_score=score, pk=evidence_id).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    confirm.remove_evidence(evidence, request.user)
    messages.success(request, f"Đã xóa tài liệu kiểm chứng “{evidence.original_name}”.")
    return redirect("scoring:fact-edit", slug="chi-so-cchc", pk=score.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """A file of a PAR result, to whoever may see the result (404 otherwise)."""
    score = access.get_fact_for_user(request.user, m.ParScore, pk)
    evidence = m.ParEvidence.objects.filter(par_score=score, pk=evidence_id).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    return serve(evidence.stored_path, download_name=evidence.original_name, kind=evidence.kind)


@login_required
def par_ranking(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    """Kết quả Chỉ số CCHC of a year, ranked within each competition group."""
    years = par_years()
    year: int | None = whole_number(request.GET.get("year"), low=1, high=9999)
    if year is None:
        # The latest year with results, never one after the current year.
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), years[-1] if years else None)
    group = request.GET.get("group", "")[:30]
    groups = {g.code: g for g in CompetitionGroup.objects.all()}
    if group not in groups:
        group = ""
    # Ranks are among every assessed unit of a group that year, whatever the page shows:
    # one query for the year's scores (par_table), then the visible ones, one page of them.
    visible = set(org_access.visible_units(request.user).values_list("pk", flat=True))
    rows = (
        [
            r
            for r in par_table(year)
            if r.score.unit_id in visible and (not group or r.score.unit.group_id == group)
        ]
        if year
        else []
    )
    if xlsx_export:
        title = f"Kết quả Chỉ số CCHC năm {year}" if year else "Kết quả Chỉ số CCHC"
        filters = [f"khối {groups[group].name}" if group else ""]
        return xlsx.export(request, title, exports.PAR_RANKING_COLUMNS, rows, filters=filters)
    paged = paginate(request, rows)
    context = {
        **paged,
        "rows": paged["page"].object_list,  # the rows shown
        "years": years,
        "year": year,
        "group": group,
        "groups": groups.values(),
    }
    return render(request, "scoring/par_ranking.html", context)


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
