"""The office adjusts a document's wording in Word: from the menu to the templates page,
download the decision's template, change Điều 3, upload it, and the next decision says it;
going back to the product's template asks first."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from thidua.awards.records import Decision, DecisionAward
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.documents.decision_docx import decision_docx
from thidua.org.models import Person, Unit
from thidua.scoring.models import AwardForm

pytestmark = pytest.mark.django_db(transaction=True)

ADDED = "Quyết định này được niêm yết công khai tại trụ sở."


def _decision_text() -> list[str]:
    campaign = Campaign(name="x", plan={"issuer": "ỦY BAN NHÂN DÂN\nXÃ MỸ AN", "place": "Mỹ An"})
    decision = Decision(
        campaign=campaign, title="khen thưởng", number="2", signed_on=dt.date(2026, 1, 5)
    )
    unit = Unit(code="T1", name="Thôn 1", level="thon", group_id="khac")
    award = DecisionAward(
        decision=decision,
        person=Person(code="P1", full_name="Lê Thị An", unit=unit),
        form=AwardForm.objects.get(key="giay_khen_chu_tich_xa"),
        year=2025,
        amount=710_000,
    )
    data = decision_docx(decision, awards=[award])
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_download_edit_upload_and_the_decision_follows(page, accounts, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, "noivu")
    page.get_by_role("link", name="Mẫu văn bản").first.click()
    page.get_by_role("row", name="Quyết định khen thưởng").get_by_role("link").click()
    page.get_by_role("cell", name="{{ dieu_2 }}").wait_for()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải mẫu đang dùng (.docx)").click()
    template = Document(info.value.path())
    article_3 = next(p for p in template.paragraphs if p.text.startswith("Điều 3."))
    article_3.runs[-1].text = article_3.runs[-1].text.replace(
        "chịu trách nhiệm thi hành Quyết định này./.",
        f"chịu trách nhiệm thi hành Quyết định này. {ADDED}/.",
    )
    edited = tmp_path / "mau-quyet-dinh-cua-toi.docx"
    template.save(str(edited))

    page.get_by_label("Tệp mẫu (.docx)").set_input_files(str(edited))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    page.get_by_text("Đã nhận mẫu quyết định khen thưởng").wait_for()
    page.get_by_text("mau-quyet-dinh-cua-toi.docx").first.wait_for()
    assert any(ADDED in t for t in _decision_text())

    # back to the product's template: asked first, "no" keeps the upload
    page.dialogs["accept"] = False
    page.get_by_role("button", name="Dùng lại mẫu gốc của hệ thống").click()
    page.wait_for_timeout(300)
    assert page.dialogs["seen"] and any(ADDED in t for t in _decision_text())
    page.dialogs["accept"] = True
    page.get_by_role("button", name="Dùng lại mẫu gốc của hệ thống").click()
    page.get_by_text("Đã dùng lại mẫu gốc của hệ thống").wait_for()
    assert not any(ADDED in t for t in _decision_text())
