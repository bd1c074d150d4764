"""Making a template one's own (issue 9, item 1): the issuer, the period rolled forward with
every deadline, the number, date, place and signer, the seed issuer's names replaced, the
forms at the issuer's level; a preview before saving; a district issuer after the reform
flagged."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry

from thidua.campaigns.models import Campaign
from thidua.campaigns.ownership import OwnChoices, make_own
from thidua.campaigns.services import campaign_create_from_template, template_sources
from thidua.org.models import Unit

KEY = "loc-ninh-2024-2025"


def _choices(unit: Unit, **kw) -> OwnChoices:  # type: ignore[no-untyped-def]
    values = {
        "issuing_unit": unit,
        "start_year": 2026,
        "number": "12",
        "date": dt.date(2026, 1, 15),
        "place": "Mỹ An",
        "signer_title": "chu-tich",
        "signer_name": "Trần Thị Bình",
    }
    return OwnChoices(**(values | kw))


def test_it_rolls_the_period_and_every_deadline_by_the_years(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(district["b"]))
    assert made.rules["period"] == {"start": "2026-07-19", "end": "2027-11-30"}
    campaign = Campaign(rules=made.rules)
    dossier = [d for d in campaign.template.deadlines if d.key == "ho-so-de-nghi"][0]
    assert dossier.due(2027) == dt.date(2027, 11, 30)
    assert campaign.template.years == (2026, 2027)
    # The seed is untouched.
    assert template_sources(KEY)[0]["period"]["start"] == "2024-07-19"


def test_it_replaces_the_seed_issuer_wherever_the_text_names_it(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(district["b"]))
    text = str(made.plan) + str(made.rules)
    assert "Lộc Ninh" not in text.replace("Bình Phước", "")
    assert "LỘC NINH" not in text
    assert made.plan["issuer"] == "ỦY BAN NHÂN DÂN\nXÃ MỸ AN"
    assert made.plan["number"] == "12" and made.plan["date"] == "2026-01-15"
    assert made.plan["place"] == "Mỹ An"
    assert made.plan["signer"] == {"authority": ["CHỦ TỊCH"], "name": "Trần Thị Bình"}
    assert "xã Mỹ An giai đoạn 2026 - 2027" in made.plan["title"]
    assert "đến ngày 30 tháng 11 năm 2027" in made.plan["sections"][1]["text"]
    # A citation of another text keeps its years.
    assert "giai đoạn 2021 - 2025" in made.plan["sections"][0]["text"]
    assert "TT. HĐND xã;" in made.plan["recipients"]


def test_it_labels_the_forms_at_the_issuers_level(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(district["b"]))
    scheme = made.rules["schemes"][0]
    assert scheme["form"] == "giay_khen_chu_tich_xa"
    assert scheme["name"].startswith("Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An tặng tập thể")
    assert scheme["groups"] == ["bo_phan"] or set(scheme["groups"]) <= {"bo_phan", "thon"}
    assert not made.warnings or all("cấp huyện" not in w for w in made.warnings)


def test_it_flags_a_district_issuer_after_the_reform(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(district["root"]))
    assert any("từ ngày 01/07/2025" in w for w in made.warnings)
    before = make_own(rules, plan, _choices(district["root"], date=dt.date(2025, 3, 1)))
    assert not any("từ ngày 01/07/2025" in w for w in before.warnings)


def _post(**kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "template": KEY,
        "start_year": "2026",
        "number": "12",
        "date": "15/01/2026",
        "place": "Mỹ An",
        "signer_title": "chu-tich",
    } | kw


def test_it_shows_the_changes_before_saving(login, district, people) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk))
    response = client.post("/phong-trao/tao/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    assert "Những gì sẽ thay đổi" in body and "19/07/2026 – 30/11/2027" in body
    assert "giay_khen" not in body and "bo_phan" not in body
    confirmed = re.search(r'name="confirmed" value="(\w+)"', body).group(1)
    # A choice changed after the preview is previewed again.
    changed = client.post("/phong-trao/tao/", data | {"confirmed": confirmed, "number": "13"})
    assert changed.status_code == 200 and not Campaign.objects.exists()
    response = client.post("/phong-trao/tao/", data | {"confirmed": confirmed})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.issuing_unit == district["b"]
    assert campaign.plan["signer"]["name"] == "Trần Thị Bình"
    assert campaign.template.period_start == dt.date(2026, 7, 19)
    assert LogEntry.objects.get_for_object(campaign).count() == 1


def test_it_asks_for_everything_it_needs(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/phong-trao/tao/", _post(issuing_unit=str(district["b"].pk)))
    assert response.status_code == 200
    assert "hãy nhập đủ: người ký." in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1800", "2²"])
def test_a_wrong_year_is_one_message(login, district, year) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/phong-trao/tao/", _post(start_year=year))
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_a_copy_is_made_ones_own_too(district, accounts, people) -> None:  # type: ignore[no-untyped-def]
    from thidua.campaigns.services import campaign_copy

    source = campaign_create_from_template(
        key=KEY, name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign = campaign_copy(
        source=source, name="", user=accounts["office"], own=_choices(district["b"])
    )
    assert campaign.issuing_unit == district["b"]
    assert campaign.plan["number"] == "12"
    assert campaign.template.period_end == dt.date(2027, 11, 30)


def test_it_warns_of_deadlines_already_past(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(district["b"], today=dt.date(2026, 12, 3)))
    assert any("năm 2026: 30/11/2026" in w for w in made.warnings)
    assert not any("năm 2027" in w for w in made.warnings)


def test_the_bases_name_the_issuer_and_its_party_committee(district) -> None:  # type: ignore[no-untyped-def]
    """The plan's bases are the issuer's too: Đình Dù's "… của xã Đình Dù" made xã Mỹ An's
    speaks of Mỹ An; Phù Mỹ's "Huyện ủy Phù Mỹ" made another district's names its own."""
    rules, plan = template_sources("dinh-du-2024")
    made = make_own(rules, plan, _choices(district["b"], parent_reference="Kế hoạch số 3/KH-UBND"))
    bases = " ".join(made.plan["legal_bases"])
    assert "Đình Dù" not in bases and "kinh tế - xã hội của xã Mỹ An" in bases
    root = district["root"]
    rules, plan = template_sources("phu-my-2021-2025")
    made = make_own(rules, plan, _choices(root, start_year=2021, date=dt.date(2022, 4, 13)))
    bases = " ".join(made.plan["legal_bases"])
    assert "Phù Mỹ" not in bases
    assert f"Huyện ủy {root.name.split('huyện ', 1)[1]}" in bases
