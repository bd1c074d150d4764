"""PAR results from the layouts offices receive: the province's table, name variants,
errors, re-import, suggestions and choices, a unit account's rights, the audit trail."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from thidua.imports.matching import Units
from thidua.imports.service import import_file
from thidua.imports.tests.helpers import workbook
from thidua.org.models import Unit
from thidua.scoring.access import APPRAISED_MESSAGE
from thidua.scoring.models import ParScore

pytestmark = pytest.mark.django_db

HEADER = [
    ["UBND TỈNH THỬ NGHIỆM"],
    ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2025"],
    ["(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/01/2026)"],
    [],
    ["STT", "Tên đơn vị", "Điểm", None, None],
    [None, None, "Tự đánh giá", "Thẩm định", "Tối đa"],
]
MERGES = ["C5:E5", "A5:A6", "B5:B6"]


def province(*rows: list[object]) -> io.BytesIO:
    return io.BytesIO(workbook(("Kết quả", [*HEADER, *rows]), merges=MERGES))


def test_it_reads_the_provinces_table(communes, accounts):
    data = province(
        [1, "UBND xã Ân Mỹ", "85,5", "80,25", 100],
        [2, "XÃ TAM QUAN", 91, "88,5", "100"],
        [],
        [3, "hoai hao", "77", 75.5, 100],
        ["Tổng cộng", None, 253.5, 244.25, 300],
        [None, "Người lập biểu", None, "Thủ trưởng đơn vị"],
    )
    report = import_file("par", data, filename="cchc.xlsx", user=accounts["office"])
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert "năm 2025" in report.notes[0]
    scores = {s.unit.code: s for s in ParScore.objects.select_related("unit")}
    assert set(scores) == {"XA-ANMY", "XA-TQ", "P-HH"}
    an_my = scores["XA-ANMY"]
    assert (an_my.year, an_my.self_score, an_my.score, an_my.max_score) == (
        2025,
        Decimal("85.5"),
        Decimal("80.25"),
        Decimal(100),
    )
    assert an_my.confirmed_at is not None and an_my.confirmed_by == accounts["office"]
    assert [o.row for o in report.outcomes] == [7, 8, 10]


def test_names_match_whatever_their_case_diacritics_spaces_and_prefixes(communes, accounts):
    units = Units(accounts["office"])
    for written in (
        "UBND xã Ân Mỹ",
        "XÃ ÂN MỸ",
        "an my",
        "  Xã   Ân  Mỹ ",
        "Ủy ban nhân dân xã Ân Mỹ",
    ):
        assert units.resolve(name=written) == communes["an_my"], written
    assert units.resolve(code="xa-anmy") == communes["an_my"]


def test_a_file_with_three_bad_rows_is_refused_and_writes_nothing(communes, accounts):
    entries = LogEntry.objects.count()
    data = province(
        [1, "UBND xã Ân Mỹ", "85,5", "80", 100],
        [2, "Xã Không Có", "85", "80", 100],
        [3, "XÃ TAM QUAN", "85", "105", 100],
        [4, "hoai hao", "tám mươi", "80", 100],
    )
    report = import_file("par", data, user=accounts["office"])
    assert not report.ok
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("Kết quả", 8, "Tên đơn vị"),
        ("Kết quả", 9, "Điểm – Thẩm định"),
        ("Kết quả", 10, "Điểm – Tự đánh giá"),
    ]
    assert "Không tìm thấy đơn vị “Xã Không Có”" in report.errors[0].message
    assert "điểm tối đa" in report.errors[1].message
    assert "không phải là số" in report.errors[2].message
    assert ParScore.objects.count() == 0
    assert LogEntry.objects.count() == entries


def test_re_importing_the_same_file_changes_nothing(communes, accounts):
    rows = ([1, "UBND xã Ân Mỹ", "85,5", "80,25", 100], [2, "XÃ TAM QUAN", 91, 88, 100])
    first = import_file("par", province(*rows), user=accounts["office"])
    assert first.created == 2
    entries = LogEntry.objects.count()
    again = import_file("par", province(*rows), user=accounts["office"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert LogEntry.objects.count() == entries
    changed = import_file(
        "par",
        province([1, "UBND xã Ân Mỹ", "85,5", "87,25", 100], rows[1]),
        user=accounts["office"],
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert "thẩm định 80,25 → 87,25" in changed.outcomes[0].summary


def test_a_dry_run_reports_and_writes_nothing(communes, accounts):
    report = import_file(
        "par", province([1, "UBND xã Ân Mỹ", 85, 80, 100]), user=accounts["office"], dry_run=True
    )
    assert report.ok and report.dry_run and report.created == 1
    assert ParScore.objects.count() == 0


def test_the_unit_in_force_in_the_datas_year_is_preferred(communes, accounts):
    report = import_file("par", province([1, "Xã Cát Tiến", 85, 80, 100]), user=accounts["office"])
    assert report.ok, report.errors
    assert ParScore.objects.get().unit == communes["new_cat"]


def test_an_ambiguous_name_gets_suggestions_and_a_choice_resolves_it(district, accounts):
    other = Unit.objects.create(
        code="H2", name="UBND huyện Bên Cạnh", level="huyen", group_id="khac", par_assessed=False
    )
    first = Unit.objects.create(
        code="AH-1", name="UBND xã Ân Hòa", level="xa", group_id="xa", parent=district["root"]
    )
    second = Unit.objects.create(
        code="AH-2", name="UBND xã Ân Hòa", level="xa", group_id="xa", parent=other
    )
    data = workbook(("KQ", [["Tên đơn vị", "Năm", "Điểm thẩm định"], ["Xã Ân Hòa", 2025, 80]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    [error] = report.errors
    assert error.value == "Xã Ân Hòa" and error.column == "Tên đơn vị"
    assert {s.ref for s in error.suggestions} == {f"unit:{first.pk}", f"unit:{second.pk}"}
    labels = {s.label for s in error.suggestions}
    assert labels == {
        "UBND xã Ân Hòa — UBND huyện Thử Nghiệm",
        "UBND xã Ân Hòa — UBND huyện Bên Cạnh",
    }
    assert not any("AH-" in label for label in labels)

    report = import_file(
        "par", io.BytesIO(data), user=accounts["office"], choices={"Xã Ân Hòa": f"unit:{second.pk}"}
    )
    assert report.ok, report.errors
    assert ParScore.objects.get().unit == second

    wrong = import_file(
        "par", io.BytesIO(data), user=accounts["office"], choices={"Xã Ân Hòa": "person:1"}
    )
    assert not wrong.ok and "không phải một đơn vị" in wrong.errors[0].message


def test_an_unknown_name_gets_the_closest_names(communes, accounts):
    data = workbook(("KQ", [["Đơn vị", "Năm", "Tổng điểm đạt được"], ["Xã Ân Mĩ", 2025, 80]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    [error] = report.errors
    assert error.suggestions[0].ref == f"unit:{communes['an_my'].pk}"


def test_a_unit_account_writes_only_its_own_self_assessment(district, accounts):
    data = workbook(
        (
            "KQ",
            [
                ["Tên đơn vị", "Năm", "Tự chấm"],
                ["UBND xã Mỹ An", 2025, "88,5"],
                ["Phòng Nội vụ", 2025, 90],
            ],
        )
    )
    report = import_file("par", io.BytesIO(data), user=accounts["unit_b"])
    [error] = report.errors
    assert error.row == 3 and "Không tìm thấy đơn vị “Phòng Nội vụ”" in error.message
    assert ParScore.objects.count() == 0

    own = workbook(("KQ", [["Tên đơn vị", "Năm", "Tự chấm"], ["UBND xã Mỹ An", 2025, "88,5"]]))
    report = import_file("par", io.BytesIO(own), user=accounts["unit_b"])
    assert report.ok, report.errors
    score = ParScore.objects.get()
    assert score.unit == district["b"] and score.self_score == Decimal("88.5")
    assert score.confirmed_at is None  # a proposal, until the office confirms

    appraised = workbook(("KQ", [["Tên đơn vị", "Năm", "Thẩm định"], ["UBND xã Mỹ An", 2025, 80]]))
    report = import_file("par", io.BytesIO(appraised), user=accounts["unit_b"])
    assert "chỉ nhập điểm tự đánh giá" in report.errors[0].message
    assert ParScore.objects.get().score is None

    # The office appraises; the unit can no longer change its self-assessment.
    assert import_file("par", io.BytesIO(appraised), user=accounts["office"]).ok
    changed = workbook(("KQ", [["Tên đơn vị", "Năm", "Tự chấm"], ["UBND xã Mỹ An", 2025, 95]]))
    report = import_file("par", io.BytesIO(changed), user=accounts["unit_b"])
    assert report.errors[0].message == APPRAISED_MESSAGE
    assert ParScore.objects.get().self_score == Decimal("88.5")


def test_audit_entries_name_the_importer(communes, accounts):
    report = import_file(
        "par",
        province([1, "UBND xã Ân Mỹ", 85, 80, 100], [2, "Xã Tam Quan", 90, 88, 100]),
        user=accounts["office"],
    )
    assert report.created == 2
    entries = LogEntry.objects.get_for_model(ParScore)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {accounts["office"]}


def test_no_year_anywhere_is_one_error(communes, accounts):
    data = workbook(("KQ", [["Tên đơn vị", "Thẩm định"], ["Xã Ân Mỹ", 80], ["Xã Tam Quan", 81]]))
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    [error] = report.errors
    assert "Không rõ năm" in error.message
    given = import_file("par", io.BytesIO(data), user=accounts["office"], year=2024)
    assert given.ok and given.created == 2
    assert set(ParScore.objects.values_list("year", flat=True)) == {2024}


def test_a_duplicate_row_is_an_error_for_the_second(communes, accounts):
    data = province([1, "UBND xã Ân Mỹ", 85, 80, 100], [2, "an my", 85, 81, 100])
    report = import_file("par", data, user=accounts["office"])
    [error] = report.errors
    assert error.row == 8 and "trùng với dòng 7" in error.message
    assert error.column  # the key's first column, as the file writes it
    assert ParScore.objects.count() == 0


def test_a_year_beyond_bounds_and_a_negative_score_are_row_errors(communes, accounts):
    data = workbook(
        (
            "KQ",
            [
                ["Tên đơn vị", "Năm", "Thẩm định"],
                ["Xã Ân Mỹ", 1890, 80],
                ["Xã Tam Quan", 2025, -1],
            ],
        )
    )
    report = import_file("par", io.BytesIO(data), user=accounts["office"])
    assert [(e.row, e.column) for e in report.errors] == [(2, "Năm"), (3, "Thẩm định")]


def test_the_kind_of_unit_written_tells_two_units_of_one_name_apart(district, accounts):
    import datetime as dt

    town = Unit.objects.create(
        code="TT-HP",
        name="UBND thị trấn Hòa Phong",
        level="xa",
        group_id="xa",
        parent=district["root"],
        valid_to=dt.date(2025, 6, 30),
    )
    commune = Unit.objects.create(
        code="XA-HP",
        name="UBND xã Hòa Phong",
        level="xa",
        group_id="xa",
        valid_from=dt.date(2025, 7, 1),
    )
    units = Units(accounts["office"])
    assert units.resolve(name="Thị trấn Hòa Phong", year=2025) == town
    assert units.resolve(name="Xã Hòa Phong", year=2025) == commune
    assert units.resolve(name="Hòa Phong", year=2025) == commune  # at the year's end
    assert units.resolve(name="Hòa Phong", year=2024) == town
