"""The what-if page speaks Vietnamese: years, "tính theo", scope and "không chấm CCHC" are
select boxes with words (the stored values behind them), and trying them unchanged changes
no result."""

from __future__ import annotations

import pytest

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=None, user=accounts["office"]
    )


def test_choices_are_words_not_codes(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    bodies = "".join(
        client.get(f"/phong-trao/{campaign.pk}/thu/{s['key']}/?nam=2024").content.decode()
        for s in campaign.rules["schemes"]
    )
    for code in ("Y, Y-1", "phase =", "unit =", "author =", "co_so, huyen", "true ="):
        assert code not in bodies
    for words in (
        '<option value="phase" selected>cả giai đoạn</option>',
        '<option value="Y" selected>năm xét</option>',
        '<option value="huyen" selected>cấp huyện trở lên</option>',
        '<option value="author" selected>của tác giả (cá nhân)</option>',
        "Đơn vị không chấm Chỉ số CCHC thì",
    ):
        assert words in bodies


def test_trying_the_choices_unchanged_changes_nothing(login, campaign) -> None:  # type: ignore[no-untyped-def]
    from thidua.tests_walk.crawl import parse

    client = login("office")
    for scheme in campaign.rules["schemes"]:
        url = f"/phong-trao/{campaign.pk}/thu/{scheme['key']}/?nam=2024"
        page = parse(url, client.get(url).content.decode())
        [form] = [f for f in page.forms if f"/thu/{scheme['key']}/" in f.action]
        data: dict[str, list[str]] = {}
        for name, value in form.fields:
            data.setdefault(name, []).append(value)
        response = client.post(url, {**data, "try": ""})
        assert response.status_code == 200
        assert response.context["changes"] == [], scheme["key"]
