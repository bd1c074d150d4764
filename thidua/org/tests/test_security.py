"""Sign-in security: lockout and unlock, the password rules, one's own change and the
administrator's reset, the audit entries of sign-ins, and the trusted-proxy address."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from thidua.conftest import PASSWORD
from thidua.lib.clientip import client_ip
from thidua.org import security
from thidua.org.models import User

pytestmark = pytest.mark.django_db

WRONG = "sai-mat-khau-1"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.7") -> object:
    return client.post(
        "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def events(username: str = "", event: str = "") -> list[LogEntry]:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), action=LogEntry.Action.ACCESS
    ).order_by("pk")
    found = [e for e in entries if not event or e.changes.get("Sự kiện", ["", ""])[1] == event]
    return [e for e in found if not username or e.object_repr in (username,) or _named(e, username)]


def _named(entry: LogEntry, username: str) -> bool:
    user = User.objects.filter(username=username).first()
    return user is not None and entry.object_pk == str(user.pk)


# Lockout -----------------------------------------------------------------------------


def test_130_wrong_passwords_lock_the_account_until_the_office_unlocks(accounts, settings) -> None:  # type: ignore[no-untyped-def]
    attacker = Client()
    statuses = [sign_in(attacker, "donvi_a", WRONG).status_code for _ in range(130)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, "wrong password"
    assert set(statuses[limit - 1 :]) == {429}  # locked from the limit on
    response = sign_in(attacker, "donvi_a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "tạm thời bị khóa" in html and "cơ quan thường trực" in html
    assert "Forbidden" not in html and "locked" not in html.lower()
    assert not signed_in(attacker)
    # The right password from another address is refused too: the account itself is locked.
    other = Client()
    assert sign_in(other, "donvi_a", PASSWORD, address="10.0.0.8").status_code == 429
    assert not signed_in(other)

    # The office sees the lock and lifts it; the account signs in again.
    office = Client()
    office.force_login(accounts["office"])
    page = office.get("/tai-khoan/bi-khoa/").content.decode()
    assert "donvi_a" in page and "10.0.0.7" in page
    attempt = AccessAttempt.objects.get(username="donvi_a", ip_address="10.0.0.7")
    assert office.post(f"/tai-khoan/bi-khoa/{attempt.pk}/mo-khoa/").status_code == 302
    assert not AccessAttempt.objects.filter(username="donvi_a").exists()
    user = Client()
    assert sign_in(user, "donvi_a", PASSWORD).status_code == 302
    assert signed_in(user)
    unlocked = events(event=security.UNLOCKED)
    assert [e.actor for e in unlocked] == [accounts["office"]]


def test_an_address_trying_many_accounts_is_locked(accounts, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"khong-co-{n}", WRONG, address="10.9.9.9")
    # A real account, the right password, from that address: refused.
    assert sign_in(client, "donvi_b", PASSWORD, address="10.9.9.9").status_code == 429
    # From elsewhere it works.
    assert sign_in(Client(), "donvi_b", PASSWORD, address="10.9.9.10").status_code == 302


def test_a_successful_sign_in_clears_the_earlier_failures(accounts, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "donvi_a", WRONG)
    assert sign_in(client, "donvi_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "donvi_a", WRONG).status_code == 200
    assert sign_in(client, "donvi_a", PASSWORD).status_code == 302


@pytest.mark.parametrize("persona", ["unit_a", "council", "leader"])
def test_only_the_office_and_the_administrator_unlock(login, accounts, persona) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        sign_in(Client(), "donvi_b", WRONG)
    attempt = AccessAttempt.objects.filter(username="donvi_b").first()
    client = login(persona)
    assert client.get("/tai-khoan/bi-khoa/").status_code == 403
    assert client.post(f"/tai-khoan/bi-khoa/{attempt.pk}/mo-khoa/").status_code == 403
    assert AccessAttempt.objects.filter(username="donvi_b").exists()
    admin = login("admin")
    assert admin.get("/tai-khoan/bi-khoa/").status_code == 200
    assert admin.get("/tai-khoan/bi-khoa/xuat-excel/").status_code == 200
    assert admin.post(f"/tai-khoan/bi-khoa/{attempt.pk}/mo-khoa/").status_code == 302
    assert not AccessAttempt.objects.filter(username="donvi_b").exists()


# Audit trail of sign-ins ----------------------------------------------------------------


def test_sign_ins_failures_and_lockouts_enter_the_audit_trail(accounts, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, "donvi_a", WRONG, address="10.1.2.3")
    sign_in(client, "khong-ai", WRONG, address="10.1.2.3")
    failed = events(event=security.LOGIN_FAILED)
    assert [(e.object_repr, e.remote_addr, e.actor) for e in failed] == [
        (str(accounts["unit_a"]), "10.1.2.3", None),
        ("khong-ai", "10.1.2.3", None),
    ]
    assert failed[0].object_pk == str(accounts["unit_a"].pk)
    assert failed[1].object_pk == security.UNKNOWN_ACCOUNT_PK

    sign_in(client, "donvi_a", PASSWORD, address="10.1.2.4")
    ok = events(event=security.LOGIN_OK)
    assert [(e.actor, e.remote_addr) for e in ok] == [(accounts["unit_a"], "10.1.2.4")]
    assert ok[0].changes["Địa chỉ IP"] == ["", "10.1.2.4"]

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "donvi_b", WRONG, address="10.1.2.5")
    locked = events(event=security.LOCKED_OUT)
    assert locked and {e.object_pk for e in locked} == {str(accounts["unit_b"].pk)}
    assert {e.remote_addr for e in locked} == {"10.1.2.5"}

    # The office reads them on the audit page, in Vietnamese.
    office = Client()
    office.force_login(accounts["office"])
    page = office.get("/nhat-ky/").content.decode()
    assert security.LOGIN_FAILED in page and security.LOCKED_OUT in page and "khong-ai" in page


# The client's address ---------------------------------------------------------------------


def test_the_address_is_the_peer_unless_the_peer_is_a_trusted_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    rf = RequestFactory()
    forged = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    settings.TRUSTED_PROXIES = []
    assert client_ip(forged) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(forged) == "203.0.113.9"  # not from a proxy: the header is ignored
    proxied = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4")
    assert client_ip(proxied) == "198.51.100.4"  # the right-most hop the proxy saw
    chained = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4, 10.2.3.4")
    assert client_ip(chained) == "198.51.100.4"  # an inner trusted proxy is skipped
    garbled = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(garbled) == "127.0.0.1"


def test_a_forged_forwarded_header_neither_escapes_the_lockout_nor_enters_the_trail(
    accounts, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            "/dang-nhap/",
            {"username": f"x{n}", "password": WRONG},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.0.{n}.1",
        )
    assert {e.remote_addr for e in events(event=security.LOGIN_FAILED)} == {"203.0.113.9"}
    refused = client.post(
        "/dang-nhap/",
        {"username": "donvi_a", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="10.99.0.1",
    )
    assert refused.status_code == 429
    # Behind the trusted proxy the forwarded client is the one counted and logged.
    behind = Client().post(
        "/dang-nhap/",
        {"username": "donvi_a", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert behind.status_code == 302
    assert events(event=security.LOGIN_OK)[-1].remote_addr == "198.51.100.7"


def test_a_change_logged_through_a_proxy_keeps_the_trusted_address(login, settings) -> None:  # type: ignore[no-untyped-def]
    client = login("admin")
    settings.TRUSTED_PROXIES = []
    client.post(
        "/tai-khoan/them/",
        {
            "username": "vanthu",
            "full_name": "Võ Thị Thư",
            "role": "thuong_truc",
            "is_active": "on",
            "password": "Thi-dua@CCHC-2026",
        },
        REMOTE_ADDR="203.0.113.20",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    created = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(User.objects.get(username="vanthu").pk),
        action=LogEntry.Action.CREATE,
    )
    assert created.remote_addr == "203.0.113.20"


# Password rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("donvi_a2026", "giống tên đăng nhập"),
        ("DONVI_A", "giống tên đăng nhập"),
        ("lethithu2026", "giống họ và tên"),
        ("Le Thi Thu 99", "giống họ và tên"),
        ("password123", "quá phổ biến"),
        ("qwertyuiop", "quá phổ biến"),
        ("48213907561", "chỉ gồm chữ số"),
        ("Ab#4xyz", "quá ngắn"),
    ],
)
def test_the_password_rules_refuse_in_vietnamese(password, message) -> None:  # type: ignore[no-untyped-def]
    user = User(username="donvi_a", full_name="Le Thi Thu", email="thu@example.vn")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(message in m for m in refused.value.messages), refused.value.messages


# One's own password, the administrator's reset ---------------------------------------------


def test_every_user_changes_their_own_password(login, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("council")
    page = client.get("/").content.decode()
    assert 'href="/doi-mat-khau/"' in page  # in the header
    wrong = client.post(
        "/doi-mat-khau/",
        {"old_password": WRONG, "new_password1": "Hoa-sen-2027!", "new_password2": "Hoa-sen-2027!"},
    )
    assert "Mật khẩu hiện tại không đúng." in wrong.content.decode()
    weak = client.post(
        "/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "quá ngắn" in weak.content.decode()
    done = client.post(
        "/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-sen-2027!",
            "new_password2": "Hoa-sen-2027!",
        },
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # still signed in
    user = User.objects.get(pk=accounts["council"].pk)
    assert user.check_password("Hoa-sen-2027!") and not user.check_password(PASSWORD)
    assert [e.actor for e in events(event=security.PASSWORD_CHANGED)] == [user]


def test_the_administrator_resets_a_password_which_must_be_changed_at_next_sign_in(
    login, accounts
) -> None:  # type: ignore[no-untyped-def]
    admin = login("admin")
    target = accounts["unit_b"]
    for _ in range(6):
        sign_in(Client(), "donvi_b", WRONG)  # a locked account is unlocked by its reset
    response = admin.post(f"/tai-khoan/{target.pk}/dat-lai-mat-khau/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    temporary = re.search(r'class="temporary-password">([^<]+)<', response.content.decode()).group(
        1
    )
    validate_password(temporary, target)
    assert not AccessAttempt.objects.filter(username="donvi_b").exists()

    user = Client()
    assert sign_in(user, "donvi_b", PASSWORD).status_code == 200  # the old one is gone
    assert sign_in(user, "donvi_b", temporary).status_code == 302
    # Every page sends them to the change first.
    assert user.get("/don-vi/")["Location"] == "/doi-mat-khau/"
    assert "do quản trị viên đặt" in user.get("/doi-mat-khau/").content.decode()
    user.post(
        "/doi-mat-khau/",
        {
            "old_password": temporary,
            "new_password1": "Sen-vang-2027",
            "new_password2": "Sen-vang-2027",
        },
    )
    assert user.get("/don-vi/").status_code == 200
    assert not User.objects.get(pk=target.pk).must_change_password
    assert [e.actor for e in events(event=security.PASSWORD_RESET)] == [accounts["admin"]]


@pytest.mark.parametrize("persona", ["office", "unit_a", "council", "leader"])
def test_only_the_administrator_resets(login, accounts, persona) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_b"]
    response = login(persona).post(f"/tai-khoan/{target.pk}/dat-lai-mat-khau/")
    assert response.status_code == 403
    assert User.objects.get(pk=target.pk).check_password(PASSWORD)


def test_the_administrator_does_not_reset_their_own(login, accounts) -> None:  # type: ignore[no-untyped-def]
    admin = login("admin")
    response = admin.post(f"/tai-khoan/{accounts['admin'].pk}/dat-lai-mat-khau/")
    assert response["Location"] == "/doi-mat-khau/"
    assert User.objects.get(pk=accounts["admin"].pk).check_password(PASSWORD)


def test_a_password_the_administrator_types_is_temporary_too(login, accounts) -> None:  # type: ignore[no-untyped-def]
    login("admin").post(
        "/tai-khoan/them/",
        {
            "username": "vanthu",
            "full_name": "Võ Thị Thư",
            "role": "thuong_truc",
            "is_active": "on",
            "password": "Thi-dua@CCHC-2026",
        },
    )
    assert User.objects.get(username="vanthu").must_change_password
    refused = login("admin").post(
        "/tai-khoan/them/",
        {
            "username": "vanthu2",
            "full_name": "Võ Thị Thư",
            "role": "thuong_truc",
            "is_active": "on",
            "password": "vanthu2-2026",
        },
    )
    assert "giống tên đăng nhập" in refused.content.decode()
