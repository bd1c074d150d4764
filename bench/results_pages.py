"""The results and candidate pages at province scale, read from the stored evaluation.

    python bench/make_facts.py /tmp/province.json            # 3,000 units, 200,000 people
    DATABASE_URL=postgres://…/thidua_bench thidua migrate
    DATABASE_URL=… thidua import-facts /tmp/province.json
    DATABASE_URL=… python bench/results_pages.py [--template phu-my-2021-2025] [--year 2024]

Creates (once) an issued campaign of the template over every unit, computes its stored
evaluation of the year (the worker's task, run here) and prints: the compute's time and
rows; for the office, each scheme's results page (first page, a later page, a filter, a
name search, sorted by name), a candidate page and the Excel export: time, bytes, queries.
Each page is requested twice; the second (warm) figure is the one to read.

``--pad-rows N`` adds N synthetic rows (copies of a stored row, names numbered) to the
individuals' annual scheme before measuring: the pages' read path at a province's row
count when loading the province file is not possible (it measures the pages, not the
compute).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("THIDUA_EVALUATIONS_TASK_BACKEND", "immediate")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from thidua.campaigns.evaluations import compute_now  # noqa: E402
from thidua.campaigns.models import Campaign, EvaluationRow  # noqa: E402
from thidua.campaigns.services import campaign_create_from_template  # noqa: E402
from thidua.org.models import User  # noqa: E402

NAME = "Bench: results pages"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default="phu-my-2021-2025")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--pad-rows", type=int, default=0)
    args = parser.parse_args()
    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = ["*"]
    user, _ = User.objects.get_or_create(
        username="bench-office", defaults={"role": User.Role.OFFICE, "full_name": "Bench"}
    )
    campaign = Campaign.objects.filter(name=NAME).first()
    if campaign is None:
        campaign = campaign_create_from_template(
            key=args.template, name=NAME, issuing_unit=None, user=user
        )
        campaign.status = Campaign.Status.ISSUED
        campaign.save()
    started = time.perf_counter()
    evaluation = compute_now(campaign, args.year)
    rows = EvaluationRow.objects.filter(evaluation=evaluation).count()
    print(f"compute + store: {time.perf_counter() - started:.1f} s, {rows:,} rows")
    if args.pad_rows:
        _pad(evaluation.pk, args.pad_rows)
        rows = EvaluationRow.objects.filter(evaluation=evaluation).count()
        print(f"padded to {rows:,} rows")
    client = Client()
    client.force_login(user)
    base = f"/phong-trao/{campaign.pk}/xet"
    for scheme in campaign.template.schemes:
        url = f"{base}/{scheme.key}/?nam={args.year}"
        for label, suffix in (
            ("page 1", ""),
            ("page 100", "&page=100"),
            ("eligible", "&loc=dat"),
            ("search", "&q=nguyen van"),
            ("by name", "&sap=ten"),
        ):
            _measure(client, f"{scheme.key} {label}", url + suffix)
        code = (
            EvaluationRow.objects.filter(evaluation=evaluation, scheme_key=scheme.key)
            .order_by("position")
            .values_list("code", flat=True)
            .first()
        )
        if code:
            _measure(
                client, f"{scheme.key} candidate", f"{base}/{scheme.key}/{code}/?nam={args.year}"
            )
    _measure(client, "export (all schemes)", f"{base}/xuat-excel/?nam={args.year}&loc=dat")


def _pad(evaluation_id: int, n: int) -> None:
    """N copies of the individuals' first row, as PostgreSQL makes them (generate_series)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO campaigns_evaluationrow (evaluation_id, scheme_key, code, name,
                name_folded, unit_name, "group", eligible, selected, rank, tie, position, doc)
            SELECT r.evaluation_id, r.scheme_key, 'PAD' || g, r.name || ' ' || g,
                r.name_folded || ' ' || g, r.unit_name, r."group",
                CASE g %% 3 WHEN 0 THEN true WHEN 1 THEN false END, r.selected, r.rank,
                false, 1000000 + g, r.doc
            FROM campaigns_evaluationrow r, generate_series(1, %s) g
            WHERE r.id = (SELECT min(id) FROM campaigns_evaluationrow
                          WHERE evaluation_id = %s AND scheme_key = 'ca-nhan-hang-nam')
            """,
            [n, evaluation_id],
        )
        cursor.execute("ANALYZE campaigns_evaluationrow")


def _measure(client: Client, label: str, url: str) -> None:
    client.get(url)  # warm
    reset_queries()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    print(
        f"{label:40} {response.status_code} {elapsed * 1000:8.0f} ms "
        f"{len(response.content) / 1024:9.1f} KiB {len(connection.queries):4} queries"
    )


if __name__ == "__main__":
    main()
