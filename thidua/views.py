"""Project-level pages that span the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    return render(request, "home.html", {"counts": counts})
