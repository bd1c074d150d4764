"""A signed decision with two awardees, and a campaign with a proposed list (one dossier
found eligible), on the two-unit district of thidua/conftest.py."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from thidua.awards.decisions import draft_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Decision, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ; giải quyết 100% hồ sơ đúng hạn."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


@pytest.fixture
def decision(campaign, district, people, accounts) -> Decision:  # type: ignore[no-untyped-def]
    people["a"].birth_year = 1979
    people["a"].email = "an.nguyen@example.vn"
    people["a"].position = "Chuyên viên"
    people["a"].save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2024)
    nominations = [
        Nomination.objects.create(
            dossier=dossier,
            person=people["a"],
            form_id="giay_khen_chu_tich_huyen",
            summary=ACHIEVEMENT,
        ),
        Nomination.objects.create(
            dossier=dossier,
            unit=district["a"],
            form_id="giay_khen_chu_tich_huyen",
            summary="Tập thể hoàn thành xuất sắc nhiệm vụ năm 2024.",
        ),
    ]
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    decision = draft_decision(
        campaign=campaign,
        title="Về việc khen thưởng tập thể, cá nhân năm 2024",
        nominations=nominations,
        user=accounts["office"],
        today=dt.date(2024, 12, 20),
    )
    Decision.objects.filter(pk=decision.pk).update(
        status=Decision.Status.SIGNED,
        number="2150",
        signed_on=dt.date(2024, 12, 25),
        signer_name="Võ Đức Hùng",
        signer_authority=["CHỦ TỊCH"],
    )
    decision.refresh_from_db()
    return decision


@pytest.fixture
def proposed(campaign, district, people) -> Nomination:  # type: ignore[no-untyped-def]
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    nomination = Nomination.objects.create(
        dossier=dossier,
        person=people["b"],
        form_id="giay_khen_chu_tich_huyen",
        summary="Đề nghị khen thưởng vì thành tích năm 2025.",
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=State.ELIGIBLE)
    return nomination


def image_bytes(kind: str = "JPEG", size: tuple[int, int] = (40, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, "red")
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010E] = "secret description"  # ImageDescription
        data[0x013B] = "Nguyen Van An"  # Artist
        image.save(buffer, kind, exif=data)
    else:
        image.save(buffer, kind)
    return buffer.getvalue()
