"""Spreadsheets to import go through the upload checks (issue 12 item 6)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.imports.models import ImportJob
from thidua.lib.tests import crafted as c

pytestmark = pytest.mark.django_db


def test_a_workbook_linking_to_another_file_is_refused(login) -> None:  # type: ignore[no-untyped-def]
    content = c.with_members(
        c.xlsx_bytes(),
        {
            "xl/externalLinks/_rels/externalLink1.xml.rels": c.rels(
                ("externalLinkPath", "file:///C:/bi-mat.xlsx", "External")
            )
        },
    )
    response = login("office").post(
        reverse("imports:index"),
        {"kind": "par", "year": "2026", "file": SimpleUploadedFile("diem.xlsx", content)},
    )
    assert response.status_code == 200
    assert "Tệp “diem.xlsx” chứa liên kết ra ngoài (file:///C:/bi-mat.xlsx)" in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()
