"""A NUL (which PostgreSQL cannot store) in a query or a form is refused before any view."""

from __future__ import annotations

import pytest

from thidua.org.models import Unit

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_query_is_refused_with_a_message(login) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/du-lieu/khen-thuong/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "ký tự điều khiển không hợp lệ (NUL)" in response.content.decode()


def test_a_nul_in_a_form_writes_nothing(login, district) -> None:  # type: ignore[no-untyped-def]
    before = Unit.objects.count()
    response = login("office").post(
        "/don-vi/them/",
        {"code": "X1", "name": "Phòng\x00 Thử", "level": "co_quan", "group": "phong"},
    )
    assert response.status_code == 400
    assert Unit.objects.count() == before


def test_ordinary_requests_pass(login) -> None:  # type: ignore[no-untyped-def]
    assert login("office").get("/du-lieu/khen-thuong/", {"q": "Nguyễn"}).status_code == 200


def test_a_form_bound_outside_a_request_refuses_a_nul_with_the_same_message() -> None:
    """The middleware is the place for request data; a form bound by a command or a test
    still refuses a NUL, in the same words."""
    from django import forms

    from thidua.lib.forms import VietnameseFormMixin
    from thidua.lib.middleware import NUL_MESSAGE

    class NameForm(VietnameseFormMixin, forms.Form):
        name = forms.CharField()

    form = NameForm({"name": "Phòng\x00 Thử"})
    assert not form.is_valid()
    assert form.errors["name"] == [NUL_MESSAGE]
    assert NameForm({"name": "Phòng Thử"}).is_valid()
