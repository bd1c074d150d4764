"""Sheet tabs: Excel keeps 31 characters; a tab reads as whole words and is never repeated."""

from io import BytesIO

from openpyxl import load_workbook

from thidua.lib.xlsx import Export, sheet_title


def test_a_long_title_keeps_its_part_before_the_dash() -> None:
    assert sheet_title("Danh sách khen thưởng — Quyết định số 45/QĐ-UBND") == (
        "Danh sách khen thưởng"
    )


def test_a_long_title_without_a_dash_keeps_whole_words() -> None:
    title = sheet_title("Hồ sơ đề nghị khen thưởng của các đơn vị trong xã")
    assert title == "Hồ sơ đề nghị khen thưởng của"
    assert len(title) <= 31


def test_characters_excel_refuses_become_spaces_and_empty_is_named() -> None:
    assert sheet_title("Kết quả [2025]: tập thể/cá nhân?") == "Kết quả 2025 tập thể cá nhân"
    assert sheet_title("  ") == "Trang tính"


def test_a_title_already_taken_gets_a_number() -> None:
    assert sheet_title("Tập thể hằng năm", ["tập thể hằng năm"]) == "Tập thể hằng năm (2)"


def test_two_sheets_of_one_name_in_a_workbook_are_told_apart() -> None:
    book = Export()
    book.sheet("Tập thể hằng năm", ["STT"], [[1]])
    book.sheet("Tập thể hằng năm", ["STT"], [[2]])
    names = load_workbook(BytesIO(book.content())).sheetnames
    assert names == ["Tập thể hằng năm", "Tập thể hằng năm (2)"]
