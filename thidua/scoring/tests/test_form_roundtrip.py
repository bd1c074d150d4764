"""Every edit form shows every stored value in a form the browser can submit back: GET the
edit page, re-submit exactly what it shows, and the record is unchanged (issue 8, item 5).
Years and dates of facts have bounds tied to today, each with a Vietnamese message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.test import Client

from thidua.lib.http import requested_year
from thidua.scoring import models as m
from thidua.scoring.tests.browser_form import submitted
from thidua.scoring.tests.test_fact_views import MODELS, SLUGS, make_fact

THIS_YEAR = dt.date.today().year


def _resubmit(client: Client, slug: str, fact: m.models.Model, **changes: str):  # type: ignore[no-untyped-def]
    url = f"/du-lieu/{slug}/{fact.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    data = submitted(page.content.decode())
    data.update({k: [v] for k, v in changes.items()})
    return client.post(url, data)


def _snapshot(fact: m.models.Model) -> dict:
    fact = type(fact)._default_manager.get(pk=fact.pk)
    return {**model_to_dict(fact), "updated_at": fact.updated_at}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_office_resubmits_every_form_unchanged(login, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    fact = make_fact(slug, district["a"], people["a"])
    if slug == "xem-xet":
        m.Review.objects.filter(pk=fact.pk).update(until=dt.date(2025, 6, 30), note="Đã xong")
    before, logged = _snapshot(fact), LogEntry.objects.count()
    response = _resubmit(login("office"), slug, fact)
    assert response.status_code == 302, response.context["form"].errors
    assert _snapshot(fact) == before
    assert LogEntry.objects.count() == logged


@pytest.mark.parametrize("slug", ["chi-so-cchc", "xep-loai", "sang-kien"])
def test_a_unit_resubmits_its_entry_unchanged(login, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    fact = make_fact(slug, district["a"], people["a"])
    MODELS[slug].objects.filter(pk=fact.pk).update(confirmed_at=None)
    if slug == "chi-so-cchc":
        m.ParScore.objects.filter(pk=fact.pk).update(score=None, self_score=Decimal("94"))
    before = _snapshot(fact)
    response = _resubmit(login("unit_a"), slug, fact)
    assert response.status_code == 302, response.context["form"].errors
    assert _snapshot(fact) == before


def test_changing_only_the_note_keeps_the_scores(login, district) -> None:  # type: ignore[no-untyped-def]
    score = m.ParScore.objects.create(
        unit=district["a"],
        year=2025,
        self_score=Decimal("94"),
        score=Decimal("92.5"),
        max_score=Decimal("100"),
    )
    client = login("office")
    html = client.get(f"/du-lieu/chi-so-cchc/{score.pk}/").content.decode()
    assert (
        'value="94"' in html and 'value="92,5"' in html and 'type="number" name="self' not in html
    )
    response = _resubmit(client, "chi-so-cchc", score, note="Đã thẩm định lại")
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.self_score, score.score, score.max_score, score.note) == (
        Decimal("94"),
        Decimal("92.5"),
        Decimal("100"),
        "Đã thẩm định lại",
    )


def test_an_unchanged_form_says_so(login, district, people) -> None:  # type: ignore[no-untyped-def]
    fact = make_fact("xep-loai", district["a"], people["a"])
    client = login("office")
    url = f"/du-lieu/xep-loai/{fact.pk}/"
    response = client.post(url, submitted(client.get(url).content.decode()), follow=True)
    assert "Không có thay đổi nào để lưu." in response.content.decode()


# Bounds -------------------------------------------------------------------------------


def _errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return dict(response.context["form"].errors)


def test_a_discipline_dated_in_the_future_is_refused(login, people) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    response = login("office").post(
        "/du-lieu/ky-luat/them/",
        {"person": people["a"].pk, "date": "05/03/2099", "level": "canh_cao"},
    )
    assert _errors(response) == {"date": [f"Ngày không được sau hôm nay ({today:%d/%m/%Y})."]}
    assert not m.Discipline.objects.exists()


def test_a_date_before_1990_is_refused(login, people) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/xem-xet/them/",
        {"person": people["a"].pk, "kind": "bao_chi", "since": "31/12/1989"},
    )
    assert _errors(response) == {"since": ["Ngày phải từ 01/01/1990 trở đi."]}


@pytest.mark.parametrize(
    ("slug", "field"), [("xem-xet", "until"), ("khen-thuong", "decision_date")]
)
def test_other_dates_are_not_in_the_future(login, district, people, slug: str, field: str) -> None:  # type: ignore[no-untyped-def]
    from thidua.scoring.tests.test_fact_views import valid_data

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    data = dict(valid_data(slug, district, people), **{field: f"{tomorrow:%d/%m/%Y}"})
    response = login("office").post(f"/du-lieu/{slug}/them/", data)
    assert field in _errors(response)
    assert not MODELS[slug].objects.exists()


@pytest.mark.parametrize(
    "slug", ["chi-so-cchc", "xep-loai", "khen-thuong", "sang-kien", "xac-nhan"]
)
def test_a_year_after_this_one_is_refused(login, district, people, slug: str) -> None:  # type: ignore[no-untyped-def]
    from thidua.scoring.tests.test_fact_views import valid_data

    data = dict(valid_data(slug, district, people), year=THIS_YEAR + 1)
    response = login("office").post(f"/du-lieu/{slug}/them/", data)
    assert _errors(response) == {"year": [f"Năm không được sau năm hiện tại ({THIS_YEAR})."]}
    assert not MODELS[slug].objects.exists()


def test_this_year_is_accepted(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {"unit": district["a"].pk, "year": THIS_YEAR, "score": "90", "max_score": "100"},
    )
    assert response.status_code == 302


def test_a_note_too_long_gets_a_vietnamese_message(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/du-lieu/chi-so-cchc/them/",
        {
            "unit": district["a"].pk,
            "year": 2025,
            "score": "90",
            "max_score": "100",
            "note": "x" * 501,
        },
    )
    assert _errors(response) == {"note": ["Tối đa 500 ký tự (đang có 501)."]}


def test_the_ranking_does_not_default_to_a_future_year(login, district) -> None:  # type: ignore[no-untyped-def]
    m.ParScore.objects.create(unit=district["a"], year=2024, score=90)
    # A row of a later year (written before years were bounded) is not everyone's default.
    m.ParScore.objects.create(unit=district["b"], year=THIS_YEAR + 1, score=80)
    assert login("office").get("/chi-so-cchc/").context["year"] == 2024


class _Request:
    def __init__(self, **get: str) -> None:
        self.GET, self.POST = get, {}


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([THIS_YEAR - 2, THIS_YEAR - 1], THIS_YEAR - 1),
        ([THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1], THIS_YEAR),
        ([THIS_YEAR - 1, THIS_YEAR + 1, THIS_YEAR + 2], THIS_YEAR - 1),
        ([THIS_YEAR + 1, THIS_YEAR + 2], THIS_YEAR + 1),
    ],
)
def test_the_default_year_is_never_in_the_future_when_a_past_one_exists(
    years: list[int], expected: int
) -> None:
    assert requested_year(_Request(), years) == expected  # type: ignore[arg-type]
    assert requested_year(_Request(nam=str(years[-1])), years) == years[-1]  # type: ignore[arg-type]
