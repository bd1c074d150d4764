"""Hồ sơ thi đua pages (/ho-so/don-vi/<pk>/, /ho-so/ca-nhan/<pk>/): a unit's or a person's
facts; a merged unit carries its predecessors' history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from thidua.org.models import Unit
from thidua.scoring import models as m

READERS_OF_ALL = ["office", "admin", "council", "leader"]


@pytest.fixture
def records(district, people, accounts):  # type: ignore[no-untyped-def]
    a, pa = district["a"], people["a"]
    m.ParScore.objects.create(unit=a, year=2025, self_score=Decimal(90), score=Decimal("91.25"))
    m.Rating.objects.create(unit=a, year=2025, rating="HTXSNV")
    m.Rating.objects.create(person=pa, year=2024, rating="HTTNV")
    m.Award.objects.create(
        unit=a,
        form_id="tap_the_lao_dong_tien_tien",
        year=2024,
        decision_number="12/QĐ-UBND",
        decision_date=date(2025, 1, 5),
    )
    m.Award.objects.create(person=pa, form_id="chien_si_thi_dua_co_so", year=2023)
    m.Discipline.objects.create(
        person=pa, date=date(2022, 3, 5), level="khien_trach", reference="KL-01"
    )
    m.Review.objects.create(person=pa, kind="bao_chi", since=date(2025, 2, 1))
    m.Review.objects.create(
        unit=a, kind="khieu_nai", since=date(2024, 2, 1), until=date(2024, 6, 30)
    )
    initiative = m.Initiative.objects.create(
        code="SK-PNV", title="Số hóa hồ sơ công chức", unit=a, year=2025, scope="huyen"
    )
    initiative.authors.add(pa)
    m.Attestation.objects.create(
        unit=a, year=2025, key="noi_bo_doan_ket", created_by=accounts["office"]
    )
    m.Attestation.objects.create(person=pa, year=2025, key="guong_mau")
    m.Rating.objects.create(person=people["b"], year=2025, rating="KHTNV")


def test_the_unit_record_shows_the_units_facts(login, district, records) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get(f"/ho-so/don-vi/{district['a'].pk}/").content.decode()
    assert "Hồ sơ thi đua: Phòng Nội vụ" in html
    assert "91,25%" in html and "90,00" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "Tập thể lao động tiên tiến" in html and "12/QĐ-UBND ngày 05/01/2025" in html
    assert "Số hóa hồ sơ công chức" in html and "Cấp huyện" in html
    assert (
        "Khiếu nại, tố cáo đang giải quyết" in html
        and "01/02/2024" in html
        and "30/06/2024" in html
    )
    assert "Nội bộ đoàn kết" in html and "noivu" in html
    # A person's facts belong to the person's record, not the unit's.
    assert "Chiến sĩ thi đua cơ sở" not in html and "Hoàn thành tốt nhiệm vụ" not in html


def test_the_person_record_shows_the_persons_facts(login, people, records) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get(f"/ho-so/ca-nhan/{people['a'].pk}/").content.decode()
    assert "Hồ sơ thi đua: Nguyễn Văn An" in html
    assert "Hoàn thành tốt nhiệm vụ" in html
    assert "Chiến sĩ thi đua cơ sở" in html
    assert "05/03/2022" in html and "Khiển trách" in html and "KL-01" in html
    assert "Phản ánh của báo chí chưa được xác minh" in html and "đang mở" in html
    assert "Số hóa hồ sơ công chức" in html
    assert "Gương mẫu, có phẩm chất đạo đức tốt" in html
    assert "<h2>Chỉ số CCHC</h2>" not in html
    assert "Tập thể lao động tiên tiến" not in html
    assert "Không hoàn thành nhiệm vụ" not in html


def test_empty_records_say_so(login, district, people) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get(f"/ho-so/don-vi/{district['b'].pk}/").content.decode()
    assert "Chưa có kết quả." in html and "Chưa có." in html and "Không có." in html


# Access -------------------------------------------------------------------------------


def test_unit_a_gets_404_for_other_units_records(login, district, records) -> None:  # type: ignore[no-untyped-def]
    for target in ["b", "b_section", "root"]:
        assert login("unit_a").get(f"/ho-so/don-vi/{district[target].pk}/").status_code == 404


def test_unit_a_gets_404_for_other_units_people_records(login, people, records) -> None:  # type: ignore[no-untyped-def]
    for target in ["b", "b_section"]:
        assert login("unit_a").get(f"/ho-so/ca-nhan/{people[target].pk}/").status_code == 404


def test_unit_a_reads_its_own_records(login, district, people, records) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    assert client.get(f"/ho-so/don-vi/{district['a'].pk}/").status_code == 200
    assert client.get(f"/ho-so/ca-nhan/{people['a'].pk}/").status_code == 200


def test_unit_b_reads_its_sections_records(login, district, people, records) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_b")
    assert client.get(f"/ho-so/don-vi/{district['b_section'].pk}/").status_code == 200
    assert client.get(f"/ho-so/ca-nhan/{people['b_section'].pk}/").status_code == 200
    assert client.get(f"/ho-so/ca-nhan/{people['a'].pk}/").status_code == 404


def test_readers_of_all_read_every_record(login, district, people, records) -> None:  # type: ignore[no-untyped-def]
    for persona in READERS_OF_ALL:
        client = login(persona)
        for unit in district.values():
            assert client.get(f"/ho-so/don-vi/{unit.pk}/").status_code == 200
        for person in people.values():
            assert client.get(f"/ho-so/ca-nhan/{person.pk}/").status_code == 200


def test_anonymous_visitors_are_sent_to_login(district, people) -> None:  # type: ignore[no-untyped-def]
    for url in (f"/ho-so/don-vi/{district['a'].pk}/", f"/ho-so/ca-nhan/{people['a'].pk}/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith("/dang-nhap/?next=")


# Merged units -------------------------------------------------------------------------


def commune(code: str, name: str, **kwargs: object) -> Unit:
    return Unit.objects.create(code=code, name=name, level="xa", group_id="xa", **kwargs)


@pytest.fixture
def merger(district) -> dict[str, Unit]:  # type: ignore[no-untyped-def]
    """Hòa Lợi and Hòa Thọ (until 30/06/2025) became Hòa Đông (from 01/07/2025)."""
    root = district["root"]
    old1 = commune("HOALOI", "UBND xã Hòa Lợi", parent=root, valid_to=date(2025, 6, 30))
    old2 = commune("HOATHO", "UBND xã Hòa Thọ", parent=root, valid_to=date(2025, 6, 30))
    new = commune("HOADONG", "UBND xã Hòa Đông", parent=root, valid_from=date(2025, 7, 1))
    new.merged_from.set([old1, old2])
    m.ParScore.objects.create(unit=old1, year=2023, score=Decimal("82.5"))
    m.ParScore.objects.create(unit=old2, year=2024, score=Decimal("77.75"))
    m.ParScore.objects.create(unit=new, year=2025, score=Decimal("88"))
    m.Award.objects.create(
        unit=old1, form_id="co_thi_dua_tinh", year=2023, decision_number="7/QĐ-UBND"
    )
    m.Rating.objects.create(unit=old2, year=2024, rating="HTTNV")
    m.Initiative.objects.create(
        code="SK-HL", title="Tổ công nghệ số cộng đồng", unit=old1, year=2024, scope="co_so"
    )
    return {"old1": old1, "old2": old2, "new": new}


def test_a_merged_units_record_carries_its_predecessors_history(login, merger) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/ho-so/don-vi/{merger['new'].pk}/")
    html = response.content.decode()
    assert {s.year for s in response.context["par_scores"]} == {2023, 2024, 2025}
    assert "Đơn vị được hợp nhất từ" in html
    assert "UBND xã Hòa Lợi" in html and "UBND xã Hòa Thọ" in html
    assert "82,50%" in html and "77,75%" in html and "88,00%" in html
    assert "Cờ thi đua của UBND cấp tỉnh" in html
    assert "Hoàn thành tốt nhiệm vụ" in html
    assert "Tổ công nghệ số cộng đồng" in html


def test_a_predecessors_record_does_not_carry_its_successor(login, merger) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/ho-so/don-vi/{merger['old1'].pk}/")
    assert {s.year for s in response.context["par_scores"]} == {2023}
    assert "Cờ thi đua của UBND cấp tỉnh" in response.content.decode()
    assert "88,00%" not in response.content.decode()


def test_a_chain_of_mergers_is_followed(login, merger, district) -> None:  # type: ignore[no-untyped-def]
    newest = commune("HOADONG2", "UBND xã Hòa Đông mới", parent=district["root"])
    newest.merged_from.set([merger["new"]])
    m.ParScore.objects.create(unit=newest, year=2026, score=Decimal(95))
    assert set(newest.predecessors()) == {merger["new"], merger["old1"], merger["old2"]}
    response = login("office").get(f"/ho-so/don-vi/{newest.pk}/")
    assert {s.year for s in response.context["par_scores"]} == {2023, 2024, 2025, 2026}
    assert "Cờ thi đua của UBND cấp tỉnh" in response.content.decode()


def test_a_merged_communes_account_reads_the_predecessors_history(login, merger, accounts) -> None:  # type: ignore[no-untyped-def]
    accounts["unit_b"].unit = merger["new"]
    accounts["unit_b"].save()
    client = login("unit_b")
    response = client.get(f"/ho-so/don-vi/{merger['new'].pk}/")
    assert {s.year for s in response.context["par_scores"]} == {2023, 2024, 2025}
    # …but not the old communes' own pages, which are outside its subtree.
    assert client.get(f"/ho-so/don-vi/{merger['old1'].pk}/").status_code == 404
