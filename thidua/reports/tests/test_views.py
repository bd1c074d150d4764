"""The dashboard page per persona, its workbook's cells, the statistical tables and the
summary report read back with python-docx."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.campaigns.models import Campaign
from thidua.org.models import Unit
from thidua.reports import charts
from thidua.reports.figures import Chart

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")


def _sheets(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Each sheet's rows below its frozen header, header first."""
    book = load_workbook(io.BytesIO(content))
    out = {}
    for sheet in book.worksheets:
        header_row = int(sheet.freeze_panes[1:]) - 1
        out[sheet.title] = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return out


def _sheet(sheets: dict[str, Any], start: str) -> list[tuple[Any, ...]]:
    return next(rows for title, rows in sheets.items() if title.startswith(start))


@pytest.mark.parametrize("persona", ["office", "leader", "council", "unit_a", "unit_b", "admin"])
def test_every_role_opens_the_dashboard_with_charts(case: Any, login: Any, persona: str) -> None:
    response = login(persona).get(DASHBOARD, {"nam": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 3 and "<script" not in html.split("<main")[-1]
    assert "Bảng số liệu" in html
    shows_reports = persona in ("office", "leader", "admin")
    assert (reverse("reports:summary-report", args=[case["campaign"].pk]) in html) is shows_reports


def test_a_unit_page_names_only_its_own_units(case: Any, login: Any) -> None:
    html = login("unit_b").get(DASHBOARD, {"nam": "2024"}).content.decode()
    assert "UBND xã Mỹ An" in html and "Phòng Nội vụ" not in html
    html = login("unit_a").get(DASHBOARD, {"nam": "2024"}).content.decode()
    assert "Phòng Nội vụ" in html and "Mỹ An" not in html


def test_bad_filters_are_ignored(case: Any, login: Any) -> None:
    office = login("office")
    for query in ({"nam": "²"}, {"nam": "99999"}, {"khoi": "khong-co"}, {"phong_trao": "9" * 30}):
        assert office.get(DASHBOARD, query).status_code == 200, query
    draft = Campaign.objects.create(name="Bản nháp", issuing_unit=case["a"].parent)
    # A unit may not see a draft campaign: choosing it filters nothing.
    assert login("unit_a").get(DASHBOARD, {"phong_trao": draft.pk}).status_code == 200


def test_the_workbook_has_a_sheet_per_chart_with_the_figures(case: Any, login: Any) -> None:
    response = login("office").get(reverse("reports:dashboard-xlsx"), {"nam": "2024"})
    assert response.status_code == 200
    sheets = _sheets(response.content)
    assert len(sheets) == 10
    # Each sheet has a short name of its own, never a title cut mid-phrase.
    assert set(sheets) == {
        "Chỉ số CCHC năm 2024",
        "Xếp loại Chỉ số CCHC năm 2024",
        "Chỉ số CCHC qua các năm",
        "Đăng ký thi đua",
        "Hồ sơ đề nghị khen thưởng",
        "Khen thưởng theo hình thức",
        "Khen thưởng theo khối",
        "Khen thưởng theo năm",
        "Khen thưởng theo giới tính",
        "Tiền thưởng theo năm",
    }
    ranking = _sheet(sheets, "Chỉ số CCHC năm 2024")
    assert ranking[0][:3] == ("Đơn vị", "Chỉ số CCHC (%)", "Khối")
    assert [r[:2] for r in ranking[1:]] == [("Phòng Nội vụ", 91.25), ("UBND xã Mỹ An", 78.5)]
    money = _sheet(sheets, "Tiền thưởng theo năm")
    assert money == [("Năm ký quyết định", "Tiền thưởng (đồng)"), ("2025", 2_340_000)]
    mine = _sheets(login("unit_a").get(reverse("reports:dashboard-xlsx")).content)
    assert _sheet(mine, "Tiền thưởng theo năm")[1] == ("2025", 2_040_000)


def test_statistical_tables_count_by_form_level_and_recipient(case: Any, login: Any) -> None:
    url = reverse("reports:statistics-xlsx")
    assert login("unit_a").get(url).status_code == 403
    assert login("council").get(url).status_code == 403
    sheets = _sheets(login("leader").get(url, {"nam": "2024"}).content)
    by_form = sheets["Theo hình thức"]
    assert by_form[0] == (
        "STT",
        "Danh hiệu, hình thức khen thưởng",
        "Cấp quyết định",
        "Tập thể",
        "Cá nhân",
        "Trong đó: nữ",
        "Tổng cộng",
    )
    assert by_form[1:] == [
        (1, "Giấy khen của Chủ tịch UBND cấp huyện", "Cấp huyện", 1, 0, 0, 1),
        (2, "Lao động tiên tiến", "Chưa xác định", 0, 2, 1, 2),
        (None, "Tổng cộng", None, 1, 2, 1, 3),
    ]
    by_level = sheets["Theo cấp quyết định"]
    assert by_level[-1] == (None, "Tổng cộng", 1, 2, 1, 3)


def _doc_tables(content: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables], doc


def test_the_summary_report_holds_the_right_numbers(case: Any, login: Any) -> None:
    url = reverse("reports:summary-report", args=[case["campaign"].pk])
    assert login("unit_a").get(url).status_code == 403
    assert login("council").get(url).status_code == 403
    response = login("office").get(url, {"nam": "2024"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    tables, doc = _doc_tables(response.content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "năm 2024" in text
    assert any("/BC-UBND" in c for t in tables for r in t for c in r)
    awards = next(t for t in tables if t[0][:2] == ["STT", "Danh hiệu, hình thức"])
    assert awards[1:] == [
        ["1", "Giấy khen của Chủ tịch UBND cấp huyện", "1", "0", "1"],
        ["2", "Lao động tiên tiến", "0", "2", "2"],
        ["", "Tổng cộng", "1", "2", "3"],
    ]
    money = next(t for t in tables if t[0][0] == "Năm ký")
    assert money[1] == ["2025", "1", "3", "2.340.000 đ"]
    par = next(t for t in tables if t[0][:3] == ["Năm", "Số đơn vị", "Bình quân (%)"])
    assert par[1][:5] == ["2024", "2", "84,88", "91,25", "78,50"]
    regs = next(t for t in tables if t[0][:2] == ["Năm", "Đang soạn"])
    assert regs[1] == ["2024", "1", "1", "0"]
    assert "Đã khen thưởng 3 lượt (còn hiệu lực): 1 tập thể, 2 cá nhân, trong đó 1 nữ." in text
    for place in ("phương hướng", "kiến nghị"):
        assert any(
            place in p.text and p.text.startswith("[Cơ quan thường trực") for p in doc.paragraphs
        )
    assert len(doc.inline_shapes) >= 2  # the charts, as pictures


def test_the_summary_report_is_dated_within_its_period_and_its_issuer_life(
    case: Any, login: Any
) -> None:
    url = reverse("reports:summary-report", args=[case["campaign"].pk])

    def dated(query: dict[str, str]) -> str:
        _tables, doc = _doc_tables(login("office").get(url, query).content)
        return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)

    assert "ngày 31 tháng 12 năm 2024" in dated({"nam": "2024"})  # the end of the year
    Unit.objects.filter(pk=case["campaign"].issuing_unit_id).update(valid_to=dt.date(2024, 6, 30))
    text = dated({"nam": "2024"})  # never after the issuer ended
    assert "ngày 30 tháng 6 năm 2024" in text and "31 tháng 12" not in text


def test_a_campaign_one_may_not_see_is_404(case: Any, login: Any) -> None:
    draft = Campaign.objects.create(name="Bản nháp", issuing_unit=Unit.objects.get(code="HUYEN"))
    url = reverse("reports:summary-report", args=[draft.pk])
    assert login("unit_a").get(url).status_code == 404
    assert login("office").get(url).status_code == 200  # a phase without data: still a draft


def test_a_chart_is_svg_text_scaled_by_its_viewbox_and_escapes_names() -> None:
    chart = Chart(
        key="k",
        title="Thử <b>",
        kind="barh",
        categories=["Xã $A$ <script>", "Phường Ân"],
        series=[("Chỉ số", [91.25, 50.0])],
        unit="percent",
    )
    svg = charts.svg(chart)
    assert svg.startswith("<svg") and 'viewBox="' in svg.split(">", 1)[0]
    assert ' width="' not in svg.split(">", 1)[0]
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "91,25" in svg and "Phường Ân" in svg and "$A$" in svg
    assert charts.svg(chart) == svg  # cached by its data
    assert charts.png(chart).startswith(b"\x89PNG")


def test_the_campaign_page_links_to_its_summary_report(case: Any, login: Any) -> None:
    campaign = case["campaign"]
    page = reverse("campaigns:detail", args=[campaign.pk])
    report = reverse("reports:summary-report", args=[campaign.pk])
    for persona, shown in (("office", True), ("leader", True), ("unit_a", False)):
        html = login(persona).get(page).content.decode()
        assert (report in html) is shown, persona
