"""The demo after the decision (issue 11): the fund of the Lộc Ninh campaign's issuer —
allocations for 2024 and 2025, the signed decision's payments recorded from its payment
list — and one revocation: a general Giấy khen of 2021 from the history, annulled in 2025,
its money recovered into the fund; a second revocation left as the office's draft.

Everything goes through the services the screens use."""

from __future__ import annotations

import datetime as dt

from thidua.awards import fund, revocation
from thidua.awards.records import Decision
from thidua.org.models import User
from thidua.scoring.models import Award

CAMPAIGN = "loc-ninh-2024-2025"


def build(counts: dict[str, int]) -> None:
    office = User.objects.get(username="noivu")
    decision = (
        Decision.objects.filter(campaign__template_key=CAMPAIGN, status=Decision.Status.SIGNED)
        .select_related("campaign__issuing_unit")
        .order_by("pk")
        .first()
    )
    if decision is None or decision.campaign.issuing_unit is None:
        return
    issuer = decision.campaign.issuing_unit
    for on, document, amount in (
        (
            dt.date(2024, 1, 15),
            "Quyết định số 45/QĐ-UBND ngày 15/01/2024 trích lập quỹ năm 2024",
            60_000_000,
        ),
        (
            dt.date(2025, 1, 14),
            "Quyết định số 38/QĐ-UBND ngày 14/01/2025 trích lập quỹ năm 2025",
            50_000_000,
        ),
    ):
        fund.add_entry(
            issuer=issuer, kind="trich_lap", on=on, document=document, amount=amount, user=office
        )
    fund.record_decision_payments(decision, on=dt.date(2024, 12, 30), user=office)

    history = (
        Award.objects.filter(
            year=2021,
            field="chung",
            person=None,
            revoked_on=None,
            form_id="giay_khen_chu_tich_huyen",
        )
        .select_related("form", "unit")
        .order_by("pk")
    )
    first, second = list(history[:2]) + [None] * (2 - min(2, history.count()))
    if first is not None:
        signed = revocation.draft_revocation(
            reason="Thanh tra huyện kết luận tập thể kê khai không đúng thành tích năm 2021 "
            "(Kết luận thanh tra số 12/KL-TTr ngày 20/02/2025).",
            awards=[first],
            user=office,
            issuer=issuer,
        )
        item = signed.items.get()
        revocation.update_draft(
            signed, reason=signed.reason, user=office, money={item.pk: "730000"}
        )
        revocation.record_signed(
            signed,
            number="312",
            signed_on=dt.date(2025, 3, 10),
            signer_name="Võ Đức Hùng",
            user=office,
            today=dt.date(2025, 3, 10),
        )
        revocation.record_recovery(
            item,
            money_on=dt.date(2025, 4, 2),
            certificate_on=dt.date(2025, 4, 2),
            document="Phiếu thu số 07 ngày 02/04/2025",
            user=office,
        )
        counts["revocations"] = 1
    if second is not None:
        revocation.draft_revocation(
            reason="Đang xác minh đơn phản ánh về thành tích năm 2021.",
            awards=[second],
            user=office,
            issuer=issuer,
        )
    counts["fund_entries"] = fund.FundEntry.objects.count()
