"""Render a QUYẾT ĐỊNH khen thưởng with 2,000 awardees to .docx (goal, PRODUCT.md: < 3 s).

    python bench/decision_docx.py [--awardees 2000] [--runs 5]

The decision, its campaign (the Phù Mỹ plan), units, people and award forms are unsaved
model instances: no database is touched, only the builder is timed (the same code path the
product uses, with `awards=` given instead of read from the database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from docx import Document  # noqa: E402

from thidua.awards.decisions import default_legal_bases  # noqa: E402
from thidua.awards.records import Decision, DecisionAward  # noqa: E402
from thidua.campaigns.models import Campaign  # noqa: E402
from thidua.campaigns.plan import load_plan  # noqa: E402
from thidua.documents.decision_docx import decision_docx  # noqa: E402
from thidua.law.models import Schedule  # noqa: E402
from thidua.org.models import Person, Unit  # noqa: E402
from thidua.scoring.models import AwardForm  # noqa: E402

GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Thảo"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Quang"]


def build(awardees: int) -> tuple[Decision, list[DecisionAward]]:
    campaign = Campaign(name="Phù Mỹ", template_key="phu-my-2021-2025")
    campaign.plan = load_plan("phu-my-2021-2025").to_dict()
    root = Unit(code="HUYEN", name="UBND huyện Phù Mỹ", level="huyen", group_id="khac")
    units = [
        Unit(code=f"U{i:03d}", name=f"UBND xã số {i}", level="xa", group_id="xa", parent=root)
        for i in range(60)
    ]
    forms = {
        "collective": AwardForm(
            key="giay_khen_chu_tich_huyen",
            name="Giấy khen của Chủ tịch UBND huyện",
            kind="form",
            recipient="collective",
            order=10,
        ),
        "person": AwardForm(
            key="lao_dong_tien_tien",
            name="Lao động tiên tiến",
            kind="title",
            recipient="person",
            order=20,
        ),
    }
    decision = Decision(
        campaign=campaign,
        number="15",
        signed_on=dt.date(2025, 12, 15),
        title="Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong công tác cải "
        "cách hành chính năm 2025",
        signer_authority=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Lê Văn Lịch",
        funding="Quỹ Thi đua, khen thưởng của huyện Phù Mỹ",
    )
    # No database here: the decree the decision cites is an unsaved stand-in too.
    decision.schedule = Schedule(
        name="Nghị định 152/2025/NĐ-CP",
        citation="Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số "
        "điều của Luật Thi đua, khen thưởng",
        valid_from=dt.date(2025, 7, 1),
        has_coefficients=True,
    )
    decision.legal_bases = default_legal_bases(campaign, schedule=decision.schedule)
    awards = []
    collectives = awardees // 10
    for i in range(awardees):
        if i < collectives:
            awards.append(
                DecisionAward(
                    decision=decision,
                    unit=units[i % len(units)],
                    form=forms["collective"],
                    year=2025,
                    amount=1_410_000,
                )
            )
        else:
            name = f"{FAMILY[i % 7]} {MIDDLE[i % 5]} {GIVEN[i % 12]}"
            person = Person(
                code=f"P{i:05d}", full_name=name, position="Công chức", unit=units[i % len(units)]
            )
            awards.append(
                DecisionAward(
                    decision=decision,
                    person=person,
                    form=forms["person"],
                    year=2025,
                    amount=710_000,
                )
            )
    return decision, awards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--awardees", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    decision, awards = build(args.awardees)
    built = time.perf_counter() - started
    times = []
    data = b""
    for _ in range(args.runs):
        started = time.perf_counter()
        data = decision_docx(decision, awards=awards)
        times.append(time.perf_counter() - started)
    rows = len(Document(io.BytesIO(data)).tables[1].rows)
    print(f"awardees: {args.awardees} (built in memory in {built:.3f} s)")
    print(
        f"render .docx: min {min(times):.3f} s, median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s over {args.runs} runs (goal < 3 s)"
    )
    print(
        f"file: {len(data) / 1024:.0f} KiB, list table rows {rows} (header + "
        f"{rows - 2} awardees + total)"
    )
    print("goal met" if max(times) < 3 else "GOAL MISSED")


if __name__ == "__main__":
    main()
