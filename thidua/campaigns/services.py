"""Campaign workflows: creating from a template, evaluating from the database, the what-if
sandbox. Views call these; they never compute eligibility themselves."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from thidua.campaigns.models import Campaign
from thidua.org.models import Unit, User
from thidua.rules.engine import evaluate
from thidua.rules.facts import Facts
from thidua.rules.reads import template_reads
from thidua.rules.template import Template, load_template, template_from_dict
from thidua.scoring.adapters import facts_from_db

VERDICT_LABELS = {True: "Đạt", False: "Không đạt", None: "Chưa đủ dữ liệu"}


@transaction.atomic
def campaign_create_from_template(
    *, key: str, name: str, issuing_unit: Unit | None, user: User
) -> Campaign:
    template = load_template(key)
    campaign = Campaign(
        name=name or template.title,
        template_key=key,
        rules=template.to_dict(),
        issuing_unit=issuing_unit,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def campaign_facts(campaign: Campaign, template: Template, year: int) -> Facts:
    """The facts the campaign's schemes read for `year`: the issuing unit's subtree (all
    units when the campaign has no issuing unit), units valid in the years read."""
    years: set[int] = set()
    for scheme in template.schemes:
        years.update(scheme.years_read(year))
    unit_ids = (
        campaign.issuing_unit.subtree().values_list("pk", flat=True)
        if campaign.issuing_unit_id
        else None
    )
    return facts_from_db(sorted(years), unit_ids, reads=template_reads(template, year))


@dataclass(frozen=True)
class Evaluation:
    """The engine's results plus the names to show beside the codes."""

    results: dict[str, Any]
    names: dict[str, str]
    units_of: dict[str, str]

    def scheme(self, key: str) -> dict[str, Any] | None:
        return next((s for s in self.results["schemes"] if s["key"] == key), None)


def evaluate_campaign(
    campaign: Campaign,
    year: int,
    *,
    template: Template | None = None,
    facts: Facts | None = None,
) -> Evaluation:
    template = template or campaign.template
    facts = facts or campaign_facts(campaign, template, year)
    results = evaluate(template, facts, year)
    _drop_units_absent_in_scheme_years(results, template, facts, year)
    names = {u.code: u.name for u in facts.units}
    names.update((p.code, p.name) for p in facts.people)
    units_of = {p.code: names.get(p.unit, p.unit) for p in facts.people}
    return Evaluation(results, names, units_of)


def _drop_units_absent_in_scheme_years(
    results: dict[str, Any], template: Template, facts: Facts, year: int
) -> None:
    """A unit merged away, or created, outside a scheme's years is no candidate of it (the
    facts hold it because another scheme of the campaign reads those years)."""
    validity = {
        code: (start, end)
        for code, start, end in Unit.objects.filter(code__in=list(facts.unit_by_code))
        .exclude(valid_from__isnull=True, valid_to__isnull=True)
        .values_list("code", "valid_from", "valid_to")
    }
    if not validity:
        return
    unit_of = {p.code: p.unit for p in facts.people}
    for doc in results["schemes"]:
        years = template.scheme(doc["key"]).years_read(year)  # type: ignore[union-attr]
        first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
        doc["candidates"] = [
            c
            for c in doc["candidates"]
            if _valid_between(validity.get(unit_of.get(c["code"], c["code"])), first, last)
        ]


def _valid_between(validity: tuple[Any, Any] | None, first: dt.date, last: dt.date) -> bool:
    start, end = validity or (None, None)
    return (start is None or start <= last) and (end is None or end >= first)


def restrict_to(evaluation: Evaluation, codes: set[str] | None) -> Evaluation:
    """The same evaluation with only the candidates a user may see (ranks are kept: they
    were computed among all candidates)."""
    if codes is None:
        return evaluation
    results = copy.copy(evaluation.results)
    results["schemes"] = [
        {**s, "candidates": [c for c in s["candidates"] if c["code"] in codes]}
        for s in evaluation.results["schemes"]
    ]
    return Evaluation(results, evaluation.names, evaluation.units_of)


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    before: dict[str, Any]
    after: dict[str, Any]


def compare(before: Evaluation, after: Evaluation, scheme_key: str) -> list[Change]:
    """Candidates of a scheme whose eligibility, selection or rank differs."""
    old = {c["code"]: c for c in (before.scheme(scheme_key) or {}).get("candidates", [])}
    new = {c["code"]: c for c in (after.scheme(scheme_key) or {}).get("candidates", [])}
    changes = []
    for code in old.keys() | new.keys():
        a, b = old.get(code, {}), new.get(code, {})
        fields = ("eligible", "selected", "rank", "note")
        if any(a.get(f) != b.get(f) for f in fields):
            changes.append(Change(code, after.names.get(code, code), a, b))
    changes.sort(key=lambda c: c.code)
    return changes


# --- editing a scheme: the sandbox and the campaign's own copy ------------------------


def scheme_data(rules: Mapping[str, Any], scheme_key: str) -> dict[str, Any]:
    for scheme in rules.get("schemes", []):
        if scheme.get("key") == scheme_key:
            return dict(scheme)
    raise KeyError(scheme_key)


def rules_with_scheme_edits(
    rules: Mapping[str, Any], scheme_key: str, edits: Mapping[str, str]
) -> dict[str, Any]:
    """A copy of `rules` with one scheme's expression, quota and criterion parameters
    replaced by the texts of a form (`edits`: field name -> text). Values are converted
    back to the type they had; the result still has to pass template_from_dict."""
    rules = copy.deepcopy(dict(rules))
    scheme = next(s for s in rules["schemes"] if s["key"] == scheme_key)
    if "expression" in edits:
        scheme["expression"] = edits["expression"].strip()
    quota = scheme.get("quota") or {}
    if "quota_total" in edits:
        text = edits["quota_total"].strip()
        scheme["quota"] = {"total": _to_int(text)} if text else {}
    elif isinstance(quota.get("per_group"), dict):
        per_group = {
            group: _to_int(edits.get(f"quota_{group}", str(value)).strip())
            for group, value in quota["per_group"].items()
        }
        scheme["quota"] = {"per_group": per_group}
    for i, criterion in enumerate(scheme.get("criteria", [])):
        for name, value in list((criterion.get("params") or {}).items()):
            field = f"c{i}_{name}"
            if field in edits:
                criterion["params"][name] = _like(value, edits[field])
    return rules


def param_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, float | Decimal):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _like(original: Any, text: str) -> Any:
    """`text` as a value of the type of `original` (a number typed with a decimal comma,
    a list typed comma-separated)."""
    text = text.strip()
    if isinstance(original, bool) or original is None:
        # A three-valued setting: true / false / empty = unknown (null).
        lowered = text.lower()
        if lowered in ("1", "true", "có", "co", "đạt", "dat"):
            return True
        if lowered in ("0", "false", "không", "khong"):
            return False
        return text or None
    if isinstance(original, int | float):
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text  # the template check names the bad value
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(original, list | tuple):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _to_int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text  # refused by the template check with a message naming it


def validate_rules(rules: Mapping[str, Any]) -> Template:
    """The rules as a template, or TemplateError with a Vietnamese message."""
    return template_from_dict(rules)
