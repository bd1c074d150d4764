"""The daily work's list pages are paginated (lib.paging): 50 rows a page, page links that keep
the filters, a junk or out-of-range page number answered with page 1 or the last page, and a
number of queries that does not grow with the rows shown (no query per row)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign, Registration, RegistrationLine
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import Person, Unit
from thidua.scoring.models import Award, AwardForm, ParScore, Rating

PAGE = 50


def _communes(root: Unit, n: int, start: int = 0) -> list[Unit]:
    units = []
    for i in range(start, start + n):
        units.append(
            Unit.objects.create(
                code=f"XA-{i:03d}",
                name=f"UBND xã Thử {i:03d}",
                level="xa",
                group_id="xa",
                parent=root,
            )
        )
    return units


def _fill(root: Unit, n: int, campaign: Campaign, start: int = 0) -> None:
    """n communes, each with a person, a PAR score and a rating of 2025, a registration of
    2025 with one line."""
    form = AwardForm.objects.order_by("pk").first()
    for unit in _communes(root, n, start):
        person = Person.objects.create(
            code=f"CB-{unit.code}", full_name=f"Nguyễn Văn {unit.code[-3:]}", unit=unit
        )
        Award.objects.create(unit=unit, year=2024, form=form)
        ParScore.objects.create(
            unit=unit,
            year=2025,
            score=Decimal("80"),
            max_score=Decimal("100"),
            confirmed_at=timezone.now(),
        )
        Rating.objects.create(person=person, year=2025, rating="HTTNV", confirmed_at=timezone.now())
        Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
        registration = Registration.objects.create(campaign=campaign, unit=unit, year=2025)
        RegistrationLine.objects.create(
            registration=registration,
            section="collective",
            unit=unit,
            marks=["tap_the_lao_dong_tien_tien"],
        )


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


LISTS: dict[str, Callable[[Campaign], str]] = {
    "units": lambda c: "/don-vi/?group=xa",
    "people": lambda c: "/ca-nhan/?q=nguyen",
    "PAR ranking": lambda c: "/chi-so-cchc/?year=2025&group=xa",
    "ratings": lambda c: "/du-lieu/xep-loai/?year=2025",
    "PAR scores": lambda c: "/du-lieu/chi-so-cchc/?year=2025",
    "registrations": lambda c: f"/phong-trao/{c.pk}/dang-ky/tong-hop/?nam=2025&trang_thai=nhap",
    "dossiers": lambda c: f"/phong-trao/{c.pk}/ho-so/tat-ca/?trang_thai=nhap",
    "register": lambda c: "/so-khen-thuong/?q=xa",
}


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_the_same_queries_for_2_rows_as_for_20(
    name, login, district, campaign
) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    url = LISTS[name](campaign)
    _fill(district["root"], 2, campaign)
    few, response = _queries(client, url)
    assert len(response.context["page"].object_list) >= 2
    _fill(district["root"], 18, campaign, start=2)
    many, response = _queries(client, url)
    assert len(response.context["page"].object_list) >= 20
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 20 (a query per row)"


@pytest.mark.parametrize("name", LISTS)
def test_page_2_exists_keeps_the_filters_and_junk_pages_do_not_fail(
    name, login, district, campaign
) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    url = LISTS[name](campaign)
    _fill(district["root"], PAGE + 5, campaign)
    first = client.get(url)
    page = first.context["page"]
    assert page.number == 1 and page.paginator.num_pages == 2
    assert len(page.object_list) == PAGE
    html = first.content.decode()
    links = re.findall(r'href="\?([^"]*page=2)"', html)
    assert links, f"{name}: no link to page 2"
    query = url.split("?", 1)[1]
    for part in query.split("&"):
        assert part in links[0].replace("&amp;", "&"), f"{name}: page link drops {part}"
    second = client.get(f"{url}&page=2")
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == page.paginator.count - PAGE > 0
    first_rows = {str(r) for r in page.object_list}
    assert not first_rows & {str(r) for r in second.context["page"].object_list}
    for junk, expected in (
        ("abc", 1),
        ("-3", 2),
        ("0", 2),
        ("99999999999999999999", 2),
        ("1e1000000", 1),
        ("2.5", 1),
    ):
        response = client.get(f"{url}&page={junk}")
        assert response.status_code == 200, (name, junk)
        assert response.context["page"].number == expected, (name, junk)


def test_the_registration_overview_counts_every_unit_whatever_the_page(
    login, district, campaign
) -> None:  # type: ignore[no-untyped-def]
    _fill(district["root"], PAGE + 5, campaign)
    response = login("office").get(f"/phong-trao/{campaign.pk}/dang-ky/tong-hop/?nam=2025&page=2")
    counts = response.context["counts"]
    assert counts.statuses["nhap"] == PAGE + 5
    assert counts.marks["tap_the_lao_dong_tien_tien"] == PAGE + 5
    # Phòng Nội vụ and the section are participants too (groups phong, bo_phan): none
    # registered.
    assert counts.statuses["chua_dang_ky"] == counts.participants - (PAGE + 5)
    assert counts.statuses["chua_dang_ky"] > 0
    only = login("office").get(
        f"/phong-trao/{campaign.pk}/dang-ky/tong-hop/?nam=2025&trang_thai=chua_dang_ky"
    )
    names = {u.name for u in only.context["page"].object_list}
    assert "Phòng Nội vụ" in names and not any(n.startswith("UBND xã Thử") for n in names)


def test_the_par_ranking_ranks_among_every_unit_not_the_page(login, district, campaign) -> None:  # type: ignore[no-untyped-def]
    units = _communes(district["root"], PAGE + 5)
    for n, unit in enumerate(units):
        ParScore.objects.create(unit=unit, year=2025, score=Decimal(100 - n), max_score=100)
    second = login("office").get("/chi-so-cchc/?year=2025&page=2").context["page"]
    assert [r.rank for r in second.object_list] == list(range(PAGE + 1, PAGE + 6))
    assert {r.of for r in second.object_list} == {PAGE + 5}
