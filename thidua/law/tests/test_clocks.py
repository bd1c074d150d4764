"""Issue 11, item 2: working-day arithmetic across the holiday rows (Tết 2025 and 2026,
30/4–01/5, 02/9, an exchanged Saturday, a year past the seeded ones), calendar against
working clocks, processing times as dated rows, and the administrator's rows."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from thidua.law import clocks
from thidua.law.clocks import APPRAISAL, RETURN_NONCOMPLIANT, Calendar
from thidua.law.models import Holiday, ProcessingTime

D = dt.date
pytestmark = pytest.mark.django_db


def test_tet_2025_and_2026_are_skipped() -> None:
    # Friday 24/01/2025; Tết Ất Tỵ Monday 27 – Friday 31/01: the 1st working day is 03/02.
    assert clocks.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert clocks.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert not clocks.is_working_day(D(2025, 1, 29))
    # Tết Bính Ngọ: Monday 16 – Friday 20/02/2026.
    assert clocks.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert clocks.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    # Without the rows the same arithmetic counts the weekdays of Tết.
    Holiday.objects.filter(day__year=2026, every_year=False).delete()
    assert clocks.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 16)


def test_30_april_1_may_and_the_exchanged_saturday() -> None:
    # 2025: 30/4, 01/5 and 02/5 (swapped) off; Saturday 26/4 is a working day.
    assert clocks.is_working_day(D(2025, 4, 26))
    assert not clocks.is_working_day(D(2025, 5, 2))
    assert clocks.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert clocks.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    # 2024: Monday 29/4 swapped for Saturday 04/5.
    assert clocks.working_days_between(D(2024, 4, 26), D(2024, 5, 6)) == 4  # 2/5, 3/5, 4/5, 6/5


def test_national_day_and_its_adjacent_day() -> None:
    assert not clocks.is_working_day(D(2025, 9, 1))
    assert not clocks.is_working_day(D(2025, 9, 2))
    assert clocks.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)
    assert clocks.add_working_days(D(2024, 8, 30), 1) == D(2024, 9, 4)


def test_a_year_past_the_seeded_ones_still_skips_the_fixed_solar_holidays() -> None:
    assert not Holiday.objects.filter(day__year=2030, every_year=False).exists()
    assert not clocks.is_working_day(D(2030, 4, 30))  # Tuesday
    assert not clocks.is_working_day(D(2030, 5, 1))  # Wednesday
    assert not clocks.is_working_day(D(2030, 9, 2))  # Monday
    assert not clocks.is_working_day(D(2030, 1, 1))  # Tuesday
    assert clocks.is_working_day(D(2030, 4, 29))
    assert clocks.add_working_days(D(2030, 4, 29), 1) == D(2030, 5, 2)
    # Once the year is announced, its dated rows replace the projection.
    Holiday.objects.create(
        day=D(2030, 2, 4), name="Tết", legal_basis="Thông báo 2030", confidence="V"
    )
    assert clocks.is_working_day(D(2030, 4, 30))
    assert not clocks.is_working_day(D(2030, 2, 4))


def test_a_calendar_loads_its_range_in_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        calendar = Calendar(2024, 2027)
        results = [calendar.add_working_days(D(2025, 1, d), 20) for d in range(1, 29)]
        results += [calendar.working_days_between(D(2024, 1, 1), D(2027, 12, 31))]
    assert results[23] == D(2025, 2, 28)  # 24/01 + 20 working days across Tết
    with django_assert_num_queries(1):  # a day past the range loads its year once
        calendar.is_working_day(D(2029, 1, 1))
        calendar.is_working_day(D(2029, 6, 1))


def test_processing_times_are_rows_calendar_or_working() -> None:
    appraisal = clocks.clock(APPRAISAL, D(2025, 9, 1))
    assert appraisal is not None and appraisal.days == 20 and appraisal.working
    assert "152/2025" in appraisal.basis and appraisal.confidence == "V"
    before = clocks.clock(RETURN_NONCOMPLIANT, D(2025, 3, 3))
    assert before is not None and "98/2023" in before.basis and before.uncertain
    returned = clocks.clock(RETURN_NONCOMPLIANT, D(2025, 9, 1))
    assert returned is not None
    # Received Friday 29/8/2025: 05 working days skip 01/9 and 02/9: 03, 04, 05, 08, 09/9.
    assert returned.due(D(2025, 8, 29)) == D(2025, 9, 9)
    assert clocks.clock("khong-co", D(2025, 9, 1)) is None
    assert clocks.clock(APPRAISAL, D(2023, 6, 1)) is None
    # A calendar-day row from a later date replaces the working-day one.
    ProcessingTime.objects.filter(step=RETURN_NONCOMPLIANT, valid_to__isnull=True).update(
        valid_to=D(2026, 12, 31)
    )
    ProcessingTime.objects.create(
        step=RETURN_NONCOMPLIANT,
        days=7,
        working=False,
        valid_from=D(2027, 1, 1),
        legal_basis="Quy chế 2027",
        confidence="M",
    )
    later = clocks.clock(RETURN_NONCOMPLIANT, D(2027, 2, 1))
    assert later is not None and not later.working and later.days == 7
    assert later.due(D(2027, 2, 4)) == D(2027, 2, 11)  # across Tết Đinh Mùi: calendar days
    assert later.used(D(2027, 2, 4), D(2027, 2, 12)) == 8
    assert returned.used(D(2025, 8, 29), D(2025, 9, 9)) == 5


def test_the_law_page_shows_the_calendar_and_the_administrator_extends_it(login) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get("/phap-ly/").content.decode()
    assert "Ngày nghỉ lễ, Tết và ngày làm bù" in html and "Thời hạn xử lý hồ sơ" in html
    assert "Tết Nguyên đán Bính Ngọ" in html and "16/02/2026" in html
    assert "05 ngày làm việc" in html and "20 ngày làm việc" in html
    assert "lam-bu" not in html.replace('href="/phap-ly/them/', "")  # no kind code shown
    admin = login("admin")
    page = admin.post(
        "/phap-ly/them/ngay-nghi/",
        {
            "day": "15/02/2028",
            "kind": "nghi",
            "name": "Tết Nguyên đán Mậu Thân",
            "legal_basis": "Thông báo năm 2028",
            "confidence": "S",
        },
    )
    assert page.status_code == 302
    row = Holiday.objects.get(day=D(2028, 2, 15))
    assert LogEntry.objects.get_for_object(row).exists()
    assert not clocks.is_working_day(D(2028, 2, 15))
    # A weekday cannot be an exchanged working day; the same day twice is refused.
    bad = admin.post(
        "/phap-ly/them/ngay-nghi/",
        {"day": "16/02/2028", "kind": "lam-bu", "name": "x", "legal_basis": "y", "confidence": "S"},
    )
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật." in bad.content.decode()
    again = admin.post(
        "/phap-ly/them/ngay-nghi/",
        {"day": "15/02/2028", "kind": "nghi", "name": "x", "legal_basis": "y", "confidence": "S"},
    )
    assert "Ngày này đã có trong lịch nghỉ." in again.content.decode()
    assert login("office").post("/phap-ly/them/thoi-han/", {}).status_code == 403
    ok = admin.post(
        "/phap-ly/them/thoi-han/",
        {
            "step": "tham-dinh",
            "days": "15",
            "working": "on",
            "valid_from": "01/01/2029",
            "legal_basis": "Nghị định mới",
            "confidence": "M",
        },
    )
    assert ok.status_code == 302
    assert clocks.clock(APPRAISAL, D(2029, 3, 1)).days == 15  # type: ignore[union-attr]
