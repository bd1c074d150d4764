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
