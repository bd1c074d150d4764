"""Sổ theo dõi khen thưởng: every award of a person or a collective — from the history and
from signed decisions, revoked ones marked — filtered by unit, year, form and a person's or
collective's name (with or without diacritics), paginated in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from thidua.awards.access import visible_awards
from thidua.awards.revocation import Revocation, RevokedAward
from thidua.lib.vietnamese import fold
from thidua.org.models import Unit, User
from thidua.scoring.models import Award


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    year: int | None = None
    form: str = ""
    query: str = ""
    revoked: str = ""  # "" all, "con" in force, "thu_hoi" revoked

    def labels(self) -> list[str]:
        return [
            f"đơn vị {self.unit.name}" if self.unit else "",
            f"năm {self.year}" if self.year else "",
            f"tìm “{self.query}”" if self.query else "",
            {"con": "còn hiệu lực", "thu_hoi": "đã thu hồi"}.get(self.revoked, ""),
        ]


def register_rows(user: User, filters: Filters) -> QuerySet[Award]:
    awards = visible_awards(user).select_related("form", "unit", "person__unit")
    if filters.unit is not None:
        path = filters.unit.path
        awards = awards.filter(
            Q(unit__path__startswith=path)
            | Q(person__unit__path__startswith=path)
            | Q(  # the unit at the time of the award, for a person a merger moved later
                person__former_unit__path__startswith=path,
                person__former_unit__valid_to__isnull=False,
                year__lte=F("person__former_unit__valid_to__year"),
            )
        )
    if filters.year:
        awards = awards.filter(year=filters.year)
    if filters.form:
        awards = awards.filter(form_id=filters.form)
    if filters.query:
        folded = fold(filters.query)
        awards = awards.filter(
            Q(person__search_text__contains=folded) | Q(unit__search_text__contains=folded)
        )
    if filters.revoked == "con":
        awards = awards.filter(revoked_on__isnull=True)
    elif filters.revoked == "thu_hoi":
        awards = awards.filter(revoked_on__isnull=False)
    signed = RevokedAward.objects.filter(revocation__status=Revocation.Status.SIGNED)
    return awards.prefetch_related(
        Prefetch(
            "revocations",
            queryset=signed.select_related("revocation"),
            to_attr="signed_revocations",
        )
    ).order_by("-year", "form__order", "pk")


def revocation_text(award: Award) -> str:
    """The mark of a revoked award, from the prefetched revocation (no query)."""
    if award.revoked_on is None:
        return ""
    items = getattr(award, "signed_revocations", None) or []
    if not items:
        return f"Đã thu hồi ngày {award.revoked_on:%d/%m/%Y}"
    r = items[0].revocation
    return f"Đã thu hồi theo Quyết định số {r.number}/{r.symbol} ngày {r.signed_on:%d/%m/%Y}"


def subject_name(award: Award) -> str:
    return award.person.full_name if award.person_id else award.unit.name


def subject_unit(award: Award) -> str:
    if award.person_id:
        return award.person.unit.name if award.person.unit_id else ""
    return award.unit.name
