"""Stored evaluations: a campaign's results for a year computed once per version of their
inputs (campaigns.versions), kept as one row per (scheme, candidate), recomputed by the
background worker (campaigns.tasks) when the inputs change.

A page calls :func:`ensure`: fresh stored results are read as they are; stale ones queue
one recompute (a conditional update claims it: one waiting task per evaluation, whatever
the number of pages asking) and the page shows the previous results meanwhile."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.campaigns.models import Campaign, Evaluation, EvaluationRow
from thidua.campaigns.versions import fingerprint
from thidua.lib.vietnamese import fold
from thidua.org.access import visible_units
from thidua.org.models import Person, User
from thidua.rules.engine import EvaluationError
from thidua.rules.template import Scheme, Template

logger = logging.getLogger(__name__)

State = Evaluation.State
BATCH = 2000
# A recompute queued or running longer than this is taken as lost (the worker killed): the
# next page queues it again.
STUCK_AFTER = dt.timedelta(minutes=15)
UNEXPECTED = (
    "Có lỗi ngoài dự kiến khi tính kết quả xét khen thưởng. Hãy bấm “Tính lại ngay”; nếu vẫn "
    "lỗi, hãy báo quản trị hệ thống."
)
REFUSED = (
    "Quy định của phong trào không tính được cho năm {year}: hãy xem lại thời hạn và các "
    "phương án (nút “Thời gian, thời hạn” và “Phương án, hồ sơ” ở trang phong trào), rồi "
    "bấm “Tính lại ngay”."
)
UNIT_IN_TEXT = re.compile(r"\bĐơn vị ([A-Za-z0-9][A-Za-z0-9_.-]*)")
_STATUS_ORDER = {True: 0, None: 1, False: 2}


@dataclass(frozen=True)
class Stored:
    """A stored evaluation as a page finds it."""

    evaluation: Evaluation
    fresh: bool  # computed from the inputs as they are now
    pending: bool  # a recompute is queued or running
    failed: str  # the latest attempt's failure (Vietnamese), when it failed

    @property
    def has_result(self) -> bool:
        return self.evaluation.computed_at is not None

    @property
    def queued_at(self) -> dt.datetime | None:
        return self.evaluation.queued_at


def ensure(campaign: Campaign, year: int, *, force: bool = False) -> Stored:
    """The stored evaluation of ``campaign`` for ``year``; when stale (or ``force``: the
    office's "Tính lại ngay"), a recompute is queued unless one is already waiting."""
    current = fingerprint(campaign, year)
    evaluation, _ = Evaluation.objects.get_or_create(campaign=campaign, year=year)
    if evaluation.fingerprint == current and not force:
        return Stored(evaluation, True, False, "")
    if _waiting(evaluation, current) and not force:
        return _as_found(evaluation, current)
    if evaluation.state == State.FAILED and evaluation.wanted == current and not force:
        return _as_found(evaluation, current)
    # Claim the recompute: only the request whose update matches queues the task.
    recent = Q(wanted=current, queued_at__gt=timezone.now() - STUCK_AFTER)
    busy = Q(state=State.QUEUED) & recent
    if not force:
        busy |= (Q(state=State.RUNNING) & recent) | Q(state=State.FAILED, wanted=current)
    claimed = (
        Evaluation.objects.filter(pk=evaluation.pk)
        .exclude(busy)
        .update(state=State.QUEUED, wanted=current, queued_at=timezone.now(), message="")
    )
    if claimed:
        _enqueue(evaluation.pk)
    evaluation.refresh_from_db()
    return _as_found(evaluation, current)


def _waiting(evaluation: Evaluation, current: str) -> bool:
    return (
        evaluation.state in (State.QUEUED, State.RUNNING)
        and evaluation.wanted == current
        and evaluation.queued_at is not None
        and evaluation.queued_at > timezone.now() - STUCK_AFTER
    )


def _as_found(evaluation: Evaluation, current: str) -> Stored:
    fresh = evaluation.fingerprint == current
    failed = evaluation.message if evaluation.state == State.FAILED else ""
    pending = not fresh and evaluation.state in (State.QUEUED, State.RUNNING)
    return Stored(evaluation, fresh, pending, failed)


def _enqueue(evaluation_id: int) -> None:
    from thidua.campaigns.tasks import recompute_evaluation

    backend = getattr(settings, "EVALUATIONS_TASK_BACKEND", "default")
    recompute_evaluation.using(backend=backend).enqueue(evaluation_id)


def run(evaluation_id: int) -> str:
    """The background task's work: claim the queued recompute, compute, store."""
    claimed = Evaluation.objects.filter(pk=evaluation_id, state=State.QUEUED).update(
        state=State.RUNNING
    )
    if not claimed:
        return "skipped"
    evaluation = Evaluation.objects.select_related("campaign").get(pk=evaluation_id)
    try:
        compute(evaluation)
    except EvaluationError as e:
        # The engine speaks English (the CLI's contract): the office reads what to do.
        logger.warning("Evaluation %s refused by the engine: %s", evaluation_id, e)
        _fail(evaluation, REFUSED.format(year=evaluation.year))
        return State.FAILED
    except Exception:
        logger.exception("Evaluation %s failed", evaluation_id)
        _fail(evaluation, UNEXPECTED)
        return State.FAILED
    return State.IDLE


def _fail(evaluation: Evaluation, message: str) -> None:
    Evaluation.objects.filter(pk=evaluation.pk, state=State.RUNNING).update(
        state=State.FAILED, message=message
    )


def compute(evaluation: Evaluation) -> None:
    """Evaluate the campaign's year and replace the stored rows, all at once: readers see
    the previous rows until the new ones are committed."""
    from thidua.campaigns.services import evaluate_campaign

    campaign = evaluation.campaign
    template = campaign.template
    # The fingerprint before the facts: a write in between leaves the rows marked older
    # than the data, so they are recomputed again — never newer than what they read.
    version = fingerprint(campaign, evaluation.year, template)
    started = time.perf_counter()
    result = evaluate_campaign(campaign, evaluation.year, template=template)
    years = {doc["key"]: doc.get("years", []) for doc in result.results["schemes"]}
    counts: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        EvaluationRow.objects.filter(evaluation=evaluation).delete()
        batch: list[EvaluationRow] = []
        for row in _rows(evaluation, template, result):
            _count(counts.setdefault(row.scheme_key, dict.fromkeys(COUNTS, 0)), row)
            batch.append(row)
            if len(batch) >= BATCH:
                EvaluationRow.objects.bulk_create(batch)
                batch = []
        EvaluationRow.objects.bulk_create(batch)
        Evaluation.objects.filter(pk=evaluation.pk).update(
            fingerprint=version,
            computed_at=timezone.now(),
            duration=time.perf_counter() - started,
            years_read=years,
            summaries=counts,
        )
        # A newer recompute queued meanwhile stays queued.
        Evaluation.objects.filter(pk=evaluation.pk, state=State.RUNNING).update(
            state=State.IDLE, message=""
        )


def compute_now(campaign: Campaign, year: int) -> Evaluation:
    """Compute and store at once, in this process (the demo loader, scripts)."""
    evaluation, _ = Evaluation.objects.get_or_create(campaign=campaign, year=year)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=State.RUNNING)
    evaluation.refresh_from_db()
    try:
        compute(evaluation)
    except EvaluationError:
        _fail(evaluation, REFUSED.format(year=year))
        raise
    evaluation.refresh_from_db()
    return evaluation


def compute_all() -> int:
    """Every campaign's every year computed and stored (the demo loader: its pages open on
    fresh results without waiting for the worker). The number stored."""
    done = 0
    for campaign in Campaign.objects.all():
        try:
            years = campaign.template.years
        except ValueError:  # rules the office has not finished: nothing to evaluate
            continue
        for year in years:
            try:
                compute_now(campaign, year)
            except EvaluationError:
                continue
            done += 1
    return done


def _rows(evaluation: Evaluation, template: Template, result: Any) -> Iterator[EvaluationRow]:
    names, units_of = result.names, result.units_of
    for doc in result.results["schemes"]:
        scheme = template.scheme(doc["key"])
        if scheme is None:
            continue
        ordered = sorted(doc["candidates"], key=display_order(scheme))
        for position, c in enumerate(ordered):
            code = c["code"]
            name = names.get(code, code)
            stored = {
                **c,
                "note": named(c.get("note"), names),
                "criteria": [{**k, "detail": named(k["detail"], names)} for k in c["criteria"]],
            }
            yield EvaluationRow(
                evaluation=evaluation,
                scheme_key=scheme.key,
                code=code,
                name=name[:300],
                name_folded=fold(name)[:300],
                unit_name=(units_of.get(code) or "")[:300],
                group=c.get("group") or "",
                eligible=c["eligible"],
                selected=c.get("selected"),
                rank=c.get("rank"),
                tie=c.get("note") is not None,
                position=position,
                doc=stored,
            )


def display_order(scheme: Scheme) -> Any:
    """By group as the scheme lists them, then selected, undecided, not selected, then the
    quota order; the engine's own order (the unit tree) breaks the remaining ties."""
    # A quota for all groups together ranks across them: no grouping then.
    groups = {} if scheme.quota.total is not None else {g: i for i, g in enumerate(scheme.groups)}

    def key(c: dict[str, Any]) -> tuple[Any, ...]:
        return (
            groups.get(c["group"], 0),
            _STATUS_ORDER[c["selected"]],
            _STATUS_ORDER[c["eligible"]],
            c["rank"] or 0,
        )

    return key


def named(text: str | None, names: dict[str, str]) -> str | None:
    """The engine's explanation with units by name: "Đơn vị XA-AN xếp hạng 1/1" ->
    "UBND xã Mỹ An xếp hạng 1/1" (the engine knows codes; a user reads names)."""
    if not text:
        return text
    return UNIT_IN_TEXT.sub(lambda m: names.get(m.group(1), m.group(0)), text)


# --- reading the stored rows ----------------------------------------------------------


def visible_rows(evaluation: Evaluation, scheme_key: str, user: User) -> QuerySet[EvaluationRow]:
    """A scheme's stored rows a user may read: a unit's account its units' and people's
    only, in the query (ranks are kept: they were computed among all candidates)."""
    rows = EvaluationRow.objects.filter(evaluation=evaluation, scheme_key=scheme_key)
    if user.sees_everything:
        return rows
    units = visible_units(user)
    return rows.filter(
        Q(code__in=units.values("code"))
        | Q(code__in=Person.objects.filter(unit__in=units).values("code"))
    )


FILTERS = {"dat": True, "khong": False, "chua-ro": None}


def filtered(
    rows: QuerySet[EvaluationRow], *, verdict: str = "", group: str = "", search: str = ""
) -> QuerySet[EvaluationRow]:
    """The results page's filters, in the database: the verdict (?loc=), the group
    (?khoi=), a name typed with or without diacritics (?q=)."""
    if verdict in FILTERS:
        value = FILTERS[verdict]
        rows = rows.filter(eligible__isnull=True) if value is None else rows.filter(eligible=value)
    if group:
        rows = rows.filter(group=group)
    folded = fold(search)
    if folded:
        rows = rows.filter(name_folded__contains=folded)
    return rows


COUNTS = ("total", "eligible", "not_eligible", "unknown", "selected", "ties")


def _count(counts: dict[str, int], row: EvaluationRow) -> None:
    counts["total"] += 1
    counts[{True: "eligible", False: "not_eligible", None: "unknown"}[row.eligible]] += 1
    counts["selected"] += row.selected is True
    counts["ties"] += row.tie


def summary(rows: QuerySet[EvaluationRow]) -> dict[str, int]:
    """The counts of the results page's summary: one query (the office's whole scheme has
    them stored: Evaluation.summaries)."""
    counts = rows.aggregate(
        n_total=Count("pk"),
        n_eligible=Count("pk", filter=Q(eligible=True)),
        n_not_eligible=Count("pk", filter=Q(eligible=False)),
        n_unknown=Count("pk", filter=Q(eligible__isnull=True)),
        n_selected=Count("pk", filter=Q(selected=True)),
        n_ties=Count("pk", filter=Q(tie=True)),
    )
    return {key.removeprefix("n_"): value for key, value in counts.items()}
