"""Evidence files of a PAR self-assessment: checked by their bytes, listed on the PAR
result's page, served only to those who may see the result; the unit's files are frozen
once the office appraises the result."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.scoring import access
from thidua.scoring import models as m

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def self_assessment(district, settings, tmp_path) -> m.ParScore:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return m.ParScore.objects.create(
        unit=district["a"], year=2025, self_score=Decimal("93"), confirmed_at=None
    )


def _upload(client, score, name="bang-diem.pdf", content=PDF):  # type: ignore[no-untyped-def]
    return client.post(
        f"/du-lieu/chi-so-cchc/{score.pk}/tep/",
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_unit_attaches_evidence_to_its_self_assessment(login, self_assessment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    response = _upload(client, self_assessment)
    assert "Đã tải lên tài liệu kiểm chứng “bang-diem.pdf”." in response.content.decode()
    evidence = m.ParEvidence.objects.get()
    assert evidence.kind == "pdf" and (tmp_path / evidence.stored_path).read_bytes() == PDF
    assert "bang-diem.pdf" in response.content.decode()  # listed on the result's page
    url = f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/{evidence.pk}/"
    assert client.get(url).getvalue() == PDF
    assert login("office").get(url).getvalue() == PDF
    assert login("unit_b").get(url).status_code == 404
    assert login("unit_b").post(f"{url}xoa/").status_code == 404
    assert m.ParEvidence.objects.exists()


def test_a_renamed_executable_is_refused(login, self_assessment) -> None:  # type: ignore[no-untyped-def]
    response = _upload(login("unit_a"), self_assessment, "bang-diem.pdf", b"MZ\x90" + b"\0" * 99)
    assert "kiểm tra theo nội dung tệp, không theo tên" in response.content.decode()
    assert not m.ParEvidence.objects.exists()


def test_no_file_chosen_is_one_message(login, self_assessment) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/", follow=True)
    assert "Hãy chọn tệp tài liệu kiểm chứng để tải lên." in response.content.decode()


def test_unit_b_cannot_attach_to_unit_as_result(login, self_assessment) -> None:  # type: ignore[no-untyped-def]
    assert _upload(login("unit_b"), self_assessment).status_code == 404
    assert not m.ParEvidence.objects.exists()


def test_evidence_is_frozen_once_appraised(login, self_assessment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    _upload(client, self_assessment)
    evidence = m.ParEvidence.objects.get()
    m.ParScore.objects.filter(pk=self_assessment.pk).update(score=Decimal("90"))
    response = _upload(client, self_assessment)
    assert response.status_code == 403 and access.APPRAISED_MESSAGE in response.content.decode()
    url = f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/{evidence.pk}/"
    assert client.post(f"{url}xoa/").status_code == 403
    assert m.ParEvidence.objects.count() == 1
    # Still listed and readable on the result's page.
    assert (
        "bang-diem.pdf"
        in client.get(f"/du-lieu/chi-so-cchc/{self_assessment.pk}/").content.decode()
    )
    assert client.get(url).status_code == 200


def test_a_unit_removes_its_file_while_it_may_change_the_result(
    login, self_assessment, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    _upload(client, self_assessment)
    evidence = m.ParEvidence.objects.get()
    response = client.post(
        f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/{evidence.pk}/xoa/", follow=True
    )
    assert "Đã xóa tài liệu kiểm chứng “bang-diem.pdf”." in response.content.decode()
    assert not m.ParEvidence.objects.exists()
