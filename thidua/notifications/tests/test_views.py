"""The bell and the list (own notifications only), the office's mail log, a campaign's
reminder days."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.notifications import services
from thidua.notifications.models import Kind, Mail, Notification


def _bell(html: str) -> str | None:
    found = re.search(r'class="bell-count" data-unread>(\d+)<', html)
    return found.group(1) if found else None


def test_the_bell_counts_one_s_unread_notifications_in_one_query(login, accounts) -> None:  # type: ignore[no-untyped-def]
    services.notify([accounts["unit_a"]], Kind.RECEIVED, "Hồ sơ được tiếp nhận", url="/")
    services.notify([accounts["unit_a"]], Kind.ELIGIBLE, "Hồ sơ đủ điều kiện", url="/")
    services.notify([accounts["unit_b"]], Kind.ELIGIBLE, "Hồ sơ của B", url="/")
    client = login("unit_a")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("campaigns:list")).content.decode()
    assert _bell(page) == "2"
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()
    first = Notification.objects.filter(user=accounts["unit_a"]).last()
    client.post(reverse("notifications:mark-read", args=[first.pk]))
    assert _bell(client.get(reverse("campaigns:list")).content.decode()) == "1"
    client.post(reverse("notifications:mark-all-read"))
    assert _bell(client.get(reverse("campaigns:list")).content.decode()) is None
    assert _bell(login("unit_b").get(reverse("campaigns:list")).content.decode()) == "1"


def test_the_list_is_one_s_own_newest_first_and_links_where_it_is_acted_on(login, accounts) -> None:  # type: ignore[no-untyped-def]
    services.notify([accounts["unit_a"]], Kind.RECEIVED, "Cũ hơn", url="/phong-trao/")
    services.notify([accounts["unit_a"]], Kind.ELIGIBLE, "Mới hơn", url="/don-vi/")
    services.notify([accounts["unit_b"]], Kind.ELIGIBLE, "Của đơn vị B", url="/")
    client = login("unit_a")
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Mới hơn") < page.index("Cũ hơn")
    assert "Của đơn vị B" not in page
    assert page.count("Chưa đọc") == 2
    newest = Notification.objects.get(title="Mới hơn")
    response = client.get(reverse("notifications:open", args=[newest.pk]))
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    newest.refresh_from_db()
    assert newest.read_at is not None
    unread = client.get(reverse("notifications:list"), {"chua-doc": "1"}).content.decode()
    assert "Cũ hơn" in unread and "Mới hơn" not in unread


def test_another_s_notification_is_not_found(login, accounts) -> None:  # type: ignore[no-untyped-def]
    (theirs,) = services.notify([accounts["unit_a"]], Kind.RECEIVED, "Của A", url="/")
    client = login("unit_b")
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark-read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:mark-all-read"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_paginates(login, accounts) -> None:  # type: ignore[no-untyped-def]
    for i in range(35):
        services.notify([accounts["unit_a"]], Kind.REMINDER, f"Nhắc số {i:02d}", url="/")
    client = login("unit_a")
    first = client.get(reverse("notifications:list")).content.decode()
    assert "Nhắc số 34" in first and "Nhắc số 04" not in first and "Trang 1/2" in first
    second = client.get(reverse("notifications:list"), {"page": "2"}).content.decode()
    assert "Nhắc số 04" in second


@pytest.mark.parametrize("persona", ["unit_a", "unit_b", "council", "leader"])
def test_the_mail_log_is_the_office_s(login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(persona)
    assert client.get(reverse("notifications:log")).status_code == 403
    assert client.get(reverse("notifications:log-xlsx")).status_code == 403


def test_the_office_filters_and_exports_the_mail_log(login, mailboxes) -> None:  # type: ignore[no-untyped-def]
    services.notify([mailboxes["unit_a"]], Kind.RETURNED, "Hồ sơ cần bổ sung", url="/")
    services.notify([mailboxes["unit_b"]], Kind.REMINDER, "Nhắc hạn nộp hồ sơ", url="/")
    Mail.objects.filter(kind=Kind.REMINDER).update(state=Mail.State.FAILED, error="timed out")
    client = login("office")
    page = client.get(reverse("notifications:log"), {"kind": Kind.REMINDER}).content.decode()
    assert "Nhắc hạn nộp hồ sơ" in page and "Hồ sơ cần bổ sung" not in page
    page = client.get(reverse("notifications:log"), {"q": "unit_a@"}).content.decode()
    assert "Hồ sơ cần bổ sung" in page and "Nhắc hạn nộp hồ sơ" not in page
    response = client.get(reverse("notifications:log-xlsx"), {"state": Mail.State.FAILED})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Tạo lúc")
    body = [r for r in rows[header + 1 :] if any(r)]
    assert len(body) == 1
    assert list(body[0][2:6]) == [
        "unit_b@hoaphong.example.vn",
        "Nhắc thời hạn của phong trào",
        "[Thi đua CCHC] Nhắc hạn nộp hồ sơ",
        "Gửi lỗi",
    ]


def test_the_office_sets_a_campaign_s_reminder_days(login, campaign) -> None:  # type: ignore[no-untyped-def]
    assert campaign.reminder_days == [3, 1]
    detail = login("office").get(reverse("campaigns:detail", args=[campaign.pk])).content
    assert "Nhắc thời hạn: nhắc trước 3 ngày và 1 ngày" in detail.decode()
    url = reverse("notifications:campaign-reminders", args=[campaign.pk])
    client = login("office")
    assert 'value="3, 1"' in client.get(url).content.decode()
    bad = client.post(url, {"days": "7, hai"})
    assert bad.status_code == 200
    assert "“hai” không phải số ngày" in bad.content.decode()
    assert "“²” không phải số ngày" in client.post(url, {"days": "²"}).content.decode()
    assert client.post(url, {"days": "1; 7 0"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.reminder_days == [7, 1, 0]
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "nhắc trước 7 ngày, 1 ngày và đúng ngày hết hạn" in page
    for persona in ("unit_a", "council", "leader"):
        assert login(persona).post(url, {"days": "2"}).status_code in (403, 404)
    campaign.refresh_from_db()
    assert campaign.reminder_days == [7, 1, 0]
