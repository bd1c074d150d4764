"""The dossier's drafts speak for the unit: Tờ trình (NĐ 152 Mẫu 01, "Kính gửi", the
unit's symbol and head), the achievement reports signed as the templates say, and the
trích ngang laid out for printing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from types import SimpleNamespace

import pytest
from docx import Document
from docx.enum.text import WD_TAB_LEADER
from docx.oxml.ns import qn
from openpyxl import load_workbook

from thidua.awards.dossiers import Dossier
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents import dossier_docs, issuer
from thidua.documents.issuer import of_unit, plan_citation
from thidua.org.models import Person

TODAY = dt.date(2025, 3, 4)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def dossier(district, people, accounts) -> Dossier:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    Person.objects.create(
        code="TP",
        full_name="Đỗ Thị Vân",
        unit=district["a"],
        position="Trưởng phòng",
        key_leader=True,
    )
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    dossier.nominations.create(
        person=people["a"], form_id="lao_dong_tien_tien", summary="Dẫn đầu số hóa."
    )
    dossier.nominations.create(unit=district["a"], form_id="giay_khen_chu_tich_huyen")
    return dossier


def _texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs]


def _cells(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for cell in table.rows[0].cells for p in cell.paragraphs]


def test_a_unit_under_a_committee_gets_its_superior(district) -> None:  # type: ignore[no-untyped-def]
    who = of_unit(district["a"])
    assert who.superior == "UBND HUYỆN THỬ NGHIỆM" and who.header == "PHÒNG NỘI VỤ"
    assert who.place == "Thử Nghiệm" and who.symbol("TTr") == "TTr-PNV"
    committee = of_unit(district["root"])
    assert committee.header == "ỦY BAN NHÂN DÂN\nHUYỆN THỬ NGHIỆM" and committee.superior == ""
    assert committee.symbol("TTr") == "TTr-UBND"


def test_plan_citation_once_no_leading_zero_with_issuer(dossier) -> None:  # type: ignore[no-untyped-def]
    text = plan_citation(dossier.campaign)
    assert text.startswith("Kế hoạch số 158/KH-UBND ngày 19 tháng 7 năm 2024 của ")
    assert text.lower().count("kế hoạch") == 1 and "/07/" not in text


def test_to_trinh_speaks_for_the_unit(dossier) -> None:  # type: ignore[no-untyped-def]
    doc = Document(BytesIO(dossier_docs.to_trinh_docx(dossier, today=TODAY)))
    header = doc.tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "UBND HUYỆN THỬ NGHIỆM",
        "PHÒNG NỘI VỤ",
    ]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số:      /TTr-PNV"
    assert header.rows[1].cells[1].paragraphs[0].text == "Thử Nghiệm, ngày 04 tháng 3 năm 2025"
    texts = _texts(doc)
    # the decider is the campaign's issuing unit
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm." in texts
    assert any("1 tập thể và 1 cá nhân" in t for t in texts)
    closing = doc.tables[-1].rows[0].cells
    assert [p.text for p in closing[0].paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    signer = [p.text for p in closing[1].paragraphs if p.text]
    assert signer == ["TRƯỞNG PHÒNG", "Đỗ Thị Vân"]


def test_to_trinh_addresses_the_deciding_body_by_name_and_is_dated_at_submission(
    dossier, district
) -> None:  # type: ignore[no-untyped-def]
    campaign = dossier.campaign
    campaign.plan = {**campaign.plan, "title": campaign.plan["title"].rstrip(".") + "."}
    campaign.save()
    # The issuer's own proposal goes to its own council, by name (not "cấp trên").
    own = Dossier.objects.create(campaign=campaign, unit=district["root"], year=2025)
    own.nominations.create(unit=district["root"], form_id="giay_khen_chu_tich_huyen")
    texts = _texts(Document(BytesIO(dossier_docs.to_trinh_docx(own, today=TODAY))))
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng huyện Thử Nghiệm." in texts
    assert not any("cấp trên" in t for t in texts)
    # The plan's title is cited without its full stop: no ".;".
    citation = next(t for t in texts if t.startswith("Căn cứ Kế hoạch"))
    assert citation.endswith(";") and ".;" not in citation
    # Submitted: dated the day of submission, not the day it is downloaded.
    dossier.submitted_at = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)
    doc = Document(BytesIO(dossier_docs.to_trinh_docx(dossier, today=TODAY)))
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].text == (
        "Thử Nghiệm, ngày 20 tháng 11 năm 2025"
    )
    sheet = load_workbook(BytesIO(dossier_docs.trich_ngang_xlsx(dossier, today=TODAY))).active
    assert sheet["F4"].value == "Thử Nghiệm, ngày 20 tháng 11 năm 2025"
    unit = dossier.nominations.get(person__isnull=True)
    unit.dossier = dossier
    report = Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(unit, history=[], today=TODAY)))
    heading = " ".join(c.text for row in report.tables[0].rows for c in row.cells)
    assert "ngày 20 tháng 11 năm 2025" in heading


def test_forms_at_the_issuers_level_in_every_document(dossier) -> None:  # type: ignore[no-untyped-def]
    """The catalogue's generic "Giấy khen của Chủ tịch UBND cấp huyện" is printed as the
    campaign issuer's own; a title is recognised ("công nhận danh hiệu"), a form given."""
    own = "Giấy khen của Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm"
    texts = _texts(Document(BytesIO(dossier_docs.to_trinh_docx(dossier, today=TODAY))))
    assert f"2. Phòng Nội vụ: {own}." in texts
    assert "1. Nguyễn Văn An, Phòng Nội vụ: “Lao động tiên tiến”." in texts
    assert not any("cấp huyện" in t for t in texts)
    unit = dossier.nominations.get(person__isnull=True)
    texts = _texts(
        Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(unit, history=[], today=TODAY)))
    )
    assert f"Đề nghị tặng {own} năm 2025" in texts[1]
    person = dossier.nominations.get(person__isnull=False)
    texts = _texts(
        Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(person, history=[], today=TODAY)))
    )
    assert "Đề nghị công nhận danh hiệu “Lao động tiên tiến” năm 2025" in texts[1]
    assert not any("tặng Lao động" in t for t in texts)
    sheet = load_workbook(BytesIO(dossier_docs.trich_ngang_xlsx(dossier, today=TODAY))).active
    assert {sheet["G11"].value, sheet["G12"].value} == {"Lao động tiên tiến", own}


def test_a_form_of_another_level_keeps_its_generic_name() -> None:
    form = type("F", (), {"name": "Giấy khen của Chủ tịch UBND cấp huyện", "kind": "form"})()
    assert issuer.form_label(form, "UBND xã Ân Mỹ") == form.name
    assert issuer.form_label(form, "Ủy ban nhân dân quận Ba Đình") == (
        "Giấy khen của Chủ tịch Ủy ban nhân dân quận Ba Đình"
    )
    xa = type("F", (), {"name": "Giấy khen của Chủ tịch UBND cấp xã", "kind": "form"})()
    assert issuer.proposal(xa, "UBND phường Bồng Sơn") == (
        "tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Bồng Sơn"
    )
    assert issuer.form_label(xa, "Phòng Nội vụ") == xa.name


def _signatures(doc) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(left, right) texts of the two-signature table: titles row, then names row."""
    rows = doc.tables[-1].rows
    return tuple(  # type: ignore[return-value]
        [p.text for row in rows for p in row.cells[column].paragraphs if p.text]
        for column in (0, 1)
    )


def test_reports_signed_as_the_templates_say(dossier) -> None:  # type: ignore[no-untyped-def]
    person = dossier.nominations.get(person__isnull=False)
    doc = Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(person, history=[], today=TODAY)))
    left, right = _signatures(doc)
    assert left[0] == "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" and left[-1] == "Đỗ Thị Vân"
    assert right[0] == "NGƯỜI BÁO CÁO THÀNH TÍCH" and right[-1] == "Nguyễn Văn An"
    unit = dossier.nominations.get(person__isnull=True)
    doc = Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(unit, history=[], today=TODAY)))
    assert _signatures(doc)[1][-1] == "Đỗ Thị Vân"
    # no cell starts with a blank line; a paragraph keeps the tables apart
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.paragraphs[0].text or len(cell.paragraphs) == 1 or not cell.text


def test_report_signature_names_on_one_line(dossier) -> None:  # type: ignore[no-untyped-def]
    """A two-line title on the left ("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG") must not push
    its name below the other: the names share their own row, never split from the titles."""
    unit = dossier.nominations.get(person__isnull=True)
    doc = Document(BytesIO(dossier_docs.bao_cao_thanh_tich_docx(unit, history=[], today=TODAY)))
    titles, names = doc.tables[-1].rows
    assert [c.paragraphs[0].text for c in titles.cells] == [
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
        "TRƯỞNG PHÒNG",
    ]
    assert [c.text for c in names.cells] == ["", "Đỗ Thị Vân"]
    for row in (titles, names):
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.paragraph_format.keep_with_next for c in titles.cells for p in c.paragraphs)


def test_report_history_is_before_the_year_and_blanks_are_dotted(dossier) -> None:  # type: ignore[no-untyped-def]
    def award(year):  # type: ignore[no-untyped-def]
        return SimpleNamespace(
            year=year,
            form="Lao động tiên tiến",
            get_field_display=lambda: "Chung",
            decision_number=f"{year}/QĐ-UBND",
            decision_date=dt.date(year, 12, 1),
        )

    unit = dossier.nominations.get(person__isnull=True)
    history = [award(2025), award(2024), award(2023)]  # the report proposes for 2025
    doc = Document(
        BytesIO(dossier_docs.bao_cao_thanh_tich_docx(unit, history=history, today=TODAY))
    )
    years = [row.cells[0].text for row in doc.tables[1].rows[1:]]
    assert years == ["2024", "2023"]
    texts = _texts(doc)
    assert not any("(đơn vị bổ sung)" in t for t in texts)
    line = next(p for p in doc.paragraphs if p.text.startswith("- Đặc điểm, tình hình"))
    assert line.text.endswith("\t")
    stops = line.paragraph_format.tab_stops
    assert len(stops) == 1 and stops[0].leader == WD_TAB_LEADER.DOTS


def test_trich_ngang_page_setup_and_blocks(dossier) -> None:  # type: ignore[no-untyped-def]
    sheet = load_workbook(BytesIO(dossier_docs.trich_ngang_xlsx(dossier, today=TODAY))).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$10:$10"
    assert sheet["A1"].value == "UBND HUYỆN THỬ NGHIỆM" and sheet["A2"].value == "PHÒNG NỘI VỤ"
    assert sheet["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["F4"].value == "Thử Nghiệm, ngày 04 tháng 3 năm 2025"
    assert sheet["A6"].value == "DANH SÁCH TRÍCH NGANG"
    assert [c.value for c in sheet[10]] == [label for label, _ in dossier_docs.TRICH_NGANG_COLUMNS]
    assert sheet["B11"].value == "Nguyễn Văn An"
    for row in (10, 11, 12):
        assert sheet.row_dimensions[row].height >= 15
    values = [c.value for row in sheet.iter_rows(min_row=13) for c in row if c.value]
    assert values[-2:] == ["TRƯỞNG PHÒNG", "Đỗ Thị Vân"]


def test_trich_ngang_prints_at_full_size_on_a4_landscape(dossier) -> None:  # type: ignore[no-untyped-def]
    """Fitting nine columns of 200 characters to the page shrank the text to 8 pt; the
    columns must fit the printable width (A4 landscape less the margins) at ≥ 90 %."""
    sheet = load_workbook(BytesIO(dossier_docs.trich_ngang_xlsx(dossier, today=TODAY))).active
    pixels = sum(
        sheet.column_dimensions[chr(ord("A") + i)].width * 7 + 5
        for i in range(len(dossier_docs.TRICH_NGANG_COLUMNS))
    )
    printable_mm = 297 - 25.4 * (sheet.page_margins.left + sheet.page_margins.right)
    assert pixels * 25.4 / 96 <= printable_mm / 0.9
