"""`thidua import-facts`: all or nothing, the same refusals as RULES.md §1, merges by keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from thidua.org.models import Person, Unit
from thidua.rules.facts import FactsError, load_facts
from thidua.scoring import models as m

EXAMPLE = (
    Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "phu-my-small.facts.json"
)


@pytest.fixture
def example() -> dict:
    if not EXAMPLE.exists():
        pytest.skip("shared/examples is not beside the repository")
    return json.loads(EXAMPLE.read_text())


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(doc, ensure_ascii=False))
    return path


def _run(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "thidua", "import-facts", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db
def test_it_imports_every_section(example: dict, tmp_path: Path) -> None:
    call_command("import-facts", str(_write(tmp_path, example)))
    assert Unit.objects.count() == 8
    assert Person.objects.count() == 6
    assert m.ParScore.objects.count() == 23
    assert m.Rating.objects.count() == 4
    assert m.Award.objects.count() == 4
    assert m.Initiative.objects.get(code="SK-2022-07").authors.get().code == "CB03"
    assert m.Attestation.objects.get().key == "tieu_bieu_giai_doan"
    myan = m.ParScore.objects.get(unit__code="MYAN", year=2024)
    assert myan.percent == myan.score  # max 100, kept exact: 89.995
    assert str(myan.score) == "89.995"
    assert Person.objects.get(code="CB04").unit_chair is True


@pytest.mark.django_db
def test_it_is_idempotent_and_merges_changes(example: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, example)
    call_command("import-facts", str(path))
    entries = LogEntry.objects.count()
    call_command("import-facts", str(path))
    assert m.ParScore.objects.count() == 23
    assert LogEntry.objects.count() == entries  # nothing changed, nothing logged

    example["par_scores"][0]["score"] = 70
    example["awards"].append(dict(example["awards"][0]))  # the same award twice counts twice
    call_command("import-facts", str(_write(tmp_path, example)))
    assert m.ParScore.objects.get(unit__code="PNV", year=2021).score == 70
    assert m.Award.objects.filter(person__code="CB02").count() == 2
    assert LogEntry.objects.count() == entries + 2


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["units"][0].update(colour="red"),
        lambda d: d["people"][0].pop("unit"),
        lambda d: d["par_scores"][0].update(score=101),
        lambda d: d["par_scores"].append(dict(d["par_scores"][0])),
        lambda d: d["ratings"][0].update(rating="TOT"),
        lambda d: d["awards"][0].update(form="bang_khen_gia_dinh"),
        lambda d: d["people"][1].update(code="PNV"),
        lambda d: d["units"][0].update(par_assessed=False),
        lambda d: d.update(reviews=[{"subject": "CB01", "since": "2024-02-30", "kind": "bao_chi"}]),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_it_refuses_what_the_format_refuses_with_the_same_message(
    example: dict, tmp_path: Path, mutate
) -> None:  # type: ignore[no-untyped-def]
    mutate(example)
    with pytest.raises(FactsError) as expected:
        load_facts(json.loads(json.dumps(example)))
    done = _run(_write(tmp_path, example))
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(expected.value) in lines[0]
    assert Unit.objects.count() == 0  # nothing half-written


@pytest.mark.django_db
def test_it_refuses_a_code_the_database_gives_to_a_person(example: dict, tmp_path: Path) -> None:
    unit = Unit.objects.create(code="ZZ", name="Khác", level="khac", group_id="khac")
    Person.objects.create(code="PNV", full_name="Trùng Mã", unit=unit)
    with pytest.raises(SystemExit):
        call_command("import-facts", str(_write(tmp_path, example)))
    assert not Unit.objects.filter(code="PNV").exists()
    assert m.ParScore.objects.count() == 0
