"""The eligibility engine of thidua: pure Python, never imports Django or another app.

Public API (see RULES.md for the contract):

* facts — :func:`load_facts` (a parsed ``thidua-facts/1`` dict), :func:`parse_facts_json`
  (JSON text or bytes), :meth:`Facts.from_records` (typed records, e.g. from the
  database), :class:`FactsError`;
* templates — :func:`load_template` (a shipped key), :func:`template_from_dict` and
  :meth:`Template.to_dict` (a campaign's editable copy), :class:`TemplateError`;
* criteria language — :func:`parse_expression`, :func:`render_vietnamese`,
  :class:`ExpressionError`;
* evaluation — :func:`evaluate` (the ``thidua-results/1`` document),
  :class:`EvaluationError`, :func:`render_json`, :func:`render_table`;
* command line — :func:`thidua.rules.cli.main`.
"""

from thidua.rules.engine import RESULTS_FORMAT, EvaluationError, allocate, evaluate
from thidua.rules.expression import (
    ExpressionError,
    parse_expression,
    render_vietnamese,
    validate_expression,
)
from thidua.rules.facts import (
    Attestation,
    Award,
    Discipline,
    Facts,
    FactsError,
    Initiative,
    ParScore,
    Person,
    Rating,
    Review,
    Unit,
    facts_to_dict,
    load_facts,
    parse_facts_json,
)
from thidua.rules.output import render_json, render_table
from thidua.rules.template import (
    TEMPLATE_KEYS,
    Template,
    TemplateError,
    UnknownTemplateError,
    load_template,
    template_from_dict,
)

__all__ = [
    "RESULTS_FORMAT",
    "TEMPLATE_KEYS",
    "Attestation",
    "Award",
    "Discipline",
    "EvaluationError",
    "ExpressionError",
    "Facts",
    "FactsError",
    "Initiative",
    "ParScore",
    "Person",
    "Rating",
    "Review",
    "Template",
    "TemplateError",
    "Unit",
    "UnknownTemplateError",
    "allocate",
    "evaluate",
    "facts_to_dict",
    "load_facts",
    "load_template",
    "parse_expression",
    "parse_facts_json",
    "render_json",
    "render_table",
    "render_vietnamese",
    "template_from_dict",
    "validate_expression",
]
