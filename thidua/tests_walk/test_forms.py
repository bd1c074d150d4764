"""Saving a form unchanged changes nothing: as each demo account, every edit form the crawl
of `test_links` found is posted back exactly as the page shows it (inputs, the selected
options, textareas, ticked boxes, the first submit button), and the record it edits — every
stored field but the bookkeeping — is the same afterwards, and the answer is no error.

The forms are found by crawling, not listed by hand; each form's action is either an edit
form below (with the records it edits) or an action named in NOT_EDIT_FORMS, so a new page
with a form fails here until someone says which it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Model
from django.urls import resolve

from thidua.awards.certificate_layout import CertificateLayout
from thidua.awards.records import Attendance, CouncilSession, Decision
from thidua.awards.revocation import Revocation, RevokedAward
from thidua.campaigns.models import Campaign, Registration, RegistrationLine
from thidua.notifications.models import MailOptOut
from thidua.org.models import Person, Unit, User
from thidua.portal import radio
from thidua.portal.models import Publication, PublicationItem
from thidua.scoring.kinds import KINDS
from thidua.tests_walk.conftest import ROLES
from thidua.tests_walk.crawl import Form

pytestmark = pytest.mark.django_db

BOOKKEEPING = {"updated_at", "updated_by", "updated_by_id", "version", "last_login"}

# A record, or a function giving what a form stores that is not one row (a registration's
# lines are replaced on each save, so they are compared by content).
Stored = Model | Callable[[], Any]
Records = Callable[[dict[str, Any], dict[str, list[str]], User], list[Stored]]


def _registration(kwargs: dict[str, Any], posted: dict[str, list[str]], user: User) -> list[Stored]:
    year = int((posted.get("nam") or ["0"])[0])
    found = Registration.objects.filter(campaign_id=kwargs["pk"], unit=user.unit, year=year)

    def lines() -> Any:
        return sorted(
            (line.section, line.unit_id or 0, line.person_id or 0, line.label, sorted(line.marks))
            for line in RegistrationLine.objects.filter(registration__in=found)
        )

    return [*found, lines]


# URL name of a form's action -> the records the form edits.
EDIT_FORMS: dict[str, Records] = {
    "org:unit-edit": lambda kw, q, u: [Unit.objects.get(pk=kw["pk"])],
    "org:person-edit": lambda kw, q, u: [Person.objects.get(pk=kw["pk"])],
    "org:account-edit": lambda kw, q, u: [User.objects.get(pk=kw["pk"])],
    "scoring:fact-edit": lambda kw, q, u: [KINDS[kw["slug"]].model.objects.get(pk=kw["pk"])],
    "campaigns:plan-edit": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "campaigns:sections-edit": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "campaigns:rules-edit": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "campaigns:period-edit": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "campaigns:schemes-edit": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "campaigns:register": _registration,
    "awards:session-edit": lambda kw, q, u: [CouncilSession.objects.get(pk=kw["session_id"])],
    "awards:session-attendance": lambda kw, q, u: [
        CouncilSession.objects.get(pk=kw["session_id"]),
        lambda: sorted(
            Attendance.objects.filter(session_id=kw["session_id"]).values_list("member", "mode")
        ),
    ],
    "awards:decision-recipients": lambda kw, q, u: [Decision.objects.get(pk=kw["decision_id"])],
    "portal:publication": lambda kw, q, u: [Publication.objects.get(pk=kw["pk"])],
    "portal:item": lambda kw, q, u: [PublicationItem.objects.get(pk=kw["pk"])],
    "portal:announcement": lambda kw, q, u: [
        lambda: radio.text_of(Decision.objects.get(pk=kw["decision_id"]))
    ],
    "awards:revocation": lambda kw, q, u: [
        Revocation.objects.get(pk=kw["revocation_id"]),
        lambda: sorted(
            RevokedAward.objects.filter(revocation_id=kw["revocation_id"]).values_list(
                "award", "money", "certificate"
            )
        ),
    ],
    "awards:certificate-layout": lambda kw, q, u: [
        lambda: sorted(
            CertificateLayout.objects.filter(form_id=kw["form_key"]).values_list(
                "field", "x_mm", "y_mm", "size", "width_mm"
            )
        ),
    ],
    "notifications:campaign-reminders": lambda kw, q, u: [Campaign.objects.get(pk=kw["pk"])],
    "notifications:preferences": lambda kw, q, u: [
        lambda: sorted(MailOptOut.objects.filter(user=u).values_list("kind", flat=True))
    ],
}

# Forms that are actions, not edits of a stored record: what each does instead.
NOT_EDIT_FORMS = {
    "logout": "đăng xuất",
    "org:unit-create": "tạo mới",
    "org:person-create": "tạo mới",
    "org:account-create": "tạo mới",
    "password-change": "đổi mật khẩu của mình (mật khẩu hiện tại để trống: không ghi gì)",
    "org:account-reset": "đặt lại mật khẩu tạm thời (có data-confirm)",
    "org:lockout-unlock": "mở khóa đăng nhập (có data-confirm)",
    "otp-settings": "bật / xác nhận / hủy / tắt xác thực hai bước (một nút mỗi hành động)",
    "org:account-otp-remove": "gỡ xác thực hai bước của tài khoản khác (có data-confirm)",
    "otp-verify": "nhập mã xác thực sau mật khẩu (không sửa dữ liệu)",
    "scoring:fact-create": "tạo mới",
    "campaigns:create": "tạo mới",
    "org:unit-delete": "xóa (có trang xác nhận riêng)",
    "org:person-delete": "xóa (có trang xác nhận riêng)",
    "scoring:fact-delete": "xóa (có trang xác nhận riêng)",
    "campaigns:what-if": "thử ngưỡng: không ghi gì",
    "campaigns:recompute": "tính lại kết quả: không sửa dữ liệu",
    "campaigns:status": "ban hành, kết thúc",
    "campaigns:registration-reopen": "mở lại đăng ký",
    "campaigns:forward": "chuyển đề nghị lên cấp trên",
    "awards:unit-dossier": "mở hồ sơ",
    "awards:move": "chuyển trạng thái hồ sơ",
    "awards:nomination-add": "thêm đề nghị",
    "awards:nomination-remove": "bỏ đề nghị",
    "awards:nomination-override": "kết luận thẩm định",
    "awards:nomination-forward": "chuyển đề nghị lên cấp trên",
    "awards:attachment-add": "tải tệp lên",
    "awards:attachment-remove": "xóa tệp",
    "awards:council": "mở phiên họp",
    "awards:vote": "bỏ phiếu",
    "awards:key-in": "nhập phiếu giấy",
    "awards:session-close": "kết thúc phiên họp",
    "awards:decision-draft": "lập dự thảo quyết định",
    "awards:decision": "ký quyết định",
    "awards:key-in-written": "nhập phiếu bằng văn bản",
    "awards:session-agenda": "đưa đề nghị vào chương trình họp",
    "awards:session-cancel": "hủy phiên họp",
    "awards:session-postpone": "hoãn phiên họp",
    "awards:composition": "thêm thành viên Hội đồng",
    "awards:member-end": "ghi ngày hết hiệu lực của thành viên",
    "scoring:evidence-add": "tải tài liệu kiểm chứng lên",
    "scoring:fact-confirm": "xác nhận dữ liệu của đơn vị",
    "law:add": "thêm quy định pháp luật",
    "documents:template": "tải mẫu văn bản lên",
    "documents:template-reset": "dùng lại mẫu gốc",
    "imports:index": "tải tệp Excel lên để kiểm tra",
    "imports:job-picks": "chọn đơn vị, cá nhân cho tên chưa khớp rồi kiểm tra lại",
    "imports:job-import": "nhập dữ liệu đã kiểm tra",
    "api-tokens:create": "tạo mới",
    "api-tokens:revoke": "thu hồi mã API (có xác nhận)",
    "notifications:mark-read": "đánh dấu thông báo đã đọc",
    "notifications:mark-all-read": "đánh dấu mọi thông báo đã đọc",
    "portal:from-decision": "lập nội dung công bố từ quyết định",
    "portal:for-comment": "lập danh sách lấy ý kiến nhân dân",
    "portal:publish": "công bố (có xác nhận)",
    "portal:withdraw": "gỡ khỏi trang công khai (có xác nhận)",
    "portal:comment-handled": "đánh dấu ý kiến đã xử lý",
    "portal:comment": "gửi ý kiến của nhân dân",
    "awards:fund": "ghi bút toán vào sổ quỹ (tạo mới)",
    "awards:payment-record": "ghi chi tiền thưởng của quyết định vào sổ quỹ (có xác nhận)",
    "awards:fund-reverse": "hủy một bút toán sai của sổ quỹ, có lý do (có xác nhận)",
    "awards:revocation-new": "soạn quyết định thu hồi (tạo mới)",
    "awards:revocation-sign": "ghi nhận quyết định thu hồi đã ký (có xác nhận)",
    "awards:revocation-recovery": "ghi nhận đã thu hồi tiền, hiện vật",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(records: list[Stored]) -> list[dict[str, Any]]:
    found = []
    for record in records:
        if not isinstance(record, Model):
            found.append({"model": getattr(record, "__name__", "?"), "value": record()})
            continue
        record = type(record).objects.get(pk=record.pk)
        values = {
            f.attname: _plain(getattr(record, f.attname))
            for f in record._meta.concrete_fields
            if f.name not in BOOKKEEPING and f.attname not in BOOKKEEPING
        }
        for m2m in record._meta.many_to_many:
            values[m2m.name] = sorted(getattr(record, m2m.name).values_list("pk", flat=True))
        found.append({"model": type(record).__name__, **values})
    return found


def difference(old: Any, new: Any) -> str:
    """What changed, down to the key of a JSON document that changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in {*old, *new} if old.get(k) != new.get(k)]
        return ", ".join(f"[{k!r}] {difference(old.get(k), new.get(k))}" for k in sorted(keys))
    return f"{old!r} -> {new!r}"[:300]


def edit_forms(forms: list[Form]) -> tuple[list[tuple[Form, str]], list[str]]:
    """The edit forms (one per action URL) and the actions nobody has classified."""
    chosen: dict[str, tuple[Form, str]] = {}
    unknown = []
    for form in forms:
        name = resolve(urlsplit(form.action).path).view_name
        if name in EDIT_FORMS:
            if form.buttons and form.action not in chosen:
                chosen[form.action] = (form, name)
        elif name not in NOT_EDIT_FORMS:
            unknown.append(f"{name} ({form.action} on {form.page})")
    return list(chosen.values()), sorted(set(unknown))


def _posted(form: Form) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    return data


def post_unchanged(client: Any, form: Form) -> tuple[int, str]:
    data = _posted(form)
    name, value, _ = form.buttons[0]  # Enter submits with the first button, as a click would
    if name:
        data.setdefault(name, []).append(value)
    try:
        response = client.post(form.action, data)
    except Exception as e:  # the test client re-raises what would be a 500
        return 500, f"{type(e).__name__}: {e}"
    body = response.content.decode() if response.status_code != 302 else ""
    if response.status_code == 200 and ('class="error' in body or "msg error" in body):
        return 200, "lỗi trên trang: " + " | ".join(
            part.split("<")[0] for part in body.split('class="error')[1:3]
        )
    return response.status_code, ""


@pytest.mark.parametrize("username", ROLES)
def test_saving_a_form_unchanged_changes_nothing(
    crawled: Any, client_as: Any, username: str
) -> None:
    forms, unknown = edit_forms(crawled(username).forms)
    assert not unknown, "Biểu mẫu chưa phân loại (sửa hay hành động?):\n" + "\n".join(unknown)
    client, user = client_as(username), User.objects.get(username=username)
    problems = []
    for form, name in forms:
        parts = urlsplit(form.action)
        posted = {**parse_qs(parts.query), **_posted(form)}
        records = EDIT_FORMS[name](resolve(parts.path).kwargs, posted, user)
        before = snapshot(records)
        status, error = post_unchanged(client, form)
        after = snapshot(records)
        if status not in (200, 302) or error:
            problems.append(f"{status} {form.action}: {error}")
        elif before != after:
            changed = [
                f"{b['model']}.{k}: {difference(b[k], a.get(k))}"
                for b, a in zip(before, after, strict=False)
                for k in b
                if b[k] != a.get(k)
            ]
            problems.append(f"{form.action} đổi dữ liệu: " + "; ".join(changed)[:600])
    print(f"{username}: {len(forms)} edit forms posted back")
    assert forms or username in ("hoidong1", "chutich", "hoidongxa1", "chutichxa")
    assert not problems, "\n".join(problems)
