"""The bell's list (/thong-bao/), the account's e-mail choices (/tai-khoan/thong-bao/), the
office's log of every message (/thong-bao/nhat-ky/) and a campaign's reminder days."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thidua.campaigns import access as campaign_access
from thidua.campaigns.models import Campaign
from thidua.lib import xlsx
from thidua.lib.audit import bulk_update_logged
from thidua.lib.http import query_text
from thidua.notifications import exports
from thidua.notifications.forms import ReminderDaysForm, days_text
from thidua.notifications.models import Kind, Mail, MailOptOut, Notification
from thidua.org.models import User

PAGE_SIZE = 30

# The kinds each role can receive: the choices page offers those only.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    User.Role.UNIT: (
        Kind.RECEIVED,
        Kind.RETURNED,
        Kind.ELIGIBLE,
        Kind.NOT_ELIGIBLE,
        Kind.TO_COUNCIL,
        Kind.REVIEWED,
        Kind.DECISION,
        Kind.REMINDER,
    ),
    User.Role.OFFICE: (Kind.SUBMITTED, Kind.DECISION, Kind.DIGEST, Kind.SESSION),
    User.Role.COUNCIL: (Kind.SESSION,),
    User.Role.LEADER: (Kind.DECISION, Kind.SESSION),
}


def _base(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return f"{query}&" if query else ""


def own(user: User) -> QuerySet[Notification]:
    """The one access rule of the list: a user reads only their own notifications."""
    return Notification.objects.filter(user=user)


@login_required
def list(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    rows = own(request.user)
    unread_only = request.GET.get("chua-doc") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    if xlsx_export:
        return xlsx.export(
            request,
            "Thông báo của tôi",
            exports.NOTIFICATION_COLUMNS,
            rows.iterator(),
            filters=["chưa đọc" if unread_only else ""],
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "querystring_base": _base(request)},
    )


def _own_or_404(request: HttpRequest, pk: int) -> Notification:
    try:
        return own(request.user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("Không tìm thấy thông báo.") from None


@login_required
def open_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks it read and goes where it is acted on."""
    notification = _own_or_404(request, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own_or_404(request, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    with transaction.atomic():
        rows = [*own(request.user).filter(read_at__isnull=True)]
        for row in rows:
            row.read_at = now
        if rows:
            bulk_update_logged(Notification, rows, ["read_at"])
    messages.success(request, f"Đã đánh dấu {len(rows)} thông báo là đã đọc.")
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return "/thong-bao/"


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    kinds = ROLE_KINDS.get(user.role, tuple(Kind.values)) if not user.is_admin else Kind.values
    choices = [(k, Kind(k).label) for k in kinds]
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    if request.method == "POST":
        wanted = set(request.POST.getlist("kind"))
        with transaction.atomic():
            for key, _label in choices:
                if key in wanted and key in off:
                    for row in MailOptOut.objects.filter(user=user, kind=key):
                        row.delete()  # one by one: the audit trail records each
                elif key not in wanted and key not in off:
                    MailOptOut.objects.create(user=user, kind=key)
        messages.success(request, "Đã lưu lựa chọn nhận thư điện tử.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"choices": [(k, label, k not in off) for k, label in choices]},
    )


@login_required
def log(request: HttpRequest, xlsx_export: bool = False) -> HttpResponse:
    """Every e-mail the system queued, for the office."""
    if not request.user.is_office:
        raise PermissionDenied("Chỉ cơ quan thường trực được xem nhật ký thư điện tử.")
    mails = Mail.objects.select_related("user")
    kind = query_text(request, "kind", max_length=30)
    state = query_text(request, "state", max_length=20)
    text = query_text(request, "q")
    filters = []
    if kind in Kind.values:
        mails = mails.filter(kind=kind)
        filters.append(f"loại: {Kind(kind).label}")
    if state in Mail.State.values:
        mails = mails.filter(state=state)
        filters.append(f"trạng thái: {Mail.State(state).label}")
    if text:
        mails = mails.filter(
            Q(subject__icontains=text)
            | Q(address__icontains=text)
            | Q(user__full_name__icontains=text)
            | Q(user__username__icontains=text)
        )
        filters.append(f"tìm “{text}”")
    if xlsx_export:
        return xlsx.export(
            request, "Nhật ký thư điện tử", exports.MAIL_COLUMNS, mails.iterator(), filters=filters
        )
    page = Paginator(mails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/log.html",
        {
            "page": page,
            "kinds": Kind.choices,
            "states": Mail.State.choices,
            "kind": kind,
            "state": state,
            "q": text,
            "querystring_base": _base(request),
            "max_attempts": settings.MAIL_MAX_ATTEMPTS,
        },
    )


@login_required
def campaign_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """The office sets how many days before each deadline reminders go out."""
    campaign = campaign_access.get_campaign_for_user(request.user, pk, manage=True)
    if campaign.status == Campaign.Status.CLOSED:
        raise PermissionDenied("Phong trào đã kết thúc: không nhắc hạn nữa.")
    form = ReminderDaysForm(request.POST or None, initial={"days": days_text(campaign)})
    if request.method == "POST" and form.is_valid():
        campaign.reminder_days = form.cleaned_data["days"]
        campaign.save(update_fields=["reminder_days", "updated_at"])
        messages.success(request, f"Đã lưu: {days_text(campaign, sentence=True)}.")
        return redirect("campaigns:detail", campaign.pk)
    return render(
        request, "notifications/campaign_reminders.html", {"campaign": campaign, "form": form}
    )
