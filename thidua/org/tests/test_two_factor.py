"""The optional second factor (TOTP) of office and administrator accounts: turning it on
with a first code, the sign-in that waits for the code, wrong codes slowed down, turning it
off, the administrator's removal, who may use it, and the audit entries."""

from __future__ import annotations

import time

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.conftest import PASSWORD
from thidua.org import two_factor
from thidua.org.models import User

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def sign_in(client: Client, username: str) -> object:
    return client.post("/dang-nhap/", {"username": username, "password": PASSWORD})


def events(user: User) -> list[str]:
    return [
        e.changes.get("Sự kiện", ["", ""])[1]
        for e in LogEntry.objects.filter(
            object_pk=str(user.pk), action=LogEntry.Action.ACCESS
        ).order_by("pk")
    ]


def turn_on(client: Client) -> TOTPDevice:
    assert client.post("/xac-thuc-hai-buoc/", {"action": "start"}).status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/xac-thuc-hai-buoc/", {"action": "confirm", "code": code_of(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_the_office_turns_it_on_with_a_first_code_and_the_key_is_shown_only_then(
    login, accounts
) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    page = client.get("/xac-thuc-hai-buoc/").content.decode()
    assert "Đang tắt" in page and "Bật xác thực hai bước" in page
    html = client.post("/xac-thuc-hai-buoc/", {"action": "start"}).content.decode()
    device = TOTPDevice.objects.get(user=accounts["office"])
    assert not device.confirmed
    assert two_factor._grouped_secret(device) in html  # the key as text, to type in
    qr = client.get("/xac-thuc-hai-buoc/ma-qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert "no-store" in qr["Cache-Control"]
    # A wrong first code leaves it off, with the reason.
    wrong = client.post("/xac-thuc-hai-buoc/", {"action": "confirm", "code": "000000"})
    if code_of(device) != "000000":
        assert wrong.status_code == 400
        assert two_factor.WRONG_CODE in wrong.content.decode()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/xac-thuc-hai-buoc/", {"action": "confirm", "code": code_of(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    page = client.get("/xac-thuc-hai-buoc/").content.decode()
    assert "Đang bật" in page and two_factor._grouped_secret(device) not in page
    assert client.get("/xac-thuc-hai-buoc/ma-qr.svg").status_code == 404  # never again
    assert two_factor.ENABLED in events(accounts["office"])
    # The trail says it is on, never the key.
    entry = LogEntry.objects.filter(content_type__model="totpdevice").last()
    assert entry is not None and device.key not in str(entry.changes)


def test_a_sign_in_waits_for_the_code_and_only_the_code_page_is_open(login, accounts) -> None:  # type: ignore[no-untyped-def]
    device = turn_on(login("office"))
    client = Client()
    response = sign_in(client, "noivu")
    assert response.status_code == 302
    # The password was right, but every page sends to the code page.
    for path in ("/", "/phong-trao/", "/don-vi/", "/doi-mat-khau/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith(
            "/dang-nhap/ma-xac-thuc/"
        )
    assert client.post("/phong-trao/tao/", {}).status_code == 302
    wrong = client.post("/dang-nhap/ma-xac-thuc/", {"code": "12345x"})
    assert wrong.status_code == 400 and two_factor.WRONG_CODE in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    # The first code was used to turn it on: the next 30-second step's code (a code is
    # never accepted twice).
    ok = client.post(
        "/dang-nhap/ma-xac-thuc/", {"code": code_of(device, offset=30), "next": "/don-vi/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/don-vi/"
    assert client.get("/").status_code == 200
    assert [
        e for e in events(accounts["office"]) if e in (two_factor.CODE_WRONG, two_factor.CODE_OK)
    ] == [two_factor.CODE_WRONG, two_factor.CODE_OK]


def test_the_code_page_sends_nowhere_outside(login) -> None:  # type: ignore[no-untyped-def]
    device = turn_on(login("office"))
    client = Client()
    sign_in(client, "noivu")
    ok = client.post(
        "/dang-nhap/ma-xac-thuc/",
        {"code": code_of(device, offset=30), "next": "https://example.org/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/"


def test_wrong_codes_are_slowed_down(login) -> None:  # type: ignore[no-untyped-def]
    device = turn_on(login("office"))
    client = Client()
    sign_in(client, "noivu")
    right = code_of(device, offset=30)
    for _ in range(3):
        client.post("/dang-nhap/ma-xac-thuc/", {"code": "99999" if right != "999999" else "1"})
    # Even the right code waits now: the throttle counts the failures.
    blocked = client.post("/dang-nhap/ma-xac-thuc/", {"code": right})
    assert blocked.status_code == 400
    assert "Nhập sai mã quá nhiều lần" in blocked.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_already_used_is_refused(login) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    device = turn_on(office)  # the first code is used here
    used = code_of(device)
    client = Client()
    sign_in(client, "noivu")
    answer = client.post("/dang-nhap/ma-xac-thuc/", {"code": used})
    device.refresh_from_db()
    if code_of(device) == used:  # same 30-second step: the code cannot be replayed
        assert answer.status_code == 400


def test_turning_it_off_needs_a_current_code(login, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    device = turn_on(client)
    refused = client.post("/xac-thuc-hai-buoc/", {"action": "disable", "code": "abc"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=accounts["office"]).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    done = client.post(
        "/xac-thuc-hai-buoc/", {"action": "disable", "code": code_of(device, offset=30)}
    )
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=accounts["office"]).exists()
    assert two_factor.DISABLED in events(accounts["office"])
    # Off: a sign-in needs the password alone.
    fresh = Client()
    sign_in(fresh, "noivu")
    assert fresh.get("/").status_code == 200


def test_the_administrator_removes_it_for_a_lost_phone(login, accounts) -> None:  # type: ignore[no-untyped-def]
    turn_on(login("office"))
    office = accounts["office"]
    page = login("admin").get(f"/tai-khoan/{office.pk}/").content.decode()
    assert "Gỡ xác thực hai bước" in page
    for persona in ("office", "unit_a", "council", "leader"):
        refused = login(persona).post(f"/tai-khoan/{office.pk}/go-xac-thuc-hai-buoc/")
        assert refused.status_code == 403
    assert TOTPDevice.objects.filter(user=office).exists()
    done = login("admin").post(f"/tai-khoan/{office.pk}/go-xac-thuc-hai-buoc/")
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=office).exists()
    assert two_factor.REMOVED in events(office)
    entry = next(
        e
        for e in LogEntry.objects.filter(object_pk=str(office.pk), action=LogEntry.Action.ACCESS)
        if e.changes.get("Sự kiện", ["", ""])[1] == two_factor.REMOVED
    )
    assert entry.actor == accounts["admin"]


@pytest.mark.parametrize("persona", ["unit_a", "council", "leader"])
def test_only_office_and_administrator_accounts_have_it(login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(persona)
    assert client.get("/xac-thuc-hai-buoc/").status_code == 403
    assert client.post("/xac-thuc-hai-buoc/", {"action": "start"}).status_code == 403
    assert client.get("/xac-thuc-hai-buoc/ma-qr.svg").status_code == 403
    assert not TOTPDevice.objects.exists()
    assert "Xác thực hai bước" not in client.get("/").content.decode()


def test_the_administrator_may_turn_it_on_too(login, accounts) -> None:  # type: ignore[no-untyped-def]
    turn_on(login("admin"))
    assert TOTPDevice.objects.filter(user=accounts["admin"], confirmed=True).exists()


def test_absurd_codes_never_fail(login) -> None:  # type: ignore[no-untyped-def]
    device = turn_on(login("office"))
    client = Client()
    sign_in(client, "noivu")
    for text in ("", "1" * 10_000, "١٢٣٤٥٦", "12 34 56\x00", "<script>"):
        answer = client.post("/dang-nhap/ma-xac-thuc/", {"code": text})
        assert answer.status_code in (400,), text
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
