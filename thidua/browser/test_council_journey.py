"""The council as people meet (issue 8): a council of 9 (4 with accounts); a first session
cancelled, its agenda released; the second held with 6 present (3 on screen, 3 on paper),
2 absent who sent written votes and 1 absent; no running tally while it is open; paper and
written totals keyed in by the office; the close; the minutes print the meeting's own
times, the chair and secretary, who attended and who voted in writing."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from docx import Document

from thidua.awards import composition
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Ballot, CouncilSession, Nomination
from thidua.browser.conftest import sign_in
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.conftest import _account
from thidua.org.models import User

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("THIDUA_SHOTS", "/tmp/thidua-shots"))
MEMBERS = (  # name, title, role, account
    ("Võ Đức Hùng", "Chủ tịch UBND huyện", "chu_tich", "hoidong"),
    ("Nguyễn Văn Bình", "Phó Chủ tịch UBND huyện", "pho_chu_tich", "hoidong2"),
    ("Lê Thị Thu Hà", "Trưởng phòng Nội vụ", "thuong_truc", "hoidong3"),
    ("Trần Minh Châu", "Chánh Văn phòng HĐND và UBND huyện", "uy_vien", "hoidong4"),
    ("Phạm Thị Ánh", "Chủ tịch Liên đoàn Lao động huyện", "uy_vien", None),
    ("Đỗ Văn Dũng", "Trưởng phòng Tài chính – Kế hoạch", "uy_vien", None),
    ("Huỳnh Thị Em", "Chủ tịch Hội Liên hiệp Phụ nữ huyện", "uy_vien", None),
    ("Bùi Quang Vinh", "Bí thư Huyện đoàn", "uy_vien", None),
    ("Hồ Thị Giang", "Chuyên viên Phòng Nội vụ", "thu_ky", None),
)
ON_SCREEN = ("Võ Đức Hùng", "Nguyễn Văn Bình", "Lê Thị Thu Hà")
ON_PAPER = ("Trần Minh Châu", "Phạm Thị Ánh", "Hồ Thị Giang")  # one of them has an account
WRITTEN = ("Đỗ Văn Dũng", "Huỳnh Thị Em")
ABSENT = ("Bùi Quang Vinh",)


def _click(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=name, exact=True).click()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _row(page, text: str):  # type: ignore[no-untyped-def]
    return page.locator("tr", has_text=text)


def test_a_realistic_council(page, accounts, people, district) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    for unit, person, form in (
        (district["a"], people["a"], "chien_si_thi_dua_co_so"),
        (district["b"], people["b"], "lao_dong_tien_tien"),
    ):
        dossier = Dossier.objects.create(campaign=campaign, unit=unit, year=2025)
        Dossier.objects.filter(pk=dossier.pk).update(state=State.TO_COUNCIL)
        Nomination.objects.create(dossier=dossier, person=person, form_id=form)
    for username in ("hoidong2", "hoidong3", "hoidong4"):
        _account(username, User.Role.COUNCIL)
    body = composition.create_council(
        issuing_unit=district["root"],
        name="Hội đồng Thi đua – Khen thưởng huyện Thử Nghiệm",
        user=accounts["office"],
    )
    for name, title, role, username in MEMBERS[:-1]:
        composition.add_member(
            body,
            full_name=name,
            title=title,
            role=role,
            account=User.objects.get(username=username) if username else None,
            valid_from=dt.date(2025, 1, 1),
            user=accounts["office"],
        )
    today = dt.date.today().strftime("%d/%m/%Y")

    # The office completes the composition on screen: the secretary, no account.
    sign_in(page, "noivu")
    page.goto(f"/hoi-dong-thi-dua/{body.pk}/")
    name, title, _, _ = MEMBERS[-1]
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Chức vụ, đơn vị công tác").fill(title)
    page.get_by_label("Chức danh trong Hội đồng").select_option(label="Thư ký")
    page.get_by_label("Hiệu lực từ ngày").fill("01/01/2025")
    _click(page, "Thêm thành viên")
    page.get_by_text("Đã thêm thành viên Hội đồng.").wait_for()
    assert body.members.count() == 9
    _shot(page, "01-composition")

    # A first session, dated years ahead: refused. Then scheduled, then cancelled.
    page.goto(f"/phong-trao/{campaign.pk}/hoi-dong/")
    page.get_by_label("Ngày họp").fill("20/12/2099")
    page.get_by_label("Giờ bắt đầu").fill("14:00")
    _click(page, "Xếp lịch và đưa các đề nghị vào chương trình")
    page.get_by_text("Ngày họp 20/12/2099 quá xa").wait_for()
    page.get_by_label("Ngày họp").fill(today)
    page.get_by_label("Giờ bắt đầu").fill("14:00")
    _click(page, "Xếp lịch và đưa các đề nghị vào chương trình")
    page.get_by_text("với 2 đề nghị trong chương trình").wait_for()
    page.get_by_label("Lý do hủy").fill("Trùng lịch họp giao ban của UBND huyện")
    _click(page, "Hủy phiên họp")
    page.get_by_text("2 đề nghị được trả lại").wait_for()
    cancelled = CouncilSession.objects.get()
    assert cancelled.status == CouncilSession.Status.CANCELLED and not cancelled.ballots.exists()

    # The meeting itself.
    page.goto(f"/phong-trao/{campaign.pk}/hoi-dong/")
    page.get_by_label("Ngày họp").fill(today)
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Giờ kết thúc").fill("10:30")
    page.get_by_label("Địa điểm").fill("Phòng họp số 1, UBND huyện")
    _click(page, "Xếp lịch và đưa các đề nghị vào chương trình")
    page.get_by_text("với 2 đề nghị trong chương trình").wait_for()
    session_url = page.url
    for names, label in (
        (ON_SCREEN, "Có mặt, bỏ phiếu trên hệ thống"),
        (ON_PAPER, "Có mặt, bỏ phiếu giấy"),
        (WRITTEN, "Vắng, có phiếu bằng văn bản"),
        (ABSENT, "Vắng"),
    ):
        for member in names:
            page.get_by_label(f"Tham dự: {member}").select_option(label=label)
    _click(page, "Lưu thành phần dự họp")
    page.get_by_text("Đã ghi thành phần dự họp.").wait_for()
    page.get_by_text("6/9 thành viên có mặt").wait_for()
    page.get_by_text("đủ điều kiện họp").wait_for()
    _click(page, "Đăng xuất")

    # Three members vote on screen; each sees only how many have voted.
    votes = {"hoidong": "Đồng ý", "hoidong2": "Đồng ý", "hoidong3": "Không đồng ý"}
    for count, (username, choice) in enumerate(votes.items(), start=1):
        sign_in(page, username)
        page.goto(session_url)
        for subject in ("Nguyễn Văn An", "Trần Thị Bình"):
            row = _row(page, subject)
            row.get_by_role("button", name=choice, exact=True).click()
            page.get_by_text("Đã ghi nhận phiếu").wait_for()
        assert _row(page, "Nguyễn Văn An").get_by_text(f"{count}/9").count() == 1
        if count == 2:
            _shot(page, "02-member-voting")
        _click(page, "Đăng xuất")

    # The account holder voting on paper finds no buttons.
    sign_in(page, "hoidong4")
    page.goto(session_url)
    assert page.get_by_role("button", name="Đồng ý", exact=True).count() == 0
    _click(page, "Đăng xuất")

    # The office keys in the paper ballots and the written votes; no tally shows.
    sign_in(page, "noivu")
    page.goto(session_url)
    html = page.content()
    assert "Không đồng ý</th>" not in html and "Tỷ lệ</th>" not in html
    for subject, paper, written in (
        ("Nguyễn Văn An", ("3", "0", "0"), ("2", "0", "0")),  # 7/9 = 77,8 % < 80 %
        ("Trần Thị Bình", ("3", "0", "0"), ("1", "1", "0")),  # 6/9 > half
    ):
        for prefix, counts, button, done in (
            ("Phiếu giấy", paper, "Nhập phiếu giấy", "Đã nhập kết quả từ phiếu giấy."),
            ("Văn bản", written, "Nhập phiếu văn bản", "Đã nhập phiếu bằng văn bản"),
        ):
            for label, value in zip(
                ("đồng ý", "không đồng ý", "không biểu quyết"), counts, strict=True
            ):
                page.get_by_label(f"{prefix} {label}: {subject}").fill(value)
            _row(page, subject).get_by_role("button", name=button).click()
            page.get_by_text(done).wait_for()
    # a second paper entry over the four present on paper is refused, naming the limit
    page.get_by_label("Phiếu giấy đồng ý: Nguyễn Văn An").fill("4")
    _row(page, "Nguyễn Văn An").get_by_role("button", name="Nhập phiếu giấy").click()
    page.get_by_text(
        "Tổng số phiếu giấy (4) vượt quá số thành viên có mặt bỏ phiếu giấy (3)."
    ).wait_for()
    _shot(page, "03-office-open-session")
    assert page.locator("form[data-confirm]", has_text="Kết thúc").count() == 1
    _click(page, "Kết thúc và áp dụng ngưỡng")
    page.get_by_text("Đã kết thúc phiên họp: 1 đề nghị đạt, 1 không đạt.").wait_for()
    page.get_by_text("7/9 (77,78%)").wait_for()
    page.get_by_text("6/9 (66,67%)").wait_for()
    _shot(page, "04-closed-session")
    results = dict(Ballot.objects.values_list("nomination__person__full_name", "passed"))
    assert results == {"Nguyễn Văn An": False, "Trần Thị Bình": True}
    assert set(Dossier.objects.values_list("state", flat=True)) == {State.REVIEWED}

    # The minutes.
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản (.docx)").click()
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Thời gian: 08 giờ 00 phút, ngày {dt.date.today():%d} tháng" in text
    assert "Cuộc họp kết thúc lúc 10 giờ 30 phút cùng ngày." in text
    assert "Địa điểm: Phòng họp số 1, UBND huyện." in text
    assert "Chủ trì: Võ Đức Hùng, Chủ tịch Hội đồng. Thư ký: Hồ Thị Giang." in text
    assert "có mặt 6/9 thành viên Hội đồng" in text
    assert (
        "Vắng mặt có phiếu bằng văn bản (2 thành viên, được tính vào kết quả bỏ phiếu): "
        "Đỗ Văn Dũng" in text
    )
    assert "Vắng mặt (1 thành viên): Bùi Quang Vinh" in text
    present = next(p for p in text.splitlines() if p.startswith("Thành phần:"))
    # By council role (Chủ tịch, Phó Chủ tịch, thường trực, ủy viên, thư ký), then by given
    # name within a role: the two ủy viên Ánh before Châu.
    order = [
        "Võ Đức Hùng",
        "Nguyễn Văn Bình",
        "Lê Thị Thu Hà",
        "Phạm Thị Ánh",
        "Trần Minh Châu",
        "Hồ Thị Giang",
    ]
    assert [present.index(n) for n in order] == sorted(present.index(n) for n in order)
    table = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert table[1][3:] == ["7", "1", "0", "7/9 (77,78%)", "Không đạt"]
    assert table[2][3:] == ["6", "2", "0", "6/9 (66,67%)", "Đạt"]
