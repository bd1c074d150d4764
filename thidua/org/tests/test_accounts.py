"""Accounts are the administrator's: roles, the unit of a unit account, passwords."""

from __future__ import annotations

from typing import Any

from django.test import Client

from thidua.conftest import PASSWORD
from thidua.org.models import User

STRONG = "Thi-dua@CCHC-2026"


def messages(response: Any) -> list[str]:
    return [m for errors in response.context["form"].errors.values() for m in errors]


def account_data(**changes: Any) -> dict[str, Any]:
    data = {
        "username": "vanthu",
        "full_name": "Võ Thị Thư",
        "email": "thu@example.vn",
        "role": "thuong_truc",
        "is_active": "on",
        "password": STRONG,
    }
    data.update(changes)
    return data


def test_only_the_administrator_manages_accounts(login, accounts) -> None:  # type: ignore[no-untyped-def]
    for persona in ["office", "unit_a", "council", "leader"]:
        client = login(persona)
        before = User.objects.count()
        assert client.get("/tai-khoan/").status_code == 403
        assert client.get("/tai-khoan/them/").status_code == 403
        assert client.post("/tai-khoan/them/", account_data(role="quan_tri")).status_code == 403
        target = accounts["unit_b"]
        response = client.post(
            f"/tai-khoan/{target.pk}/", account_data(username="donvi_b", role="quan_tri", unit="")
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.role == User.Role.UNIT
        assert User.objects.count() == before


def test_the_account_list_shows_roles_in_vietnamese(login, accounts) -> None:  # type: ignore[no-untyped-def]
    html = login("admin").get("/tai-khoan/").content.decode()
    for label in (
        "Quản trị",
        "Cơ quan thường trực",
        "Đơn vị",
        "Thành viên Hội đồng TĐ-KT",
        "Lãnh đạo",
    ):
        assert label in html
    assert "Phòng Nội vụ" in html and "Đang hoạt động" in html


def test_it_creates_an_account_that_can_sign_in(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post("/tai-khoan/them/", account_data())
    assert (response.status_code, response.url) == (302, "/tai-khoan/")
    user = User.objects.get(username="vanthu")
    assert user.role == User.Role.OFFICE and user.is_office
    assert user.password != STRONG and user.check_password(STRONG)
    assert Client().login(username="vanthu", password=STRONG)


def test_it_creates_a_unit_account_tied_to_its_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    login("admin").post("/tai-khoan/them/", account_data(role="don_vi", unit=district["b"].pk))
    user = User.objects.get(username="vanthu")
    assert (user.role, user.unit) == (User.Role.UNIT, district["b"])


def test_it_refuses_a_unit_account_without_a_unit(login, accounts) -> None:  # type: ignore[no-untyped-def]
    before = User.objects.count()
    response = login("admin").post("/tai-khoan/them/", account_data(role="don_vi", unit=""))
    assert response.status_code == 200
    assert messages(response) == ["Tài khoản đơn vị phải gắn với một đơn vị."]
    assert "Tài khoản đơn vị phải gắn với một đơn vị." in response.content.decode()
    assert User.objects.count() == before


def test_it_refuses_to_detach_a_unit_account_from_its_unit(login, accounts) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_a"]
    response = login("admin").post(
        f"/tai-khoan/{target.pk}/",
        account_data(username="donvi_a", role="don_vi", unit="", password=""),
    )
    assert messages(response) == ["Tài khoản đơn vị phải gắn với một đơn vị."]
    target.refresh_from_db()
    assert target.unit_id is not None


def test_it_requires_a_password_for_a_new_account(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post("/tai-khoan/them/", account_data(password=""))
    assert messages(response) == ["Trường này là bắt buộc."]
    assert not User.objects.filter(username="vanthu").exists()


def test_it_refuses_a_common_password(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post("/tai-khoan/them/", account_data(password="password123"))
    assert response.status_code == 200
    [message] = messages(response)
    assert message.startswith("Mật khẩu này quá phổ biến")
    assert message in response.content.decode()
    assert not User.objects.filter(username="vanthu").exists()


def test_it_refuses_a_short_password(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post("/tai-khoan/them/", account_data(password="Xy9!"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]
    assert not User.objects.filter(username="vanthu").exists()


def test_it_refuses_a_short_password_in_vietnamese(login, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post("/tai-khoan/them/", account_data(password="Xy9!"))
    html = response.content.decode()
    assert "This password is too short" not in html
    assert "10 ký tự" in html  # PASSWORD_MIN_LENGTH


def test_it_refuses_a_duplicate_username(login, accounts) -> None:  # type: ignore[no-untyped-def]
    before = User.objects.count()
    response = login("admin").post("/tai-khoan/them/", account_data(username="donvi_a"))
    assert list(response.context["form"].errors) == ["username"]
    assert len(messages(response)) == 1
    assert "already" not in messages(response)[0]
    assert User.objects.count() == before


def test_editing_without_a_password_keeps_it(login, accounts) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_a"]
    old_hash = target.password
    response = login("admin").post(
        f"/tai-khoan/{target.pk}/",
        account_data(
            username="donvi_a",
            full_name="Đơn vị A",
            role="don_vi",
            unit=target.unit_id,
            password="",
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Đơn vị A"
    assert target.password == old_hash
    assert target.check_password(PASSWORD)


def test_editing_with_a_password_changes_it(login, accounts) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_a"]
    login("admin").post(
        f"/tai-khoan/{target.pk}/",
        account_data(username="donvi_a", role="don_vi", unit=target.unit_id, password=STRONG),
    )
    target.refresh_from_db()
    assert target.check_password(STRONG)
    assert not target.check_password(PASSWORD)


def test_the_form_never_shows_the_password_hash(login, accounts) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_a"]
    html = login("admin").get(f"/tai-khoan/{target.pk}/").content.decode()
    assert target.password not in html
    assert target.password.split("$")[-1] not in html


def test_a_locked_account_cannot_sign_in(login, accounts) -> None:  # type: ignore[no-untyped-def]
    target = accounts["unit_a"]
    login("admin").post(
        f"/tai-khoan/{target.pk}/",
        account_data(
            username="donvi_a", role="don_vi", unit=target.unit_id, password="", is_active=""
        ),
    )
    target.refresh_from_db()
    assert not target.is_active
    assert not Client().login(username="donvi_a", password=PASSWORD)
    assert "Đã khóa" in login("admin").get("/tai-khoan/").content.decode()


def test_an_unknown_account_is_404(login, accounts) -> None:  # type: ignore[no-untyped-def]
    assert login("admin").get("/tai-khoan/999999/").status_code == 404
