"""Nothing lost, nothing absurd, in a real browser: a unit's "Tài liệu khác" appears in its
dossier, removing a nomination asks first (and "no" keeps it), a refused nomination keeps
what was typed."""

from __future__ import annotations

import pytest

from thidua.awards.dossiers import Dossier
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_dossier_page_loses_nothing_and_asks_first(
    page, accounts, district, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_huyen")
    sign_in(page, "donvi_a")
    page.goto(f"/ho-so/{dossier.pk}/")

    # "Tài liệu khác" is listed once uploaded.
    other = tmp_path / "ghi-chu.pdf"
    other.write_bytes(PDF)
    page.get_by_label("Thành phần hồ sơ").select_option(label="Tài liệu khác")
    page.get_by_label("Tệp").set_input_files(str(other))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    page.get_by_text("Đã tải tệp lên. “ghi-chu.pdf” nằm ở mục “Tài liệu khác”.").wait_for()
    page.get_by_role("link", name="ghi-chu.pdf").wait_for()

    # A refused nomination comes back with what was typed.
    page.get_by_label("Tóm tắt thành tích").fill("Dẫn đầu khối về số hóa")
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.locator(".msg.error").wait_for()
    assert page.get_by_label("Tóm tắt thành tích").input_value() == "Dẫn đầu khối về số hóa"

    # Removing a nomination asks; "no" keeps it, "yes" removes it.
    page.dialogs["accept"] = False
    page.get_by_role("button", name="Bỏ", exact=True).click()
    page.wait_for_timeout(300)
    assert page.dialogs["seen"] and page.dialogs["seen"][-1].startswith("Bỏ đề nghị khen thưởng")
    assert dossier.nominations.count() == 1
    page.dialogs["accept"] = True
    page.get_by_role("button", name="Bỏ", exact=True).click()
    page.get_by_text("Chưa có đề nghị nào.").wait_for()
    assert dossier.nominations.count() == 0
