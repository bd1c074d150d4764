"""Every list page of the daily work: 50 rows a page, the page links keeping the filters.

`paginate(request, rows)` takes a queryset (ordered in the database: the paginator asks for
one COUNT and one slice) or a list, and reads `?page=`: a junk number gives page 1, one past
the end the last page, never an error. The template includes "_pagination.html" with the
context this returns (`page`, `querystring_base`).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def querystring_base(request: HttpRequest) -> str:
    """The request's query string without `page`, ready for "?{base}page=N"."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def paginate(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """{"page": the requested page of `rows`, "querystring_base": …} for the template."""
    page: Page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return {"page": page, "querystring_base": querystring_base(request)}
