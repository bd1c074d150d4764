"""Đăng ký thi đua: a unit registers its collectives and people for titles and forms before
the deadline; after it the registration is locked unless the office reopens it (recorded).
Registrations feed the engine as the attestation `dang_ky_thi_dua` of each registered
subject for the year, so a criterion may require it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.campaigns.models import Campaign, Registration, RegistrationLine
from thidua.campaigns.plan import registration_columns
from thidua.lib.audit import bulk_create_logged, bulk_delete_logged
from thidua.org.models import Person, Unit, User

REGISTERED_KEY = "dang_ky_thi_dua"


class RegistrationError(ValueError):
    """A change the registration's state or deadline does not allow (Vietnamese)."""


def column_keys() -> list[str]:
    return [c["key"] for c in registration_columns() if c.get("group")]


def takes_part(campaign: Campaign, unit: Unit) -> bool:
    """Is `unit` among the campaign's participants (see participants()), or the issuing
    unit of a campaign that carries out this one's plan below it (it forwards upward)?"""
    units = Unit.objects.filter(pk=unit.pk, group_id__in=campaign.template.groups)
    if campaign.issuing_unit_id:
        units = units.filter(path__startswith=campaign.issuing_unit.path)
    return units.exists() or campaign.children.filter(issuing_unit=unit).exists()


def participation_refusal(campaign: Campaign, unit: Unit) -> str | None:
    """Why `unit` may not register, open a dossier or nominate in `campaign` (Vietnamese),
    or None. The one check every path (screens, commands, a later API) goes through."""
    if campaign.status == Campaign.Status.DRAFT:
        return "Phong trào chưa ban hành: chưa thể đăng ký, lập hồ sơ hay đề nghị khen thưởng."
    if campaign.status == Campaign.Status.CLOSED:
        return "Phong trào đã kết thúc: không thể đăng ký, lập hồ sơ hay đề nghị khen thưởng nữa."
    if not takes_part(campaign, unit):
        return f"{unit.name} không thuộc các đơn vị tham gia phong trào này."
    return None


def registration_for(campaign: Campaign, unit: Unit, year: int) -> Registration:
    refusal = participation_refusal(campaign, unit)
    if refusal:
        raise RegistrationError(refusal)
    registration, _ = Registration.objects.get_or_create(campaign=campaign, unit=unit, year=year)
    return registration


@dataclass(frozen=True)
class Row:
    """A row of the form: a collective (unit) or a person, with the columns ticked."""

    section: str
    unit: Unit | None
    person: Person | None
    label: str
    marks: tuple[str, ...]


def _check_open(registration: Registration, today: dt.date) -> None:
    refusal = participation_refusal(registration.campaign, registration.unit)
    if refusal:
        raise RegistrationError(refusal)
    if registration.open_on(today):
        return
    if registration.campaign.status != Campaign.Status.ISSUED:
        raise RegistrationError("Phong trào chưa ban hành hoặc đã kết thúc: chưa thể đăng ký.")
    if registration.status == Registration.Status.SUBMITTED:
        raise RegistrationError(
            "Bản đăng ký đã nộp: muốn sửa, hãy đề nghị cơ quan thường trực mở lại."
        )
    deadline = registration.campaign.registration_deadline(registration.year)
    until = registration.reopened_until or deadline
    raise RegistrationError(
        f"Đã quá hạn đăng ký ({until:%d/%m/%Y}): bản đăng ký bị khóa. "
        "Hãy đề nghị cơ quan thường trực mở lại."
    )


@transaction.atomic
def registration_save(
    registration: Registration, rows: Sequence[Row], *, user: User, today: dt.date
) -> None:
    """Replace the registration's lines with `rows` (those with at least one mark)."""
    _check_open(registration, today)
    allowed = set(column_keys())
    for row in rows:
        unknown = set(row.marks) - allowed
        if unknown:
            raise RegistrationError(
                f"Cột không có trong bảng đăng ký: {', '.join(sorted(unknown))}."
            )
    bulk_delete_logged(registration.lines.all())
    bulk_create_logged(
        RegistrationLine,
        [
            RegistrationLine(
                registration=registration,
                section=row.section,
                unit=row.unit,
                person=row.person,
                label=row.label,
                marks=sorted(row.marks),
            )
            for row in rows
            if row.marks
        ],
    )
    registration.save(update_fields=["updated_at"])


@transaction.atomic
def registration_submit(registration: Registration, *, user: User, today: dt.date) -> None:
    _check_open(registration, today)
    if not registration.lines.exists():
        raise RegistrationError("Bản đăng ký chưa có dòng nào được đánh dấu.")
    registration.status = Registration.Status.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.save(update_fields=["status", "submitted_at", "updated_at"])


@transaction.atomic
def registration_reopen(registration: Registration, *, user: User, until: dt.date | None) -> None:
    """The office lets a unit change its registration again (until a date, or open-ended)."""
    registration.status = Registration.Status.REOPENED
    registration.reopened_until = until
    registration.save(update_fields=["status", "reopened_until", "updated_at"])


def form_people(unit: Unit, registration: Registration) -> QuerySet[Person]:
    """The people a unit registers: its own, those a merger moved away while the year is
    one of their old unit's (read as its members, like the engine does), and anyone already
    on the registration: nothing registered is dropped by saving the form."""
    members = Q(unit__path__startswith=unit.path) | Q(
        former_unit__path__startswith=unit.path,
        former_unit__valid_to__gte=dt.date(registration.year, 1, 1),
    )
    if registration.pk:
        members |= Q(pk__in=registration.lines.exclude(person=None).values("person"))
    return Person.objects.filter(members)


def rows_for_form(unit: Unit, registration: Registration) -> list[Row]:
    """The rows a unit fills: itself and its sub-units, then its people, with what is
    already registered; free-text rows (label only) after them."""
    lines = registration.lines.all() if registration.pk else []
    existing = {
        (line.section, line.unit_id, line.person_id, line.label): tuple(line.marks)
        for line in lines
    }
    rows = [
        Row("collective", u, None, "", existing.get(("collective", u.pk, None, ""), ()))
        for u in unit.subtree().order_by("path")
    ]
    rows += [
        Row("individual", None, p, "", existing.get(("individual", None, p.pk, ""), ()))
        for p in form_people(unit, registration).select_related("unit")
    ]
    rows += [
        Row(section, None, None, label, marks)
        for (section, unit_id, person_id, label), marks in existing.items()
        if label and unit_id is None and person_id is None
    ]
    return rows


@dataclass(frozen=True)
class Overview:
    participants: list[Unit]
    by_unit: dict[int, Registration]
    counts: Counter[str]

    @property
    def not_registered(self) -> list[Unit]:
        return [u for u in self.participants if u.pk not in self.by_unit]

    def status_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter(r.status for r in self.by_unit.values())
        counts["chua_dang_ky"] = len(self.not_registered)
        return counts


def participant_units(campaign: Campaign) -> QuerySet[Unit]:
    """The units expected to register: those of the campaign's groups under its issuing
    unit (all units when it has none), in the tree order."""
    units = Unit.objects.filter(group_id__in=campaign.template.groups).order_by("path")
    if campaign.issuing_unit_id:
        units = units.filter(path__startswith=campaign.issuing_unit.path)
    return units.select_related("group")


def participants(campaign: Campaign) -> list[Unit]:
    return list(participant_units(campaign))


# The overview page's status filter: a registration's status, or none yet.
NOT_REGISTERED = "chua_dang_ky"
STATUS_FILTERS = {**dict(Registration.Status.choices), NOT_REGISTERED: "Chưa đăng ký"}


@dataclass(frozen=True)
class OverviewCounts:
    """The overview page's figures, counted in the database whatever the page shows."""

    participants: int
    statuses: Counter[str]
    marks: Counter[str]


def overview_counts(campaign: Campaign, year: int) -> OverviewCounts:
    """Participants, registrations per status (and the participants without one), and the
    registered titles and forms: four queries, whatever the number of units and lines."""
    units = participant_units(campaign)
    registrations = Registration.objects.filter(campaign=campaign, year=year)
    statuses: Counter[str] = Counter(
        dict(registrations.order_by().values_list("status").annotate(n=Count("pk")))
    )
    statuses[NOT_REGISTERED] = units.exclude(pk__in=registrations.values("unit_id")).count()
    marks: Counter[str] = Counter()
    for line_marks in RegistrationLine.objects.filter(
        registration__campaign=campaign, registration__year=year
    ).values_list("marks", flat=True):
        marks.update(line_marks)
    return OverviewCounts(units.count(), statuses, marks)


def overview_units(campaign: Campaign, year: int, status: str = "") -> QuerySet[Unit]:
    """The participants, in tree order, optionally only those of a status (STATUS_FILTERS)."""
    units = participant_units(campaign)
    registrations = Registration.objects.filter(campaign=campaign, year=year)
    if status == NOT_REGISTERED:
        units = units.exclude(pk__in=registrations.values("unit_id"))
    elif status in STATUS_FILTERS:
        units = units.filter(pk__in=registrations.filter(status=status).values("unit_id"))
    return units


def registrations_of(campaign: Campaign, year: int, units: Iterable[Unit]) -> dict[int, Any]:
    """The registrations of `units` (one page of them), each with its number of lines."""
    return {
        r.unit_id: r
        for r in Registration.objects.filter(
            campaign=campaign, year=year, unit__in=[u.pk for u in units]
        )
        .select_related("forwarded_from")
        .annotate(n_lines=Count("lines"))
    }


def overview(campaign: Campaign, year: int) -> Overview:
    units = participants(campaign)
    registrations = {
        r.unit_id: r
        for r in Registration.objects.filter(campaign=campaign, year=year)
        .select_related("unit", "forwarded_from")
        .prefetch_related("lines")
    }
    counts: Counter[str] = Counter()
    for registration in registrations.values():
        for line in registration.lines.all():
            counts.update(line.marks)
    return Overview(units, registrations, counts)


def registered_subjects(campaign: Campaign, year: int) -> Iterable[tuple[str, int, str]]:
    """(subject code, year, key) attestations of the submitted registrations of `year`."""
    lines = RegistrationLine.objects.filter(
        registration__campaign=campaign,
        registration__year=year,
        registration__status=Registration.Status.SUBMITTED,
    ).select_related("unit", "person")
    seen: set[str] = set()
    for line in lines:
        subject = line.person or line.unit
        if subject is not None and subject.code not in seen:
            seen.add(subject.code)
            yield (subject.code, year, REGISTERED_KEY)


# The titles and forms a level awards itself (LEGAL.md "Who awards"); the others are
# proposed to the level above.
OWN_COLUMNS = {
    Unit.Level.XA: {"hoan_thanh_nhiem_vu", "lao_dong_tien_tien", "chien_si_thi_dua_co_so"},
    Unit.Level.HUYEN: {
        "hoan_thanh_nhiem_vu",
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "giay_khen_huyen",
    },
    Unit.Level.TINH: {
        "hoan_thanh_nhiem_vu",
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "giay_khen_huyen",
        "bang_khen_tinh_bo",
        "chien_si_thi_dua_tinh",
    },
}


@transaction.atomic
def forward_to_parent(campaign: Campaign, year: int, *, user: User) -> Registration:
    """Propose to the parent campaign what the units registered here for forms above this
    campaign's level: one registration of the issuing unit in the parent campaign, holding
    those lines, marked as forwarded (replaced on each forwarding)."""
    if campaign.parent is None or campaign.issuing_unit is None:
        raise RegistrationError("Phong trào này không thực hiện kế hoạch cấp trên nào.")
    if campaign.parent.status != Campaign.Status.ISSUED:
        raise RegistrationError(
            "Phong trào cấp trên chưa ban hành hoặc đã kết thúc: không thể chuyển đăng ký lên."
        )
    own = OWN_COLUMNS.get(campaign.issuing_unit.level, set())
    lines = RegistrationLine.objects.filter(
        registration__campaign=campaign,
        registration__year=year,
        registration__status=Registration.Status.SUBMITTED,
    ).select_related("unit", "person")
    higher = [(line, [m for m in line.marks if m not in own]) for line in lines]
    higher = [(line, marks) for line, marks in higher if marks]
    if not higher:
        raise RegistrationError("Không có đăng ký nào cho danh hiệu, hình thức của cấp trên.")
    registration, _ = Registration.objects.update_or_create(
        campaign=campaign.parent,
        unit=campaign.issuing_unit,
        year=year,
        defaults={
            "status": Registration.Status.SUBMITTED,
            "submitted_at": timezone.now(),
            "forwarded_from": campaign,
            "created_by": user,
        },
    )
    bulk_delete_logged(registration.lines.all())
    bulk_create_logged(
        RegistrationLine,
        [
            RegistrationLine(
                registration=registration,
                section=line.section,
                unit=line.unit,
                person=line.person,
                label=line.label,
                marks=marks,
            )
            for line, marks in higher
        ],
    )
    return registration


def marks_table(registration: Registration) -> list[dict[str, Any]]:
    """The registration as the rows of the official table (seed 001)."""
    return [
        {"section": line.section, "name": line.name, "marks": list(line.marks)}
        for line in registration.lines.select_related("unit", "person")
    ]
