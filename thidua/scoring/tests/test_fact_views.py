"""The fact pages (/du-lieu/<kind>/): who sees which rows, who may write which kind, and
one clear Vietnamese message for each bad input with nothing saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test import Client

from thidua.org.models import Person, Unit
from thidua.scoring import models as m

SLUGS = ["chi-so-cchc", "xep-loai", "ky-luat", "xem-xet", "khen-thuong", "sang-kien", "xac-nhan"]
MODELS: dict[str, type[Model]] = {
    "chi-so-cchc": m.ParScore,
    "xep-loai": m.Rating,
    "ky-luat": m.Discipline,
    "xem-xet": m.Review,
    "khen-thuong": m.Award,
    "sang-kien": m.Initiative,
    "xac-nhan": m.Attestation,
}
UNIT_WRITABLE = ["chi-so-cchc", "xep-loai", "sang-kien"]
OFFICE_ONLY = ["ky-luat", "khen-thuong", "xem-xet", "xac-nhan"]
READERS_OF_ALL = ["office", "admin", "council", "leader"]
INVALID_CHOICE = "Lựa chọn không hợp lệ: hãy chọn trong danh sách."


def make_fact(slug: str, unit: Unit, person: Person) -> Model:
    """One fact of each kind, about `unit` or its `person`."""
    if slug == "chi-so-cchc":
        return m.ParScore.objects.create(
            unit=unit, year=2025, self_score=85, score=Decimal("91.25")
        )
    if slug == "xep-loai":
        return m.Rating.objects.create(person=person, year=2025, rating="HTXSNV")
    if slug == "ky-luat":
        return m.Discipline.objects.create(
            person=person, date=date(2025, 3, 5), level="khien_trach", reference=f"KL-{unit.code}"
        )
    if slug == "xem-xet":
        return m.Review.objects.create(person=person, kind="khieu_nai", since=date(2025, 2, 1))
    if slug == "khen-thuong":
        return m.Award.objects.create(
            unit=unit,
            form_id="giay_khen_chu_tich_huyen",
            year=2024,
            decision_number=f"QD-{unit.code}",
            decision_date=date(2025, 1, 5),
        )
    if slug == "sang-kien":
        initiative = m.Initiative.objects.create(
            code=f"SK-{unit.code}",
            title=f"Sáng kiến của {unit.code}",
            unit=unit,
            year=2025,
            scope="co_so",
        )
        initiative.authors.add(person)
        return initiative
    if slug == "xac-nhan":
        return m.Attestation.objects.create(unit=unit, year=2025, key="noi_bo_doan_ket")
    raise AssertionError(slug)


@pytest.fixture
def facts(district, people) -> dict[str, dict[str, Model]]:  # type: ignore[no-untyped-def]
    """facts[side][slug]: side a (unit A), b (unit B) and b_section (B's section)."""
    return {
        side: {slug: make_fact(slug, district[side], people[side]) for slug in SLUGS}
        for side in ("a", "b", "b_section")
    }


def row_pks(response: Any) -> set[int]:
    return {fact.pk for fact, _ in response.context["rows"]}


def messages(response: Any) -> list[str]:
    return [msg for errors in response.context["form"].errors.values() for msg in errors]


# Lists -------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_each_persona_lists_the_facts_it_may_see(login, facts, slug: str) -> None:  # type: ignore[no-untyped-def]
    url = f"/du-lieu/{slug}/"
    response = login("unit_a").get(url)
    assert response.status_code == 200
    assert row_pks(response) == {facts["a"][slug].pk}
    html = response.content.decode()
    for name in ("Trần Thị Bình", "Lê Văn Cường", "UBND xã Mỹ An<", "SK-XA-AN"):
        assert name not in html
    # Unit B sees its own and its section's facts.
    assert row_pks(login("unit_b").get(url)) == {facts["b"][slug].pk, facts["b_section"][slug].pk}
    for persona in READERS_OF_ALL:
        response = login(persona).get(url)
        assert row_pks(response) == {facts[side][slug].pk for side in ("a", "b", "b_section")}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_list_offers_writing_only_to_writers(login, facts, slug: str) -> None:  # type: ignore[no-untyped-def]
    add = f"/du-lieu/{slug}/them/"
    assert add in login("office").get(f"/du-lieu/{slug}/").content.decode()
    assert add not in login("council").get(f"/du-lieu/{slug}/").content.decode()
    assert (add in login("unit_a").get(f"/du-lieu/{slug}/").content.decode()) == (
        slug in UNIT_WRITABLE
    )


def test_the_index_counts_only_visible_facts(login, facts) -> None:  # type: ignore[no-untyped-def]
    counts = {kind.slug: n for kind, n in login("unit_b").get("/du-lieu/").context["kinds"]}
    assert counts == dict.fromkeys(SLUGS, 2)
    counts = {kind.slug: n for kind, n in login("council").get("/du-lieu/").context["kinds"]}
    assert counts == dict.fromkeys(SLUGS, 3)


def test_an_unknown_kind_is_404(login, district) -> None:  # type: ignore[no-untyped-def]
    assert login("office").get("/du-lieu/khong-co/").status_code == 404


def test_lists_filter_by_year_and_search_without_diacritics(login, facts, people) -> None:  # type: ignore[no-untyped-def]
    m.Rating.objects.create(person=people["b"], year=2024, rating="HTNV")
    client = login("office")
    assert len(row_pks(client.get("/du-lieu/xep-loai/", {"year": 2024}))) == 1
    found = row_pks(client.get("/du-lieu/xep-loai/", {"q": "tran thi binh"}))
    assert found == set(m.Rating.objects.filter(person=people["b"]).values_list("pk", flat=True))
    assert row_pks(client.get("/du-lieu/chi-so-cchc/", {"q": "Mỹ An"})) == {
        facts["b"]["chi-so-cchc"].pk,
        facts["b_section"]["chi-so-cchc"].pk,
    }
    assert row_pks(client.get("/du-lieu/ky-luat/", {"year": 2025, "q": "cuong"})) == {
        facts["b_section"]["ky-luat"].pk
    }


def test_lists_show_vietnamese_numbers_and_dates(login, facts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    html = client.get("/du-lieu/chi-so-cchc/").content.decode()
    assert "91,25" in html and "91,25%" in html and "85,00" in html and "100,00" in html
    assert "05/03/2025" in client.get("/du-lieu/ky-luat/").content.decode()
    html = client.get("/du-lieu/xem-xet/").content.decode()
    assert "01/02/2025" in html and "đang mở" in html
    assert "QD-PNV ngày 05/01/2025" in client.get("/du-lieu/khen-thuong/").content.decode()
    assert "Hoàn thành xuất sắc nhiệm vụ" in client.get("/du-lieu/xep-loai/").content.decode()


# Other units' facts by URL -------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_unit_a_gets_404_for_other_units_facts(login, facts, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    data = {"unit": district["a"].pk, "person": people["a"].pk, "year": 2020, "rating": "KHTNV"}
    for side in ("b", "b_section"):
        fact = facts[side][slug]
        for url in (f"/du-lieu/{slug}/{fact.pk}/", f"/du-lieu/{slug}/{fact.pk}/xoa/"):
            assert client.get(url).status_code == 404
            assert client.post(url, data).status_code == 404
        assert model_to_dict(MODELS[slug].objects.get(pk=fact.pk)) == model_to_dict(fact)


def test_unit_b_reaches_its_sections_facts(login, facts) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_b")
    for slug in SLUGS:
        fact = facts["b_section"][slug]
        expected = 200 if slug in UNIT_WRITABLE else 403
        assert client.get(f"/du-lieu/{slug}/{fact.pk}/").status_code == expected, slug


# Who writes what -------------------------------------------------------------------------


def valid_data(
    slug: str, district: dict[str, Unit], people: dict[str, Person], side: str = "a"
) -> dict[str, Any]:
    unit, person = district[side].pk, people[side].pk
    return {
        "chi-so-cchc": {
            "unit": unit,
            "year": 2024,
            "self_score": "88.5",
            "score": "90",
            "max_score": "100",
        },
        "xep-loai": {"person": person, "year": 2024, "rating": "HTTNV"},
        "ky-luat": {"person": person, "date": "10/04/2024", "level": "canh_cao"},
        "xem-xet": {"unit": unit, "kind": "bao_chi", "since": "01/04/2024"},
        "khen-thuong": {
            "unit": unit,
            "form": "bang_khen_chu_tich_tinh",
            "year": 2023,
            "field": "cchc",
            "decision_number": "99/QĐ-UBND",
            "decision_date": "05/01/2024",
        },
        "sang-kien": {
            "code": "SK-MOI",
            "title": "Phần mềm một cửa",
            "unit": unit,
            "year": 2024,
            "scope": "huyen",
            "authors": [person],
        },
        "xac-nhan": {"person": person, "year": 2024, "key": "guong_mau", "note": "Biên bản số 3"},
    }[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_office_records_every_kind(login, district, people, accounts, slug: str) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(f"/du-lieu/{slug}/them/", valid_data(slug, district, people))
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == f"/du-lieu/{slug}/"
    fact = MODELS[slug].objects.get()
    assert fact.created_by == accounts["office"]


@pytest.mark.parametrize("slug", UNIT_WRITABLE)
def test_a_unit_records_its_own_facts(login, district, people, accounts, slug: str) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(f"/du-lieu/{slug}/them/", valid_data(slug, district, people))
    assert response.status_code == 302, response.context["form"].errors
    assert MODELS[slug].objects.get().created_by == accounts["unit_a"]


@pytest.mark.parametrize("slug", UNIT_WRITABLE)
def test_unit_b_records_facts_of_its_section(login, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_b").post(
        f"/du-lieu/{slug}/them/", valid_data(slug, district, people, "b_section")
    )
    assert response.status_code == 302
    assert MODELS[slug].objects.count() == 1


@pytest.mark.parametrize("slug", OFFICE_ONLY)
@pytest.mark.parametrize("persona", ["unit_a", "unit_b"])
def test_units_cannot_write_office_only_kinds(
    login, facts, district, people, persona: str, slug: str
) -> None:  # type: ignore[no-untyped-def]
    client = login(persona)
    own = facts["a" if persona == "unit_a" else "b"][slug]
    before = MODELS[slug].objects.count()
    data = valid_data(slug, district, people, "a" if persona == "unit_a" else "b")
    assert client.get(f"/du-lieu/{slug}/them/").status_code == 403
    assert client.post(f"/du-lieu/{slug}/them/", data).status_code == 403
    assert client.get(f"/du-lieu/{slug}/{own.pk}/").status_code == 403
    assert client.post(f"/du-lieu/{slug}/{own.pk}/", data).status_code == 403
    assert client.post(f"/du-lieu/{slug}/{own.pk}/xoa/").status_code == 403
    assert MODELS[slug].objects.count() == before
    assert model_to_dict(MODELS[slug].objects.get(pk=own.pk)) == model_to_dict(own)


@pytest.mark.parametrize("slug", SLUGS)
def test_council_and_leader_cannot_write(login, facts, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    fact = facts["a"][slug]
    data = valid_data(slug, district, people)
    before = MODELS[slug].objects.count()
    for persona in ("council", "leader"):
        client = login(persona)
        assert client.get(f"/du-lieu/{slug}/them/").status_code == 403
        assert client.post(f"/du-lieu/{slug}/them/", data).status_code == 403
        assert client.post(f"/du-lieu/{slug}/{fact.pk}/", data).status_code == 403
        assert client.post(f"/du-lieu/{slug}/{fact.pk}/xoa/").status_code == 403
    assert MODELS[slug].objects.count() == before
    assert model_to_dict(MODELS[slug].objects.get(pk=fact.pk)) == model_to_dict(fact)


@pytest.mark.parametrize("slug", UNIT_WRITABLE)
def test_a_unit_edits_and_deletes_its_own_facts(login, facts, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    fact = facts["a"][slug]
    # The unit's own proposal, not yet confirmed (nor, for a PAR result, appraised).
    MODELS[slug].objects.filter(pk=fact.pk).update(confirmed_at=None)
    if slug == "chi-so-cchc":
        MODELS[slug].objects.filter(pk=fact.pk).update(score=None)
    client = login("unit_a")
    data = valid_data(slug, district, people)
    response = client.post(f"/du-lieu/{slug}/{fact.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    fact.refresh_from_db()
    expected = {
        "chi-so-cchc": {"year": 2024, "self_score": Decimal("88.5"), "score": None},
        "xep-loai": {"year": 2024, "rating": "HTTNV"},
        "sang-kien": {"code": "SK-MOI", "scope": "huyen"},
    }[slug]
    assert {name: getattr(fact, name) for name in expected} == expected
    assert fact.confirmed_at is None
    assert client.post(f"/du-lieu/{slug}/{fact.pk}/xoa/").status_code == 302
    assert not MODELS[slug].objects.filter(pk=fact.pk).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/du-lieu/",
        "/du-lieu/xep-loai/",
        "/du-lieu/xep-loai/them/",
        "/du-lieu/xep-loai/{pk}/",
        "/du-lieu/xep-loai/{pk}/xoa/",
        "/chi-so-cchc/",
    ],
)
def test_anonymous_visitors_are_sent_to_login(facts, path: str) -> None:  # type: ignore[no-untyped-def]
    url = path.format(pk=facts["a"]["xep-loai"].pk)
    for response in (Client().get(url), Client().post(url)):
        assert response.status_code == 302
        assert response.url.startswith("/dang-nhap/?next=")
    assert m.Rating.objects.count() == 3


# The appraised PAR score is the office's --------------------------------------------------


def test_a_units_posted_appraised_score_is_ignored(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    form = client.get("/du-lieu/chi-so-cchc/them/").context["form"]
    assert form.fields["score"].disabled and form.fields["max_score"].disabled
    response = client.post(
        "/du-lieu/chi-so-cchc/them/",
        {
            "unit": district["a"].pk,
            "year": 2025,
            "self_score": "80",
            "score": "99",
            "max_score": "10",
        },
    )
    assert response.status_code == 302
    score = m.ParScore.objects.get()
    assert (score.self_score, score.score, score.max_score) == (Decimal(80), None, Decimal(100))


def test_a_unit_cannot_change_the_appraised_score_when_editing(login, facts, district) -> None:  # type: ignore[no-untyped-def]
    score = facts["a"]["chi-so-cchc"]
    m.ParScore.objects.filter(pk=score.pk).update(confirmed_at=None, score=None)
    response = login("unit_a").post(
        f"/du-lieu/chi-so-cchc/{score.pk}/",
        {
            "unit": district["a"].pk,
            "year": 2025,
            "self_score": "86",
            "score": "100",
            "max_score": "200",
        },
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.self_score, score.score, score.max_score) == (Decimal(86), None, Decimal(100))


def test_the_office_enters_the_appraised_score(login, district) -> None:  # type: ignore[no-untyped-def]
    form = login("office").get("/du-lieu/chi-so-cchc/them/").context["form"]
    assert not form.fields["score"].disabled


# Form tampering --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("chi-so-cchc", "unit"),
        ("xep-loai", "person"),
        ("sang-kien", "unit"),
        ("sang-kien", "authors"),
    ],
)
def test_unit_a_cannot_record_facts_about_others(
    login, district, people, slug: str, field: str
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    # Unit B, B's section and (for units) the district above A: all outside A's subtree.
    targets = ["b", "b_section", "root"] if field == "unit" else ["b", "b_section"]
    for target in targets:
        data = valid_data(slug, district, people)
        foreign = district[target].pk if field == "unit" else people[target].pk
        data[field] = [foreign] if field == "authors" else foreign
        response = client.post(f"/du-lieu/{slug}/them/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert INVALID_CHOICE in response.content.decode()
        assert not MODELS[slug].objects.exists()


def test_unit_a_cannot_move_its_fact_to_unit_b(login, facts, district, people) -> None:  # type: ignore[no-untyped-def]
    rating = facts["a"]["xep-loai"]
    m.Rating.objects.filter(pk=rating.pk).update(confirmed_at=None)
    response = login("unit_a").post(
        f"/du-lieu/xep-loai/{rating.pk}/",
        {"person": people["b"].pk, "year": 2025, "rating": "HTTNV"},
    )
    assert INVALID_CHOICE in response.content.decode()
    rating.refresh_from_db()
    assert (rating.person_id, rating.rating) == (people["a"].pk, "HTXSNV")


def test_the_fact_forms_offer_only_visible_units_and_people(login, people) -> None:  # type: ignore[no-untyped-def]
    form = login("unit_b").get("/du-lieu/xep-loai/them/").context["form"]
    assert {u.code for u in form.fields["unit"].queryset} == {"XA-AN", "XA-AN-MC"}
    assert {p.code for p in form.fields["person"].queryset} == {"CB-B", "CB-BS"}


def test_unit_a_cannot_delete_unit_bs_initiative_it_co_authored(login, facts, people) -> None:  # type: ignore[no-untyped-def]
    initiative = facts["b"]["sang-kien"]
    initiative.authors.add(people["a"])
    client = login("unit_a")
    assert client.post(f"/du-lieu/sang-kien/{initiative.pk}/xoa/").status_code in (403, 404)
    assert m.Initiative.objects.filter(pk=initiative.pk).exists()


# Bad input: one clear Vietnamese message, nothing saved ----------------------------------


def refused(response: Any, model: type[Model], before: int, message: str) -> None:
    assert response.status_code == 200
    assert any(message in msg for msg in messages(response)), messages(response)
    assert message in response.content.decode()
    assert model.objects.count() == before


def test_it_refuses_a_score_above_the_maximum(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "score": "100.5", "max_score": "100"},
    )
    refused(response, m.ParScore, 0, "Điểm không được lớn hơn điểm tối đa (100,00).")
    assert messages(response) == ["Điểm không được lớn hơn điểm tối đa (100,00)."]


def test_it_refuses_a_self_score_above_the_maximum_for_a_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/du-lieu/chi-so-cchc/them/", {"unit": district["a"].pk, "year": 2025, "self_score": "101"}
    )
    refused(response, m.ParScore, 0, "Điểm không được lớn hơn điểm tối đa (100,00).")


def test_the_maximum_in_the_message_reads_the_vietnamese_way(login, facts, district) -> None:  # type: ignore[no-untyped-def]
    score = facts["a"]["chi-so-cchc"]
    m.ParScore.objects.filter(pk=score.pk).update(confirmed_at=None, score=None)
    response = login("unit_a").post(
        f"/du-lieu/chi-so-cchc/{score.pk}/",
        {"unit": district["a"].pk, "year": 2025, "self_score": "150"},
    )
    assert messages(response) == ["Điểm không được lớn hơn điểm tối đa (100,00)."]


def test_it_refuses_a_negative_score(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "score": "-1", "max_score": "100"},
    )
    assert list(response.context["form"].errors) == ["score"]
    assert not m.ParScore.objects.exists()


def test_it_refuses_a_par_score_for_a_unit_not_assessed(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["root"].pk, "year": 2025, "score": "90", "max_score": "100"},
    )
    refused(response, m.ParScore, 0, "Đơn vị này không thuộc diện chấm Chỉ số CCHC.")
    assert len(messages(response)) == 1


def test_it_refuses_a_second_par_score_for_the_same_year(login, facts, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "score": "90", "max_score": "100"},
    )
    refused(response, m.ParScore, 3, "Đơn vị này đã có kết quả Chỉ số CCHC của năm này.")
    assert len(messages(response)) == 1


def test_it_refuses_a_second_rating_for_the_same_subject_and_year(login, facts, people) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTNV"}
    )
    refused(response, m.Rating, 3, "Cá nhân này đã có xếp loại của năm này.")


def test_it_refuses_a_second_rating_for_the_same_unit_and_year(login, district) -> None:  # type: ignore[no-untyped-def]
    m.Rating.objects.create(unit=district["a"], year=2025, rating="HTTNV")
    response = login("office").post(
        "/du-lieu/xep-loai/them/", {"unit": district["a"].pk, "year": 2025, "rating": "HTNV"}
    )
    refused(response, m.Rating, 1, "Đơn vị này đã có xếp loại của năm này.")


ONE_SUBJECT = "Chọn một đơn vị hoặc một cá nhân (chỉ một trong hai)."


@pytest.mark.parametrize("slug", ["xep-loai", "xem-xet", "khen-thuong", "xac-nhan"])
def test_it_refuses_a_fact_about_both_or_neither_subject(
    login, district, people, slug: str
) -> None:  # type: ignore[no-untyped-def]
    neither = valid_data(slug, district, people)
    neither.pop("unit", None), neither.pop("person", None)
    both = dict(neither, unit=district["a"].pk, person=people["a"].pk)
    for data in (both, neither):
        response = login("office").post(f"/du-lieu/{slug}/them/", data)
        refused(response, MODELS[slug], 0, ONE_SUBJECT)
        assert messages(response) == [ONE_SUBJECT]


def test_a_second_rating_gets_one_message(login, facts, people) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTNV"}
    )
    assert messages(response) == ["Cá nhân này đã có xếp loại của năm này."]
    assert "Constraint" not in response.content.decode()


def test_it_refuses_a_review_ending_before_it_starts(login, people) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/xem-xet/them/",
        {
            "person": people["a"].pk,
            "kind": "khieu_nai",
            "since": "05/03/2025",
            "until": "01/03/2025",
        },
    )
    refused(response, m.Review, 0, "Ngày kết thúc không được trước ngày bắt đầu.")
    assert len(messages(response)) == 1


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("ky-luat", "date"),
        ("xem-xet", "since"),
        ("xem-xet", "until"),
        ("khen-thuong", "decision_date"),
    ],
)
def test_it_refuses_a_wrongly_typed_date(login, district, people, slug: str, field: str) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    for typed in ("31/02/2025", "2025/03/05", "ngày 5"):
        data = dict(valid_data(slug, district, people), **{field: typed})
        response = client.post(f"/du-lieu/{slug}/them/", data)
        refused(response, MODELS[slug], 0, "nhập theo dạng dd/mm/yyyy")
        assert messages(response) == [
            "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/01/2026."
        ]


def test_it_accepts_dates_typed_with_dashes(login, people) -> None:  # type: ignore[no-untyped-def]
    login("office").post(
        "/du-lieu/ky-luat/them/",
        {"person": people["a"].pk, "date": "05-03-2025", "level": "canh_cao"},
    )
    assert m.Discipline.objects.get().date == date(2025, 3, 5)


@pytest.mark.parametrize("year", ["1989", "2101"])
def test_it_refuses_a_year_out_of_range(login, people, year: str) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": year, "rating": "HTTNV"}
    )
    assert list(response.context["form"].errors) == ["year"]
    assert not m.Rating.objects.exists()


def test_it_refuses_a_duplicate_initiative_code(login, facts, district, people) -> None:  # type: ignore[no-untyped-def]
    data = dict(valid_data("sang-kien", district, people), code="SK-PNV")
    response = login("office").post("/du-lieu/sang-kien/them/", data)
    refused(response, m.Initiative, 3, "Mã sáng kiến này đã được dùng cho một sáng kiến khác.")


def test_initiatives_are_found_by_code_and_title(login, facts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    assert row_pks(client.get("/du-lieu/sang-kien/", {"q": "sk-pnv"})) == {
        facts["a"]["sang-kien"].pk
    }
    assert row_pks(client.get("/du-lieu/sang-kien/", {"q": "Sáng kiến của XA-AN-MC"})) == {
        facts["b_section"]["sang-kien"].pk
    }


def test_initiative_titles_are_found_without_diacritics(login, district) -> None:  # type: ignore[no-untyped-def]
    initiative = m.Initiative.objects.create(
        code="SK-1", title="Số hóa hồ sơ một cửa", unit=district["b"], year=2025, scope="co_so"
    )
    client = login("office")
    assert row_pks(client.get("/du-lieu/sang-kien/", {"q": "Số hóa"})) == {initiative.pk}
    assert row_pks(client.get("/du-lieu/sang-kien/", {"q": "so hoa"})) == {initiative.pk}


def test_the_par_form_accepts_a_decimal_comma(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "score": "91,25", "max_score": "100"},
    )
    assert response.status_code == 302
    assert m.ParScore.objects.get().score == Decimal("91.25")


def test_the_par_form_accepts_a_decimal_point(login, district) -> None:  # type: ignore[no-untyped-def]
    login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "score": "91.25", "max_score": "100"},
    )
    assert m.ParScore.objects.get().score == Decimal("91.25")
