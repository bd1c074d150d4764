"""The fast path of `thidua evaluate` writes the bytes the reference implementation wrote.

The reference is the implementation before issue 12, kept here and not in the product:
``json.loads(raw, parse_float=Decimal)`` for the facts, the results document built as dicts
by :func:`evaluate` and written by ``json.dumps`` (RULES.md §5). The product decodes with
msgspec and streams the results from compact rows (``thidua.rules.stream``).
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules import cli, evaluate, facts, load_facts, load_template, stream
from thidua.rules.template import TEMPLATE_KEYS
from thidua.rules.tests.helpers import DATA
from thidua.rules.tests.test_reference import districts

ROOT = Path(__file__).resolve().parents[3]
SMALL = DATA / "phu-my-small.facts.json"


def _reference_bytes(template_key: str, doc: Any, year: int, scheme: str | None = None) -> bytes:
    """The bytes `thidua evaluate` wrote before issue 12 (render_json, then cli._utf8)."""
    results = evaluate(load_template(template_key), load_facts(doc), year, scheme)
    text = json.dumps(results, ensure_ascii=False, separators=(",", ":")) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace")


def _stream_bytes(template_key: str, doc: Any, year: int, scheme: str | None = None) -> bytes:
    return b"".join(cli.evaluate_stream(load_template(template_key), load_facts(doc), year, scheme))


def _reference_parse(raw: bytes) -> Any:
    return json.loads(raw, parse_float=Decimal, parse_constant=facts._refuse_constant)


def _reference_answer(raw: bytes) -> tuple[str, Any]:
    """("ok", document) or ("error", the message) as the reference decoder gave them."""
    try:
        return ("ok", _reference_parse(raw))
    except json.JSONDecodeError as exc:
        return ("error", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except (ValueError, RecursionError) as exc:
        return ("error", f"malformed JSON: {' '.join(str(exc).split())}")


def _answer(raw: bytes) -> tuple[str, Any]:
    try:
        return ("ok", facts._parse_json(raw))
    except facts.FactsError as exc:
        return ("error", str(exc))


def _every_request(doc: Any) -> None:
    for key in TEMPLATE_KEYS:
        template = load_template(key)
        for year in template.years:
            assert _stream_bytes(key, doc, year) == _reference_bytes(key, doc, year), (key, year)
        scheme = template.schemes[-1].key
        year = template.years[-1]
        assert _stream_bytes(key, doc, year, scheme) == _reference_bytes(key, doc, year, scheme)


def _make_facts() -> Any:
    spec = importlib.util.spec_from_file_location("make_facts", ROOT / "bench" / "make_facts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_facts


@pytest.fixture(params=[7, stream.BLOCK], ids=["blocks-of-7", "default-blocks"])
def block(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Small blocks put the chunk joints inside every scheme."""
    monkeypatch.setattr(stream, "BLOCK", request.param)
    return int(request.param)


def test_it_writes_the_reference_bytes_for_the_worked_example(block: int) -> None:
    _every_request(json.loads(SMALL.read_bytes(), parse_float=Decimal))


@pytest.mark.parametrize("full", [False, True], ids=["light", "full"])
@pytest.mark.parametrize("seed", [1, 2])
def test_it_writes_the_reference_bytes_for_seeded_provinces(
    block: int, seed: int, full: bool
) -> None:
    doc = _make_facts()(units=24, people=300, seed=seed, full=full)
    raw = json.dumps(doc, ensure_ascii=False).encode()
    _every_request(facts._parse_json(raw))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts())
def test_it_writes_the_reference_bytes_for_random_districts(doc: dict[str, Any]) -> None:
    for key in TEMPLATE_KEYS:
        year = load_template(key).years[0]
        assert _stream_bytes(key, doc, year) == _reference_bytes(key, doc, year), key


def test_it_writes_odd_codes_as_the_reference_does(block: int) -> None:
    codes = ['A"\\\n\t\x01\x7f\u2028é', "A\ud800", "𝔘"]
    doc = {
        "format": "thidua-facts/1",
        "units": [{"code": c, "group": "xa"} for c in codes],
        "people": [{"code": f"P{i}", "unit": c} for i, c in enumerate(codes)],
    }
    _every_request(doc)


# -- decoding --------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_the_fast_decoder_reads_what_the_reference_reads(value: Any, ascii: bool) -> None:
    text = json.dumps(value, default=str, ensure_ascii=ascii)
    raw = text.encode("utf-8", errors="surrogatepass")
    expected, got = _reference_answer(raw), _answer(raw)
    assert got == expected
    assert repr(got) == repr(expected)  # the same types (Decimal, int), not only equal values


MALFORMED = [
    b"",
    b"{",
    b'{"a":1,}',
    b"[01]",
    b"[1.]",
    b"[NaN]",
    b"[Infinity]",
    b"[-Infinity]",
    b'["a\x01b"]',
    b'["a\xffb"]',
    b"[" + b"9" * 5000 + b"]",
    b"[" * 150 + b"]" * 150,
    b"[" * 995 + b"]" * 995,
    b"[" * 100000 + b"]" * 100000,
    b'{"a": 1} x',
    '{"format": "thidua-facts/1"}'.encode("utf-16"),
    b'\xef\xbb\xbf{"format": "thidua-facts/1"}',
    b'["\\ud800"]',
]


@pytest.mark.parametrize("raw", MALFORMED, ids=range(len(MALFORMED)))
def test_odd_documents_get_the_reference_answer(raw: bytes) -> None:
    assert _answer(raw) == _reference_answer(raw)


# -- the command line, as a user runs it -------------------------------------------------


def _console(*argv: str) -> subprocess.CompletedProcess[bytes]:
    thidua = Path(sys.executable).with_name("thidua")
    command = [str(thidua)] if thidua.exists() else [sys.executable, "-m", "thidua"]
    return subprocess.run([*command, *argv], cwd=ROOT, capture_output=True, check=False)


def test_the_console_script_streams_the_reference_bytes(tmp_path: Path) -> None:
    doc = _make_facts()(units=24, people=300, seed=3, full=True)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = _console(
        "evaluate", "--template", "phu-my-2021-2025", "--facts", str(path), "--year", "2024"
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == _reference_bytes("phu-my-2021-2025", json.loads(path.read_bytes()), 2024)


def test_the_console_script_refuses_bad_facts_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"format": "thidua-facts/1", "units": [{"code": "A"}]}', encoding="utf-8")
    argv = ["evaluate", "--template", "phu-my-2021-2025", "--facts", str(path), "--year", "2024"]
    done = _console(*argv)
    out, err = io.StringIO(), io.StringIO()  # the reference: main() on text streams
    assert cli.main(argv, stdout=out, stderr=err) == 2
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == err.getvalue()
    assert done.stderr.startswith(f"thidua evaluate: error: {path}: units[0].group".encode())
    assert done.stderr.count(b"\n") == 1
