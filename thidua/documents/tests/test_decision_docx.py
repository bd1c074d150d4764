"""The QUYẾT ĐỊNH khen thưởng .docx: NĐ 30 layout (header, type and summary, authority, legal
bases in italics, "QUYẾT ĐỊNH:", Điều 1–3, Nơi nhận and signature), the list of awardees,
money formatting and totals."""

from __future__ import annotations

import datetime as dt
import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thidua.awards.decisions import draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State, move
from thidua.awards.records import Decision, DecisionAward, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.decision_docx import decision_docx, issuer_title, money_text
from thidua.org.models import Person, Unit
from thidua.scoring.models import AwardForm

salaries = import_module("thidua.awards.migrations.0001_initial")


@pytest.fixture
def signed(district, people, accounts) -> Decision:  # type: ignore[no-untyped-def]
    salaries.forwards(django_apps, None)
    # Issued by the commune: after 01/7/2025 a district decides no LĐTT or Giấy khen (issue 8).
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    for target, persona in (
        (State.SUBMITTED, "unit_a"),
        (State.APPRAISING, "office"),
        (State.ELIGIBLE, "office"),
        (State.TO_COUNCIL, "office"),
        (State.REVIEWED, "office"),
    ):
        dossier = move(dossier, target, user=accounts[persona], today=dt.date(2026, 1, 10))
    people["a"].position = "Chuyên viên"
    people["a"].save()
    nominations = [
        Nomination.objects.create(
            dossier=dossier, person=people["a"], form_id="lao_dong_tien_tien"
        ),
        Nomination.objects.create(
            dossier=dossier, unit=district["a"], form_id="giay_khen_chu_tich_xa"
        ),
    ]
    decision = draft_decision(
        campaign=campaign,
        title="khen thưởng tập thể, cá nhân có thành tích xuất sắc trong công tác cải cách "
        "hành chính năm 2025",
        nominations=nominations,
        user=accounts["office"],
    )
    # The signed document names who signed, recorded at signing (issue 8), not the plan's.
    return sign_decision(
        decision,
        number="15",
        signed_on=dt.date(2025, 12, 15),
        user=accounts["leader"],
        signer_name="Lê Văn Lịch",
    )


def _texts(doc):  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs]


def test_header_title_authority_and_bases(signed) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(decision_docx(signed)))
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    # the campaign's issuing unit decides (here the commune), not the imported plan's header
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ MỸ AN"]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 15/QĐ-UBND"
    assert header.rows[1].cells[1].paragraphs[0].text == "Mỹ An, ngày 15 tháng 12 năm 2025"

    texts = _texts(doc)
    at = texts.index("QUYẾT ĐỊNH")
    assert texts[at + 1] == (
        "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong công tác cải cách "
        "hành chính năm 2025"
    )
    authority = doc.paragraphs[texts.index("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ AN")]
    assert authority.alignment == WD_ALIGN_PARAGRAPH.CENTER and authority.runs[0].bold
    decides = texts.index("QUYẾT ĐỊNH:")
    bases = doc.paragraphs[texts.index(authority.text) + 1 : decides]
    # the competence basis is added before the stored ones
    assert len(bases) == len(signed.legal_bases) + 1 >= 4
    assert bases[0].text.startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6")
    assert all(r.italic for p in bases for r in p.runs)
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(",")
    assert "Kế hoạch số 69/KH-UBND ngày 13 tháng 4 năm 2022 của UBND xã Mỹ An" in " ".join(
        p.text for p in bases
    )


def test_articles_table_money_and_total(signed) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(decision_docx(signed)))
    texts = _texts(doc)
    article_1 = next(t for t in texts if t.startswith("Điều 1."))
    titles = next(t for t in texts if t.startswith("1. Công nhận danh hiệu"))
    forms = next(t for t in texts if t.startswith("2. Tặng Giấy khen"))
    assert titles == "1. Công nhận danh hiệu “Lao động tiên tiến” cho 1 cá nhân có tên sau đây:"
    assert forms == (
        "2. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An cho 1 tập thể có tên sau đây:"
    )
    title_rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert [r[1] for r in title_rows[1:-1]] == ["Nguyễn Văn An"]
    assert title_rows[1][2] == "Chuyên viên, Phòng Nội vụ" and title_rows[1][4] == "710.000"

    table = doc.tables[2]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Họ và tên / Tập thể",
        "Chức vụ, đơn vị",
        "Hình thức",
        "Số tiền (đồng)",
    ]
    # collectives first; money with dots for thousands
    assert rows[1][0] == "1" and rows[1][1] == "Phòng Nội vụ" and rows[1][4] == "1.410.000"
    assert rows[1][2] == "UBND huyện Thử Nghiệm"
    # the column names the form at the issuer's level, not the catalogue's "UBND cấp xã"
    assert rows[1][3] == "Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An"
    assert rows[-1][1] == "Tổng cộng" and rows[-1][4] == "1.410.000"
    header_pr = table.rows[0]._tr.trPr
    assert (
        header_pr is not None
        and header_pr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )

    article_2 = next(t for t in texts if t.startswith("Điều 2."))
    assert "152/2025/NĐ-CP" in article_2
    assert "2.120.000 đồng" in article_2
    assert "Quỹ Thi đua, khen thưởng của UBND xã Mỹ An" in article_2
    article_3 = next(t for t in texts if t.startswith("Điều 3."))
    assert "Ủy ban nhân dân xã Mỹ An" in article_3 and article_3.endswith("./.")
    assert texts.index(article_1) < texts.index(article_2) < texts.index(article_3)


def test_recipients_left_signature_right_and_reproducible(signed) -> None:  # type: ignore[no-untyped-def]
    data = decision_docx(signed)
    assert data == decision_docx(signed)
    doc = Document(io.BytesIO(data))
    closing = doc.tables[-1]
    left = [p.text for p in closing.rows[0].cells[0].paragraphs]
    right = [p.text for p in closing.rows[0].cells[1].paragraphs if p.text]
    assert left == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    assert right == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Lịch"]
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_a_draft_keeps_room_for_number_and_date(signed) -> None:  # type: ignore[no-untyped-def]
    Decision.objects.filter(pk=signed.pk).update(number="", signed_on=None, status="du_thao")
    signed.refresh_from_db()
    doc = Document(io.BytesIO(decision_docx(signed)))
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số:      /QĐ-UBND"
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].text.startswith("Mỹ An, ngày      tháng")


def test_unsaved_stand_ins_render(district) -> None:  # type: ignore[no-untyped-def]
    campaign = Campaign(name="x", plan={"issuer": "ỦY BAN NHÂN DÂN\nXÃ MỸ AN", "place": "Mỹ An"})
    decision = Decision(
        campaign=campaign, title="Về việc khen thưởng", number="2", signed_on=dt.date(2026, 1, 5)
    )
    unit = Unit(code="T1", name="Thôn 1", level="thon", group_id="khac")
    form = AwardForm.objects.get(key="giay_khen_chu_tich_xa")
    awards = [
        DecisionAward(
            decision=decision,
            person=Person(code=f"P{i}", full_name=name, unit=unit),
            form=form,
            year=2025,
            amount=710_000,
        )
        for i, name in enumerate(["Trần Văn Bình", "Lê Thị An"])
    ]
    doc = Document(io.BytesIO(decision_docx(decision, awards=awards)))
    rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert [r[1] for r in rows[1:3]] == ["Lê Thị An", "Trần Văn Bình"]  # by given name
    assert rows[-1][4] == "1.420.000"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ AN" in _texts(doc)


def test_helpers() -> None:
    assert money_text(710_000) == "710.000"
    assert money_text(1_520_000) == "1.520.000"
    assert money_text(None) == ""
    assert issuer_title("ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ") == "Ủy ban nhân dân huyện Phù Mỹ"
    assert issuer_title("ỦY BAN NHÂN DÂN THÀNH PHỐ THÁI NGUYÊN") == (
        "Ủy ban nhân dân thành phố Thái Nguyên"
    )


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_columns_fit_their_content_and_rows_never_split(signed) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Mm

    from thidua.documents.decision_docx import CELL_MARGIN, TABLE_SIZE
    from thidua.documents.docx_base import text_width

    doc = Document(io.BytesIO(decision_docx(signed)))
    for table in doc.tables[1:-1]:
        widths = [int(c.width) for c in table.rows[0].cells]
        inner = int(CELL_MARGIN) * 2
        # money on one line for any amount up to 99.990.000, and the header word "(đồng)"
        assert widths[4] - inner >= int(text_width("99.990.000", TABLE_SIZE))
        assert widths[4] - inner >= int(text_width("(đồng)", TABLE_SIZE, bold=True))
        assert widths[0] - inner >= int(text_width("STT", TABLE_SIZE, bold=True))
        # the text columns hold their longest word
        for index in (1, 2, 3):
            longest = max(
                int(text_width(w, TABLE_SIZE))
                for row in table.rows
                for w in row.cells[index].text.split()
            )
            assert widths[index] - inner >= longest
        assert sum(widths) <= int(
            doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
        ) + int(Mm(0.5))
        for row in table.rows:
            assert row._tr.trPr.find(W + "cantSplit") is not None
        assert table.rows[0]._tr.trPr.find(W + "tblHeader") is not None


def test_distinct_counts_and_campaign_without_plan(district) -> None:  # type: ignore[no-untyped-def]
    town = Unit(code="TT", name="UBND thị trấn Phú Hòa", level="xa", group_id="khac")
    campaign = Campaign(name="Thi đua năm 2026", plan={}, issuing_unit=town)
    decision = Decision(
        campaign=campaign, title="khen thưởng", number="3", signed_on=dt.date(2026, 3, 2)
    )
    form = AwardForm.objects.get(key="lao_dong_tien_tien")
    unit = Unit(code="T1", name="Thôn 1", level="thon", group_id="khac")
    people = [
        Person(code=f"P{i}", full_name=n, unit=unit)
        for i, n in enumerate(["Trần Văn Bình", "Lê Thị An", "Đỗ Văn Vũ"])
    ]
    awards = [
        DecisionAward(decision=decision, person=p, form=form, year=2025, amount=None)
        for p in people
    ]
    doc = Document(io.BytesIO(decision_docx(decision, awards=awards)))
    texts = _texts(doc)
    assert "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 3 cá nhân có tên sau đây:" in texts
    header = doc.tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "THỊ TRẤN PHÚ HÒA",
    ]
    assert header.rows[1].cells[1].paragraphs[0].text == "Phú Hòa, ngày 02 tháng 3 năm 2026"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN PHÚ HÒA" in texts
    assert not any("Ubnd" in t or "…" in t for t in texts)


def test_a_decision_recorded_for_the_committee_prints_the_chairman(signed) -> None:  # type: ignore[no-untyped-def]
    """Decisions drafted before the fix carry the plan's "TM. ỦY BAN NHÂN DÂN"; the chairman
    decides in his own name, so the document prints "CHỦ TỊCH" alone."""
    Decision.objects.filter(pk=signed.pk).update(
        signer_authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    )
    signed.refresh_from_db()
    doc = Document(io.BytesIO(decision_docx(signed)))
    right = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert right == ["CHỦ TỊCH", "Lê Văn Lịch"]
