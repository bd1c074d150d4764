"""A campaign of the whole test district (units A and B take part), dossiers of each unit,
and e-mail addresses on the personas' accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.awards.dossiers import Dossier, State
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.org.models import Unit, User


@pytest.fixture
def mailboxes(accounts: dict[str, User]) -> dict[str, User]:
    for persona, user in accounts.items():
        user.email = f"{persona}@hoaphong.example.vn"
        user.save(update_fields=["email"])
    return accounts


@pytest.fixture
def campaign(district: dict[str, Unit], accounts: dict[str, User]) -> Campaign:
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def dossier_of(campaign: Campaign, district: dict[str, Unit]) -> Any:
    def make(unit: str, state: str = State.DRAFT, year: int = 2025) -> Dossier:
        dossier = Dossier.objects.create(campaign=campaign, unit=district[unit], year=year)
        Dossier.objects.filter(pk=dossier.pk).update(state=state)
        dossier.refresh_from_db()
        return dossier

    return make


def with_deadline(
    campaign: Campaign, key: str, label: str, due: dt.date, *, yearly: bool = False
) -> Campaign:
    """Add (or replace) a deadline: on `due`'s day and month of every year (`yearly`), or on
    that date once."""
    when = {"month": due.month, "day": due.day} if yearly else {"date": due.isoformat()}
    rules = dict(campaign.rules)
    rules["deadlines"] = [
        *[d for d in rules.get("deadlines", []) if d["key"] != key],
        {"key": key, "label": label, **when},
    ]
    campaign.rules = rules
    campaign.save()
    return Campaign.objects.get(pk=campaign.pk)
