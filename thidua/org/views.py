from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.lib import xlsx
from thidua.lib.audit import deletion_summary, history
from thidua.lib.http import query_id, query_text
from thidua.lib.paging import paginate
from thidua.lib.vietnamese import collate, search_q
from thidua.org import access, exports
from thidua.org.forms import AccountForm, PersonForm, UnitContactForm, UnitForm
from thidua.org.models import CompetitionGroup, Person, Unit, User


def people_ordered(queryset: Any) -> Any:
    """People in Vietnamese order: given name, then middle, then family name."""
    vendor = connection.vendor
    return queryset.order_by(
        collate("given_name", vendor),
        collate("middle_name", vendor),
        collate("family_name", vendor),
        "code",
    )


# Units -------------------------------------------------------------------------------


@login_required
def unit_list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    # The number of people per unit as a correlated subquery: computed for the rows of
    # the page only (a join + GROUP BY would count everyone's before the page is cut).
    n_people = (
        Person.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    units = (
        access.visible_units(request.user)
        .select_related("group")
        .annotate(n_people=Coalesce(Subquery(n_people, output_field=IntegerField()), 0))
        .order_by("path")
    )
    query = query_text(request, "q")
    group = query_text(request, "group", max_length=30)
    if query:
        units = units.filter(search_q(query))
    if group:
        units = units.filter(group_id=group)
    if xlsx_export:
        group_name = CompetitionGroup.objects.filter(pk=group).values_list("name", flat=True)
        filters = [f"tìm “{query}”" if query else "", f"khối {group_name[0]}" if group_name else ""]
        return xlsx.export(
            request, "Danh sách đơn vị", exports.UNIT_COLUMNS, units.iterator(), filters=filters
        )
    paged = paginate(request, units)
    context = {
        **paged,
        "units": paged["page"].object_list,  # the rows shown
        "query": query,
        "group": group,
        "groups": CompetitionGroup.objects.all(),
        "can_create": access.can_manage_units(request.user),
    }
    return render(request, "org/unit_list.html", context)


def _ancestors(user: User, unit: Unit) -> list[Unit]:
    """The units above `unit`, top first; `linked` only on those the user may open (a unit
    account sees the names of the units above it, but not their pages)."""
    ids = [int(p) for p in unit.path.strip("/").split("/")[:-1]]
    visible = set(access.visible_units(user).filter(pk__in=ids).values_list("pk", flat=True))
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    ancestors = [found[pk] for pk in ids if pk in found]
    for ancestor in ancestors:
        ancestor.linked = ancestor.pk in visible
    return ancestors


def _linked(user: User, units: list[Unit]) -> list[Unit]:
    """`units` marked `linked` when the user may open them (a unit account sees only its own
    subtree, not the units merged into it)."""
    visible = set(
        access.visible_units(user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True)
    )
    for unit in units:
        unit.linked = unit.pk in visible
    return units


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk)
    context = {
        "unit": unit,
        "children": access.visible_units(request.user).filter(parent=unit).select_related("group"),
        "ancestors": _ancestors(request.user, unit),
        "predecessors": _linked(request.user, unit.predecessors()),
        "successors": _linked(request.user, list(unit.merged_into.all())),
        "n_people": unit.people.count(),
        "can_edit": access.can_edit_unit(request.user, unit),
        "can_manage": access.can_manage_units(request.user),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_units(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được thêm đơn vị.")
    units = access.visible_units(request.user)
    parent = query_id(request, "parent")
    initial = {"parent": parent} if parent else None
    form = UnitForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            unit = form.save()
        messages.success(request, f"Đã thêm đơn vị “{unit.name}”.")
        return redirect("org:unit-detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk, write=True)
    form: UnitForm | UnitContactForm
    if access.can_manage_units(request.user):
        form = UnitForm(
            request.POST or None, instance=unit, units=access.visible_units(request.user)
        )
    else:
        form = UnitContactForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, f"Đã lưu đơn vị “{unit.name}”.")
        return redirect("org:unit-detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk)
    if not access.can_manage_units(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được xóa đơn vị.")
    if request.method == "POST":
        try:
            with transaction.atomic():
                unit.delete()
        except ProtectedError:
            messages.error(
                request,
                f"Không xóa được “{unit.name}”: đơn vị còn đơn vị cấp dưới, cá nhân "
                "hoặc tài khoản. Hãy chuyển hoặc xóa chúng trước, "
                "hoặc đặt ngày hết hiệu lực cho đơn vị.",
            )
            return redirect("org:unit-detail", pk=unit.pk)
        messages.success(request, f"Đã xóa đơn vị “{unit.name}”.")
        return redirect("org:unit-list")
    return render(
        request,
        "confirm_delete.html",
        {
            "object": unit,
            "kind_label": "đơn vị",
            "cancel_url": reverse("org:unit-detail", args=[unit.pk]),
            "also_deleted": deletion_summary(unit),
        },
    )


# People ------------------------------------------------------------------------------


@login_required
def person_list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    people = access.visible_people(request.user)
    query = query_text(request, "q")
    unit_id = query_id(request, "unit")
    if query:
        people = people.filter(search_q(query))
    unit = None
    if unit_id is not None:
        unit = access.get_unit_for_user(request.user, unit_id)
        people = people.filter(unit__path__startswith=unit.path)
    if xlsx_export:
        filters = [f"tìm “{query}”" if query else "", f"đơn vị {unit.name}" if unit else ""]
        return xlsx.export(
            request,
            "Danh sách cá nhân",
            exports.PERSON_COLUMNS,
            people_ordered(people.select_related("unit")).iterator(chunk_size=2000),
            filters=filters,
        )
    context = {
        **paginate(request, people_ordered(people.select_related("unit"))),
        "query": query,
        "unit": unit,
        "units": access.filter_units(request.user, unit),
        "can_create": access.can_edit_people(request.user),
    }
    return render(request, "org/person_list.html", context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk)
    return render(
        request,
        "org/person_detail.html",
        {"person": person, "can_edit": access.can_edit_people(request.user)},
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_people(request.user):
        raise PermissionDenied("Bạn không có quyền thêm cá nhân.")
    units = access.visible_units(request.user)
    unit_id = query_id(request, "unit")
    initial = {"unit": unit_id} if unit_id else None
    if initial is None and request.user.unit_id:
        initial = {"unit": request.user.unit_id}
    form = PersonForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save()
        messages.success(request, f"Đã thêm “{person.full_name}”.")
        return redirect("org:person-detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    form = PersonForm(
        request.POST or None, instance=person, units=access.visible_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, f"Đã lưu “{person.full_name}”.")
        return redirect("org:person-detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": person})


@login_required
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    if request.method == "POST":
        with transaction.atomic():
            person.delete()
        messages.success(request, f"Đã xóa “{person.full_name}”.")
        return redirect("org:person-list")
    return render(
        request,
        "confirm_delete.html",
        {
            "object": person,
            "kind_label": "cá nhân",
            "cancel_url": reverse("org:person-detail", args=[person.pk]),
            "also_deleted": deletion_summary(person),
        },
    )


# Accounts ----------------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> None:
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied("Chỉ quản trị viên được quản lý tài khoản.")


@login_required
def account_list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    _require_admin(request)
    accounts = User.objects.select_related("unit").order_by("role", "username")
    if xlsx_export:
        return xlsx.export(request, "Danh sách tài khoản", exports.ACCOUNT_COLUMNS, accounts)
    return render(request, "org/account_list.html", {"accounts": accounts})


@login_required
def account_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    account = get_object_or_404(User, pk=pk) if pk else None
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"Đã lưu tài khoản “{saved.username}”.")
        return redirect("org:account-list")
    has_otp = account is not None and TOTPDevice.objects.filter(user=account).exists()
    return render(
        request,
        "org/account_form.html",
        {"form": form, "account": account, "account_has_otp": has_otp},
    )


# Audit trail -------------------------------------------------------------------------


@login_required
def audit_history(
    request: HttpRequest, content_type_id: int, object_pk: str, xlsx_export: bool = False
) -> HttpResponse:
    """The history of any record: every create, update and delete, with who and when."""
    if not access.can_read_audit(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được xem nhật ký thay đổi.")
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    entries = LogEntry.objects.filter(content_type=content_type, object_pk=object_pk)
    if not entries.exists():
        raise Http404("Không có nhật ký cho bản ghi này.")
    model = content_type.model_class()
    obj = model._default_manager.filter(pk=object_pk).first() if model else None
    entries = (
        history(obj)
        if obj is not None
        else entries.select_related("actor", "content_type").order_by("-timestamp")
    )
    if xlsx_export:
        label = entries[0].object_repr
        return xlsx.export(
            request, f"Lịch sử thay đổi: {label}", exports.AUDIT_COLUMNS, entries.iterator()
        )
    return render(
        request,
        "audit/history.html",
        {
            "entries": entries,
            "object": obj,
            "label": entries[0].object_repr,
            "content_type": content_type,
        },
    )


@login_required
def audit_recent(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    if not access.can_read_audit(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực được xem nhật ký thay đổi.")
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    actor = query_id(request, "actor")
    if actor is not None:
        entries = entries.filter(actor_id=actor)
    if xlsx_export:
        who = User.objects.filter(pk=actor).first() if actor is not None else None
        return xlsx.export(
            request,
            "Nhật ký thay đổi",
            exports.AUDIT_COLUMNS,
            entries.iterator(chunk_size=2000),
            filters=[f"người thực hiện {who}" if who else ""],
        )
    return render(
        request,
        "audit/recent.html",
        {
            **paginate(request, entries),
            "actors": User.objects.filter(pk__in=LogEntry.objects.values("actor_id")),
            "actor": actor,
        },
    )
