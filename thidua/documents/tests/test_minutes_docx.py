"""The minutes of a council session (BIÊN BẢN họp Hội đồng TĐ-KT): title, time and place,
members and quorum, the results table with the share on the total membership, the two
signature blocks, Times New Roman throughout."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from thidua.awards import composition, council
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attendance, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.docx_base import text_width
from thidua.documents.minutes_docx import COLUMNS, minutes_docx
from thidua.scoring.models import AwardForm

FONT = "Times New Roman"
NAMES = (  # 10 members: the chair votes on screen, 7 on paper, 2 absent send written votes
    ("Trần Văn Chủ", "chu_tich", True),
    ("Nguyễn Văn Bình", "pho_chu_tich", False),
    ("Lê Thị Thư", "thu_ky", False),
    ("Đặng Văn An", "thuong_truc", False),
    ("Phạm Thị Ân", "uy_vien", False),
    ("Bùi Văn Đức", "uy_vien", False),
    ("Ngô Thị Dung", "uy_vien", False),
    ("Trịnh Văn Ước", "uy_vien", False),
    ("Võ Thị Ánh", "uy_vien", False),
    ("Hồ Văn Bé", "uy_vien", False),
)
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
    body = composition.create_council(
        issuing_unit=district["root"], name="Hội đồng TĐKT huyện", user=accounts["office"]
    )
    seats = {}
    for name, role, account in NAMES:
        seats[name] = composition.add_member(
            body,
            full_name=name,
            title="Phó Chủ tịch UBND huyện" if role == "chu_tich" else "",
            role=role,
            account=accounts["council"] if account else None,
            user=accounts["office"],
        )
    modes = {seat.pk: Attendance.Mode.PAPER for seat in seats.values()}
    modes[seats["Trần Văn Chủ"].pk] = Attendance.Mode.SCREEN
    for name in ("Võ Thị Ánh", "Hồ Văn Bé"):
        modes[seats[name].pk] = Attendance.Mode.WRITTEN
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8, 0),
        ends_at=dt.time(10, 45),
        attendance=modes,
        user=accounts["office"],
        place="Hội trường UBND huyện",
    )
    b1, b2 = council.put_on_agenda(session, [cstd, giay])
    office = accounts["office"]
    council.cast(b1, member=accounts["council"], choice="approve")
    council.key_in(b1, approve=7, reject=0, abstain=0, user=office)
    council.key_in_written(b1, approve=1, reject=1, abstain=0, user=office)
    council.cast(b2, member=accounts["council"], choice="approve")
    council.key_in(b2, approve=3, reject=4, abstain=0, user=office)
    council.key_in_written(b2, approve=1, reject=0, abstain=1, user=office)
    council.close_session(session, user=office, today=dt.date(2025, 12, 6))
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
    )


def test_title_time_place_members_and_quorum(session) -> None:  # type: ignore[no-untyped-def]
    doc = _open(_minutes(session))
    texts = [p.text for p in doc.paragraphs]
    assert "BIÊN BẢN" in texts
    assert "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu" in texts
    body = "\n".join(texts)
    assert "Thời gian: 08 giờ 00 phút, ngày 05 tháng 12 năm 2025." in body
    assert "Chủ trì: Trần Văn Chủ, Chủ tịch Hội đồng. Thư ký: Lê Thị Thư." in body
    assert "Cuộc họp kết thúc lúc 10 giờ 45 phút cùng ngày." in body
    # By council role (Chủ tịch, Phó Chủ tịch, Ủy viên thường trực, Ủy viên, Thư ký), then
    # in Vietnamese order by given name within a role (Ân, Dung, Đức, Ước)
    present = next(t for t in texts if t.startswith("Thành phần:"))
    order = ["Văn Chủ", "Văn Bình", "Văn An", "Thị Ân", "Thị Dung", "Văn Đức", "Ước", "Thị Thư"]
    positions = [present.index(name) for name in order]
    assert positions == sorted(positions), present
    assert "Trần Văn Chủ, Phó Chủ tịch UBND huyện – Chủ tịch Hội đồng" in present
    assert (
        "Vắng mặt có phiếu bằng văn bản (2 thành viên, được tính vào kết quả bỏ phiếu): "
        "Võ Thị Ánh – Ủy viên; Hồ Văn Bé – Ủy viên." in body
    )
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
    # a two-word header stays on one line: its column is at least as wide as the phrase
    widths = [cell.width for cell in table.rows[0].cells]
    agree = COLUMNS.index(("Đồng ý", 10))
    assert widths[agree] >= text_width("Đồng ý", 12, bold=True) + Pt(4)
    first, second = rows[1], rows[2]
    assert first[0] == "1" and first[1].startswith("Nguyễn Văn An")
    assert first[2] == AwardForm.objects.get(key="chien_si_thi_dua_tinh").name
    assert first[3:] == ["9", "1", "0", "9/10 (90,00%)", "Đạt"]
    assert second[1] == "Phòng Nội vụ"
    assert second[2] == "Giấy khen của Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm"
    assert "UBND cấp huyện" not in " ".join(p.text for p in doc.paragraphs)
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


def test_an_open_session_shows_no_running_tally(district, accounts, people) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    dossier = Dossier.objects.create(campaign=campaign, unit=district["b"], year=2025)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["b"], form_id="chien_si_thi_dua_co_so"
    )
    body = composition.create_council(
        issuing_unit=district["root"], name="Hội đồng", user=accounts["office"]
    )
    seats = [
        composition.add_member(
            body, full_name=f"Thành Viên {i}", role="uy_vien", user=accounts["office"]
        )
        for i in range(9)
    ]
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8, 0),
        attendance={seats[0].pk: Attendance.Mode.PAPER},
        user=accounts["office"],
    )
    (ballot,) = council.put_on_agenda(session, [nomination])
    council.key_in(ballot, approve=1, reject=0, abstain=0, user=accounts["office"])
    doc = _open(minutes_docx(session, issuer="Hội đồng TĐ-KT", place="Thử Nghiệm"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "chưa đạt hai phần ba" in text
    assert [c.text for c in doc.tables[1].rows[1].cells][3:] == [
        "—",
        "—",
        "—",
        "—",
        "Chưa biểu quyết",
    ]
