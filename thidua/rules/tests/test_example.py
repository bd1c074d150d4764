"""The worked example of RULES.md (shared/examples), reproduced exactly."""

from __future__ import annotations

import io
import json

import pytest

from thidua.rules import cli, evaluate, load_template, parse_facts_json, render_table
from thidua.rules.tests.helpers import DATA, SHARED_EXAMPLES

FACTS = DATA / "phu-my-small.facts.json"
RESULTS = DATA / "phu-my-small.results.json"
TABLE = DATA / "phu-my-small.results.txt"


def _results() -> dict[str, object]:
    facts = parse_facts_json(FACTS.read_bytes())
    return evaluate(load_template("phu-my-2021-2025"), facts, 2024)


def test_it_reproduces_the_example_results_exactly() -> None:
    expected = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert _results() == expected


def test_it_emits_keys_in_the_order_of_the_example() -> None:
    expected = json.loads(RESULTS.read_text(encoding="utf-8"))
    got = _results()
    assert list(got) == list(expected)
    for s_got, s_exp in zip(got["schemes"], expected["schemes"], strict=True):  # type: ignore[call-overload]
        assert list(s_got) == list(s_exp)
        for c_got, c_exp in zip(s_got["candidates"], s_exp["candidates"], strict=True):
            assert list(c_got) == list(c_exp)
            assert [list(k) for k in c_got["criteria"]] == [list(k) for k in c_exp["criteria"]]


def test_it_prints_the_example_json_byte_for_byte() -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["evaluate", "--template", "phu-my-2021-2025", "--facts", str(FACTS), "--year", "2024"]
    assert cli.main(argv, stdout=out, stderr=err) == 0
    assert err.getvalue() == ""
    assert out.getvalue() == RESULTS.read_text(encoding="utf-8")


def test_it_prints_the_example_table_exactly() -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "evaluate",
        "--template",
        "phu-my-2021-2025",
        "--facts",
        str(FACTS),
        "--year",
        "2024",
        "--format",
        "table",
    ]
    assert cli.main(argv, stdout=out, stderr=err) == 0
    assert out.getvalue() == TABLE.read_text(encoding="utf-8")
    assert render_table(_results()) == TABLE.read_text(encoding="utf-8")


def test_it_gives_the_same_answer_for_any_year_of_the_phase_in_phase_schemes() -> None:
    facts = parse_facts_json(FACTS.read_bytes())
    template = load_template("phu-my-2021-2025")
    expected = evaluate(template, facts, 2024, "tap-the-giai-doan")["schemes"]
    for year in (2021, 2022, 2023, 2025):
        assert evaluate(template, facts, year, "tap-the-giai-doan")["schemes"] == expected


@pytest.mark.parametrize("name", [FACTS.name, RESULTS.name, TABLE.name])
def test_it_keeps_its_copy_of_the_example_equal_to_shared(name: str) -> None:
    original = SHARED_EXAMPLES / name
    if not original.exists():
        pytest.skip("shared/ is not beside the repository")
    assert (DATA / name).read_bytes() == original.read_bytes()
