"""Units propose, the office confirms (issue 8, item 4): a unit's entries are "chưa xác
nhận" and the engine does not read them until the office confirms; disciplines are the
office's; a record shared by several units is changed only by the office."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict

from thidua.scoring import access
from thidua.scoring import models as m
from thidua.scoring.adapters import facts_from_db


def _engine_ratings() -> set[tuple[str, int, str]]:
    return {(r.subject, r.year, r.rating) for r in facts_from_db([2025]).ratings}


def _engine_initiatives() -> set[str]:
    return {i.code for i in facts_from_db([2025]).initiatives}


def _page_text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def chairman_discipline(people) -> m.Discipline:  # type: ignore[no-untyped-def]
    """The office's disciplinary record on unit A's head."""
    return m.Discipline.objects.create(
        person=people["a"], date=date(2025, 3, 5), level="canh_cao", reference="12/QĐ-UBND"
    )


# Disciplines are the office's ---------------------------------------------------------


def test_a_unit_cannot_delete_the_offices_discipline_on_its_own_head(
    login, chairman_discipline
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    url = f"/du-lieu/ky-luat/{chairman_discipline.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(f"{url}xoa/").status_code == 403
    assert (
        client.post(
            url,
            {"person": chairman_discipline.person_id, "date": "05/03/2025", "level": "khien_trach"},
        ).status_code
        == 403
    )
    assert model_to_dict(m.Discipline.objects.get()) == model_to_dict(chairman_discipline)
    assert ("CB-A", date(2025, 3, 5), "canh_cao") in {
        (d.person, d.date, d.level) for d in facts_from_db([2025]).disciplines
    }


def test_a_unit_cannot_record_a_discipline(login, people) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    data = {"person": people["a"].pk, "date": "10/04/2025", "level": "khien_trach"}
    assert client.get("/du-lieu/ky-luat/them/").status_code == 403
    assert client.post("/du-lieu/ky-luat/them/", data).status_code == 403
    assert not m.Discipline.objects.exists()


# A unit's entries wait for the office ----------------------------------------------------


def test_a_units_rating_is_unconfirmed_and_not_read_by_the_engine(login, people, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/du-lieu/xep-loai/them/",
        {"person": people["a"].pk, "year": 2025, "rating": "HTXSNV"},
        follow=True,
    )
    assert "chưa xác nhận" in _page_text(response)
    rating = m.Rating.objects.get()
    assert rating.confirmed_at is None and rating.confirmation_label == "chưa xác nhận"
    assert _engine_ratings() == set()
    # The office confirms it from the list of entries waiting for it.
    office = login("office")
    listed = office.get("/du-lieu/xep-loai/", {"xac_nhan": "chua"})
    assert [fact.pk for fact, _ in listed.context["rows"]] == [rating.pk]
    response = office.post("/du-lieu/xep-loai/xac-nhan/", {"ids": [rating.pk]}, follow=True)
    assert "Đã xác nhận 1 bản ghi." in _page_text(response)
    rating.refresh_from_db()
    assert rating.confirmed_by == accounts["office"] and rating.confirmed_at is not None
    assert _engine_ratings() == {("CB-A", 2025, "HTXSNV")}
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(m.Rating), object_pk=str(rating.pk)
    ).latest("timestamp")
    assert "confirmed_at" in entry.changes_dict


def test_a_unit_cannot_add_an_initiative_that_counts_without_the_office(
    login, district, people
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "code": "SK-TU-DE",
        "title": "Tự đề xuất",
        "unit": district["a"].pk,
        "authors": [people["a"].pk],
        "year": 2025,
        "scope": "tinh",
    }
    assert login("unit_a").post("/du-lieu/sang-kien/them/", data).status_code == 302
    assert m.Initiative.objects.get().confirmed_at is None
    assert _engine_initiatives() == set()
    login("office").post("/du-lieu/sang-kien/xac-nhan/", {"ids": [m.Initiative.objects.get().pk]})
    assert _engine_initiatives() == {"SK-TU-DE"}


def test_the_offices_own_entries_are_confirmed(login, people, accounts) -> None:  # type: ignore[no-untyped-def]
    login("office").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTNV"}
    )
    rating = m.Rating.objects.get()
    assert rating.confirmed_by == accounts["office"]
    assert _engine_ratings() == {("CB-A", 2025, "HTNV")}


def test_a_unit_changes_its_entry_only_until_it_is_confirmed(login, people) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    client.post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTTNV"}
    )
    rating = m.Rating.objects.get()
    url = f"/du-lieu/xep-loai/{rating.pk}/"
    data = {"person": people["a"].pk, "year": 2025, "rating": "HTXSNV"}
    assert client.post(url, data).status_code == 302
    rating.refresh_from_db()
    assert rating.rating == "HTXSNV"
    login("office").post("/du-lieu/xep-loai/xac-nhan/", {"ids": [rating.pk]})
    # Confirmed: shown read-only with the reason; changing or deleting is refused.
    page = client.get(url)
    assert page.status_code == 200
    assert access.CONFIRMED_MESSAGE in _page_text(page)
    assert 'type="submit">Lưu' not in _page_text(page)
    assert client.post(url, dict(data, rating="HTNV")).status_code == 403
    assert client.post(f"{url}xoa/").status_code == 403
    rating.refresh_from_db()
    assert rating.rating == "HTXSNV" and rating.confirmed_at is not None


def test_a_unit_cannot_delete_a_confirmed_rating_that_keeps_it_ineligible(login, people) -> None:  # type: ignore[no-untyped-def]
    rating = m.Rating.objects.create(person=people["a"], year=2025, rating="KHTNV")
    client = login("unit_a")
    response = client.post(f"/du-lieu/xep-loai/{rating.pk}/xoa/")
    assert response.status_code == 403
    assert access.CONFIRMED_MESSAGE in _page_text(response)
    assert _engine_ratings() == {("CB-A", 2025, "KHTNV")}


def test_a_unit_rates_its_people_not_itself(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/du-lieu/xep-loai/them/", {"unit": district["a"].pk, "year": 2025, "rating": "HTXSNV"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Đơn vị chỉ đề nghị xếp loại cá nhân của mình; xếp loại tập thể do cơ quan thường "
        "trực ghi nhận."
    ]
    assert not m.Rating.objects.exists()


def test_a_unit_names_itself_as_the_initiatives_owner(login, people) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/du-lieu/sang-kien/them/",
        {
            "code": "SK-X",
            "title": "Không chủ trì",
            "authors": [people["a"].pk],
            "year": 2025,
            "scope": "co_so",
        },
    )
    assert response.context["form"].errors["unit"] == [
        "Chọn đơn vị chủ trì sáng kiến (đơn vị của mình)."
    ]
    assert not m.Initiative.objects.exists()


def test_a_units_par_self_assessment_waits_and_the_appraisal_locks_it(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    client.post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": 2025, "self_score": "95,5", "note": "Tự chấm"},
    )
    score = m.ParScore.objects.get()
    assert score.self_score == Decimal("95.5") and score.confirmed_at is None
    assert facts_from_db([2025]).par_scores == ()
    # The office appraises: the row is the office's from then on.
    office_data = {
        "unit": district["a"].pk,
        "year": 2025,
        "self_score": "95,5",
        "score": "91,25",
        "max_score": "100",
        "note": "Tự chấm",
    }
    assert login("office").post(f"/du-lieu/chi-so-cchc/{score.pk}/", office_data).status_code == 302
    score.refresh_from_db()
    assert score.confirmed_at is not None
    assert [(p.unit, p.score) for p in facts_from_db([2025]).par_scores] == [
        ("PNV", Decimal("91.25"))
    ]
    response = client.post(
        f"/du-lieu/chi-so-cchc/{score.pk}/",
        {"unit": district["a"].pk, "year": 2025, "self_score": "99"},
    )
    assert response.status_code == 403
    assert access.APPRAISED_MESSAGE in _page_text(response)


def test_unit_b_gets_404_on_unit_as_unconfirmed_entries(login, people) -> None:  # type: ignore[no-untyped-def]
    login("unit_a").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTTNV"}
    )
    rating = m.Rating.objects.get()
    client = login("unit_b")
    for url in (f"/du-lieu/xep-loai/{rating.pk}/", f"/du-lieu/xep-loai/{rating.pk}/xoa/"):
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"person": people["b"].pk, "year": 2025, "rating": "KHTNV"}
            ).status_code
            == 404
        )
    rating.refresh_from_db()
    assert (rating.person_id, rating.rating) == (people["a"].pk, "HTTNV")


@pytest.mark.parametrize("persona", ["unit_a", "unit_b", "council", "leader"])
def test_only_the_office_confirms(login, people, persona: str) -> None:  # type: ignore[no-untyped-def]
    rating = m.Rating.objects.create(
        person=people["a"], year=2025, rating="HTXSNV", confirmed_at=None
    )
    assert (
        login(persona).post("/du-lieu/xep-loai/xac-nhan/", {"ids": [rating.pk]}).status_code == 403
    )
    rating.refresh_from_db()
    assert rating.confirmed_at is None


def test_the_office_confirms_many_at_once(login, people) -> None:  # type: ignore[no-untyped-def]
    pks = [
        m.Rating.objects.create(
            person=people[side], year=2025, rating="HTTNV", confirmed_at=None
        ).pk
        for side in ("a", "b", "b_section")
    ]
    response = login("office").post(
        "/du-lieu/xep-loai/xac-nhan/", {"ids": pks[:2], "next": "/du-lieu/xep-loai/?xac_nhan=chua"}
    )
    assert response.url == "/du-lieu/xep-loai/?xac_nhan=chua"
    assert set(m.Rating.objects.filter(confirmed_at__isnull=True).values_list("pk", flat=True)) == {
        pks[2]
    }
    response = login("office").post("/du-lieu/xep-loai/xac-nhan/", {}, follow=True)
    assert "Chưa chọn bản ghi nào để xác nhận." in _page_text(response)
    assert login("office").post("/du-lieu/ky-luat/xac-nhan/", {"ids": pks}).status_code == 404


def test_the_list_marks_unconfirmed_entries(login, people) -> None:  # type: ignore[no-untyped-def]
    m.Rating.objects.create(person=people["a"], year=2025, rating="HTTNV", confirmed_at=None)
    m.Rating.objects.create(person=people["a"], year=2024, rating="HTTNV")
    html = _page_text(login("unit_a").get("/du-lieu/xep-loai/"))
    assert html.count(">chưa xác nhận<") == 1 and html.count(">đã xác nhận<") == 1


# Records shared by several units ---------------------------------------------------------


def _shared(district, people, *, owner: Any) -> m.Initiative:  # type: ignore[no-untyped-def]
    initiative = m.Initiative.objects.create(
        code="SK-CHUNG",
        title="Sáng kiến chung",
        unit=owner,
        year=2025,
        scope="huyen",
        confirmed_at=None,
    )
    initiative.authors.set([people["a"], people["b"]])
    return initiative


@pytest.mark.parametrize("owner", [None, "a"])
def test_a_unit_cannot_change_an_initiative_shared_with_another_unit(
    login, district, people, owner: str | None
) -> None:  # type: ignore[no-untyped-def]
    initiative = _shared(district, people, owner=district[owner] if owner else None)
    client = login("unit_a")
    url = f"/du-lieu/sang-kien/{initiative.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and access.SHARED_MESSAGE in _page_text(page)
    data = {
        "code": "SK-CHUNG",
        "title": "Đổi tên",
        "unit": district["a"].pk,
        "authors": [people["a"].pk],
        "year": 2025,
        "scope": "tinh",
    }
    response = client.post(url, data)
    assert response.status_code == 403 and access.SHARED_MESSAGE in _page_text(response)
    assert client.post(f"{url}xoa/").status_code == 403
    initiative.refresh_from_db()
    assert (initiative.title, initiative.unit_id, initiative.scope) == (
        "Sáng kiến chung",
        district[owner].pk if owner else None,
        "huyen",
    )
    assert set(initiative.authors.values_list("code", flat=True)) == {"CB-A", "CB-B"}
    # The office changes it.
    data["authors"] = [people["a"].pk, people["b"].pk]
    assert login("office").post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Đổi tên" and initiative.confirmed_at is not None


def test_the_list_offers_no_edit_of_a_shared_initiative(login, district, people) -> None:  # type: ignore[no-untyped-def]
    initiative = _shared(district, people, owner=district["a"])
    response = login("unit_a").get("/du-lieu/sang-kien/")
    assert response.context["editable"] == set()
    assert f"/du-lieu/sang-kien/{initiative.pk}/" in _page_text(response)  # to read it


def test_imports_are_the_offices_and_confirm(district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    from thidua.lib.audit import acting_as
    from thidua.rules.facts import parse_facts_json
    from thidua.scoring.services import import_facts

    m.Rating.objects.create(person=people["a"], year=2025, rating="HTXSNV", confirmed_at=None)
    with acting_as(accounts["office"]):
        import_facts(
            parse_facts_json(
                b'{"format": "thidua-facts/1", "units": [{"code": "PNV", "group": "phong"}],'
                b' "people": [{"code": "CB-A", "unit": "PNV"}],'
                b' "ratings": [{"subject": "CB-A", "year": 2025, "rating": "HTXSNV"}]}'
            )
        )
    assert m.Rating.objects.get().confirmed_at is not None


def test_the_index_and_the_records_show_what_waits_for_the_office(login, district, people) -> None:  # type: ignore[no-untyped-def]
    m.Rating.objects.create(person=people["a"], year=2025, rating="HTTNV", confirmed_at=None)
    html = _page_text(login("office").get("/du-lieu/"))
    assert "Xếp loại chất lượng: 1 bản ghi chưa xác nhận" in html
    assert "/du-lieu/xep-loai/?xac_nhan=chua" in html
    record = _page_text(login("unit_a").get(f"/ho-so/ca-nhan/{people['a'].pk}/"))
    assert "chưa xác nhận" in record
    assert "chưa xác nhận" not in _page_text(login("unit_b").get("/du-lieu/"))


# The observed defect, end to end: the verdict moves only with the office -----------------


def test_a_units_own_writes_do_not_move_its_verdict(login, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    """Lộc Ninh's annual collective title needs the office's attestation, PAR ≥ 90 %, an
    initiative recognised at district level and no discipline of a key leader."""
    from thidua.campaigns.models import Campaign
    from thidua.campaigns.services import campaign_create_from_template, evaluate_campaign

    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    head = people["a"]
    head.key_leader = True
    head.save()
    m.Attestation.objects.create(unit=district["a"], year=2025, key="dan_dau_noi_dung")
    m.ParScore.objects.create(unit=district["a"], year=2025, score=95)
    discipline = m.Discipline.objects.create(person=head, date=date(2025, 5, 2), level="canh_cao")

    def verdict() -> object:
        scheme = evaluate_campaign(campaign, 2025).scheme("tap-the-hang-nam")
        assert scheme is not None
        return next(c["eligible"] for c in scheme["candidates"] if c["code"] == "PNV")

    assert verdict() is False
    client = login("unit_a")
    assert client.post(f"/du-lieu/ky-luat/{discipline.pk}/xoa/").status_code == 403
    client.post(
        "/du-lieu/sang-kien/them/",
        {
            "code": "SK-PNV-25",
            "title": "Một cửa số",
            "unit": district["a"].pk,
            "authors": [head.pk],
            "year": 2025,
            "scope": "huyen",
        },
    )
    assert m.Initiative.objects.get().confirmed_at is None
    assert verdict() is False
    # The office confirms the initiative and (say, on appeal) removes the discipline.
    office = login("office")
    office.post("/du-lieu/sang-kien/xac-nhan/", {"ids": [m.Initiative.objects.get().pk]})
    office.post(f"/du-lieu/ky-luat/{discipline.pk}/xoa/")
    assert verdict() is True
