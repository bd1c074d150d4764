"""A unit assembles and submits its dossier; files are checked by their bytes and reach
only those who may see the dossier; a missing component blocks submission by name; the
office asks for more and appraises with a written reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def campaign(district, accounts, settings, tmp_path) -> Campaign:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    rules = campaign.rules
    # A deadline in the future, so the unit may submit today.
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


def _open(client, campaign) -> Dossier:  # type: ignore[no-untyped-def]
    client.post(f"/phong-trao/{campaign.pk}/ho-so/", {"nam": "2025"})
    return Dossier.objects.get()


def _upload(client, dossier, component: str, name: str = "to-trinh.pdf", content: bytes = PDF):  # type: ignore[no-untyped-def]
    return client.post(
        f"/ho-so/{dossier.pk}/tep/",
        {"component": component, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_unit_assembles_its_dossier(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    dossier = _open(client, campaign)
    assert dossier.unit == district["a"] and dossier.state == State.DRAFT
    response = client.post(
        f"/ho-so/{dossier.pk}/de-nghi/",
        {
            "unit": district["a"].pk,
            "form": "giay_khen_chu_tich_huyen",
            "scheme_key": "tap-the-hang-nam",
            "summary": "Dẫn đầu khối",
        },
        follow=True,
    )
    assert "Đã thêm đề nghị khen thưởng." in response.content.decode()
    assert _upload(client, dossier, "to-trinh").status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.original_name == "to-trinh.pdf"
    assert client.get(f"/tep/{attachment.pk}/").getvalue() == PDF


def test_a_renamed_exe_is_refused(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    dossier = _open(client, campaign)
    response = _upload(client, dossier, "to-trinh", "to-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert "kiểm tra theo nội dung tệp, không theo tên" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_missing_component_blocks_submission_by_name(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    dossier = _open(client, campaign)
    client.post(
        f"/ho-so/{dossier.pk}/de-nghi/",
        {"unit": district["a"].pk, "form": "giay_khen_chu_tich_huyen"},
    )
    _upload(client, dossier, "to-trinh")
    response = client.post(f"/ho-so/{dossier.pk}/chuyen/", {"target": "da_nop"}, follow=True)
    body = response.content.decode()
    assert (
        "Hồ sơ còn thiếu: Biên bản họp Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị" in body
    )
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT


def test_files_reach_only_those_who_may_see_the_dossier(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    dossier = _open(client, campaign)
    _upload(client, dossier, "to-trinh")
    attachment = Attachment.objects.get()
    assert login("unit_b").get(f"/tep/{attachment.pk}/").status_code == 404
    assert login("unit_b").get(f"/ho-so/{dossier.pk}/").status_code == 404
    assert login("office").get(f"/tep/{attachment.pk}/").status_code == 200
    assert login("council").get(f"/ho-so/{dossier.pk}/").status_code == 200
    # Another unit cannot add to it either.
    response = login("unit_b").post(
        f"/ho-so/{dossier.pk}/de-nghi/", {"form": "giay_khen_chu_tich_huyen"}
    )
    assert response.status_code == 404


def test_the_office_asks_for_more_and_overrides_only_with_a_reason(
    login, campaign, district
) -> None:  # type: ignore[no-untyped-def]
    unit = login("unit_a")
    dossier = _open(unit, campaign)
    unit.post(
        f"/ho-so/{dossier.pk}/de-nghi/",
        {
            "unit": district["a"].pk,
            "form": "giay_khen_chu_tich_huyen",
            "scheme_key": "tap-the-hang-nam",
        },
    )
    for component in ("to-trinh", "bien-ban", "bao-cao-thanh-tich"):
        _upload(unit, dossier, component)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.SUBMITTED)  # submitted in time
    office = login("office")
    office.post(f"/ho-so/{dossier.pk}/chuyen/", {"target": "dang_tham_dinh"})
    refused = office.post(
        f"/ho-so/{dossier.pk}/chuyen/", {"target": "yeu_cau_bo_sung"}, follow=True
    )
    assert "Hãy ghi lý do" in refused.content.decode()
    office.post(
        f"/ho-so/{dossier.pk}/chuyen/",
        {"target": "yeu_cau_bo_sung", "reason": "Bổ sung số liệu Chỉ số CCHC"},
    )
    dossier.refresh_from_db()
    assert dossier.state == State.NEEDS_MORE
    page = unit.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Bổ sung số liệu Chỉ số CCHC" in page
    Dossier.objects.filter(pk=dossier.pk).update(state=State.APPRAISING)
    nomination = dossier.nominations.get()
    no_reason = office.post(
        f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/ket-luan/", {"verdict": "dat"}, follow=True
    )
    assert "phải ghi lý do" in no_reason.content.decode()
    office.post(
        f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/ket-luan/",
        {"verdict": "dat", "reason": "Đã xác minh bổ sung"},
    )
    nomination.refresh_from_db()
    assert nomination.override is True and nomination.override_by.username == "noivu"
    assert "Đã xác minh bổ sung" in office.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert (
        login("unit_a")
        .post(
            f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/ket-luan/",
            {"verdict": "khong", "reason": "x"},
        )
        .status_code
        == 403
    )


def test_a_nomination_for_a_higher_form_travels_to_the_parent_campaign(
    login, campaign, district, accounts
) -> None:  # type: ignore[no-untyped-def]
    child = campaign_create_from_template(
        key="dinh-du-2024",
        name="Thi đua CCHC xã Mỹ An",
        issuing_unit=district["b"],
        user=accounts["office"],
        parent=campaign,
    )
    child.status = Campaign.Status.ISSUED
    child.save()
    dossier = Dossier.objects.create(
        campaign=child, unit=district["b_section"], year=2024, state=State.ELIGIBLE
    )
    nomination = dossier.nominations.create(
        unit=district["b_section"], form_id="giay_khen_chu_tich_huyen", summary="Một cửa mẫu"
    )
    path = "uploads/test/bao-cao.pdf"
    (django_settings.MEDIA_ROOT / "uploads" / "test").mkdir(parents=True)
    (django_settings.MEDIA_ROOT / path).write_bytes(PDF)
    Attachment.objects.create(
        dossier=dossier,
        component="bao-cao",
        original_name="bao-cao.pdf",
        path=path,
        kind="pdf",
        size=len(PDF),
    )

    assert (
        login("unit_b").post(f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/chuyen-len/").status_code
        == 403
    )
    login("office").post(f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/chuyen-len/")
    upper = Dossier.objects.get(campaign=campaign, unit=district["b"], year=2024)
    assert upper.state == State.DRAFT
    copy = upper.nominations.get()
    assert (copy.unit, copy.form_id, copy.summary) == (
        district["b_section"],
        "giay_khen_chu_tich_huyen",
        "Một cửa mẫu",
    )
    moved = upper.attachments.get()
    assert moved.path != path and (django_settings.MEDIA_ROOT / moved.path).read_bytes() == PDF
    nomination.refresh_from_db()
    assert nomination.forwarded_to == campaign
    again = login("office").post(
        f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/chuyen-len/", follow=True
    )
    assert "đã được chuyển lên cấp trên" in again.content.decode()
