"""The campaign screens show the verdicts the command line gives for the demo district:
the database exported to thidua-facts/1 and evaluated by `thidua evaluate`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import evaluate_campaign
from thidua.demo.builder import ROOT_CODE, load_demo
from thidua.org.models import Unit
from thidua.scoring.adapters import facts_from_db


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "year", "years_read"),
    [
        ("loc-ninh-2024-2025", 2024, "2024"),
        ("phu-my-2021-2025", 2024, "2021-2025"),
        ("dinh-du-2024", 2024, "2024"),
    ],
)
def test_the_screens_give_the_command_lines_verdicts(
    template: str, year: int, years_read: str, tmp_path: Path
) -> None:
    load_demo()
    path = tmp_path / "demo.facts.json"
    call_command("export-facts", "-o", str(path), "--years", years_read)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "thidua",
            "evaluate",
            "--template",
            template,
            "--facts",
            str(path),
            "--year",
            str(year),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cli = json.loads(done.stdout)
    # The district's campaign (xã Ân Mỹ's 2026 one is made from the Đình Dù template too).
    campaign = Campaign.objects.get(template_key=template, issuing_unit__code=ROOT_CODE)
    screen = evaluate_campaign(campaign, year).results

    def plain(criteria: list[dict]) -> list[dict]:
        # The screen names whose PAR score a merged unit reads for the years before it
        # existed (scoring.adapters; ParScore.source), which thidua-facts/1 does not carry.
        return [
            c | {"detail": re.sub(r" — số liệu của [^;(]+(?:\([^)]*\))?", "", c["detail"])}
            for c in criteria
        ]

    def verdicts(doc: dict) -> dict:
        return {
            (s["key"], c["code"]): (
                c["eligible"],
                c["selected"],
                c["rank"],
                c["note"],
                str(plain(c["criteria"])),
            )
            for s in doc["schemes"]
            for c in s["candidates"]
        }

    on_screen, on_cli = verdicts(screen), verdicts(cli)
    assert on_screen  # the demo gives every scheme candidates
    # The screen leaves out units absent in the scheme's years (a phase reads more years).
    # The screens read a merged unit's predecessors' facts for the years before it existed
    # (scoring.adapters); the exported facts are those recorded: its candidates (the unit,
    # and its people who came from no former unit) are compared by the adapter's tests.
    merged = set(Unit.objects.filter(merged_from__isnull=False).values_list("code", flat=True))
    merged |= {p.code for p in facts_from_db(range(2021, 2026)).people if p.unit in merged}
    on_screen = {k: v for k, v in on_screen.items() if k[1] not in merged}
    assert on_screen.items() <= on_cli.items()
    assert len(on_screen) >= 0.9 * len(on_cli)
