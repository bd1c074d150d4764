"""`thidua import-xlsx`: the issue's JSON object, text lines per error, exit codes 0/1/2."""

from __future__ import annotations

import json
import sys

import pytest
from django.core.management import call_command, load_command_class

from thidua.imports.tests.helpers import workbook
from thidua.scoring.models import ParScore

pytestmark = pytest.mark.django_db


def Command():  # noqa: N802 - the command's class, by its hyphenated name
    return load_command_class("thidua.imports", "import-xlsx")


def run(*args: str, capsys) -> tuple[int, str, str]:
    """The command as the shell runs it: argparse's own errors exit 2 before it starts; the
    rest runs through call_command (run_from_argv would close the test's connection)."""
    code = 0
    try:
        parser = Command().create_parser("thidua", "import-xlsx")
        parser.called_from_command_line = True  # argparse exits 2, as in the shell
        options = parser.parse_args(list(args))
        call_command(Command(), *args, stdout=sys.stdout, stderr=sys.stderr)
    except SystemExit as e:
        code = int(e.code or 0)
    else:
        assert options
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def good(tmp_path, communes):
    path = tmp_path / "cchc.xlsx"
    path.write_bytes(
        workbook(("KQ", [["Tên đơn vị", "Năm", "Thẩm định"], ["Xã Ân Mỹ", 2025, "80,5"]]))
    )
    return path


@pytest.fixture
def bad(tmp_path, communes):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(
        workbook(("KQ", [["Tên đơn vị", "Năm", "Thẩm định"], ["Xã Không Có", 2025, 80]]))
    )
    return path


def test_it_prints_the_issues_json_object(good, capsys):
    code, out, _ = run("par", str(good), "--format", "json", "--dry-run", capsys=capsys)
    assert code == 0
    assert json.loads(out) == {
        "ok": True,
        "dry_run": True,
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert ParScore.objects.count() == 0
    code, out, _ = run("par", str(good), "--format", "json", capsys=capsys)
    assert code == 0 and json.loads(out)["created"] == 1
    assert ParScore.objects.count() == 1


def test_a_refused_file_exits_1_with_its_errors(bad, capsys):
    code, out, _ = run("par", str(bad), "--format", "json", capsys=capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False and doc["errors"] == [
        {
            "sheet": "KQ",
            "row": 2,
            "column": "Tên đơn vị",
            "message": "Không tìm thấy đơn vị “Xã Không Có”.",
        }
    ]
    code, out, _ = run("par", str(bad), capsys=capsys)
    assert code == 1
    assert "Sheet 'KQ', row 2, column 'Tên đơn vị': Không tìm thấy đơn vị “Xã Không Có”." in out
    assert "refused, nothing written" in out
    assert ParScore.objects.count() == 0


def test_the_user_option_applies_the_accounts_rights(good, accounts, capsys):
    code, out, _ = run("par", str(good), "--user", "donvi_a", capsys=capsys)
    assert code == 1 and "Không tìm thấy đơn vị" in out
    code, _, _ = run("par", str(good), "--user", "noivu", capsys=capsys)
    assert code == 0
    assert ParScore.objects.get().created_by == accounts["office"]


@pytest.mark.parametrize(
    "args",
    [
        ["bogus", "FILE"],
        ["par"],
        ["par", "FILE", "--year", "abc"],
        ["par", "FILE", "--year", "1800"],
        ["par", "FILE", "--user", "nobody"],
        ["par", "/nonexistent/file.xlsx"],
        ["par", "FILE", "--format", "xml"],
    ],
)
def test_bad_usage_exits_2(args, good, accounts, capsys):
    args = [str(good) if a == "FILE" else a for a in args]
    code, _, err = run(*args, capsys=capsys)
    assert code == 2 and err


def test_a_file_that_is_not_a_spreadsheet_is_a_refusal(tmp_path, capsys):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, out, _ = run("par", str(path), "--format", "json", capsys=capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False and doc["created"] == 0
    assert doc["errors"] == [
        {
            "sheet": "",
            "row": 0,
            "column": "",
            "message": "Tệp “fake.xlsx” không phải bảng tính Excel (.xlsx, .xls) hoặc .ods.",
        }
    ]
    code, out, _ = run("par", str(path), capsys=capsys)
    assert code == 1
    assert "0 rows, 0 created, 0 updated, 0 unchanged, 1 error\n" in out
    assert "Tệp “fake.xlsx” không phải bảng tính Excel" in out


def test_a_refused_import_counts_nothing_written_a_dry_run_what_it_would(
    tmp_path, communes, capsys
):
    path = tmp_path / "mot-dong-loi.xlsx"
    rows = [["Tên đơn vị", "Năm", "Thẩm định"], ["Xã Ân Mỹ", 2025, 80], ["Xã Không Có", 2025, 80]]
    path.write_bytes(workbook(("KQ", rows)))
    code, out, _ = run("par", str(path), "--format", "json", capsys=capsys)
    assert code == 1 and json.loads(out)["created"] == 0
    code, out, _ = run("par", str(path), "--format", "json", "--dry-run", capsys=capsys)
    assert code == 1 and json.loads(out)["created"] == 1
    assert ParScore.objects.count() == 0
