"""Reading and writing many rows in batches, so that no statement binds more values than a
database allows (SQLite: 32,766 on a stock build, 999 on old ones) and memory stays bounded.

    for chunk in chunked(records):                  # BATCH records at a time
        existing = in_bulk(Person.objects, codes, field_name="code")
    for code, pk in filter_in(Unit.objects.values_list("code", "pk"), "code", codes): ...

Each helper makes one query per BATCH keys, whatever the number of keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from django.db import models

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

# Keys per query and rows per write: far under every backend's limit on bound values (a
# query may bind a few more, e.g. years), and big enough that a query's cost dominates.
BATCH = 2000


def chunked(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def filter_in(
    queryset: models.QuerySet[Any], field: str, keys: Iterable[Any], size: int = BATCH
) -> Iterator[Any]:
    """The rows of `queryset` (objects, or tuples of a values_list) whose `field` is one of
    `keys`: one query per `size` distinct keys."""
    for chunk in chunked(dict.fromkeys(keys), size):
        yield from queryset.filter(**{f"{field}__in": chunk})


def in_bulk(
    queryset: models.QuerySet[M], keys: Iterable[Any], field_name: str = "pk", size: int = BATCH
) -> dict[Any, M]:
    """QuerySet.in_bulk in batches of `size` keys (Django batches only by the backend's
    max_query_params, which it leaves unset on PostgreSQL and at 999 on SQLite)."""
    attname = queryset.model._meta.get_field(field_name).attname if field_name != "pk" else "pk"
    return {getattr(obj, attname): obj for obj in filter_in(queryset, field_name, keys, size)}
