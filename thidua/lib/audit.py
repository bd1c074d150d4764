"""The audit trail: who changed what, when, before and after.

Single-object saves and deletes of registered models are logged by django-auditlog's
signals. Our own bulk writes go through the helpers here, which write one log entry per
row in the same transaction, so nothing escapes the trail on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from auditlog.context import auditlog_value, disable_auditlog, set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.encoding import smart_str

from thidua.lib.batching import chunked, in_bulk

M = TypeVar("M", bound=models.Model)


def register(
    model: type[M],
    *,
    m2m_fields: set[str] | None = None,
    exclude: list[str] | None = None,
    mask: list[str] | None = None,
) -> type[M]:
    """Record every create, update and delete of `model` (used in AppConfig.ready).

    Only the model's own columns are compared (not reverse relations nor the id, which the
    entry keeps as object_pk); derived columns are left out with `exclude`."""
    # The entry carries its own timestamp: the row's created/updated times add nothing.
    excluded = set(exclude or []) | {"created_at", "updated_at"}
    auditlog.register(
        model,
        include_fields=[
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in excluded
        ],
        m2m_fields=m2m_fields or set(),
        mask_fields=mask or [],
        serialize_data=True,
    )
    return model


def mask_all(value: str) -> str:
    """What the trail keeps of a masked field (a password hash): that it changed, no more."""
    return "••••••"


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute the changes made inside the block to `user` (commands, imports, tasks).

    auditlog's own set_actor leaves the actor set after its block; the previous value is
    restored here so that later writes in the same thread are not attributed to `user`."""
    try:
        previous = auditlog_value.get()
    except LookupError:
        previous = {}
    try:
        with set_actor(user):
            yield
    finally:
        auditlog_value.set(previous)


def current_actor() -> Any:
    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


def _entries(
    objs: Iterable[models.Model], action: int, before: dict[Any, models.Model] | None = None
) -> list[LogEntry]:
    actor = current_actor()
    now = timezone.now()
    entries = []
    objs = list(objs)
    _fetch_related(objs)
    for obj in objs:
        old = before.get(obj.pk) if before is not None else None
        if action == LogEntry.Action.CREATE:
            changes = model_instance_diff(None, obj)
        elif action == LogEntry.Action.DELETE:
            changes = model_instance_diff(obj, None)
        else:
            changes = model_instance_diff(old, obj)
            if not changes:
                continue
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(obj),
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=smart_str(obj),
                action=action,
                changes=changes,
                actor=actor if getattr(actor, "pk", None) else None,
                actor_email=getattr(actor, "email", None),
                timestamp=now,
            )
        )
    return entries


def _fetch_related(objs: list[models.Model]) -> None:
    """Load the rows the objects' foreign keys point to, one query per key and batch: an
    entry's object_repr is str(obj), which often names them (a rating its person, an award
    its form), and would otherwise cost a query per row."""
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj)
    for model, group in by_model.items():
        for field in model._meta.concrete_fields:
            if not field.many_to_one:
                continue
            wanted = {
                value
                for o in group
                if (value := getattr(o, field.attname)) is not None and not field.is_cached(o)
            }
            if not wanted:
                continue
            target = field.target_field.attname
            rows = in_bulk(field.related_model._base_manager.all(), wanted, target)
            for o in group:
                related = rows.get(getattr(o, field.attname))
                if related is not None and not field.is_cached(o):
                    field.set_cached_value(o, related)


@transaction.atomic
def bulk_create_logged(model: type[M], objs: Sequence[M], batch_size: int = 1000) -> list[M]:
    _derive(objs)
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    LogEntry.objects.bulk_create(_entries(created, LogEntry.Action.CREATE), batch_size=batch_size)
    return created


@transaction.atomic
def bulk_update_logged(
    model: type[M], objs: Sequence[M], fields: list[str], batch_size: int = 1000
) -> int:
    _derive(objs)
    before = in_bulk(model.objects, [o.pk for o in objs])
    fields = _touch(model, objs, fields, before)
    count = model.objects.bulk_update(objs, fields, batch_size=batch_size)
    LogEntry.objects.bulk_create(
        _entries(objs, LogEntry.Action.UPDATE, before), batch_size=batch_size
    )
    return count


@transaction.atomic
def bulk_delete_logged(queryset: models.QuerySet[M]) -> int:
    """Delete the rows and everything their deletion cascades to, one entry per row."""
    doomed = list(queryset)
    collector = Collector(using=router.db_for_write(queryset.model))
    collector.collect(doomed)
    removed: list[models.Model] = [obj for objs in collector.data.values() for obj in objs]
    for fast in collector.fast_deletes:
        removed.extend(fast)
    removed = [obj for obj in removed if auditlog.contains(type(obj))]
    LogEntry.objects.bulk_create(_entries(removed, LogEntry.Action.DELETE), batch_size=1000)
    # Queryset deletes fire per-row signals; the entries above already record them.
    with disable_auditlog():
        return sum(
            queryset.model.objects.filter(pk__in=chunk).delete()[0]
            for chunk in chunked(o.pk for o in doomed)
        )


def _touch(model: type[M], objs: Sequence[M], fields: list[str], before: dict[Any, M]) -> list[str]:
    """bulk_update() skips auto_now: set `updated_at` (when the model keeps one) on the rows
    that change, so systems syncing by `updated_since` see them; the others keep theirs."""
    try:
        field = model._meta.get_field("updated_at")
    except FieldDoesNotExist:
        return fields
    if not getattr(field, "auto_now", False):
        return fields
    now = timezone.now()
    attnames = [model._meta.get_field(name).attname for name in fields]
    for obj in objs:
        old = before.get(obj.pk)
        changed = old is None or any(
            getattr(old, attname) != getattr(obj, attname) for attname in attnames
        )
        obj.updated_at = now if changed else old.updated_at  # type: ignore[attr-defined,union-attr]
    return fields if "updated_at" in fields else [*fields, "updated_at"]


def _derive(objs: Sequence[models.Model]) -> None:
    """Bulk writes skip save(): set the derived columns a model keeps (its derive())."""
    for obj in objs:
        derive = getattr(obj, "derive", None)
        if derive is not None:
            derive()


def deletion_summary(obj: models.Model) -> list[tuple[str, int]]:
    """What deleting `obj` also deletes, as (Vietnamese name of the kind, count), so the
    confirmation page can say it before anything is lost."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except models.ProtectedError:
        return []
    counts: dict[type[models.Model], int] = {
        model: len(objs) for model, objs in collector.data.items() if model is not type(obj)
    }
    for fast in collector.fast_deletes:
        counts[fast.model] = counts.get(fast.model, 0) + fast.count()
    return [
        (str(model._meta.verbose_name_plural), n)
        for model, n in counts.items()
        if n and auditlog.contains(model)
    ]


def history(obj: models.Model) -> models.QuerySet[LogEntry]:
    """Every recorded change of `obj`, newest first."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
