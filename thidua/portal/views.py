"""Placeholder until the app's work lands (issue 11)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def honor_board(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/honor-board.html", {})
