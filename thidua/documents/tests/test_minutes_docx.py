"""The minutes of a council session (BIÊN BẢN họp Hội đồng TĐ-KT): title, time and place,
members and quorum, the results table with the share on the total membership, the two
signature blocks, Times New Roman throughout."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from thidua.awards import council
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.minutes_docx import COLUMNS, minutes_docx
from thidua.org.models import User
from thidua.scoring.models import AwardForm

FONT = "Times New Roman"
HELD_ON = dt.date(2025, 12, 5)


@pytest.fixture
def session(district, accounts, people):  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    cstd = Nomination.objects.create(
        dossier=dossier, person=people["a"], form_id="chien_si_thi_dua_tinh"
    )
    giay = Nomination.objects.create(
        dossier=dossier, unit=district["a"], form_id="giay_khen_chu_tich_huyen"
    )
    members = [accounts["council"]] + [
        User.objects.create(username=f"hd{i}", role=User.Role.COUNCIL, full_name=f"Thành viên {i}")
        for i in range(1, 8)
    ]
    session = council.open_session(
        campaign=campaign,
        held_on=HELD_ON,
        total_members=10,
        members=members,
        user=accounts["office"],
        place="Hội trường UBND huyện",
    )
    b1, b2 = council.put_on_agenda(session, [cstd, giay])
    council.key_in(b1, approve=9, reject=1, abstain=0, user=accounts["office"])
    council.key_in(b2, approve=5, reject=4, abstain=1, user=accounts["office"])
    council.close_session(session, user=accounts["office"])
    session.refresh_from_db()
    return session


def _open(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


def _minutes(session) -> bytes:  # type: ignore[no-untyped-def]
    return minutes_docx(
        session,
        issuer="Hội đồng Thi đua – Khen thưởng",
        superior="UBND huyện Thử Nghiệm",
        place="Thử Nghiệm",
        chair="Trần Văn Chủ",
        secretary="Lê Thị Thư",
    )


def test_title_time_place_members_and_quorum(session) -> None:  # type: ignore[no-untyped-def]
    doc = _open(_minutes(session))
    texts = [p.text for p in doc.paragraphs]
    assert "BIÊN BẢN" in texts
    assert "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu" in texts
    body = "\n".join(texts)
    assert "Thời gian: Ngày 05 tháng 12 năm 2025." in body
    assert "Địa điểm: Hội trường UBND huyện." in body
    assert "có mặt 8/10 thành viên Hội đồng" in body
    assert "đạt ít nhất hai phần ba tổng số thành viên" in body
    assert "ít nhất 90% tổng số thành viên" in body
    assert "trên một nửa tổng số thành viên" in body
    assert "Có 1/2 đề nghị đạt" in body and body.rstrip().endswith("./.")
    header = doc.tables[0]
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in header.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 1).text == "Thử Nghiệm, ngày 05 tháng 12 năm 2025"


def test_results_table(session) -> None:  # type: ignore[no-untyped-def]
    doc = _open(_minutes(session))
    table = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [title for title, _ in COLUMNS]
    assert rows[0] == [
        "STT",
        "Họ và tên / Tập thể",
        "Danh hiệu/hình thức đề nghị",
        "Đồng ý",
        "Không đồng ý",
        "Không biểu quyết",
        "Tỷ lệ đồng ý/tổng số thành viên",
        "Kết quả",
    ]
    first, second = rows[1], rows[2]
    assert first[0] == "1" and first[1].startswith("Nguyễn Văn An")
    assert first[2] == AwardForm.objects.get(key="chien_si_thi_dua_tinh").name
    assert first[3:] == ["9", "1", "0", "9/10 (90,00%)", "Đạt"]
    assert second[1] == "Phòng Nội vụ"
    assert second[3:] == ["5", "4", "1", "5/10 (50,00%)", "Không đạt"]


def test_signatures_side_by_side(session) -> None:  # type: ignore[no-untyped-def]
    doc = _open(_minutes(session))
    signatures = doc.tables[-1]
    assert len(signatures.rows) == 1 and len(signatures.columns) == 2
    left, right = (c.text for c in signatures.rows[0].cells)
    assert left.startswith("THƯ KÝ") and left.endswith("Lê Thị Thư")
    assert right.startswith("CHỦ TỊCH HỘI ĐỒNG") and right.endswith("Trần Văn Chủ")


def test_times_new_roman_everywhere_and_reproducible(session) -> None:  # type: ignore[no-untyped-def]
    data = _minutes(session)
    assert data == _minutes(session)
    doc = _open(data)
    assert doc.styles["Normal"].font.name == FONT
    runs = [r for p in doc.paragraphs for r in p.runs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [r for p in cell.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
        name = run.font.name or doc.styles["Normal"].font.name
        assert name == FONT, run.text
        if fonts is not None:
            assert fonts.get(qn("w:asciiTheme")) is None


def test_an_open_session_shows_what_the_thresholds_would_give(district, accounts, people) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["b"], form_id="chien_si_thi_dua_co_so"
    )
    session = council.open_session(
        campaign=campaign,
        held_on=HELD_ON,
        total_members=9,
        members=[accounts["council"]],
        user=accounts["office"],
    )
    (ballot,) = council.put_on_agenda(session, [nomination])
    council.key_in(ballot, approve=8, reject=1, abstain=0, user=accounts["office"])
    doc = _open(minutes_docx(session, issuer="Hội đồng TĐ-KT", place="Thử Nghiệm"))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "chưa đạt hai phần ba" in body
    assert [c.text for c in doc.tables[1].rows[1].cells][6:] == ["8/9 (88,89%)", "Đạt"]
