"""`evaluate --template KEY --facts FILE.json --year Y [--scheme KEY] [--format json|table]`
(RULES.md §5): bad input exits 2 with one line on stderr and nothing on stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.rules import cli
from thidua.rules.tests.helpers import DATA

FACTS = str(DATA / "phu-my-small.facts.json")
ROOT = Path(__file__).resolve().parents[3]


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _write(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "facts.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _bad(argv: list[str]) -> str:
    status, out, err = _run(argv)
    assert status == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err


def _args(facts: str = FACTS, year: str = "2024", *more: str) -> list[str]:
    return ["evaluate", "--template", "phu-my-2021-2025", "--facts", facts, "--year", year, *more]


def test_it_prints_compact_utf8_json_by_default() -> None:
    status, out, err = _run(_args())
    assert (status, err) == (0, "")
    assert out.startswith('{"format":"thidua-results/1","template":"phu-my-2021-2025"')
    assert "Xếp hạng 1/4 năm 2024 (93,50%)" in out  # not \\u-escaped
    assert out.count("\n") == 1


def test_it_prints_one_scheme_on_request() -> None:
    status, out, _ = _run(_args(FACTS, "2024", "--scheme", "tap-the-giai-doan"))
    assert status == 0
    assert [s["key"] for s in json.loads(out)["schemes"]] == ["tap-the-giai-doan"]


def test_it_accepts_any_year_of_the_phase_for_a_phase_scheme() -> None:
    a = _run(_args(FACTS, "2021", "--scheme", "tap-the-giai-doan"))[1]
    b = _run(_args(FACTS, "2025", "--scheme", "tap-the-giai-doan"))[1]
    assert json.loads(a)["schemes"] == json.loads(b)["schemes"]


def test_it_refuses_an_unknown_template() -> None:
    err = _bad(["evaluate", "--template", "ha-noi", "--facts", FACTS, "--year", "2024"])
    assert "unknown template 'ha-noi'" in err


def test_it_refuses_an_unknown_scheme() -> None:
    assert "unknown scheme 'x'" in _bad(_args(FACTS, "2024", "--scheme", "x"))


def test_it_refuses_a_year_outside_the_period() -> None:
    assert "year 2026 is outside the period" in _bad(_args(FACTS, "2026"))


def test_it_refuses_an_unreadable_file(tmp_path: Path) -> None:
    assert "cannot read facts file" in _bad(_args(str(tmp_path / "none.json")))
    assert "cannot read facts file" in _bad(_args(str(tmp_path)))


def test_it_refuses_malformed_json(tmp_path: Path) -> None:
    assert "malformed JSON" in _bad(_args(_write(tmp_path, '{"format": ')))
    assert "malformed JSON" in _bad(_args(_write(tmp_path, b"\xff\xfe\x00garbage")))
    assert "malformed JSON" in _bad(_args(_write(tmp_path, '{"a": Infinity}')))
    assert "malformed JSON" in _bad(_args(_write(tmp_path, "")))


def test_it_refuses_what_the_format_refuses_naming_the_field(tmp_path: Path) -> None:
    bad = {
        "format": "thidua-facts/1",
        "units": [{"code": "A", "group": "xa"}],
        "par_scores": [{"unit": "A", "year": 2024, "score": 101}],
    }
    err = _bad(_args(_write(tmp_path, json.dumps(bad))))
    assert "par_scores[0].score: must be a number between 0 and max (100)" in err


def test_it_refuses_a_facts_document_nested_too_deeply(tmp_path: Path) -> None:
    err = _bad(_args(_write(tmp_path, "[" * 100000 + "]" * 100000)))
    assert "error" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["evaluate"],
        ["frobnicate"],
        ["evaluate", "--template", "phu-my-2021-2025", "--facts", FACTS],
        ["evaluate", "--template", "phu-my-2021-2025", "--facts", FACTS, "--year", "năm nay"],
        _args(FACTS, "2024", "--format", "xml"),
        _args(FACTS, "2024", "--colour"),
    ],
)
def test_it_reports_usage_errors_on_one_line(argv: list[str]) -> None:
    assert _bad(argv).startswith("thidua evaluate: error: ")


def test_it_runs_as_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "thidua.rules", *_args(FACTS, "2024", "--format", "table")],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == (DATA / "phu-my-small.results.txt").read_bytes()
    bad = subprocess.run(
        [sys.executable, "-m", "thidua.rules", *_args(FACTS, "1999")],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert bad.stderr.count(b"\n") == 1


def test_it_keeps_its_output_valid_json_for_codes_with_lone_surrogates(tmp_path: Path) -> None:
    facts = '{"format": "thidua-facts/1", "units": [{"code": "A\\ud800", "group": "xa"}]}'
    done = subprocess.run(
        [sys.executable, "-m", "thidua.rules", *_args(_write(tmp_path, facts), "2024")],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["schemes"][0]["candidates"][0]["code"] == "A\ud800"
