"""Form messages read as Vietnamese officers expect: dates dd/mm/yyyy (never ISO), no
stray space, an example the field accepts, a field's own message kept."""

from __future__ import annotations

import pytest

from thidua.campaigns.models import Campaign
from thidua.campaigns.tests.test_ownership import _post


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start_year", "abc", "Năm bắt đầu phải là một năm, ví dụ 2026."),
        ("start_year", "9999", "Giá trị không được lớn hơn 2100."),
        ("date", "01/01/9999", "Ngày phải trong khoảng từ 01/01/1945 đến 31/12/2100."),
    ],
)
def test_create_form_messages(login, district, people, field, value, message) -> None:  # type: ignore[no-untyped-def]
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk), **{field: value})
    body = login("office").post("/phong-trao/tao/", data).content.decode()
    assert body.count(message) == 1
    assert "1985" not in body and "2100-12-31" not in body and " ." not in body
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("place", ["<b>Ân Mỹ</b>", "Ân Mỹ;", "12 Mỹ An"])
def test_a_place_is_a_name_not_markup(login, district, people, place) -> None:  # type: ignore[no-untyped-def]
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk), place=place)
    body = login("office").post("/phong-trao/tao/", data).content.decode()
    assert body.count("Địa danh chỉ gồm chữ (ví dụ: Mỹ An), không có ký hiệu.") == 1
    assert not Campaign.objects.exists()


def test_a_place_with_a_dot_or_a_number_is_a_name(login, district, people) -> None:  # type: ignore[no-untyped-def]
    for place in ("TP. Hồ Chí Minh", "Phường 1", "Hòa-Phong"):
        data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk), place=place)
        body = login("office").post("/phong-trao/tao/", data).content.decode()
        assert "Địa danh chỉ gồm chữ" not in body and "Những gì sẽ thay đổi" in body
