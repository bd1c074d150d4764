"""The law page (/phap-ly/): every law table with its confidence marks, for the office and
the administrator; the administrator adds a dated row (recorded in the audit trail)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thidua.law.forms import TABLES, CompetenceForm
from thidua.law.models import (
    BallotRule,
    Coefficient,
    Competence,
    Holiday,
    ProcessingTime,
    Quorum,
    RecipientFit,
    Schedule,
    share_phrase,
)
from thidua.law.sections import page_sections


def _office(request: HttpRequest) -> None:
    if not request.user.sees_everything:
        raise PermissionDenied(
            "Chỉ cơ quan thường trực, quản trị, Hội đồng và lãnh đạo xem bảng quy định pháp luật."
        )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _office(request)
    ballots = [
        (row, share_phrase(row.share, row.strict))
        for row in BallotRule.objects.select_related("form")
    ]
    context = {
        "schedules": Schedule.objects.all(),
        "competences": Competence.objects.select_related("form"),
        "coefficients": Coefficient.objects.select_related("form", "schedule").order_by(
            "-schedule__valid_from", "form__order", "form"
        ),
        "ballots": ballots,
        "quorums": [(q, share_phrase(q.share, False)) for q in Quorum.objects.all()],
        "fits": RecipientFit.objects.select_related("form"),
        "processing_times": ProcessingTime.objects.all(),
        "holidays": Holiday.objects.order_by("-every_year", "day"),
        "sections": page_sections(),
        "tables": [(slug, heading) for slug, (_, heading) in TABLES.items()],
    }
    return render(request, "law/index.html", context)


@login_required
def add_row(request: HttpRequest, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404("Không có bảng này.")
    if not request.user.is_admin:
        raise PermissionDenied("Chỉ quản trị viên thêm quy định pháp luật.")
    form_class, heading = TABLES[table]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            if hasattr(row, "created_by_id"):
                row.created_by = request.user
            if isinstance(form, CompetenceForm) and form.cleaned_data.get("replace"):
                end = row.valid_from - dt.timedelta(days=1)
                current = Competence.objects.filter(form=row.form, valid_from__lte=end).filter(
                    Q(valid_to__isnull=True) | Q(valid_to__gt=end)
                )
                for old in current:
                    old.valid_to = end
                    old.save(update_fields=["valid_to", "updated_at"])
            row.save()
        messages.success(request, f"Đã thêm một dòng vào bảng “{heading}”.")
        return redirect("law:index")
    return render(request, "law/add_row.html", {"form": form, "heading": heading})
