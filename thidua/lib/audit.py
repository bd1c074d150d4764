"""The audit trail: who changed what, when, before and after.

Single-object saves and deletes of registered models are logged by django-auditlog's
signals. Our own bulk writes go through the helpers here, which write one log entry per
row in the same transaction, so nothing escapes the trail on SQLite or PostgreSQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, disable_auditlog, set_actor
from auditlog.diff import get_mask_function, model_instance_diff, track_field
from auditlog.models import DEFAULT_OBJECT_REPR, LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.encoding import smart_str

from thidua.lib.batching import chunked, in_bulk

M = TypeVar("M", bound=models.Model)

# Model -> the columns its __str__ reads (register(repr_fields=...)).
_REPR_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}


def register(
    model: type[M],
    *,
    m2m_fields: set[str] | None = None,
    exclude: list[str] | None = None,
    mask: list[str] | None = None,
    repr_fields: tuple[str, ...] | None = None,
) -> type[M]:
    """Record every create, update and delete of `model` (used in AppConfig.ready).

    Only the model's own columns are compared (not reverse relations nor the id, which the
    entry keeps as object_pk); derived columns are left out with `exclude`. `repr_fields`
    names the columns str() of a `model` reads (a person's full name): bulk entries of the
    rows that point to it (a rating names its person) load only those columns of it."""
    if repr_fields is not None:
        _REPR_FIELDS[model] = repr_fields
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


# Entries written per INSERT, and objects described at a time: a bulk write never holds
# more than this many entries, whatever the number of rows.
ENTRY_BATCH = 1000

_LOGENTRY_COLUMNS = (
    "content_type",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes_text",
    "changes",
    "actor",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
    "additional_data",
    "actor_email",
)


@dataclass(frozen=True)
class _Tracked:
    """One tracked column of a registered model, as auditlog's diff reads it."""

    name: str
    attname: str
    kind: str  # "datetime", "json", "fk" or "plain"
    masked: bool
    field: models.Field[Any, Any]


@cache
def _tracked(model: type[models.Model]) -> tuple[_Tracked, ...] | None:
    """The columns auditlog's model_instance_diff compares for `model` (its include/exclude
    lists), or None when the registration is one this direct reading does not cover (no
    include list: auditlog then also walks reverse relations)."""
    config = auditlog.get_model_fields(model)
    if not config["include_fields"]:
        return None
    columns = []
    for field in model._meta.fields:
        if not track_field(field) or field.name not in config["include_fields"]:
            continue
        if field.name in config["exclude_fields"]:
            continue
        if isinstance(field, models.DateTimeField):
            kind = "datetime"
        elif isinstance(field, models.JSONField):
            kind = "json"
        elif (field.one_to_one or field.many_to_one) and hasattr(field, "rel_class"):
            kind = "plain" if settings.AUDITLOG_USE_FK_STRING_REPRESENTATION else "fk"
        else:
            kind = "plain"
        columns.append(
            _Tracked(field.name, field.attname, kind, field.name in config["mask_fields"], field)
        )
    return tuple(columns)


def _value(obj: models.Model | None, column: _Tracked) -> Any:
    """A column's value as auditlog's get_field_value reads it (no query): "None" for no
    object, the id for a foreign key, a naive UTC datetime, JSON as text, else the text."""
    if obj is None:
        return "None"
    if column.kind == "fk":
        return smart_str(getattr(obj, column.attname), strings_only=True)
    value = getattr(obj, column.name)
    if column.kind == "datetime":
        value = column.field.to_python(value)
        if value is not None and settings.USE_TZ and not timezone.is_naive(value):
            value = timezone.make_naive(value, timezone=UTC)
        return value
    if column.kind == "json":
        value = column.field.to_python(value)
        with suppress(TypeError):  # auditlog keeps a value json cannot write as it is
            value = json.dumps(value, sort_keys=True, cls=column.field.encoder)  # type: ignore[attr-defined]
        return value
    return value if isinstance(value, str) else smart_str(value)


def changes_of(old: models.Model | None, new: models.Model | None) -> dict[str, list[str]] | None:
    """What auditlog's model_instance_diff(old, new) gives, read from the columns at hand:
    {field: [before, after]} as text ("None" for no value — and, as auditlog has it, a
    created row's empty foreign keys and datetimes show ["None", "None"]), masked fields
    masked, None when nothing changed. Bulk writes use it instead of the diff, which walks
    every field and relation of the model per row."""
    model = type(new if new is not None else old)
    columns = _tracked(model)
    if columns is None:
        diff = model_instance_diff(old, new)
        return {k: list(v) for k, v in diff.items()} if diff else None
    changes: dict[str, list[str]] = {}
    for column in columns:
        before, after = _value(old, column), _value(new, column)
        if before != after:
            before, after = smart_str(before), smart_str(after)
            if column.masked:
                mask = get_mask_function(auditlog.get_model_fields(model).get("mask_callable"))
                before, after = mask(before), mask(after)
            changes[column.name] = [before, after]
    return changes or None


def _describe(objs: list[models.Model]) -> list[str]:
    """Each object's object_repr, str(obj) as auditlog writes it, with the rows the objects'
    foreign keys name loaded once per batch (str() often names them)."""
    filled = _fetch_related(objs)
    reprs = []
    for obj in objs:
        try:
            reprs.append(smart_str(obj))
        except ObjectDoesNotExist:
            reprs.append(DEFAULT_OBJECT_REPR)
    # The rows loaded here may hold only the columns str() reads: the caller's objects are
    # left as they came, so that nothing later reads a deferred column row by row.
    for field, obj in filled:
        field.delete_cached_value(obj)
    return reprs


def _fetch_related(objs: list[models.Model]) -> list[tuple[models.Field[Any, Any], models.Model]]:
    """Load the rows the objects' foreign keys point to, one query per key and batch (only
    the columns their str() reads when registered with repr_fields): an entry's object_repr
    is str(obj), which often names them (a rating its person, an award its form), and would
    otherwise cost a query per row. Returns what it cached, for _describe to undo."""
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    filled: list[tuple[models.Field[Any, Any], models.Model]] = []
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
            queryset = field.related_model._base_manager.all()
            if field.related_model in _REPR_FIELDS:
                queryset = queryset.only(target, *_REPR_FIELDS[field.related_model])
            rows = in_bulk(queryset, wanted, target)
            for o in group:
                related = rows.get(getattr(o, field.attname))
                if related is not None and not field.is_cached(o):
                    field.set_cached_value(o, related)
                    filled.append((field, o))
    return filled


def _log(
    objs: Iterable[models.Model],
    action: int,
    before: dict[Any, models.Model] | None = None,
    *,
    only: Iterable[str] | None = None,
    m2m: dict[Any, dict[str, Any]] | None = None,
) -> int:
    """Write one entry per object (per changed object for an update), ENTRY_BATCH at a time:
    the rows are described from their columns, the entries inserted by one statement per
    batch, never all held at once. `only` restricts the changes to those fields; `m2m`
    gives each object's changes instead (pk -> auditlog's m2m form). Returns the number of
    entries written."""
    fields = set(only) if only is not None else None
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    actor = context.get("actor")
    actor_id = getattr(actor, "pk", None)
    fixed = {
        "serialized_data": None,
        "action": action,
        "changes_text": "",
        "actor": actor_id,
        "cid": get_cid(),
        "remote_addr": context.get("remote_addr"),
        "remote_port": context.get("remote_port"),
        "timestamp": timezone.now(),
        "additional_data": None,
        "actor_email": getattr(actor, "email", None) if actor_id else None,
    }
    written = 0
    content_types: dict[type[models.Model], int] = {}
    for chunk in chunked(objs, ENTRY_BATCH):
        rows = []
        for obj in chunk:
            if m2m is not None:
                rows.append((obj, m2m[obj.pk]))
                continue
            if action == LogEntry.Action.CREATE:
                changes = changes_of(None, obj)
            elif action == LogEntry.Action.DELETE:
                changes = changes_of(obj, None)
            else:
                changes = changes_of(before.get(obj.pk) if before is not None else None, obj)
                if changes and fields is not None:
                    changes = {k: v for k, v in changes.items() if k in fields}
                if not changes:
                    continue
            rows.append((obj, changes))
        if not rows:
            continue
        reprs = _describe([obj for obj, _ in rows])
        values = []
        for (obj, changes), text in zip(rows, reprs, strict=True):
            model = type(obj)
            if model not in content_types:
                content_types[model] = ContentType.objects.get_for_model(model).pk
            values.append(
                {
                    **fixed,
                    "content_type": content_types[model],
                    "object_pk": str(obj.pk),
                    "object_id": obj.pk if isinstance(obj.pk, int) else None,
                    "object_repr": text,
                    "changes": changes,
                }
            )
        _insert_entries(values)
        written += len(values)
    return written


def _insert_entries(values: list[dict[str, Any]]) -> None:
    """INSERT the entries, values prepared by the LogEntry fields themselves (JSON and the
    timestamp as the ORM would send them) without a model instance per entry, in as few
    statements as the backend's limit on bound values allows."""
    using = router.db_for_write(LogEntry)
    connection = connections[using]
    meta = LogEntry._meta
    fields = [meta.get_field(name) for name in _LOGENTRY_COLUMNS]
    timestamp = meta.get_field("timestamp").get_db_prep_save(values[0]["timestamp"], connection)
    json_fields = {f.name for f in fields if isinstance(f, models.JSONField)}
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql":
        _copy_entries(connection, meta.db_table, fields, values, timestamp)
        return
    size = max(1, connection.ops.bulk_batch_size(fields, values))
    with connection.cursor() as cursor:
        for chunk in chunked(values, size):
            params: list[Any] = []
            for row in chunk:
                for field in fields:
                    value = row[field.name]
                    if field.name == "timestamp":
                        value = timestamp
                    elif value is not None and field.name in json_fields:
                        value = field.get_db_prep_save(value, connection)
                    params.append(value)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([row_sql] * len(chunk)),
                params,
            )


def _copy_entries(
    connection: Any, table: str, fields: list[Any], values: list[dict[str, Any]], timestamp: Any
) -> None:
    """PostgreSQL: the entries by COPY (psycopg's copy, rows as Python values, JSON as
    text), which spares the client-side quoting of thousands of parameters."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.name for f in fields if isinstance(f, models.JSONField)}
    names = [f.name for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(
                    [
                        timestamp
                        if name == "timestamp"
                        else json.dumps(row[name])
                        if name in json_fields and row[name] is not None
                        else row[name]
                        for name in names
                    ]
                )


@transaction.atomic
def bulk_create_logged(model: type[M], objs: Sequence[M], batch_size: int = 1000) -> list[M]:
    _derive(objs)
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    _log(created, LogEntry.Action.CREATE)
    return created


@transaction.atomic
def bulk_update_logged(
    model: type[M], objs: Sequence[M], fields: list[str], batch_size: int = 1000
) -> int:
    _derive(objs)
    before = in_bulk(model.objects, [o.pk for o in objs])
    fields = _touch(model, objs, fields, before)
    count = model.objects.bulk_update(objs, fields, batch_size=batch_size)
    _log(objs, LogEntry.Action.UPDATE, before)
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
    _log(removed, LogEntry.Action.DELETE)
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


def log_update(old: M, new: M, fields: Iterable[str]) -> bool:
    """One update entry of `new` against `old` over `fields` (actor, address from the
    context), for a write the signals do not see (a queryset update). True if written."""
    return _log([new], LogEntry.Action.UPDATE, {new.pk: old}, only=fields) > 0


def log_links(
    model: type[models.Model], field_name: str, pairs: Iterable[tuple[Any, Any]], operation: str
) -> int:
    """Links of the many-to-many `field_name` of `model` written in bulk (the through
    table's rows), as auditlog's m2m_changed writes them: one update entry per object,
    {field: {"type": "m2m", "operation": "add" | "delete", "objects": [str(target), …]}}.
    One query per batch of objects and of targets."""
    targets_of: dict[Any, list[Any]] = defaultdict(list)
    for pk, target in pairs:
        targets_of[pk].append(target)
    if not targets_of:
        return 0
    target_model = model._meta.get_field(field_name).related_model
    written = 0
    for chunk in chunked(list(targets_of), ENTRY_BATCH):
        objs = in_bulk(model._base_manager.all(), chunk)
        wanted = {t for pk in chunk for t in targets_of[pk]}
        queryset = target_model._base_manager.all()  # type: ignore[union-attr]
        if target_model in _REPR_FIELDS:
            queryset = queryset.only("pk", *_REPR_FIELDS[target_model])  # type: ignore[index]
        names = {pk: smart_str(t) for pk, t in in_bulk(queryset, wanted).items()}
        m2m = {
            pk: {
                field_name: {
                    "type": "m2m",
                    "operation": operation,
                    "objects": [names.get(t, str(t)) for t in targets_of[pk]],
                }
            }
            for pk in objs
        }
        written += _log(list(objs.values()), LogEntry.Action.UPDATE, m2m=m2m)
    return written


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
