"""People named in facts: by code, or by name within the unit; two of one name get
suggestions labelled with their unit, and a choice resolves them."""

from __future__ import annotations

import pytest

from thidua.imports.service import import_rows
from thidua.org.models import Person
from thidua.scoring.models import Initiative, Rating

pytestmark = pytest.mark.django_db


def test_two_people_of_one_name_are_told_apart_by_unit_or_by_choice(district, people, accounts):
    twin = Person.objects.create(code="CB-A2", full_name="Nguyễn Văn An", unit=district["b"])
    row = {"person": "nguyen van an", "year": 2025, "rating": "Tốt"}
    report = import_rows("ratings", [row], user=accounts["office"])
    [error] = report.errors
    assert error.value == "nguyen van an" and error.column == "person"
    assert {s.label for s in error.suggestions} == {
        "Nguyễn Văn An — Phòng Nội vụ",
        "Nguyễn Văn An — UBND xã Mỹ An",
    }
    assert Rating.objects.count() == 0

    in_unit = import_rows("ratings", [{**row, "unit": "Xã Mỹ An"}], user=accounts["office"])
    assert in_unit.ok, in_unit.errors
    assert Rating.objects.get().person == twin

    picked = import_rows(
        "ratings",
        [{**row, "year": 2024}],
        user=accounts["office"],
        choices={"nguyen van an": f"person:{people['a'].pk}"},
    )
    assert picked.ok, picked.errors
    assert Rating.objects.get(year=2024).person == people["a"]


def test_a_choice_outside_the_users_reach_is_refused(district, people, accounts):
    row = {"person": "Nguyễn Văn An", "year": 2025, "rating": "Tốt"}
    report = import_rows(
        "ratings",
        [row],
        user=accounts["unit_b"],
        choices={"Nguyễn Văn An": f"person:{people['a'].pk}"},
    )
    assert not report.ok and "không được xem" in report.errors[0].message
    assert Rating.objects.count() == 0


def test_a_unit_proposes_its_own_initiatives_unconfirmed(district, people, accounts):
    own = {
        "title": "Một cửa số",
        "unit": "Xã Mỹ An",
        "authors": "Trần Thị Bình",
        "year": 2024,
        "scope": "Cấp cơ sở",
    }
    report = import_rows("initiatives", [own], user=accounts["unit_b"])
    assert report.ok, report.errors
    initiative = Initiative.objects.get()
    assert initiative.confirmed_at is None and list(initiative.authors.all()) == [people["b"]]

    listed = {**own, "title": "Hồ sơ số", "authors": ["CB-B", "Lê Văn Cường"]}
    assert import_rows("initiatives", [listed], user=accounts["unit_b"]).ok
    assert Initiative.objects.get(title="Hồ sơ số").authors.count() == 2

    missing_unit = {**own, "title": "Khác", "unit": None}
    report = import_rows("initiatives", [missing_unit], user=accounts["unit_b"])
    assert not report.ok and report.errors[0].column == "unit"

    others = {**own, "title": "Khác", "authors": "Nguyễn Văn An"}
    report = import_rows("initiatives", [others], user=accounts["unit_b"])
    assert not report.ok and "Không tìm thấy cá nhân" in report.errors[0].message
