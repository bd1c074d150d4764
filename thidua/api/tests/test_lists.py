"""Pagination (limit, offset, total, a maximum), updated_since for syncing systems, the
updated_at that bulk writes keep, and JSON errors for bad input (never HTML, never a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thidua.lib.audit import bulk_update_logged
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_units(district):  # type: ignore[no-untyped-def]
    for i in range(7):
        Unit.objects.create(
            code=f"THON-{i}", name=f"Thôn {i}", level="thon", group_id="thon", parent=district["b"]
        )
    return Unit.objects.count()


def test_pages_cover_every_unit_once(api, many_units) -> None:  # type: ignore[no-untyped-def]
    client = api("office")
    seen: list[int] = []
    for offset in range(0, many_units, 4):
        page = client.get("/units", limit=4, offset=offset).json()
        assert page["total"] == many_units and page["limit"] == 4 and page["offset"] == offset
        seen += [u["id"] for u in page["items"]]
    assert len(seen) == len(set(seen)) == many_units


def test_limit_has_a_maximum(api, district, settings) -> None:  # type: ignore[no-untyped-def]
    response = api("office").get("/units", limit=100_000)
    assert response.status_code == 422
    assert response.json()["field"] == "limit"
    assert "nhỏ hơn hoặc bằng" in response.json()["detail"]


def test_updated_since_lists_what_changed(api, district, people) -> None:  # type: ignore[no-untyped-def]
    old = timezone.now() - dt.timedelta(days=3)
    Unit.objects.update(updated_at=old)
    Person.objects.update(updated_at=old)
    unit = district["b"]
    unit.name = "UBND xã Mỹ An (mới)"
    unit.save()
    person = people["a"]
    person.position = "Chuyên viên"
    bulk_update_logged(Person, [person, people["b"]], ["position"])
    client = api("office")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    units = client.get("/units", updated_since=since).json()
    assert [u["code"] for u in units["items"]] == ["XA-AN"]
    changed = client.get("/people", updated_since=since).json()
    # bulk_update_logged set updated_at on the row it changed, not on the unchanged one.
    assert [p["code"] for p in changed["items"]] == ["CB-A"]
    naive = (timezone.localtime() - dt.timedelta(days=1)).replace(tzinfo=None).isoformat()
    assert client.get("/people", updated_since=naive).json()["total"] == 1


def test_bulk_update_logged_keeps_updated_at(district, people) -> None:  # type: ignore[no-untyped-def]
    old = timezone.now() - dt.timedelta(days=3)
    Person.objects.update(updated_at=old)
    person = Person.objects.get(pk=people["a"].pk)
    other = Person.objects.get(pk=people["b"].pk)
    person.position = "Phó Trưởng phòng"
    bulk_update_logged(Person, [person, other], ["position"])
    assert Person.objects.get(pk=person.pk).updated_at > old
    assert Person.objects.get(pk=other.pk).updated_at == old


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/par-results", {"year": "hai nghìn"}, "year"),
        ("/units", {"offset": str(10**30)}, "offset"),
        ("/units", {"updated_since": "hôm qua"}, "updated_since"),
        ("/units", {"limit": "0"}, "limit"),
        ("/par-results", {"year": "1200"}, "year"),
        ("/units/" + "9" * 25, {}, "unit_id"),
    ],
)
def test_bad_query_gets_a_vietnamese_json_error(api, district, path, params, field) -> None:  # type: ignore[no-untyped-def]
    response = api("office").get(path, **params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["field"] == field
    assert body["detail"].startswith(field + ": ")
    assert body["detail"].isascii() is False  # Vietnamese words, not pydantic's English


def test_an_unknown_unit_filter_is_a_404_naming_the_field(api, district) -> None:  # type: ignore[no-untyped-def]
    response = api("office").get("/units", unit="KHONG-CO")
    assert response.status_code == 404
    assert response.json()["field"] == "unit"


def test_unknown_paths_under_the_api_are_json(api, district) -> None:  # type: ignore[no-untyped-def]
    response = api("office").get("/khong-co")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Không có địa chỉ này" in response.json()["detail"]


def test_a_nul_in_the_query_is_a_json_400(api, district) -> None:  # type: ignore[no-untyped-def]
    response = api("office").get("/units", unit="PNV\x00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/people", "/ratings", "/initiatives", "/units", "/awards"])
def test_a_page_costs_the_same_queries_whatever_its_size(  # type: ignore[no-untyped-def]
    api, district, people, path, django_assert_max_num_queries
) -> None:
    from thidua.scoring import models as m

    for i in range(30):
        person = Person.objects.create(code=f"P{i}", full_name=f"Người {i}", unit=district["b"])
        m.Rating.objects.create(person=person, year=2024, rating="HTNV")
        m.Award.objects.create(person=person, year=2024, form_id="giay_khen_chu_tich_huyen")
        initiative = m.Initiative.objects.create(
            code=f"SK{i}", title="Sáng kiến", unit=district["b"], year=2024, scope="co_so"
        )
        initiative.authors.add(person)
    client = api("unit_b")
    client.get("/units")  # the token's first use records when (one more query)
    with django_assert_max_num_queries(6):
        response = client.get(path, limit=100)
    assert response.status_code == 200 and response.json()["total"] >= 2


def test_a_method_a_path_does_not_take_is_a_json_405(api, district) -> None:  # type: ignore[no-untyped-def]
    client = api("office")
    response = client.client.delete("/api/v1/units", headers=client.headers)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"] and "DELETE" in response.json()["detail"]
    assert client.get("/par-results/bulk").status_code == 405
