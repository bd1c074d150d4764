"""PAR evidence goes through the upload checks (issue 12 item 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.lib.tests import crafted as c
from thidua.scoring import models as m


@pytest.fixture
def self_assessment(district, settings, tmp_path) -> m.ParScore:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return m.ParScore.objects.create(
        unit=district["a"], year=2025, self_score=Decimal("93"), confirmed_at=None
    )


def test_evidence_with_a_launch_action_is_refused(login, self_assessment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = c.pdf_open_action(b"<</S/Launch/F(cmd.exe)>>")
    response = login("unit_a").post(
        f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/",
        {"file": SimpleUploadedFile("bang-diem.pdf", content)},
        follow=True,
    )
    assert "Tệp “bang-diem.pdf” chứa lệnh chạy chương trình (/Launch)" in (
        response.content.decode()
    )
    assert not m.ParEvidence.objects.exists() and not list(tmp_path.rglob("*.pdf"))


def test_plain_evidence_is_still_accepted(login, self_assessment) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        f"/du-lieu/chi-so-cchc/{self_assessment.pk}/tep/",
        {"file": SimpleUploadedFile("bang-diem.pdf", c.pdf_bytes())},
        follow=True,
    )
    assert "Đã tải lên tài liệu kiểm chứng “bang-diem.pdf”." in response.content.decode()
