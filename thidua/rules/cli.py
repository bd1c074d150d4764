"""``evaluate --template KEY --facts FILE.json --year Y [--scheme KEY] [--format json|table]``
(RULES.md §5).

Bad input exits with status 2 and exactly one line on standard error, nothing on standard
output. :func:`main` takes the streams so that the Django management command can wrap it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from typing import IO, NoReturn

from thidua.rules.engine import EvaluationError, check_request, evaluate, evaluate_all_rows
from thidua.rules.facts import (
    Facts,
    FactsError,
    _parse_json,
    gc_paused,
    load_facts,
    parse_facts_json,
)
from thidua.rules.output import render_json, render_table
from thidua.rules.stream import document_chunks
from thidua.rules.template import (
    TEMPLATE_KEYS,
    Template,
    UnknownTemplateError,
    load_template,
)

BAD_INPUT = 2
PROG = "thidua evaluate"


class UsageError(Exception):
    """A command-line problem, already worded for the user."""


# Every error that means "bad input"; each message is one line naming the problem.
INPUT_ERRORS = (UsageError, UnknownTemplateError, FactsError, EvaluationError)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if status:
            raise UsageError(message or "invalid arguments")
        raise SystemExit(status)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="thidua", description="Xét điều kiện khen thưởng theo kế hoạch mẫu.")
    commands = parser.add_subparsers(dest="command", metavar="evaluate")
    commands.required = True
    ev = commands.add_parser(
        "evaluate",
        help="evaluate a template's schemes on a facts file",
        description="Print the thidua-results/1 document (RULES.md §2).",
    )
    ev.add_argument("--template", required=True, metavar="KEY", help=", ".join(TEMPLATE_KEYS))
    ev.add_argument("--facts", required=True, metavar="FILE.json")
    ev.add_argument("--year", required=True, type=int, metavar="Y")
    ev.add_argument("--scheme", metavar="KEY")
    ev.add_argument("--format", choices=("json", "table"), default="json")
    return parser


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def evaluate_file(
    template_key: str,
    facts_path: str,
    year: int,
    scheme_key: str | None = None,
    output_format: str = "json",
) -> str:
    """The text ``thidua evaluate`` prints; raises :data:`INPUT_ERRORS` on bad input."""
    template = load_template(template_key)
    try:
        with open(facts_path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise UsageError(f"cannot read facts file {facts_path}: {exc.strerror or exc}") from None
    try:
        facts = parse_facts_json(raw)
    except FactsError as exc:
        raise FactsError(f"{facts_path}: {exc}") from None
    results = evaluate(template, facts, year, scheme_key)
    return render_table(results) if output_format == "table" else render_json(results)


def stream_file(
    template_key: str, facts_path: str, year: int, scheme_key: str | None = None
) -> Iterator[bytes]:
    """The bytes ``thidua evaluate`` writes in JSON format, in chunks, as they are computed.

    Everything that can be refused (the template, the file, the facts, the request) is
    checked before this returns, so bad input raises here and nothing has been written.
    Same bytes as :func:`evaluate_file` encoded by :func:`main`."""
    template = load_template(template_key)
    try:
        with open(facts_path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise UsageError(f"cannot read facts file {facts_path}: {exc.strerror or exc}") from None
    try:
        with gc_paused():
            doc = _parse_json(raw)
            del raw  # the document and the records share its strings, not its bytes
            facts = load_facts(doc)
            del doc
    except FactsError as exc:
        raise FactsError(f"{facts_path}: {exc}") from None
    if _ENDING:
        # Millions of records live to the end of the process: out of the collector's
        # sight from now on, and never freed one by one (os._exit in exit_main).
        gc.freeze()
        _RETAINED.append(facts)
    return evaluate_stream(template, facts, year, scheme_key)


def evaluate_stream(
    template: Template, facts: Facts, year: int, scheme_key: str | None = None
) -> Iterator[bytes]:
    """The JSON results document in chunks (the request is checked before this returns)."""
    check_request(template, year, scheme_key)
    return document_chunks(template.key, year, evaluate_all_rows(template, facts, year, scheme_key))


# Under exit_main only (a process that ends with the command): the facts loaded by
# stream_file, kept until the process ends — freeing millions of records one by one
# costs more than the rest of the exit.
_ENDING = False
_RETAINED: list[Facts] = []


def run(argv: list[str]) -> str:
    """The text to print, or an exception whose message is the one line to report."""
    args = build_parser().parse_args(argv)
    return evaluate_file(args.template, args.facts, args.year, args.scheme, args.format)


def _utf8(text: str) -> bytes:
    """UTF-8; a lone surrogate (JSON allows ``"\\ud800"`` in a code) is written back as
    its JSON escape, so the output stays valid JSON."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace")


def main(
    argv: list[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit status (0, or 2 for bad input)."""
    err = stderr if stderr is not None else sys.stderr
    binary = getattr(sys.stdout, "buffer", None) if stdout is None else None
    chunks: Iterator[bytes] | None = None
    text = ""
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        if binary is not None and args.format == "json":
            chunks = stream_file(args.template, args.facts, args.year, args.scheme)
        else:
            text = evaluate_file(args.template, args.facts, args.year, args.scheme, args.format)
    except INPUT_ERRORS as exc:
        message = exc.args[0] if exc.args else str(exc)
        err.write(f"{PROG}: error: {_one_line(message)}\n")
        return BAD_INPUT
    except RecursionError:
        err.write(f"{PROG}: error: the facts document is nested too deeply\n")
        return BAD_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    out = stdout if stdout is not None else sys.stdout
    try:
        if chunks is not None:
            out.flush()
            for chunk in chunks:  # already UTF-8
                binary.write(chunk)  # type: ignore[union-attr]
        elif binary is not None:  # UTF-8 whatever the locale says
            binary.write(_utf8(text))
        else:
            out.write(text)
        out.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 0


def exit_main(argv: list[str] | None = None) -> NoReturn:
    """:func:`main` for a process that ends with it (the console script, ``python -m``):
    the output is flushed, then the process exits without tearing down the facts it
    loaded — freeing them object by object would only cost time."""
    global _ENDING
    _ENDING = True
    status = main(argv)
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
