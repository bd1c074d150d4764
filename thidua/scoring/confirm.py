"""Units propose, the office confirms: the one write path of the fact pages (and of any
later API), the office's confirmation of units' entries, and the evidence files of a PAR
self-assessment.

A unit's entry is saved unconfirmed ("chưa xác nhận") and the engine does not read it; the
office's writes are confirmed as they are made. A unit may change or delete its entry only
until the office confirms it (or, for a PAR result, appraises it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from thidua.lib.audit import bulk_update_logged
from thidua.lib.uploads import remove_files, storing_upload
from thidua.org.models import User
from thidua.scoring import access
from thidua.scoring import models as m


def _check_still_writable(user: User, fact: Model) -> None:
    """Re-read the row under a lock: a unit's edit and the office's confirmation queue one
    behind the other, so an edit never lands on a row confirmed meanwhile."""
    if user.is_office or fact.pk is None:
        return
    locked = type(fact)._default_manager.select_for_update().get(pk=fact.pk)
    reason = access.refusal(user, locked)
    if reason:
        raise PermissionDenied(reason)


def mark(fact: Model, user: User) -> None:
    """The confirmation state a write by `user` gives a confirmable row."""
    if not isinstance(fact, access.CONFIRMABLE):
        return
    if user.is_office:
        # The office's write confirms a unit's entry; an edit of a confirmed row keeps
        # the confirmation it had (only what changed enters the audit trail).
        if fact._state.adding or fact.confirmed_at is None:  # type: ignore[attr-defined]
            fact.confirmed_at = timezone.now()  # type: ignore[attr-defined]
            fact.confirmed_by = user  # type: ignore[attr-defined]
    else:
        fact.confirmed_at = None  # type: ignore[attr-defined]
        fact.confirmed_by = None  # type: ignore[attr-defined]


@transaction.atomic
def save_fact(form: Any, user: User) -> Model:
    """Save a valid fact form written by `user` (create or change)."""
    fact = form.instance
    if not access.can_write(user, type(fact)):
        raise PermissionDenied("Bạn không có quyền sửa loại dữ liệu này.")
    _check_still_writable(user, fact)
    fact = form.save(commit=False)
    if fact.created_by_id is None and fact._state.adding:
        fact.created_by = user
    mark(fact, user)
    fact.save()
    form.save_m2m()
    return fact


@transaction.atomic
def delete_fact(fact: Model, user: User) -> None:
    reason = access.refusal(user, fact)
    if reason:
        raise PermissionDenied(reason)
    _check_still_writable(user, fact)
    if isinstance(fact, m.ParScore):
        paths = list(fact.evidence.values_list("stored_path", flat=True))
        fact.delete()
        transaction.on_commit(lambda: remove_files(paths))
    else:
        fact.delete()


@transaction.atomic
def confirm(facts: QuerySet, user: User) -> int:
    """The office confirms units' entries (one or many); returns how many were confirmed.
    Each confirmation is in the audit trail (one entry per row)."""
    if not access.can_confirm(user):
        raise PermissionDenied("Chỉ cơ quan thường trực xác nhận dữ liệu của đơn vị.")
    rows = list(facts.select_for_update().filter(confirmed_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.confirmed_at, row.confirmed_by = now, user
    if rows:
        bulk_update_logged(type(rows[0]), rows, ["confirmed_at", "confirmed_by"])
    return len(rows)


# Evidence files of a PAR self-assessment ----------------------------------------------


@transaction.atomic
def add_evidence(par_score: m.ParScore, upload: Any, user: User) -> m.ParEvidence:
    """Store a file checked by its bytes and size; refused once the unit may no longer
    change the result."""
    reason = access.refusal(user, par_score)
    if reason:
        raise PermissionDenied(reason)
    _check_still_writable(user, par_score)
    with storing_upload(upload) as (kind, relative):  # on disk before the row commits
        return m.ParEvidence.objects.create(
            par_score=par_score,
            original_name=Path(upload.name or "tep").name[:255],
            stored_path=relative,
            kind=kind,
            size=upload.size,
            uploaded_by=user,
        )


@transaction.atomic
def remove_evidence(evidence: m.ParEvidence, user: User) -> None:
    reason = access.refusal(user, evidence.par_score)
    if reason:
        raise PermissionDenied(reason)
    _check_still_writable(user, evidence.par_score)
    path = evidence.stored_path
    evidence.delete()
    transaction.on_commit(lambda: remove_files([path]))
