"""Portal portraits go through the upload checks (issue 12 item 6)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.lib.tests import crafted as c
from thidua.portal import services

pytestmark = pytest.mark.django_db


def test_a_portrait_hiding_html_is_refused(login, decision, accounts) -> None:  # type: ignore[no-untyped-def]
    publication = services.draft_from_decision(
        decision, [decision.awards.first().pk], user=accounts["office"]
    )
    item = publication.items.get()
    data = {f: getattr(item, f) for f in ("name", "position", "unit_name", "form_label")}
    photo = SimpleUploadedFile("chan-dung.jpg", c.jpeg_with_comment(b"<script>alert(1)</script>"))
    response = login("office").post(
        f"/cong-bo/muc/{item.pk}/", {**data, "achievement": "", "order": 1, "photo": photo}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp “chan-dung.jpg” là ảnh JPEG nhưng chứa mã HTML/script (&lt;script&gt;)" in page
    item.refresh_from_db()
    assert not item.photo_path
