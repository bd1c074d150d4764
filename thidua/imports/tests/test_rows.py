"""import_rows: the API's path, with the file's validation, matching, rights and
all-or-nothing write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.imports.service import FIELDS, import_rows
from thidua.scoring.models import ParScore, Rating

pytestmark = pytest.mark.django_db


def test_rows_keyed_by_the_canonical_names(communes, accounts):
    rows = [
        {"unit_code": "XA-ANMY", "year": 2025, "score": Decimal("80.5"), "max_score": 100},
        {"unit": "Xã Tam Quan", "year": 2025, "self_score": "85,5", "score": 81},
    ]
    report = import_rows("par", rows, user=accounts["office"])
    assert report.ok and report.created == 2
    assert ParScore.objects.get(unit=communes["tam_quan"]).self_score == Decimal("85.5")
    assert {f.name for f in FIELDS["par"]} >= {"unit_code", "unit", "year", "score"}


def test_one_bad_row_writes_nothing(communes, accounts):
    rows = [
        {"unit_code": "XA-ANMY", "year": 2025, "score": 80},
        {"unit_code": "XA-TQ", "year": 2025, "score": 180},
        {"unit_code": "NOPE", "year": 2025, "score": 80},
        {"unit_code": "P-HH", "year": 2025, "score": 80, "bogus": 1},
    ]
    report = import_rows("par", rows, user=accounts["office"])
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("API", 2, "score"),
        ("API", 3, "unit_code"),
        ("API", 4, ""),
    ]
    assert ParScore.objects.count() == 0


def test_a_unit_token_reaches_only_its_unit(people, accounts):
    rows = [{"person_code": "CB-A", "year": 2025, "rating": "HTTNV"}]
    report = import_rows("ratings", rows, user=accounts["unit_b"])
    assert not report.ok and "Không tìm thấy cá nhân" in report.errors[0].message
    own = [{"person_code": "CB-B", "year": 2025, "rating": "HTTNV"}]
    report = import_rows("ratings", own, user=accounts["unit_b"])
    assert report.ok, report.errors
    assert Rating.objects.get().confirmed_at is None
    report = import_rows("attestations", [], user=accounts["unit_b"])
    assert not report.ok and "chỉ cơ quan thường trực" in report.errors[0].message


def test_a_reader_may_import_nothing(communes, accounts):
    rows = [{"unit_code": "XA-ANMY", "year": 2025, "score": 80}]
    for persona in ("council", "leader"):
        report = import_rows("par", rows, user=accounts[persona])
        assert not report.ok and ParScore.objects.count() == 0


def test_an_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError):
        import_rows("bogus", [])
