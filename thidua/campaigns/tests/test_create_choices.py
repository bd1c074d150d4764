"""The create form's choices: issuers are People's Committees in force, namesakes told
apart; signers read "name — position, unit", the issuer's people and leaders first; a signer
outside the issuer and an issuer ended before the plan's date are flagged in the preview."""

from __future__ import annotations

import datetime as dt
import re

from thidua.campaigns.ownership import make_own
from thidua.campaigns.services import template_sources
from thidua.campaigns.tests.test_ownership import KEY, _choices, _post
from thidua.org.models import Person, Unit


def _select(body: str, name: str) -> str:
    part = body[body.index(f'name="{name}"') :]
    return part[: part.index("</select>")]


def test_only_issuing_bodies_are_offered_and_namesakes_told_apart(login, district) -> None:  # type: ignore[no-untyped-def]
    thon = Unit.objects.create(
        code="THON-1", name="Thôn Một", level="thon", group_id="thon", parent=district["b"]
    )
    other = Unit.objects.create(
        code="HUYEN-2", name="UBND huyện Khác", level="huyen", group_id="khac"
    )
    twin = Unit.objects.create(
        code="XA-AN-2", name="UBND xã Mỹ An", level="xa", group_id="xa", parent=other
    )
    ended = Unit.objects.create(
        code="XA-CU",
        name="UBND xã Cũ",
        level="xa",
        group_id="xa",
        parent=district["root"],
        valid_to=dt.date(2025, 6, 30),
    )
    issuers = _select(login("office").get("/phong-trao/tao/").content.decode(), "issuing_unit")
    assert f'value="{district["b"].pk}"' in issuers and f'value="{twin.pk}"' in issuers
    for absent in (thon, district["a"], district["b_section"], ended):
        assert f'value="{absent.pk}"' not in issuers
    assert "UBND xã Mỹ An (thuộc UBND huyện Thử Nghiệm)" in issuers
    assert "UBND xã Mỹ An (thuộc UBND huyện Khác)" in issuers


def test_signers_show_position_and_unit_the_issuers_leaders_first(  # type: ignore[no-untyped-def]
    login, district, people
) -> None:
    chair = Person.objects.create(
        code="CT-B", full_name="Võ Văn Chủ", position="Chủ tịch UBND xã", unit=district["b"]
    )
    Person.objects.create(code="CB-H", full_name="Đỗ Văn Huyện", unit=district["root"])
    body = login("office").get("/phong-trao/tao/").content.decode()
    signers = _select(body, "signer")
    assert signers.index("Đỗ Văn Huyện") < signers.index("Trần Thị Bình")  # the tree's order
    assert "Trần Thị Bình — UBND xã Mỹ An" in signers
    assert "Võ Văn Chủ — Chủ tịch UBND xã, UBND xã Mỹ An" in signers
    assert signers.index("Võ Văn Chủ") < signers.index("Trần Thị Bình")
    # Once the commune is chosen (the preview), its people come first.
    data = _post(issuing_unit=str(district["b"].pk), signer=str(chair.pk))
    signers = _select(login("office").post("/phong-trao/tao/", data).content.decode(), "signer")
    groups = re.findall(r'<optgroup label="([^"]+)"', signers)
    assert groups[0] == "UBND xã Mỹ An (cơ quan ban hành)"
    assert signers.index("Trần Thị Bình") < signers.index("Đỗ Văn Huyện")


def test_a_signer_outside_the_issuer_is_flagged(login, district, people) -> None:  # type: ignore[no-untyped-def]
    outsider = Person.objects.create(
        code="CB-H", full_name="Đỗ Văn Huyện", position="Công chức", unit=district["root"]
    )
    data = _post(issuing_unit=str(district["b"].pk), signer=str(outsider.pk))
    body = login("office").post("/phong-trao/tao/", data).content.decode()
    assert "Những gì sẽ thay đổi" in body
    assert (
        "Người ký Đỗ Văn Huyện — Công chức, UBND huyện Thử Nghiệm không phải người của cơ quan "
        "ban hành “UBND xã Mỹ An”"
    ) in body
    data = _post(issuing_unit=str(district["b"].pk), signer=str(people["b"].pk))
    assert (
        "không phải người của cơ quan"
        not in login("office").post("/phong-trao/tao/", data).content.decode()
    )


def test_an_issuer_ended_before_the_plans_date_is_flagged(district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    unit.valid_to = dt.date(2025, 6, 30)
    rules, plan = template_sources(KEY)
    made = make_own(rules, plan, _choices(unit, date=dt.date(2027, 1, 15), start_year=2027))
    assert any("đã kết thúc hoạt động từ ngày 30/06/2025" in w for w in made.warnings)
    unit.valid_to = None
    made = make_own(rules, plan, _choices(unit))
    assert not any("kết thúc hoạt động" in w for w in made.warnings)


def test_odd_digits_as_the_issuer_are_refused_not_a_500(login, district, people) -> None:  # type: ignore[no-untyped-def]
    for value in ("²", "١٢", "9" * 30):
        data = _post(issuing_unit=value, signer=str(people["b"].pk))
        assert login("office").post("/phong-trao/tao/", data).status_code == 200
