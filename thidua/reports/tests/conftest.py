"""A hand-counted case: two units (A: Phòng Nội vụ, khối phòng; B: xã Mỹ An, khối xã),
PAR results, awards (one revoked), one signed decision with known money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from thidua.awards.records import Decision, DecisionAward
from thidua.campaigns.models import Campaign, Registration
from thidua.campaigns.services import campaign_create_from_template
from thidua.scoring.models import Award, ParScore


@pytest.fixture
def case(district, people, accounts) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_case(district, people, accounts)


def make_case(district, people, accounts) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    a, b = district["a"], district["b"]
    ParScore.objects.create(unit=a, year=2024, score=Decimal("91.25"), max_score=100)
    ParScore.objects.create(unit=b, year=2024, score=Decimal("78.5"), max_score=100)
    ParScore.objects.create(unit=a, year=2023, score=Decimal("70"), max_score=100)
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.ISSUED)
    campaign.refresh_from_db()
    decision = Decision.objects.create(
        campaign=campaign,
        number="12",
        signed_on=dt.date(2025, 1, 20),
        title="Về việc khen thưởng",
        status=Decision.Status.SIGNED,
    )
    ref = "12/QĐ-UBND"
    # In force, 2024: A collective (Giấy khen huyện), person A (nam) and B (nữ) LĐTT.
    Award.objects.create(
        unit=a,
        form_id="giay_khen_chu_tich_huyen",
        year=2024,
        decision_number=ref,
        issuer="Ủy ban nhân dân huyện Thử Nghiệm",
    )
    Award.objects.create(
        person=people["a"], form_id="lao_dong_tien_tien", year=2024, decision_number=ref
    )
    Award.objects.create(
        person=people["b"], form_id="lao_dong_tien_tien", year=2024, decision_number=ref
    )
    # Revoked: person B's CSTĐCS 2024 — counted nowhere.
    revoked = Award.objects.create(
        person=people["b"], form_id="chien_si_thi_dua_co_so", year=2024, decision_number=ref
    )
    Award.objects.filter(pk=revoked.pk).update(revoked_on=dt.date(2025, 6, 1))
    # 2023: B's section person (nam), LĐTT.
    Award.objects.create(person=people["b_section"], form_id="lao_dong_tien_tien", year=2023)
    for subject, amount in (
        ({"unit": a}, 1_540_000),
        ({"person": people["a"]}, 500_000),
        ({"person": people["b"]}, 300_000),
    ):
        DecisionAward.objects.create(
            decision=decision, form_id="lao_dong_tien_tien", year=2024, amount=amount, **subject
        )
    Decision.objects.create(campaign=campaign, title="Dự thảo", status=Decision.Status.DRAFT)
    Registration.objects.create(
        campaign=campaign, unit=a, year=2024, status=Registration.Status.SUBMITTED
    )
    Registration.objects.create(campaign=campaign, unit=b, year=2024)
    return {"campaign": campaign, "decision": decision, "a": a, "b": b}
