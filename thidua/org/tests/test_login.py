"""The login page is Vietnamese, refuses a wrong password in Vietnamese, and logout is a POST."""

from __future__ import annotations

import pytest
from django.test import Client

from thidua.conftest import PASSWORD
from thidua.org.models import User


def test_it_shows_the_login_page_in_vietnamese(db: None) -> None:
    response = Client().get("/dang-nhap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in html
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html
    assert 'lang="vi"' in html


def test_it_logs_in_and_redirects_home(accounts: dict[str, User]) -> None:
    client = Client()
    response = client.post("/dang-nhap/", {"username": "donvi_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == accounts["unit_a"]
    assert "Phòng Nội vụ" in home.content.decode()


def test_it_follows_next_after_login(accounts: dict[str, User]) -> None:
    client = Client()
    response = client.post(
        "/dang-nhap/", {"username": "noivu", "password": PASSWORD, "next": "/ca-nhan/"}
    )
    assert response.status_code == 302
    assert response.url == "/ca-nhan/"


def test_it_refuses_a_wrong_password_in_vietnamese(accounts: dict[str, User]) -> None:
    client = Client()
    response = client.post("/dang-nhap/", {"username": "donvi_a", "password": "sai-mat-khau"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert "Please enter" not in html
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account(accounts: dict[str, User]) -> None:
    User.objects.filter(pk=accounts["unit_a"].pk).update(is_active=False)
    response = Client().post("/dang-nhap/", {"username": "donvi_a", "password": PASSWORD})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_it_sends_a_signed_in_user_away_from_the_login_page(login) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/dang-nhap/")
    assert response.status_code == 302
    assert response.url == "/"


def test_it_logs_out_with_post(login) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    assert "Đăng xuất" in client.get("/").content.decode()
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert response.url == "/dang-nhap/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_it_does_not_log_out_with_get(login) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    assert client.get("/dang-xuat/").status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_form_posts_with_a_csrf_token(accounts: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts["unit_a"])
    html = client.get("/").content.decode()
    assert 'action="/dang-xuat/"' in html
    assert "csrfmiddlewaretoken" in html
    # Without the token the logout is refused.
    assert client.post("/dang-xuat/").status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/", "/don-vi/", "/ca-nhan/", "/du-lieu/", "/chi-so-cchc/", "/tai-khoan/", "/nhat-ky/"],
)
def test_it_sends_anonymous_visitors_to_the_login_page(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response.url == f"/dang-nhap/?next={path}"


def test_a_stale_form_is_refused_in_vietnamese(accounts: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "donvi_a", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "CSRF verification failed" not in html
    assert 'lang="vi"' in html
