"""Bulk upsert of PAR results through the Excel import's service: the same validation and
all-or-nothing (one bad row -> 422, nothing written), the audit trail attributed to the
token's account, a unit's token writing only its own units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from thidua.scoring.models import ParScore

pytestmark = pytest.mark.django_db

URL = "/par-results/bulk"


def test_good_rows_are_written_and_attributed(api, district, accounts) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"unit": "Phòng Nội vụ", "year": 2025, "score": 91.5, "max_score": 100},
        {"unit_code": "XA-AN", "unit": "UBND xã Mỹ An", "year": 2025, "score": "88,25"},
    ]
    response = api("office").post(URL, {"rows": rows})
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["ok"] is True and report["created"] == 2 and report["errors"] == []
    scores = dict(ParScore.objects.filter(year=2025).values_list("unit__code", "score"))
    assert scores == {"PNV": Decimal("91.5"), "XA-AN": Decimal("88.25")}
    for par in ParScore.objects.filter(year=2025):
        entry = LogEntry.objects.get_for_object(par).get()
        assert entry.actor == accounts["office"]
    again = api("office").post(URL, {"rows": rows}).json()
    assert again["unchanged"] == 2 and again["created"] == again["updated"] == 0


def test_one_bad_row_writes_nothing(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"unit": "Phòng Nội vụ", "year": 2025, "score": 91.5},
        {"unit": "Xã Không Có", "year": 2025, "score": 80},
        {"unit": "UBND xã Mỹ An", "year": 2025, "score": 70},
    ]
    response = api("office").post(URL, {"rows": rows})
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and len(body["errors"]) == 1
    error = body["errors"][0]
    assert error["row"] == 2 and error["field"] == "unit" and error["message"]
    assert error["value"] == "Xã Không Có"
    assert "Không ghi gì" in body["detail"]
    assert not ParScore.objects.exists()


def test_an_unknown_name_comes_with_the_closest_names(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [{"unit": "Mỹ Ann", "year": 2025, "score": 70}]
    body = api("office").post(URL, {"rows": rows}).json()
    labels = [s["label"] for e in body["errors"] for s in e["suggestions"]]
    refs = [s["ref"] for e in body["errors"] for s in e["suggestions"]]
    assert any("Mỹ An" in label for label in labels), body
    assert all(ref.startswith(("unit:", "person:")) for ref in refs)


def test_a_dry_run_writes_nothing(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [{"unit": "Phòng Nội vụ", "year": 2025, "score": 91.5}]
    response = api("office").post(URL + "?dry_run=true", {"rows": rows})
    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is True and response.json()["created"] == 1
    assert not ParScore.objects.exists()


def test_a_unit_token_cannot_write_another_units_results(api, district) -> None:  # type: ignore[no-untyped-def]
    client = api("unit_a")
    other = client.post(URL, {"rows": [{"unit_code": "XA-AN", "year": 2025, "self_score": 80}]})
    assert other.status_code == 422
    assert other.json()["errors"][0]["row"] == 1
    assert not ParScore.objects.exists()
    own = client.post(URL, {"rows": [{"unit_code": "PNV", "year": 2025, "self_score": 80}]})
    assert own.status_code == 200, own.content
    par = ParScore.objects.get()
    assert par.unit == district["a"] and par.self_score == 80 and par.confirmed_at is None


def test_the_body_is_checked_before_the_import(api, district) -> None:  # type: ignore[no-untyped-def]
    client = api("office")
    unknown = client.post(URL, {"rows": [{"unit": "Phòng Nội vụ", "diem": 9}]})
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "rows.0.diem"
    assert client.post(URL, {"rows": []}).json()["field"] == "rows"
    broken = client.post(URL, '{"rows": [')
    assert broken.status_code in (400, 422) and "JSON" in broken.json()["detail"]
    assert client.post(URL, {"rows": "PNV"}).status_code == 422
    assert not ParScore.objects.exists()


def test_a_cell_that_is_no_value_gets_one_message(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [{"unit": "Phòng Nội vụ", "year": 2025, "score": {"value": 9}}]
    body = api("office").post(URL, {"rows": rows}).json()
    assert body["field"] == "rows.0.score"
    assert body["errors"] == [{"field": "rows.0.score", "message": body["errors"][0]["message"]}]
    assert "một số" in body["detail"]


def test_a_nul_in_a_cell_is_refused_before_the_database(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [{"unit": "Phòng Nội vụ", "year": 2025, "score": 90, "note": "a\x00b"}]
    response = api("office").post(URL, {"rows": rows})
    assert response.status_code == 422
    assert response.json()["field"] == "rows.0.note" and "NUL" in response.json()["detail"]
    assert not ParScore.objects.exists()


def test_other_kinds_go_through_the_same_import(api, district, people) -> None:  # type: ignore[no-untyped-def]
    from thidua.scoring.models import Rating

    rows = [{"person_code": "CB-A", "year": 2025, "rating": "Hoàn thành xuất sắc nhiệm vụ"}]
    response = api("office").post("/ratings/bulk", {"rows": rows})
    assert response.status_code == 200, response.content
    assert Rating.objects.get(person=people["a"], year=2025).rating == "HTXSNV"
    other = api("unit_a").post(
        "/ratings/bulk", {"rows": [{"person_code": "CB-B", "year": 2025, "rating": "HTNV"}]}
    )
    assert other.status_code == 422
    assert not Rating.objects.filter(person=people["b"]).exists()


def test_only_the_office_writes_units(api, district) -> None:  # type: ignore[no-untyped-def]
    from thidua.org.models import Unit

    rows = [
        {"code": "THON-1", "name": "Thôn Một", "parent": "XA-AN", "group": "Khối thôn, tổ dân phố"}
    ]
    refused = api("unit_b").post("/units/bulk", {"rows": rows})
    assert refused.status_code == 422
    assert not Unit.objects.filter(code="THON-1").exists()
    written = api("office").post("/units/bulk", {"rows": rows})
    assert written.status_code == 200, written.content
    assert Unit.objects.get(code="THON-1").parent == district["b"]


def test_a_refused_reply_counts_nothing_written_and_rows_not_errors(api, district) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"unit": "Phòng Nội vụ", "year": 2025, "score": 91.5},
        {"unit": "UBND xã Mỹ An", "year": 2025, "score": 10**20, "self_score": 10**20},
    ]
    response = api("office").post(URL, {"rows": rows})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["created"] == body["updated"] == body["unchanged"] == 0
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "self_score"), (2, "score")]
    assert "1 dòng có lỗi" in body["detail"], body["detail"]
    assert all(e["value"] == "100000000000000000000" for e in body["errors"])
    message = body["errors"][0]["message"]
    assert message.startswith("Điểm quá lớn: tối đa 8 chữ số") and "Điểm tự đánh giá" in message
    assert not ParScore.objects.exists()
    preview = api("office").post(URL + "?dry_run=true", {"rows": rows}).json()
    assert preview["created"] == 1  # a dry run still says what it would write
