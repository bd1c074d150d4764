"""Campaign workflows: creating from a template, evaluating from the database, the what-if
sandbox. Views call these; they never compute eligibility themselves."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.campaigns import plan_numbers
from thidua.campaigns.models import Amendment, Campaign
from thidua.campaigns.ownership import OwnChoices, make_own
from thidua.campaigns.plan import PlanError, load_plan, plan_from_dict, plan_keys
from thidua.campaigns.registrations import registered_subjects
from thidua.org.models import Unit, User
from thidua.rules.bounded import BoundError, parse_number
from thidua.rules.engine import evaluate
from thidua.rules.facts import Facts
from thidua.rules.reads import template_reads
from thidua.rules.template import Template, TemplateError, load_template, template_from_dict
from thidua.scoring.adapters import facts_from_db

VERDICT_LABELS = {True: "Đạt", False: "Không đạt", None: "Chưa đủ dữ liệu"}


@transaction.atomic
def campaign_create_from_template(
    *,
    key: str,
    name: str,
    issuing_unit: Unit | None,
    user: User,
    parent: Campaign | None = None,
    own: OwnChoices | None = None,
) -> Campaign:
    """A draft campaign with its own copies of a shipped template's rules and plan; with
    ``own``, made the office's own (ownership.make_own)."""
    rules, plan = template_sources(key)
    if own is not None:
        made = make_own(rules, plan, own)
        rules, plan = made.rules, made.plan
    campaign = Campaign(
        name=name or rules["title"],
        template_key=key,
        rules=rules,
        plan=plan,
        issuing_unit=issuing_unit,
        parent=parent,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def template_sources(key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A shipped template's rules and plan as plain data."""
    return load_template(key).to_dict(), (load_plan(key).to_dict() if key in plan_keys() else {})


def blank_rules(year: int, groups: list[str]) -> dict[str, Any]:
    """The rules of a campaign started from scratch: the calendar year, one scheme for
    collectives and one for individuals, each with one attestation criterion the office
    replaces with its own (the criteria editor, or the advanced rules editor)."""

    def scheme(key: str, subject: str, who: str) -> dict[str, Any]:
        return {
            "key": key,
            "name": f"Giấy khen tặng {who} có thành tích xuất sắc trong công tác CCHC",
            "form": "giay_khen_chu_tich_xa",
            "subject": subject,
            "scope": "annual",
            "groups": groups,
            "criteria": [
                {
                    "key": "dat_tieu_chuan",
                    "label": "Đạt tiêu chuẩn khen thưởng của kế hoạch",
                    "primitive": "attestation",
                    "params": {"key": "dat_tieu_chuan", "label": "đạt tiêu chuẩn", "years": "Y"},
                }
            ],
            "expression": "dat_tieu_chuan",
            "priority": {"kind": "par_percent"},
        }

    default = load_template("loc-ninh-2024-2025").to_dict()
    return {
        "key": "phong-trao-moi",
        "title": f"Kế hoạch phát động phong trào thi đua cải cách hành chính năm {year}",
        "issuer": "",
        "number": "",
        "date": f"{year}-01-01",
        "place": "",
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "participants": {"groups": groups, "individuals": True, "description": ""},
        "bands": default["bands"],
        "schemes": [
            scheme("tap-the", "collective", "tập thể"),
            scheme("ca-nhan", "individual", "cá nhân"),
        ],
        "deadlines": [],
        "dossier": {"components": [], "copies": []},
    }


@transaction.atomic
def campaign_create_blank(
    *, name: str, issuing_unit: Unit | None, user: User, parent: Campaign | None = None
) -> Campaign:
    """A draft from scratch: blank plan frame, the rules of blank_rules()."""
    year = timezone.localdate().year
    groups = (
        ["bo_phan", "thon"]
        if issuing_unit and issuing_unit.level == Unit.Level.XA
        else ["phong", "xa"]
    )
    campaign = Campaign(
        name=name or f"Phong trào thi đua cải cách hành chính năm {year}",
        rules=blank_rules(year, groups),
        plan={},
        issuing_unit=issuing_unit,
        parent=parent,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_copy(
    *,
    source: Campaign,
    name: str,
    user: User,
    own: OwnChoices | None = None,
    parent: Campaign | None = None,
) -> Campaign:
    """A new draft from an earlier campaign of one's own: rules and plan copied, the plan's
    number and date cleared for the new issue; with ``own``, made the office's own."""
    plan = copy.deepcopy(source.plan)
    rules = copy.deepcopy(source.rules)
    if plan:
        plan["number"] = ""
    if own is not None:
        made = make_own(rules, plan, own)
        rules, plan = made.rules, made.plan
    campaign = Campaign(
        name=name or (rules["title"] if own else f"{source.name} (bản sao)"),
        template_key=source.template_key,
        rules=rules,
        plan=plan,
        issuing_unit=own.issuing_unit if own else source.issuing_unit,
        parent=parent if own else source.parent,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def campaign_problems(campaign: Campaign) -> list[str]:
    """What stops a campaign from being issued, in Vietnamese (empty when it may be)."""
    problems = []
    try:
        template = validate_rules(campaign.rules)
    except TemplateError as e:
        return [f"Quy định xét khen thưởng: {e.message}"]
    if template.period_end < template.period_start:
        problems.append("Thời gian thực hiện: ngày kết thúc trước ngày bắt đầu.")
    for deadline in template.deadlines:
        if deadline.date and not template.period_start <= deadline.date <= template.period_end:
            problems.append(
                f"Thời hạn “{deadline.label}” ({deadline.date:%d/%m/%Y}) nằm ngoài thời gian "
                f"thực hiện {template.period_start:%d/%m/%Y} – {template.period_end:%d/%m/%Y}."
            )
    if campaign.plan:
        try:
            plan = plan_from_dict(campaign.plan)
        except PlanError as e:
            problems.append(f"Nội dung kế hoạch: {e}")
        else:
            if not plan.number:
                problems.append("Kế hoạch chưa có số văn bản.")
            elif campaign.issuing_unit is not None and plan.date:
                year = dt.date.fromisoformat(plan.date).year
                other = plan_numbers.holder(
                    campaign.issuing_unit,
                    year,
                    plan.number,
                    exclude=campaign.pk,
                    issued_only=True,
                )
                if other is not None:
                    problems.append(
                        plan_numbers.taken_message(
                            campaign.issuing_unit, year, plan.number, other, exclude=campaign.pk
                        )
                    )
    else:
        problems.append("Chưa có nội dung kế hoạch.")
    return problems


def issue_warnings(campaign: Campaign, today: dt.date | None = None) -> list[str]:
    """What issuing does not refuse but the office should know first: a registration
    deadline already past (units could register only after an office reopening)."""
    today = today or timezone.localdate()
    try:
        years = validate_rules(campaign.rules).years
    except TemplateError:
        return []
    past = []
    for year in years:
        due = campaign.registration_deadline(year)
        if due is not None and due < today:
            past.append(f"năm {year}: {due:%d/%m/%Y}")
    if not past:
        return []
    return [
        f"Hạn đăng ký thi đua đã qua ({'; '.join(past)}; hôm nay {today:%d/%m/%Y}): "
        "các đơn vị sẽ không đăng ký được trừ khi cơ quan thường trực mở lại. "
        "Hãy sửa “Thời gian, thời hạn” trước khi ban hành nếu cần."
    ]


@transaction.atomic
def campaign_issue(campaign: Campaign, *, user: User) -> None:
    problems = campaign_problems(campaign)
    if problems:
        raise CampaignStateError(" ".join(problems))
    if campaign.status != Campaign.Status.DRAFT:
        raise CampaignStateError("Chỉ ban hành được kế hoạch đang ở dạng bản nháp.")
    campaign.status = Campaign.Status.ISSUED
    campaign.issued_at = timezone.now()
    campaign.save(update_fields=["status", "issued_at", "updated_at"])


@transaction.atomic
def campaign_close(campaign: Campaign, *, user: User) -> None:
    if campaign.status != Campaign.Status.ISSUED:
        raise CampaignStateError("Chỉ kết thúc được phong trào đã ban hành.")
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at", "updated_at"])


@transaction.atomic
def campaign_change(
    campaign: Campaign, *, user: User, part: str, reason: str, fields: list[str]
) -> bool:
    """Save a change to the campaign: free while a draft; once issued only as an amendment
    with a written reason (recorded); never once closed. Saving what is already stored
    changes nothing and needs no reason: False then, True when something was saved."""
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignStateError("Phong trào đã kết thúc: không sửa được nữa.")
    stored = Campaign.objects.filter(pk=campaign.pk).values(*fields).first()
    if stored is not None and all(
        stored[name] == getattr(campaign, campaign._meta.get_field(name).attname) for name in fields
    ):
        return False
    if campaign.status == Campaign.Status.ISSUED:
        if not reason.strip():
            raise CampaignStateError(
                "Kế hoạch đã ban hành: hãy ghi lý do sửa đổi (được lưu cùng thay đổi)."
            )
        Amendment.objects.create(
            campaign=campaign, made_by=user, part=part[:500], reason=reason.strip()
        )
    campaign.full_clean()
    campaign.save(update_fields=[*fields, "updated_at"])
    return True


class CampaignStateError(ValueError):
    """A step the campaign's state does not allow; the message is Vietnamese."""


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
    return facts_from_db(
        sorted(years),
        unit_ids,
        reads=template_reads(template, year),
        extra_attestations=list(registered_subjects(campaign, year)),
    )


@dataclass(frozen=True)
class Evaluation:
    """The engine's results plus the names to show beside the codes."""

    results: dict[str, Any]
    names: dict[str, str]
    units_of: dict[str, str]

    def scheme(self, key: str) -> dict[str, Any] | None:
        return next((s for s in self.results["schemes"] if s["key"] == key), None)


# How many times this process ran the engine over a campaign (tests read it: a page that
# finds its stored evaluation fresh runs none).
ENGINE_CALLS = {"evaluate_campaign": 0}


def evaluate_campaign(
    campaign: Campaign,
    year: int,
    *,
    template: Template | None = None,
    facts: Facts | None = None,
) -> Evaluation:
    ENGINE_CALLS["evaluate_campaign"] += 1
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
    unit: str = ""  # a person's unit, shown beside the name (never the code)


def compare(before: Evaluation, after: Evaluation, scheme_key: str) -> list[Change]:
    """Candidates of a scheme whose eligibility, selection or rank differs."""
    old = {c["code"]: c for c in (before.scheme(scheme_key) or {}).get("candidates", [])}
    new = {c["code"]: c for c in (after.scheme(scheme_key) or {}).get("candidates", [])}
    changes = []
    for code in old.keys() | new.keys():
        a, b = old.get(code, {}), new.get(code, {})
        fields = ("eligible", "selected", "rank", "note")
        if any(a.get(f) != b.get(f) for f in fields):
            unit = after.units_of.get(code, "")
            changes.append(Change(code, after.names.get(code, code), a, b, unit))
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
        if not text:
            return text  # the template check names the missing value
        try:
            number = parse_number(text)  # bounded: `1e1000000` is refused before any work
        except BoundError as e:
            raise TemplateError(e.message) from None
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(original, list | tuple):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _to_int(text: str) -> Any:
    if not (text.isascii() and text.lstrip("-").isdigit()):
        return text  # refused by the template check with a message naming it
    try:
        return int(parse_number(text))
    except BoundError as e:
        raise TemplateError(e.message) from None


def validate_rules(rules: Mapping[str, Any]) -> Template:
    """The rules as a template, or TemplateError with a Vietnamese message."""
    return template_from_dict(rules)
