"""The PAR-index ranking (/chi-so-cchc/): percent, rank within the competition group and
band are computed from the scores, never stored; a unit sees only its own subtree's rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.org.models import Unit
from thidua.scoring.models import ParScore
from thidua.scoring.selectors import band, competition_ranks, par_table, par_years


def unit(code: str, group: str, parent: Unit, **kwargs: Any) -> Unit:
    level = {"phong": "co_quan", "xa": "xa", "bo_phan": "bo_phan"}[group]
    return Unit.objects.create(
        code=code, name=f"Đơn vị {code}", level=level, group_id=group, parent=parent, **kwargs
    )


def score(u: Unit, year: int, value: str | None, max_score: str = "100", **kwargs: Any) -> ParScore:
    return ParScore.objects.create(
        unit=u,
        year=year,
        score=Decimal(value) if value is not None else None,
        max_score=Decimal(max_score),
        **kwargs,
    )


@pytest.fixture
def scores(district) -> dict[str, ParScore]:  # type: ignore[no-untyped-def]
    root = district["root"]
    p2, p3, p4 = unit("PTP", "phong", root), unit("PTC", "phong", root), unit("PKT", "phong", root)
    x2 = unit("XA-BINH", "xa", root)
    return {
        "a": score(district["a"], 2025, "91.25", self_score=Decimal("95")),
        "p2": score(p2, 2025, "45", max_score="50"),  # 90 %
        "p3": score(p3, 2025, "90"),  # 90 %: tied with p2
        "p4": score(p4, 2025, None, self_score=Decimal("80")),  # not yet appraised
        "b": score(district["b"], 2025, "69.999"),
        "x2": score(x2, 2025, "80"),
        "section": score(district["b_section"], 2025, "49.99"),
        "a_2024": score(district["a"], 2024, "70"),
    }


def rows_by_code(response: Any) -> dict[str, Any]:
    return {r.score.unit.code: r for r in response.context["rows"]}


def test_it_ranks_within_each_group_with_ties(login, scores) -> None:  # type: ignore[no-untyped-def]
    rows = rows_by_code(login("office").get("/chi-so-cchc/"))
    assert {code: (r.rank, r.of) for code, r in rows.items()} == {
        "PNV": (1, 3),
        "PTP": (2, 3),
        "PTC": (2, 3),
        "PKT": (None, 0),
        "XA-BINH": (1, 2),
        "XA-AN": (2, 2),
        "XA-AN-MC": (1, 1),
    }


def test_it_computes_exact_percents_and_bands(login, scores) -> None:  # type: ignore[no-untyped-def]
    rows = rows_by_code(login("office").get("/chi-so-cchc/"))
    assert rows["PNV"].percent == Decimal("91.25")
    assert rows["PTP"].percent == rows["PTC"].percent == 90
    assert rows["XA-AN"].percent == Decimal("69.999")
    assert {code: r.band for code, r in rows.items()} == {
        "PNV": "Xuất sắc",
        "PTP": "Xuất sắc",
        "PTC": "Xuất sắc",
        "PKT": "",
        "XA-BINH": "Tốt",
        "XA-AN": "Trung bình",
        "XA-AN-MC": "Yếu",
    }


def test_it_orders_by_group_then_rank_unappraised_last(login, scores) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/chi-so-cchc/")
    codes = [r.score.unit.code for r in response.context["rows"]]
    assert codes[0] == "PNV"
    assert set(codes[1:3]) == {"PTP", "PTC"}
    assert codes[3:] == ["PKT", "XA-BINH", "XA-AN", "XA-AN-MC"]


def test_it_shows_figures_the_vietnamese_way(login, scores) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get("/chi-so-cchc/").content.decode()
    assert "Kết quả Chỉ số CCHC năm 2025" in html
    assert "91,25%" in html and "95,00" in html and "1/3" in html
    # Exact, like the engine's explanations: 69.999 is not shown as 70,00% (below 70 %).
    assert "69,999%" in html and "70,00%" not in html
    assert "chưa thẩm định" in html
    assert "Khối cơ quan chuyên môn, phòng, ban" in html


def test_it_defaults_to_the_latest_year_and_switches(login, scores) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    assert client.get("/chi-so-cchc/").context["year"] == 2025
    response = client.get("/chi-so-cchc/", {"year": "2024"})
    assert response.context["years"] == [2025, 2024]
    assert {code: (r.rank, r.band) for code, r in rows_by_code(response).items()} == {
        "PNV": (1, "Khá")
    }
    assert client.get("/chi-so-cchc/", {"year": "abc"}).context["year"] == 2025


def test_it_says_when_there_is_nothing(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/chi-so-cchc/")
    assert response.context["rows"] == []
    assert "Chưa có kết quả." in response.content.decode()


def test_unit_a_sees_only_its_own_row(login, scores) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").get("/chi-so-cchc/")
    assert list(rows_by_code(response)) == ["PNV"]
    html = response.content.decode()
    assert "Đơn vị PTP" not in html and "UBND xã Mỹ An" not in html


def test_unit_b_sees_its_subtree(login, scores) -> None:  # type: ignore[no-untyped-def]
    assert set(rows_by_code(login("unit_b").get("/chi-so-cchc/"))) == {"XA-AN", "XA-AN-MC"}


def test_readers_of_all_see_every_row(login, scores) -> None:  # type: ignore[no-untyped-def]
    for persona in ["council", "leader", "admin"]:
        assert len(login(persona).get("/chi-so-cchc/").context["rows"]) == 7


def test_a_unit_not_assessed_is_left_out_of_the_ranking(scores, district) -> None:  # type: ignore[no-untyped-def]
    # A score entered before the unit left the PAR index stays listed, unranked.
    Unit.objects.filter(pk=district["b"].pk).update(par_assessed=False)
    rows = {r.score.unit.code: r for r in par_table(2025)}
    assert (rows["XA-AN"].rank, rows["XA-BINH"].rank, rows["XA-BINH"].of) == (None, 1, 1)


def test_par_years_lists_distinct_years_newest_first(scores) -> None:  # type: ignore[no-untyped-def]
    assert par_years() == [2025, 2024]


@pytest.mark.parametrize(
    ("percent", "label"),
    [
        (Decimal(100), "Xuất sắc"),
        (Decimal(90), "Xuất sắc"),
        (Decimal("89.999"), "Tốt"),
        (Decimal(80), "Tốt"),
        (Decimal(70), "Khá"),
        (Decimal("69.99"), "Trung bình"),
        (Decimal(50), "Trung bình"),
        (Decimal("49.999"), "Yếu"),
        (Decimal(0), "Yếu"),
        (None, ""),
    ],
)
def test_band_thresholds(percent: Decimal | None, label: str) -> None:
    assert band(percent) == label


def test_competition_ranks() -> None:
    assert competition_ranks([Decimal(95), Decimal(90), Decimal(90), Decimal(80)]) == [1, 2, 2, 4]
    assert competition_ranks([Decimal(80), Decimal(95), Decimal(80)]) == [2, 1, 2]
    assert competition_ranks([]) == []
