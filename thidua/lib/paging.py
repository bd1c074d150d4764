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
from django.utils.functional import cached_property

PAGE_SIZE = 50


def querystring_base(request: HttpRequest) -> str:
    """The request's query string without `page`, ready for "?{base}page=N"."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told the number of rows when it is known already (no COUNT query)."""

    def __init__(self, rows: Any, per_page: int, count: int | None) -> None:
        super().__init__(rows, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count


def paginate(
    request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE, *, count: int | None = None
) -> dict[str, Any]:
    """{"page": the requested page of `rows`, "querystring_base": …} for the template;
    `count`, when the caller knows it (stored counts), spares the COUNT of every row."""
    page: Page = _CountedPaginator(rows, per_page, count).get_page(request.GET.get("page"))
    return {"page": page, "querystring_base": querystring_base(request)}
