"""The composition of a Hội đồng Thi đua – Khen thưởng: people (with or without accounts)
in their council roles, each valid from/to a date. A session counts the membership valid on
its meeting date; a member who leaves gets an end date, never a deletion (past minutes
keep their names)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua.awards.records import Council, CouncilMember
from thidua.lib.vietnamese import name_sort_text, normalize_name, sort_key
from thidua.org.models import Person, Unit, User

Role = CouncilMember.Role
SINGLE_ROLES = (Role.CHAIR, Role.SECRETARY)  # one at a time


class CompositionError(ValueError):
    """A change of the composition refused, with the reason in Vietnamese."""


def _require_office(user: User) -> None:
    if not getattr(user, "is_office", False):
        raise CompositionError("Chỉ cơ quan thường trực mới được sửa thành phần Hội đồng.")


def ordered(members: list[CouncilMember]) -> list[CouncilMember]:
    """Chair, vice chairs, standing member, members, secretary; within a role by name the
    Vietnamese way (given name, then middle and family name)."""
    return sorted(
        members,
        key=lambda m: (
            CouncilMember.ROLE_ORDER.index(m.role) if m.role in CouncilMember.ROLE_ORDER else 9,
            sort_key(name_sort_text(m.full_name)),
        ),
    )


def by_name(members: list[CouncilMember]) -> list[CouncilMember]:
    """Vietnamese name order (given name, then middle and family name)."""
    return sorted(members, key=lambda m: sort_key(name_sort_text(m.full_name)))


def holder(council: Council, role: str, day: dt.date) -> CouncilMember | None:
    """The member holding `role` on `day` (the chair, the secretary of the minutes)."""
    return council.members_on(day).filter(role=role).order_by("pk").first()


@transaction.atomic
def create_council(*, issuing_unit: Unit | None, name: str, user: User) -> Council:
    _require_office(user)
    name = " ".join((name or "").split())
    if not name:
        raise CompositionError("Hãy ghi tên Hội đồng.")
    if len(name) > 300:
        raise CompositionError("Tên Hội đồng dài quá 300 ký tự.")
    return Council.objects.create(issuing_unit=issuing_unit, name=name, created_by=user)


def _overlaps(a_from, a_to, b_from, b_to) -> bool:  # type: ignore[no-untyped-def]
    low = dt.date.min
    high = dt.date.max
    return (a_from or low) <= (b_to or high) and (b_from or low) <= (a_to or high)


@transaction.atomic
def add_member(
    council: Council,
    *,
    full_name: str,
    role: str,
    user: User,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    account: User | None = None,
    person: Person | None = None,
) -> CouncilMember:
    """A seat of the composition; `account` (a council account) lets the member vote on
    screen, `person` links the member to the people of the units."""
    _require_office(user)
    full_name = normalize_name(full_name or "")
    if not full_name and person is not None:
        full_name = person.full_name
    if not full_name:
        raise CompositionError("Hãy ghi họ và tên thành viên Hội đồng.")
    if len(full_name) > 150 or len(title or "") > 300:
        raise CompositionError("Họ tên (tối đa 150 ký tự) hoặc chức vụ (300 ký tự) dài quá.")
    if role not in Role.values:
        raise CompositionError("Hãy chọn chức danh trong Hội đồng.")
    if valid_from and valid_to and valid_to < valid_from:
        raise CompositionError(
            f"Ngày hết hiệu lực ({valid_to:%d/%m/%Y}) phải sau ngày bắt đầu "
            f"({valid_from:%d/%m/%Y})."
        )
    seats = CouncilMember.objects.select_for_update().filter(council=council)
    if account is not None:
        if account.role != User.Role.COUNCIL or not account.is_active:
            raise CompositionError(
                f"Tài khoản “{account.username}” không phải tài khoản thành viên Hội đồng."
            )
        for seat in seats.filter(user=account):
            if _overlaps(seat.valid_from, seat.valid_to, valid_from, valid_to):
                raise CompositionError(
                    f"Tài khoản “{account.username}” đã gắn với thành viên {seat.full_name} "
                    "trong cùng thời gian."
                )
    if role in SINGLE_ROLES:
        for seat in seats.filter(role=role):
            if _overlaps(seat.valid_from, seat.valid_to, valid_from, valid_to):
                raise CompositionError(
                    f"Hội đồng đã có {Role(role).label} ({seat.full_name}) trong cùng thời gian: "
                    "hãy ghi ngày hết hiệu lực cho người đó trước."
                )
    return CouncilMember.objects.create(
        council=council,
        full_name=full_name,
        title=" ".join((title or "").split()),
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        user=account,
        person=person,
        created_by=user,
    )


@transaction.atomic
def end_member(member: CouncilMember, *, valid_to: dt.date | None, user: User) -> CouncilMember:
    """The last day of a member's seat."""
    _require_office(user)
    if valid_to is None:
        raise CompositionError("Hãy ghi ngày hết hiệu lực (dd/mm/yyyy).")
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if member.valid_from and valid_to < member.valid_from:
        raise CompositionError(
            f"Ngày hết hiệu lực ({valid_to:%d/%m/%Y}) phải sau ngày bắt đầu "
            f"({member.valid_from:%d/%m/%Y})."
        )
    member.valid_to = valid_to
    member.save(update_fields=["valid_to", "updated_at"])
    return member
