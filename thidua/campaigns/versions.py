"""The version of an evaluation's inputs: a cheap fingerprint that changes whenever a fact
the evaluation reads, the campaign's rules or its registrations change.

Every table the evaluation reads has database triggers (installed after every ``migrate``,
so a table rebuilt by a later migration gets them back) that bump a counter row
(campaigns.FactVersion) per kind of fact and year in the same transaction as the write.
Triggers, not signals: they see every write path alike — single saves, ``bulk_create``,
``QuerySet.update`` (a confirmation, a revocation setting ``revoked_on``), deletes and
cascades, imports and raw SQL — so no write can leave a stale verdict on a council's
screen. On PostgreSQL they are statement triggers reading the transition tables (one upsert
per statement and year, whatever the number of rows); SQLite has only row triggers.

The fingerprint of (campaign, year) hashes: the counters of the kinds and years the
campaign's template reads for that year (rules.reads: a rating of 2019 does not touch a
2025 evaluation that reads no 2019), the units' and people's counter, the campaign's
registrations counter, the campaign's rules and issuing unit, and the engine's code."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from thidua.rules.reads import template_reads
from thidua.rules.template import Template

ORG: Final = "org"
REGISTRATIONS: Final = "registrations"
COUNTERS: Final = "campaigns_factversion"


def _tables() -> list[tuple[str, str, str]]:
    """(table, kind, scope as an SQL expression over a row alias ``r``)."""
    from thidua.campaigns.models import Registration, RegistrationLine
    from thidua.org.models import Person, Unit
    from thidua.scoring import models as m

    reg = Registration._meta.db_table
    return [
        (m.ParScore._meta.db_table, "par_scores", "r.year"),
        (m.Rating._meta.db_table, "ratings", "r.year"),
        (m.Discipline._meta.db_table, "disciplines", "{year_of_date}"),
        (m.Review._meta.db_table, "reviews", "0"),
        (m.Award._meta.db_table, "awards", "r.year"),
        (m.Initiative._meta.db_table, "initiatives", "r.year"),
        (m.Initiative.authors.through._meta.db_table, "initiatives", "0"),
        (m.Attestation._meta.db_table, "attestations", "r.year"),
        (Unit._meta.db_table, ORG, "0"),
        (Person._meta.db_table, ORG, "0"),
        (Unit.merged_from.through._meta.db_table, ORG, "0"),
        (reg, REGISTRATIONS, "r.campaign_id"),
        (
            RegistrationLine._meta.db_table,
            REGISTRATIONS,
            f"COALESCE((SELECT g.campaign_id FROM {reg} g WHERE g.id = r.registration_id), 0)",
        ),
    ]


def install_triggers(using: BaseDatabaseWrapper | None = None) -> None:
    """Create (or re-create) the counters' triggers; idempotent."""
    conn = using or connection
    if COUNTERS not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        for table, kind, scope in _tables():
            for op in ("insert", "update", "delete"):
                for sql in _trigger_sql(conn.vendor, table, kind, scope, op):
                    cursor.execute(sql)


def _trigger_sql(vendor: str, table: str, kind: str, scope: str, op: str) -> list[str]:
    name = f"thidua_v_{table}_{op}"[:60]
    if vendor == "postgresql":
        scope = scope.replace("{year_of_date}", 'EXTRACT(YEAR FROM r."date")::int')
        sources = {
            "insert": ["new_rows"],
            "delete": ["old_rows"],
            "update": ["new_rows", "old_rows"],
        }
        selects = " UNION ".join(
            f"SELECT DISTINCT {scope} AS s FROM {src} r" for src in sources[op]
        )
        refs = {
            "insert": "REFERENCING NEW TABLE AS new_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows",
            "update": "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
        }[op]
        return [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {COUNTERS} (kind, scope, version)
  SELECT '{kind}', s, 1 FROM ({selects}) AS changed
  ON CONFLICT (kind, scope) DO UPDATE SET version = {COUNTERS}.version + 1;
  RETURN NULL;
END $$""",
            f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
            f'CREATE TRIGGER {name} AFTER {op.upper()} ON "{table}" {refs} '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    if vendor == "sqlite":
        scope = scope.replace("{year_of_date}", "CAST(strftime('%Y', r.\"date\") AS INTEGER)")
        rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["NEW", "OLD"]}[op]
        bumps = "".join(
            f"INSERT INTO {COUNTERS} (kind, scope, version) VALUES ('{kind}', "
            f"{scope.replace('r.', row + '.')}, 1) "
            "ON CONFLICT (kind, scope) DO UPDATE SET version = version + 1;\n"
            for row in rows
        )
        return [
            f"DROP TRIGGER IF EXISTS {name}",
            f'CREATE TRIGGER {name} AFTER {op.upper()} ON "{table}" BEGIN\n{bumps}END',
        ]
    raise NotImplementedError(f"No fact-version triggers for {vendor}")


@cache
def engine_version() -> str:
    """A hash of the code that computes evaluations: a new engine invalidates them all."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(
        [*root.joinpath("rules").glob("*.py"), root / "scoring" / "adapters.py", Path(__file__)]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def wanted_scopes(template: Template, year: int, campaign_id: int) -> dict[str, set[int] | None]:
    """kind -> the scopes of its counter the evaluation reads (None: all of them)."""
    reads = template_reads(template, year)
    wanted: dict[str, set[int] | None] = {
        kind: None if years is None else {0, *years}
        for kind, years in reads.items()
        if kind != "attestation_keys"
    }
    wanted[ORG] = None
    wanted[REGISTRATIONS] = {0, campaign_id}
    return wanted


def fingerprint(campaign: Any, year: int, template: Template | None = None) -> str:
    """The version of everything ``campaign``'s evaluation of ``year`` reads: one query."""
    from thidua.campaigns.models import FactVersion

    template = template or campaign.template
    wanted = wanted_scopes(template, year, campaign.pk)
    counters = sorted(
        (kind, scope, version)
        for kind, scope, version in FactVersion.objects.filter(kind__in=list(wanted)).values_list(
            "kind", "scope", "version"
        )
        if wanted[kind] is None or scope in wanted[kind]  # type: ignore[operator]
    )
    text = json.dumps(
        [engine_version(), year, campaign.issuing_unit_id, campaign.rules, counters],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()
