"""The dossier page loses nothing: "Tài liệu khác" is listed where it was uploaded, each
nomination's drafted Báo cáo thành tích downloads, a refused nomination or upload comes
back with what was typed, and the irreversible buttons ask first."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.dossiers import Dossier
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dossier(district, accounts, settings, tmp_path) -> Dossier:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)


def test_tai_lieu_khac_is_listed_once_uploaded(login, dossier) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    response = client.post(
        f"/ho-so/{dossier.pk}/tep/",
        {"component": "khac", "file": SimpleUploadedFile("ghi-chu.pdf", PDF)},
        follow=True,
    )
    body = response.content.decode()
    attachment = Attachment.objects.get()
    assert "Đã tải tệp lên. “ghi-chu.pdf” nằm ở mục “Tài liệu khác”." in body
    assert f'href="/tep/{attachment.pk}/"' in body
    assert body.index("Tài liệu khác\n") < body.index(f'href="/tep/{attachment.pk}/"')


def test_a_refused_upload_reports_no_success_and_keeps_the_component(login, dossier) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    response = client.post(
        f"/ho-so/{dossier.pk}/tep/",
        {"component": "bien-ban", "file": SimpleUploadedFile("x.pdf", b"MZ" + b"\0" * 99)},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Đã tải tệp lên" not in body and not Attachment.objects.exists()
    assert '<option value="bien-ban" selected>' in body


def test_a_nomination_error_keeps_what_was_typed(login, dossier, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    response = client.post(
        f"/ho-so/{dossier.pk}/de-nghi/",
        {"unit": district["a"].pk, "form": "khong-co-hinh-thuc-nay", "summary": "Dẫn đầu khối"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Dẫn đầu khối</textarea>" in body
    assert f'<option value="{district["a"].pk}" selected>' in body
    assert not dossier.nominations.exists()


def test_each_report_link_downloads(login, dossier, district) -> None:  # type: ignore[no-untyped-def]
    nomination = dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_huyen")
    client = login("unit_a")
    body = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    link = f"/ho-so/{dossier.pk}/mau/bao-cao-{nomination.pk}.docx"
    assert f'href="{link}"' in body
    assert client.get(link).status_code == 200


def test_irreversible_buttons_ask_first(login, dossier, district) -> None:  # type: ignore[no-untyped-def]
    dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_huyen")
    body = login("unit_a").get(f"/ho-so/{dossier.pk}/").content.decode()
    assert 'data-confirm="Nộp hồ sơ?' in body
    assert 'data-confirm="Bỏ đề nghị khen thưởng' in body
    assert '<script src="/static/js/confirm.js" defer></script>' in body


def test_an_absurd_report_name_is_not_found(login, dossier) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    for name in ("bao-cao-" + "9" * 25 + ".docx", "bao-cao-².docx", "bao-cao-0.docx"):
        assert client.get(f"/ho-so/{dossier.pk}/mau/{name}").status_code == 404
