"""Reward money (LEGAL.md "Reward money", NĐ 152/2025 Điều 49–54) computed on coefficients
given as data, the law tables that hold them, and the base salary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from thidua.awards import money
from thidua.awards.money import NoReward, coefficient, reward, rewards_for_period, round_up
from thidua.awards.salary import BaseSalary
from thidua.law import lookup

ON = date(2026, 1, 15)
BASE_2024 = Decimal(2_340_000)
BASE_2026 = Decimal(2_530_000)

# LEGAL.md "Reward money" as it is printed there (decimal comma, "—" for none), each row
# with the award forms of the catalogue it covers; written from LEGAL.md, not from the
# migration that loads the law tables, so the two are checked against each other.
LEGAL_MD = [
    ("giay_khen_chu_tich_xa giay_khen_chu_tich_huyen giay_khen_thu_truong", "0,3", "0,6"),
    ("bang_khen_chu_tich_tinh bang_khen_bo", "1,5", "3,0"),
    ("bang_khen_thu_tuong", "3,5", "7,0"),
    ("lao_dong_tien_tien", "0,3", "—"),
    ("chien_si_thi_dua_co_so", "1,0", "—"),
    ("chien_si_thi_dua_tinh", "3,0", "—"),
    ("chien_si_thi_dua_toan_quoc", "4,5", "—"),
    ("tap_the_lao_dong_tien_tien", "—", "0,8"),
    ("tap_the_lao_dong_xuat_sac", "—", "1,5"),
    ("xa_tieu_bieu", "—", "2,0"),
    ("thon_van_hoa", "—", "1,5"),
    ("co_thi_dua_chinh_phu / co_thi_dua_tinh", "—", "12 / 8"),
]


def _printed(value: str) -> str | None:
    return None if value == "—" else value.replace(",", ".")


def _rows() -> list[tuple[str, str | None, str | None]]:
    rows = []
    for keys, individual, collective in LEGAL_MD:
        if " / " in keys:  # "Cờ thi đua của Chính phủ / bộ, tỉnh": one figure each
            rows += [
                (key, None, _printed(c))
                for key, c in zip(keys.split(" / "), collective.split(" / "), strict=True)
            ]
        else:
            rows += [(key, _printed(individual), _printed(collective)) for key in keys.split()]
    return rows


TABLE = _rows()


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# The coefficients are data (issue 8): the pure functions take a table; the law tables
# hold LEGAL.md's (checked against TABLE below).
T: money.Table = {key: (_dec(i), _dec(c)) for key, i, c in TABLE}


@pytest.mark.django_db
def test_the_law_tables_hold_exactly_legal_rows() -> None:
    schedule = lookup.schedule_on(ON)
    assert schedule is not None and schedule.name == "Nghị định 152/2025/NĐ-CP"
    assert schedule.valid_from == date(2025, 7, 1) and schedule.has_coefficients
    assert lookup.coefficient_table(schedule) == T
    assert lookup.schedule_on(date(2025, 6, 30)).name == "Nghị định 98/2023/NĐ-CP"
    assert lookup.schedule_on(date(2025, 6, 30)).has_coefficients is False


@pytest.mark.parametrize(("key", "individual", "collective"), TABLE)
def test_coefficient_every_row(key: str, individual: str | None, collective: str | None) -> None:
    assert coefficient(key, "individual", T) == _dec(individual)
    assert coefficient(key, "collective", T) == _dec(collective)


@pytest.mark.parametrize(("key", "individual", "collective"), TABLE)
def test_reward_every_row(key: str, individual: str | None, collective: str | None) -> None:
    for recipient, figure in (("individual", individual), ("collective", collective)):
        if figure is None:
            with pytest.raises(NoReward):
                reward(key, recipient, BASE_2024, T)
        else:
            exact = Decimal(figure) * BASE_2024
            paid = reward(key, recipient, BASE_2024, T)
            assert isinstance(paid, int)
            assert paid % 10_000 == 0
            assert exact <= paid < exact + 10_000


def test_catalogue_recipient_alias_person() -> None:
    assert coefficient("lao_dong_tien_tien", "person", T) == Decimal("0.3")


def test_worked_example_lao_dong_tien_tien() -> None:
    assert coefficient("lao_dong_tien_tien", "individual", T) * BASE_2024 == 702_000
    assert reward("lao_dong_tien_tien", "individual", BASE_2024, T) == 710_000


def test_worked_example_giay_khen_collective() -> None:
    assert coefficient("giay_khen_chu_tich_xa", "collective", T) * BASE_2026 == 1_518_000
    assert reward("giay_khen_chu_tich_xa", "collective", BASE_2026, T) == 1_520_000


def test_round_up() -> None:
    assert round_up(Decimal(702_000)) == 710_000
    assert round_up(Decimal(1_520_000)) == 1_520_000
    assert round_up(Decimal("700000.01")) == 710_000
    assert round_up(Decimal(1)) == 10_000
    # an exact multiple stays: 12 × 2.340.000 = 28.080.000
    assert reward("co_thi_dua_chinh_phu", "collective", BASE_2024, T) == 28_080_000


def test_exact_decimal_no_float_drift() -> None:
    # 0.3 × 2.340.000 must be exactly 702.000 (float would give 701999.99…)
    assert reward("giay_khen_thu_truong", "individual", 2_340_000, T) == 710_000
    with pytest.raises(NoReward):
        reward("giay_khen_thu_truong", "individual", 2_340_000.0, T)  # type: ignore[arg-type]


def test_no_figure_for_recipient() -> None:
    assert coefficient("lao_dong_tien_tien", "collective", T) is None
    assert coefficient("tap_the_lao_dong_xuat_sac", "individual", T) is None
    with pytest.raises(NoReward):
        reward("lao_dong_tien_tien", "collective", BASE_2024, T)
    with pytest.raises(NoReward):
        rewards_for_period([("co_thi_dua_tinh", "title")], "individual", BASE_2024, T)


def test_huan_chuong_and_unknown_keys_have_no_figure() -> None:
    assert coefficient("huan_chuong_lao_dong_hang_ba", "individual", T) is None
    assert coefficient("giay_khen_khong_co", "individual", T) is None
    with pytest.raises(NoReward):
        reward("huan_chuong_lao_dong_hang_nhat", "collective", BASE_2024, T)


def test_bad_inputs() -> None:
    with pytest.raises(NoReward):
        coefficient("lao_dong_tien_tien", "ca_nhan", T)  # type: ignore[arg-type]
    with pytest.raises(NoReward):
        reward("lao_dong_tien_tien", "individual", Decimal(0), T)


def test_an_empty_table_prices_nothing() -> None:
    assert coefficient("lao_dong_tien_tien", "individual", {}) is None
    with pytest.raises(NoReward):
        reward("lao_dong_tien_tien", "individual", BASE_2024, {})


def test_only_highest_title_paid() -> None:
    awards = [
        ("lao_dong_tien_tien", "title"),
        ("chien_si_thi_dua_tinh", "title"),
        ("chien_si_thi_dua_co_so", "title"),
    ]
    assert rewards_for_period(awards, "individual", BASE_2024, T) == [
        ("chien_si_thi_dua_tinh", 7_020_000)
    ]


def test_title_and_form_both_paid() -> None:
    awards = [("chien_si_thi_dua_co_so", "title"), ("bang_khen_chu_tich_tinh", "form")]
    assert rewards_for_period(awards, "individual", BASE_2024, T) == [
        ("chien_si_thi_dua_co_so", 2_340_000),
        ("bang_khen_chu_tich_tinh", 3_510_000),
    ]


def test_titles_and_forms_collective() -> None:
    awards = [
        ("tap_the_lao_dong_tien_tien", "title"),
        ("giay_khen_chu_tich_huyen", "form"),
        ("tap_the_lao_dong_xuat_sac", "title"),
        ("bang_khen_thu_tuong", "form"),
    ]
    assert rewards_for_period(awards, "collective", BASE_2026, T) == [
        ("giay_khen_chu_tich_huyen", 1_520_000),
        ("tap_the_lao_dong_xuat_sac", 3_800_000),  # 1,5 × 2.530.000 = 3.795.000 → 3.800.000
        ("bang_khen_thu_tuong", 17_710_000),
    ]


def test_title_tie_keeps_first() -> None:
    awards = [("thon_van_hoa", "title"), ("tap_the_lao_dong_xuat_sac", "title")]
    assert rewards_for_period(awards, "collective", BASE_2024, T) == [("thon_van_hoa", 3_510_000)]


def test_period_empty_and_kind_checked() -> None:
    assert rewards_for_period([], "individual", BASE_2024, T) == []
    with pytest.raises(NoReward):
        rewards_for_period([("lao_dong_tien_tien", "medal")], "individual", BASE_2024, T)  # type: ignore[list-item]


# --- BaseSalary -----------------------------------------------------------------------------

base_salaries = import_module("thidua.awards.migrations.0001_initial")


@pytest.fixture
def salaries(db: None) -> None:
    # The migration loads the rows; put them back in case a transactional test flushed them.
    base_salaries.forwards(django_apps, None)


def test_migration_rows(salaries: None) -> None:
    rows = list(BaseSalary.objects.values_list("amount", "effective_from", "legal_basis"))
    assert rows == [
        (2_530_000, date(2026, 7, 1), "Nghị định 161/2026/NĐ-CP"),
        (2_340_000, date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
    ]
    assert BaseSalary.objects.get(effective_from=date(2026, 7, 1)).confidence_note == (
        "Cần kiểm tra trước khi dùng"
    )
    assert BaseSalary.objects.get(effective_from=date(2024, 7, 1)).confidence_note == ""


def test_in_force_on(salaries: None) -> None:
    assert BaseSalary.in_force_on(date(2024, 6, 30)) is None
    assert BaseSalary.in_force_on(date(2024, 7, 1)).amount == 2_340_000
    assert BaseSalary.in_force_on(date(2026, 6, 30)).amount == 2_340_000
    assert BaseSalary.in_force_on(date(2026, 7, 1)).amount == 2_530_000
    assert BaseSalary.in_force_on(date(2030, 1, 1)).amount == 2_530_000


def test_reward_with_base_salary_in_force(salaries: None) -> None:
    decided = date(2026, 7, 1)
    base = BaseSalary.in_force_on(decided)
    assert reward("giay_khen_thu_truong", "collective", base.amount, T) == 1_520_000
    assert base.confidence == "S"  # LEGAL.md: 2.530.000 đ from 01/7/2026 is S
    decided = date(2026, 6, 30)
    base = BaseSalary.in_force_on(decided)
    assert reward("lao_dong_tien_tien", "individual", base.amount, T) == 710_000
    assert base.confidence == "V"


def test_effective_from_unique(salaries: None) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BaseSalary.objects.create(amount=1, effective_from=date(2024, 7, 1), legal_basis="x")
