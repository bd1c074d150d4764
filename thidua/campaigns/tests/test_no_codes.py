"""No code on the campaign pages (issue 9, item 4): for every seed template, the detail,
results, candidate, what-if, rules, period, schemes, calendar and registration pages show
no key of the template's rules (criteria, schemes, groups, forms, flags, attestations, dossier
components) in their visible text. Attribute values, form fields' contents (the expression
and JSON editors are for keys) and scripts are not visible text."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.rules.template import template_keys
from thidua.scoring import models as m

TOKEN = re.compile(r"(?<![\w-])[a-z0-9]+(?:[_-][a-z0-9]+)+(?![\w-])")


def visible_text(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for node in tree.xpath("//script|//style|//textarea|//head"):
        node.drop_tree()
    return " ".join(tree.itertext())


def rule_keys(rules: dict[str, Any]) -> set[str]:
    keys: set[str] = set(rules["participants"].get("groups", []))
    for scheme in rules["schemes"]:
        keys |= {scheme["key"], scheme["form"], *scheme.get("groups", [])}
        keys |= set((scheme.get("quota") or {}).get("per_group", {}))
        for criterion in scheme["criteria"]:
            keys |= {criterion["key"], criterion["primitive"]}
            keys |= set(criterion.get("only_groups", []))
            for name, value in (criterion.get("params") or {}).items():
                if name in ("key", "flag", "forms", "min_form", "min_scope", "scope"):
                    keys |= set(value) if isinstance(value, list) else {str(value)}
    keys |= {d["key"] for d in rules.get("deadlines", [])}
    keys |= {c["key"] for c in rules.get("dossier", {}).get("components", [])}
    return {k for k in keys if TOKEN.fullmatch(k)}


def codes_on(html: str, keys: set[str]) -> set[str]:
    return set(TOKEN.findall(visible_text(html))) & keys


@pytest.mark.parametrize("key", template_keys())
def test_no_key_of_the_rules_shows_on_the_campaign_pages(
    login, district, people, accounts, key
) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key=key, name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    template = campaign.template
    year = template.years[-1]
    for unit, score in ((district["a"], 95), (district["b"], 85), (district["b_section"], 80)):
        for y in template.years:
            m.ParScore.objects.create(unit=unit, year=y, score=score)
    keys = rule_keys(campaign.rules)
    office = login("office")
    base = f"/phong-trao/{campaign.pk}"
    pages = [
        f"{base}/",
        f"{base}/quy-dinh/",
        f"{base}/thoi-han/",
        f"{base}/phuong-an/",
        f"{base}/lich/",
        f"{base}/dang-ky/tong-hop/",
    ]
    for scheme in template.schemes:
        pages += [f"{base}/xet/{scheme.key}/?nam={year}", f"{base}/thu/{scheme.key}/?nam={year}"]
        code = "XA-AN" if scheme.subject == "collective" else "CB-B"
        pages.append(f"{base}/xet/{scheme.key}/{code}/?nam={year}")
    found = {}
    for url in pages:
        response = office.get(url)
        assert response.status_code == 200, url
        codes = codes_on(response.content.decode(), keys)
        if codes:
            found[url] = codes
    unit = login("unit_a")
    for url in (f"{base}/dang-ky/", f"{base}/xet/{template.schemes[0].key}/?nam={year}"):
        response = unit.get(url)
        assert response.status_code == 200, url
        codes = codes_on(response.content.decode(), keys)
        if codes:
            found[url] = codes
    assert found == {}


def test_the_check_sees_a_key_in_the_text() -> None:
    keys = {"dan_dau_noi_dung", "tap-the-hang-nam"}
    html = (
        '<html><body><a href="/xet/tap-the-hang-nam/" title="dan_dau_noi_dung">Tập thể</a>'
        "<textarea>dan_dau_noi_dung AND x</textarea><p>Tiêu chí dan_dau_noi_dung</p></body></html>"
    )
    assert codes_on(html, keys) == {"dan_dau_noi_dung"}


def test_explanations_name_units_not_codes(login, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    m.ParScore.objects.create(unit=district["a"], year=2025, score=95)
    body = (
        login("office")
        .get(f"/phong-trao/{campaign.pk}/xet/ca-nhan-hang-nam/CB-A/?nam=2025")
        .content.decode()
    )
    assert "Phòng Nội vụ xếp hạng 1/1 năm 2025" in visible_text(body)
    assert "Đơn vị PNV" not in body


def test_the_campaign_list_names_each_template_by_its_title(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    """The list's "Mẫu" column showed the template's key ("loc-ninh-2024-2025")."""
    for key in template_keys():
        campaign_create_from_template(
            key=key, name="", issuing_unit=district["root"], user=accounts["office"]
        )
    client = login("office")
    text = visible_text(client.get("/phong-trao/").content.decode())
    for key in template_keys():
        assert key not in text
    assert "Lộc Ninh" in text
