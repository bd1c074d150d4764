"""The reform step leaves the district's history as it was: the demo is loaded without it
(the district as on 30/6/2025, never ended), its evaluations of 2024 and 2025 and its award
chain are read, then the reform step runs on the same database and they are read again.

Loaded once for the module inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from thidua.awards.models import Ballot, CouncilSession, Decision, Dossier
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import evaluate_campaign
from thidua.demo.builder import ROOT_CODE, apply_reform, load_demo
from thidua.org.models import Person, Unit

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _evaluations() -> dict[str, Any]:
    """Every evaluation of the district's campaigns for 2024 and 2025, candidates by code."""
    read: dict[str, Any] = {}
    for campaign in Campaign.objects.filter(issuing_unit__code=ROOT_CODE).order_by("pk"):
        for year in sorted({2024, 2025} & set(campaign.template.years)):
            evaluation = evaluate_campaign(campaign, year)
            schemes = {
                s["key"]: {
                    **s,
                    "candidates": {c["code"]: c for c in s["candidates"]},
                }
                for s in evaluation.results["schemes"]
            }
            read[f"{campaign.template_key} {year}"] = {
                "schemes": schemes,
                "names": evaluation.names,
                "units_of": evaluation.units_of,
            }
    return read


def _chain() -> dict[str, Any]:
    """The district's dossiers, sessions, ballots and decision as stored."""
    district = Q(campaign__issuing_unit__code=ROOT_CODE)
    return {
        "dossiers": sorted(
            Dossier.objects.filter(district).values_list("pk", "unit__code", "state", "year")
        ),
        "sessions": sorted(
            CouncilSession.objects.filter(district).values_list("pk", "status", "held_on")
        ),
        "ballots": sorted(
            Ballot.objects.filter(session__campaign__issuing_unit__code=ROOT_CODE).values_list(
                "pk", "passed", "approve", "reject", "abstain"
            )
        ),
        "decisions": sorted(
            Decision.objects.filter(district).values_list("pk", "number", "signed_on", "status")
        ),
    }


@pytest.fixture(scope="module")
def before_and_after(django_db_setup: None, django_db_blocker: object) -> Iterator[Any]:
    unblocked = django_db_blocker.unblock()  # type: ignore[attr-defined]
    with unblocked, override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        load_demo(after_reform=False)
        before = {"evaluations": _evaluations(), "chain": _chain()}
        units_before = Unit.objects.count()
        in_force = Unit.objects.filter(valid_to=None).count()
        apply_reform()
        after = {"evaluations": _evaluations(), "chain": _chain()}
        yield before, after, units_before, in_force
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_without_the_reform_step_the_district_goes_on(before_and_after: Any) -> None:
    _before, _after, units_before, in_force = before_and_after
    # The reform step did change the world: new units, the district ended, people moved.
    assert Unit.objects.count() > units_before
    assert in_force > 90
    assert Unit.objects.get(code=ROOT_CODE).valid_to == dt.date(2025, 6, 30)
    assert Person.objects.exclude(former_unit=None).count() > 300


def test_the_evaluations_of_2024_and_2025_are_the_same(before_and_after: Any) -> None:
    before, after, *_ = before_and_after
    assert set(before["evaluations"]) == {
        "loc-ninh-2024-2025 2024",
        "loc-ninh-2024-2025 2025",
        "phu-my-2021-2025 2024",
        "phu-my-2021-2025 2025",
        "dinh-du-2024 2024",
    }
    for key, evaluation in before["evaluations"].items():
        assert sum(len(s["candidates"]) for s in evaluation["schemes"].values()) > 10, key
        assert after["evaluations"][key] == evaluation, key


def test_the_district_award_chain_is_untouched(before_and_after: Any) -> None:
    before, after, *_ = before_and_after
    assert before["chain"]["decisions"] and before["chain"]["ballots"]
    assert after["chain"] == before["chain"]
