"""Making a district's template a commune's own speaks at the commune's level everywhere:
criteria, deadlines, schemes and the plan's prose say "cấp xã", "UBND xã", and the unit the
office named receives the dossiers instead of the district's Phòng Nội vụ (issue 9, item 3).
Run on every seed template; another unit named in the text keeps its level."""

from __future__ import annotations

import re
from typing import Any

import pytest

from thidua.campaigns.ownership import DISTRICT_WORDS, _split_issuer, make_own
from thidua.campaigns.services import template_sources
from thidua.campaigns.tests.test_ownership import _choices
from thidua.rules.template import template_keys

RECEIVING = "Văn phòng HĐND và UBND xã"


def _texts(rules: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    texts = [rules["title"], rules["participants"].get("description", "")]
    for scheme in rules["schemes"]:
        texts.append(scheme["name"])
        for criterion in scheme["criteria"]:
            texts.append(criterion["label"])
            texts += [v for k, v in (criterion.get("params") or {}).items() if "label" in k]
    texts += [d["label"] for d in rules["deadlines"]]
    for key in ("title", "preamble", "closing"):
        texts.append(plan.get(key, ""))
    for section in plan.get("sections", []):
        texts += section["text"].split("\n")
    return [t for t in texts if t]


def _own_level_phrases(text: str, word: str) -> list[str]:
    """The issuer's level spoken of as its own: "cấp huyện", "UBND huyện", "của huyện" …
    not followed by another unit's name, not "cấp huyện, cấp xã"."""
    found = []
    pattern = rf"(?<!\w)(?:cấp|UBND|Ủy ban nhân dân|của|trên địa bàn|Khen thưởng) {word}(?!\w)"
    for m in re.finditer(pattern, text):
        rest = text[m.end() :]
        if re.match(r"\s+\w", rest) and rest.strip()[:1].isupper():
            continue
        if re.match(r",?\s+(?:và\s+)?cấp xã", rest):
            continue
        found.append(text[max(0, m.start() - 30) : m.end() + 20])
    return found


@pytest.mark.parametrize("key", template_keys())
def test_a_commune_makes_every_seed_its_own_at_its_level(district, key) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources(key)
    word = _split_issuer(rules["issuer"])[0]
    made = make_own(rules, plan, _choices(district["b"], receiving_unit=RECEIVING))
    texts = _texts(made.rules, made.plan)
    if word in DISTRICT_WORDS:
        left = [p for t in texts for p in _own_level_phrases(t, word)]
        assert left == [], (key, left)
        assert not [t for t in texts if "Phòng Nội vụ" in t or "phòng Nội vụ" in t], key
        before = [t for t in _texts(rules, plan) if "Nội vụ" in t]
        if before:
            assert any(RECEIVING in t for t in texts), key
        # What changed in the criteria is shown before saving.
        assert any(what == "Tiêu chí" for what, _, _ in made.changes) or not any(
            word in c["label"] for s in rules["schemes"] for c in s["criteria"]
        ), key
    else:
        # A commune's own template: the district it names is its superior, not itself.
        assert "Chủ tịch UBND huyện tặng giấy khen" in str(made.plan)


def test_loc_ninh_criteria_speak_of_the_commune(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources("loc-ninh-2024-2025")
    made = make_own(rules, plan, _choices(district["b"], receiving_unit=RECEIVING))
    labels = {c["key"]: c["label"] for c in made.rules["schemes"][0]["criteria"]}
    assert labels["par_90"] == (
        "Chỉ số CCHC của năm đạt từ 90% trở lên (với đơn vị được UBND xã đánh giá Chỉ số CCHC)"
    )
    assert labels["sang_kien_huyen"].endswith("được Hội đồng Sáng kiến cấp xã công nhận")
    deadlines = {d["key"]: d["label"] for d in made.rules["deadlines"]}
    assert (
        deadlines["ho-so-de-nghi"] == f"Hồ sơ đề nghị xét khen thưởng gửi UBND xã (qua {RECEIVING})"
    )
    assert deadlines["tham-dinh"].startswith(
        f"{RECEIVING} thẩm định thành tích, trình Chủ tịch UBND xã"
    )
    text = "\n".join(s["text"] for s in made.plan["sections"])
    assert f"gửi về UBND xã (qua {RECEIVING}) trước" in text
    assert "Chủ tịch UBND huyện" not in text and "cấp huyện" not in text
    changes = {(what, after) for what, _, after in made.changes}
    assert ("Tiêu chí", labels["par_90"]) in changes


def test_without_a_receiving_unit_the_preview_asks_for_one(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources("loc-ninh-2024-2025")
    made = make_own(rules, plan, _choices(district["b"]))
    assert any("Đơn vị tiếp nhận hồ sơ" in w for w in made.warnings)
    assert "Phòng Nội vụ" in made.rules["deadlines"][0]["label"]  # not guessed


def test_another_unit_named_in_the_text_keeps_its_level(district) -> None:  # type: ignore[no-untyped-def]
    rules, plan = template_sources("loc-ninh-2024-2025")
    plan["sections"][0]["text"] += "\n\nPhối hợp với UBND huyện Bình Long và cấp huyện, cấp xã."
    made = make_own(rules, plan, _choices(district["b"], receiving_unit=RECEIVING))
    assert (
        "Phối hợp với UBND huyện Bình Long và cấp huyện, cấp xã."
        in made.plan["sections"][0]["text"]
    )


def test_the_create_form_asks_for_the_receiving_unit(login, district, people) -> None:  # type: ignore[no-untyped-def]
    data = {
        "template": "loc-ninh-2024-2025",
        "issuing_unit": district["b"].pk,
        "start_year": "2026",
        "number": "12",
        "date": "15/01/2026",
        "place": "Mỹ An",
        "signer_title": "chu-tich",
        "signer": people["b"].pk,
        "receiving_unit": RECEIVING,
    }
    body = login("office").post("/phong-trao/tao/", data).content.decode()
    assert "Đơn vị tiếp nhận hồ sơ" in body
    assert f"Hồ sơ đề nghị xét khen thưởng gửi UBND xã (qua {RECEIVING})" in body
