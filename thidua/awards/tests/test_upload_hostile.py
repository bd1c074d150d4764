"""Dossier attachments go through the upload checks (issue 12 item 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.dossiers import Dossier
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.lib.tests import crafted as c


@pytest.fixture
def campaign(district, accounts, settings, tmp_path) -> Campaign:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    rules = campaign.rules
    for deadline in rules["deadlines"]:
        if deadline["key"].startswith("ho-so"):
            deadline.pop("month", None)
            deadline.pop("day", None)
            deadline["date"] = "2025-11-30"
    rules["period"]["end"] = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    campaign.rules = rules
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def test_a_report_carrying_an_exe_is_refused(login, campaign, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    client.post(f"/phong-trao/{campaign.pk}/ho-so/", {"nam": "2025"})
    dossier = Dossier.objects.get()
    content = c.with_members(c.docx_bytes(), {"word/embeddings/setup.exe": c.EXE})
    response = client.post(
        f"/ho-so/{dossier.pk}/tep/",
        {"component": "to-trinh", "file": SimpleUploadedFile("bao-cao.docx", content)},
        follow=True,
    )
    assert "Tệp “bao-cao.docx” chứa tệp thực thi nhúng: word/embeddings/setup.exe." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.docx"))
