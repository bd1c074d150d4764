"""Project-level pages that span the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.org import access
from thidua.scoring.access import visible_facts
from thidua.scoring.models import Award, ParScore


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "units": access.visible_units(request.user).count(),
        "people": access.visible_people(request.user).count(),
        "par_scores": visible_facts(request.user, ParScore).count(),
        "awards": visible_facts(request.user, Award).count(),
    }
    unit = request.user.unit
    # An account of a unit that has ended (the district after 30/6/2025) reads its history.
    ended = unit if unit and unit.valid_to and unit.valid_to < timezone.localdate() else None
    successors = [u.name for u in ended.merged_into.order_by("name")] if ended else []
    return render(
        request, "home.html", {"counts": counts, "ended": ended, "successors": successors}
    )
