"""Each dashboard figure against the hand-counted case, per persona, and the filters."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.org.models import CompetitionGroup
from thidua.reports import figures
from thidua.reports.figures import Filters

pytestmark = pytest.mark.django_db


def _series(chart: figures.Chart) -> dict[str, dict[str, float | None]]:
    return {name: dict(zip(chart.categories, values, strict=True)) for name, values in chart.series}


def test_par_ranking_trend_and_bands_for_the_office(case: Any, accounts: Any) -> None:
    office = accounts["office"]
    ranking = figures.par_ranking(office, Filters(), 2024)
    assert ranking.categories == ["Phòng Nội vụ", "UBND xã Mỹ An"]
    assert ranking.series[0][1] == [91.25, 78.5]
    assert dict(ranking.extra_columns)["Xếp hạng trong khối"] == ["1/1", "1/1"]
    assert dict(ranking.extra_columns)["Xếp loại"] == ["Xuất sắc", "Khá"]
    bands = _series(figures.par_bands(office, Filters(), 2024))["Số đơn vị"]
    assert bands == {"Xuất sắc": 1, "Tốt": 0, "Khá": 1, "Trung bình": 0, "Yếu": 0}
    trend = figures.par_trend(office, Filters())
    assert trend.categories == ["2023", "2024"]
    lines = dict(trend.series)
    phong = CompetitionGroup.objects.get(code="phong").name
    assert lines[phong] == [70.0, 91.25]


def test_awards_in_force_by_form_group_year_and_gender(case: Any, accounts: Any) -> None:
    office = accounts["office"]
    by_form = _series(figures.awards_by_form(office, Filters(year=2024)))
    assert by_form["Tập thể"] == {
        "Giấy khen của Chủ tịch UBND cấp huyện": 1,
        "Lao động tiên tiến": 0,
    }
    assert by_form["Cá nhân"] == {
        "Giấy khen của Chủ tịch UBND cấp huyện": 0,
        "Lao động tiên tiến": 2,
    }
    by_year = _series(figures.awards_by_year(office, Filters()))
    assert by_year["Tập thể"] == {"2023": 0, "2024": 1}
    assert by_year["Cá nhân"] == {"2023": 1, "2024": 2}  # the revoked CSTĐCS is not counted
    gender = _series(figures.awards_by_gender(office, Filters()))["Số lượt cá nhân"]
    assert gender == {"Nam": 2, "Nữ": 1}
    names = CompetitionGroup.names()
    groups = _series(figures.awards_by_group(office, Filters(year=2024)))
    assert groups["Tập thể"] == {names["phong"]: 1, names["xa"]: 0}
    assert groups["Cá nhân"] == {names["phong"]: 1, names["xa"]: 1}


def test_money_by_year_of_signed_decisions(case: Any, accounts: Any) -> None:
    money = figures.money_by_year(accounts["office"], Filters())
    assert (money.categories, money.series[0][1]) == (["2025"], [2_340_000.0])
    assert figures.money_by_year(accounts["unit_a"], Filters()).series[0][1] == [2_040_000.0]
    assert figures.money_by_year(accounts["unit_b"], Filters()).series[0][1] == [300_000.0]


def test_registration_and_dossier_progress(case: Any, accounts: Any) -> None:
    progress = _series(figures.registration_progress(accounts["office"], Filters(year=2024)))
    name = figures.campaign_label(case["campaign"])
    assert name.startswith("Đẩy mạnh cải cách hành chính huyện Phù Mỹ")
    assert progress["Đã nộp"][name] == 1 and progress["Đang soạn"][name] == 1
    mine = _series(figures.registration_progress(accounts["unit_b"], Filters(year=2024)))
    assert mine["Đã nộp"][name] == 0 and mine["Đang soạn"][name] == 1


def test_a_unit_sees_only_its_own_figures_ranked_among_all(case: Any, accounts: Any) -> None:
    unit_b = accounts["unit_b"]
    ranking = figures.par_ranking(unit_b, Filters(), 2024)
    assert ranking.categories == ["UBND xã Mỹ An"]
    trend = figures.par_trend(unit_b, Filters())
    assert [name for name, _ in trend.series] == ["UBND xã Mỹ An"]
    by_year = _series(figures.awards_by_year(unit_b, Filters()))
    assert by_year["Cá nhân"] == {"2023": 1, "2024": 1}  # B's person and B's section's
    assert by_year["Tập thể"] == {"2023": 0, "2024": 0}
    unit_a = accounts["unit_a"]
    assert _series(figures.awards_by_gender(unit_a, Filters()))["Số lượt cá nhân"] == {"Nam": 1}


def test_filters_by_group_year_and_campaign(case: Any, accounts: Any) -> None:
    office = accounts["office"]
    xa = CompetitionGroup.objects.get(code="xa")
    assert figures.par_ranking(office, Filters(group=xa), 2024).categories == ["UBND xã Mỹ An"]
    gender = _series(figures.awards_by_gender(office, Filters(group=xa)))["Số lượt cá nhân"]
    assert gender == {"Nữ": 1}
    by_form = _series(figures.awards_by_form(office, Filters(year=2023)))
    assert by_form == {"Tập thể": {"Lao động tiên tiến": 0}, "Cá nhân": {"Lao động tiên tiến": 1}}
    # The trend over the years keeps every year whatever the year filter.
    assert figures.awards_by_year(office, Filters(year=2023)).categories == ["2023", "2024"]
    # The campaign's awards are those citing its signed decisions (the 2023 one does not).
    by_year = _series(figures.awards_by_year(office, Filters(campaign=case["campaign"])))
    assert by_year["Cá nhân"] == {"2024": 2}
    money = figures.money_by_year(office, Filters(group=xa))
    assert money.series[0][1] == [300_000.0]


def test_the_ranking_chart_shows_the_first_of_each_group_and_the_bands_count_all(
    case: Any, accounts: Any, district: Any
) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from thidua.org.models import Unit
    from thidua.scoring.models import ParScore

    phong = district["a"].group
    for i in range(12):
        unit = Unit.objects.create(
            code=f"P{i:02d}", name=f"Phòng thử {i:02d}", parent=district["root"], group=phong
        )
        ParScore.objects.create(
            unit=unit,
            year=2024,
            score=Decimal(50 + i),
            max_score=100,
            confirmed_at=timezone.now(),
        )
    office = accounts["office"]
    ranking = figures.par_ranking(office, Filters(), 2024)
    groups = dict(ranking.extra_columns)["Khối"]
    assert figures.RANKING_PER_GROUP == 10
    assert groups.count(phong.name) == 10  # 13 phòng: the first ten
    assert ranking.categories[0] == "Phòng Nội vụ"  # rank 1 of the group (91,25)
    assert dict(ranking.extra_columns)["Xếp hạng trong khối"][:2] == ["1/13", "2/13"]
    assert "10 đơn vị đứng đầu mỗi khối" in ranking.note
    assert "Phòng thử 00" not in ranking.categories  # 50 %: the last of the group
    bands = _series(figures.par_bands(office, Filters(), 2024))["Số đơn vị"]
    assert sum(v or 0 for v in bands.values()) == 14  # every unit, not the chart's
