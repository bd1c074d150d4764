"""Which awardees of a decision are still in force: a ``DecisionAward`` is revoked when the
``scoring.Award`` its signing created (same decision number and date, form, year, subject)
has ``revoked_on`` set by a signed revocation (``thidua.awards.revocation``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce, Concat

from thidua.awards.records import Decision
from thidua.scoring.models import Award


def revoked_exists(path: str = "") -> Exists:
    """True where the DecisionAward at ``path`` (e.g. "award__" from a PublicationItem, ""
    from a DecisionAward) was revoked — one correlated subquery, usable in any filter."""
    return Exists(
        Award.objects.filter(revoked_on__isnull=False)
        .annotate(_unit=Coalesce("unit_id", Value(0)), _person=Coalesce("person_id", Value(0)))
        .filter(
            decision_number=Concat(
                OuterRef(f"{path}decision__number"), Value("/"), OuterRef(f"{path}decision__symbol")
            ),
            decision_date=OuterRef(f"{path}decision__signed_on"),
            form_id=OuterRef(f"{path}form_id"),
            year=OuterRef(f"{path}year"),
            _unit=Coalesce(OuterRef(f"{path}unit_id"), Value(0)),
            _person=Coalesce(OuterRef(f"{path}person_id"), Value(0)),
        )
    )


def revocation_notes(decision: Decision) -> dict[int, str]:
    """DecisionAward pk -> "Đã thu hồi theo Quyết định số …" for the revoked awardees."""
    from thidua.awards.revocation import note_of

    if not decision.number or decision.signed_on is None:
        return {}
    revoked = {
        (a.form_id, a.year, a.unit_id, a.person_id): a
        for a in Award.objects.filter(
            decision_number=f"{decision.number}/{decision.symbol}",
            decision_date=decision.signed_on,
            revoked_on__isnull=False,
        )
    }
    notes = {}
    for award in decision.awards.all():
        found = revoked.get((award.form_id, award.year, award.unit_id, award.person_id))
        if found is not None:
            notes[award.pk] = note_of(found)
    return notes
