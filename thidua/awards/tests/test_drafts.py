"""The product drafts a dossier's components from its data: Tờ trình, Báo cáo thành tích
with the recipient's recorded awards, and the Danh sách trích ngang."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.dossier_docs import TRICH_NGANG_COLUMNS
from thidua.scoring import models as m


@pytest.fixture
def dossier(district, people, accounts) -> Dossier:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    dossier.nominations.create(
        person=people["a"], form_id="lao_dong_tien_tien", summary="Dẫn đầu số hóa."
    )
    dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_huyen")
    m.Award.objects.create(
        person=people["a"],
        form_id="giay_khen_chu_tich_huyen",
        year=2023,
        field="cchc",
        decision_number="125/QĐ-UBND",
    )
    return dossier


def _text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_it_drafts_the_to_trinh(login, dossier) -> None:  # type: ignore[no-untyped-def]
    text = _text(login("unit_a").get(f"/ho-so/{dossier.pk}/mau/to-trinh.docx").content)
    assert "TỜ TRÌNH" in text and "Về việc đề nghị khen thưởng năm 2025" in text
    assert "1. Nguyễn Văn An" in text and "Lao động tiên tiến" in text
    assert "2. Phòng Nội vụ" in text


def test_it_drafts_the_report_with_the_recorded_awards(login, dossier) -> None:  # type: ignore[no-untyped-def]
    nomination = dossier.nominations.get(person__isnull=False)
    text = _text(
        login("unit_a").get(f"/ho-so/{dossier.pk}/mau/bao-cao-{nomination.pk}.docx").content
    )
    assert "BÁO CÁO THÀNH TÍCH" in text and "Dẫn đầu số hóa." in text
    assert "125/QĐ-UBND" in text and "2023" in text


def test_it_drafts_the_trich_ngang_with_the_expected_columns(login, dossier) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(
        BytesIO(login("office").get(f"/ho-so/{dossier.pk}/mau/trich-ngang.xlsx").content)
    ).active
    # the title block above the list (documents/tests/test_dossier_docs.py checks it)
    assert [c.value for c in sheet[10]] == [label for label, _ in TRICH_NGANG_COLUMNS]
    assert sheet["B11"].value == "Nguyễn Văn An" and sheet["G11"].value == "Lao động tiên tiến"


def test_drafts_follow_the_dossiers_permissions(login, dossier) -> None:  # type: ignore[no-untyped-def]
    assert login("unit_b").get(f"/ho-so/{dossier.pk}/mau/to-trinh.docx").status_code == 404
    assert login("unit_a").get(f"/ho-so/{dossier.pk}/mau/khac.docx").status_code == 404


def test_a_draft_is_named_after_its_unit_not_its_code(login, dossier) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").get(f"/ho-so/{dossier.pk}/mau/to-trinh.docx")
    disposition = response["Content-Disposition"]
    assert dossier.unit.code not in disposition
    assert 'filename="phong-noi-vu-to-trinh.docx"' in disposition
