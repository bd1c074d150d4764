"""Every list's Excel export, downloaded from the demo district: the header each list
promises, dates as dates (dd/mm/yyyy), numbers as numbers, no cell a formula (not in
openpyxl's reading, not in the sheet XML), a unit account's export holding only its own
rows, and the page's filters applied.

EXPORTS is the one list of exports; a list page whose "Tải Excel" link leads to an export
not in it, or a list page in LIST_PAGES without such a link, fails a test here."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse
from openpyxl import load_workbook

from thidua.awards.records import CouncilSession, Decision
from thidua.campaigns.models import Campaign
from thidua.org.models import Person, Unit, User
from thidua.portal.models import Publication
from thidua.scoring.models import ParScore
from thidua.tests_walk.crawl import parse

pytestmark = pytest.mark.django_db

HOSTILE_UNIT = '=HYPERLINK("http://x","y")'
HOSTILE_PEOPLE = ("+1 test", "-2", "@SUM(A1)")
DATE_FORMATS = ("DD/MM/YYYY", "DD/MM/YYYY HH:MM")
# Two units: the district's thị trấn (its history) and xã Ân Mỹ's service centre.
UNIT_ACCOUNTS = ("donvi2", "donvixa")


@dataclass(frozen=True)
class Expected:
    url: Callable[[dict[str, Any]], str]
    header: tuple[str, ...]  # the first sheet's header (its first columns)
    dates: tuple[str, ...] = ()  # columns whose values are dates
    numbers: tuple[str, ...] = ()  # columns whose values are numbers
    username: str = "noivu"  # the district's office (the administrator for accounts)


def _campaign() -> Campaign:
    return Campaign.objects.get(template_key="loc-ninh-2024-2025")


def _fact(slug: str) -> Callable[[dict[str, Any]], str]:
    return lambda demo: reverse("scoring:fact-list-xlsx", args=[slug])


def _lockout() -> str:
    """The demo has no locked sign-in: one here, for the list to have a row."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="donvi1",
        ip_address="10.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/dang-nhap/",
        failures_since_start=99,
    )
    return reverse("org:lockout-list-xlsx")


def _mail_log(demo: dict[str, Any]) -> str:
    """The demo's events queue no e-mail: one queued here, for the log to have a row."""
    from thidua.notifications.models import Kind
    from thidua.notifications.services import notify

    notify(User.objects.filter(username="donvi1"), Kind.REMINDER, "Nhắc hạn", mail=True)
    return reverse("notifications:log-xlsx")


EXPORTS: dict[str, Expected] = {
    "org:unit-list-xlsx": Expected(
        lambda demo: reverse("org:unit-list-xlsx"),
        (
            "Mã",
            "Tên đơn vị",
            "Cấp",
            "Đơn vị cấp trên",
            "Khối thi đua",
            "Chấm CCHC",
            "Số cá nhân",
            "Hiệu lực từ",
            "Hiệu lực đến",
            "Thư điện tử",
        ),
        dates=("Hiệu lực từ", "Hiệu lực đến"),
        numbers=("Số cá nhân",),
    ),
    "org:person-list-xlsx": Expected(
        lambda demo: reverse("org:person-list-xlsx"),
        ("Họ và tên", "Mã", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị", "Vai trò"),
        numbers=("Năm sinh",),
    ),
    "org:account-list-xlsx": Expected(
        lambda demo: reverse("org:account-list-xlsx"),
        ("Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Trạng thái", "Đăng nhập lần cuối"),
        dates=("Đăng nhập lần cuối",),
        username="quantri",
    ),
    "org:lockout-list-xlsx": Expected(
        lambda demo: _lockout(),
        ("Tên đăng nhập", "Địa chỉ IP", "Số lần sai", "Lần sai gần nhất"),
        dates=("Lần sai gần nhất",),
        numbers=("Số lần sai",),
    ),
    "org:audit-recent-xlsx": Expected(
        lambda demo: reverse("org:audit-recent-xlsx"),
        ("Thời điểm", "Người thực hiện", "Thao tác", "Loại bản ghi", "Bản ghi", "Thay đổi"),
        dates=("Thời điểm",),
    ),
    "org:audit-history-xlsx": Expected(
        lambda demo: reverse(
            "org:audit-history-xlsx",
            args=[ContentType.objects.get_for_model(Unit).pk, Unit.objects.order_by("pk")[0].pk],
        ),
        ("Thời điểm", "Người thực hiện", "Thao tác", "Loại bản ghi", "Bản ghi", "Thay đổi"),
        dates=("Thời điểm",),
    ),
    "scoring:par-ranking-xlsx": Expected(
        lambda demo: reverse("scoring:par-ranking-xlsx") + "?year=2024",
        ("Khối", "Hạng", "Trong số", "Đơn vị", "Tự đánh giá", "Thẩm định", "Tối đa", "Tỷ lệ (%)"),
        numbers=("Hạng", "Trong số", "Tự đánh giá", "Thẩm định", "Tối đa"),
    ),
    "scoring:fact-list-xlsx/chi-so-cchc": Expected(
        _fact("chi-so-cchc"),
        ("Đơn vị", "Năm", "Tự đánh giá", "Thẩm định", "Tối đa", "Tỷ lệ (%)", "Ghi chú"),
        dates=("Xác nhận lúc",),
        numbers=("Năm", "Tự đánh giá", "Thẩm định", "Tối đa", "Tỷ lệ (%)"),
    ),
    "desks:gaps-xlsx/chi-so-cchc": Expected(
        lambda demo: reverse("desks:gaps-xlsx", args=["chi-so-cchc"]) + "?nam=2030",
        ("Tên đơn vị", "Đơn vị cấp trên", "Khối thi đua"),
        username="vanphong",  # the office of the body in force (the district's has ended)
    ),
    "desks:gaps-xlsx/xep-loai": Expected(
        lambda demo: reverse("desks:gaps-xlsx", args=["xep-loai"]) + "?nam=2030",
        ("Họ và tên", "Chức vụ", "Đơn vị"),
        username="vanphong",  # the office of the body in force (the district's has ended)
    ),
    "scoring:fact-list-xlsx/xep-loai": Expected(
        _fact("xep-loai"),
        ("Đối tượng", "Năm", "Xếp loại", "Xác nhận", "Xác nhận lúc"),
        dates=("Xác nhận lúc",),
        numbers=("Năm",),
    ),
    "scoring:fact-list-xlsx/ky-luat": Expected(
        _fact("ky-luat"),
        ("Cá nhân", "Đơn vị", "Ngày", "Hình thức", "Số quyết định", "Ghi chú"),
        dates=("Ngày",),
    ),
    "scoring:fact-list-xlsx/xem-xet": Expected(
        _fact("xem-xet"),
        ("Đối tượng", "Loại", "Từ ngày", "Đến ngày", "Nội dung"),
        dates=("Từ ngày",),
    ),
    "scoring:fact-list-xlsx/khen-thuong": Expected(
        _fact("khen-thuong"),
        (
            "Đối tượng",
            "Danh hiệu/hình thức",
            "Năm thành tích",
            "Lĩnh vực",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan quyết định",
        ),
        dates=("Ngày quyết định",),
        numbers=("Năm thành tích",),
    ),
    "scoring:fact-list-xlsx/sang-kien": Expected(
        _fact("sang-kien"),
        ("Mã", "Tên sáng kiến", "Đơn vị", "Tác giả", "Năm", "Phạm vi", "Xác nhận"),
        numbers=("Năm",),
    ),
    "scoring:fact-list-xlsx/xac-nhan": Expected(
        _fact("xac-nhan"),
        ("Đối tượng", "Năm", "Nội dung", "Căn cứ", "Người ghi nhận", "Lúc"),
        dates=("Lúc",),
        numbers=("Năm",),
    ),
    "campaigns:list-xlsx": Expected(
        lambda demo: reverse("campaigns:list-xlsx"),
        ("Tên phong trào", "Cơ quan ban hành", "Mẫu", "Trạng thái"),
    ),
    "campaigns:export": Expected(
        lambda demo: reverse("campaigns:export", args=[_campaign().pk]) + "?nam=2024",
        ("STT", "Tập thể", "Khối", "Đủ điều kiện", "Được chọn", "Thứ tự", "Ghi chú"),
        numbers=("STT", "Thứ tự"),
    ),
    "campaigns:export-scheme": Expected(
        lambda demo: (
            reverse(
                "campaigns:export-scheme",
                args=[_campaign().pk, _campaign().template.schemes[0].key],
            )
            + "?nam=2024"
        ),
        ("STT", "Tập thể", "Khối", "Đủ điều kiện", "Được chọn"),
    ),
    "campaigns:registrations-export": Expected(
        lambda demo: reverse("campaigns:registrations-export", args=[_campaign().pk]) + "?nam=2025",
        ("STT", "Mã", "Đơn vị", "Trạng thái", "Nộp lúc", "Số dòng"),
        dates=("Nộp lúc",),
        numbers=("STT", "Số dòng"),
    ),
    "awards:campaign-dossiers-xlsx": Expected(
        lambda demo: reverse("awards:campaign-dossiers-xlsx", args=[_campaign().pk]),
        ("Đơn vị", "Năm", "Trạng thái", "Nộp muộn", "Nộp lúc", "Số đề nghị"),
        dates=("Nộp lúc",),
        numbers=("Năm", "Số đề nghị"),
    ),
    "awards:dossier-xlsx": Expected(
        lambda demo: reverse("awards:dossier-xlsx", args=[demo["voted"].pk]),
        (
            "Tập thể, cá nhân",
            "Đơn vị",
            "Đề nghị",
            "Tóm tắt thành tích",
            "Kết quả xét của máy",
            "Kết luận thẩm định",
            "Lý do",
        ),
    ),
    "awards:council-xlsx": Expected(
        lambda demo: reverse("awards:council-xlsx", args=[_campaign().pk]),
        ("Phiên họp", "Tình trạng phiên họp", "Tập thể, cá nhân", "Hình thức", "Đơn vị đề nghị"),
        numbers=("Tổng số thành viên", "Đã bỏ phiếu", "Đồng ý", "Tỷ lệ đồng ý (%)"),
    ),
    "awards:session-xlsx": Expected(
        lambda demo: reverse(
            "awards:session-xlsx",
            args=[CouncilSession.objects.filter(status="da_ket_thuc").order_by("pk").first().pk],
        ),
        ("Phiên họp", "Tình trạng phiên họp", "Tập thể, cá nhân", "Hình thức", "Đơn vị đề nghị"),
        numbers=("Tổng số thành viên", "Đã bỏ phiếu", "Đồng ý", "Không đồng ý"),
    ),
    "notifications:list-xlsx": Expected(
        lambda demo: reverse("notifications:list-xlsx"),
        ("Lúc", "Loại", "Tiêu đề", "Nội dung", "Đã đọc lúc"),
        dates=("Lúc", "Đã đọc lúc"),
    ),
    "notifications:log-xlsx": Expected(
        _mail_log,
        ("Tạo lúc", "Người nhận", "Địa chỉ", "Loại", "Tiêu đề", "Trạng thái", "Số lần gửi"),
        dates=("Tạo lúc", "Gửi lúc"),
        numbers=("Số lần gửi",),
    ),
    "awards:decision-xlsx": Expected(
        lambda demo: reverse(
            "awards:decision-xlsx",
            args=[Decision.objects.filter(status="da_ky", campaign=_campaign()).first().pk],
        ),
        ("Quyết định", "Ngày ký", "Tình trạng", "Tập thể, cá nhân", "Hình thức", "Năm thành tích"),
        dates=("Ngày ký",),
        numbers=("Năm thành tích", "Tiền thưởng (đồng)"),
    ),
    "reports:dashboard-xlsx": Expected(
        lambda demo: reverse("reports:dashboard-xlsx") + "?nam=2024",
        ("Đơn vị", "Chỉ số CCHC (%)", "Khối", "Xếp hạng trong khối", "Xếp loại"),
        numbers=("Chỉ số CCHC (%)",),
    ),
    "portal:list-xlsx": Expected(
        lambda demo: reverse("portal:list-xlsx"),
        ("Tiêu đề", "Loại", "Phong trào", "Năm", "Quyết định", "Trạng thái", "Công bố lúc"),
        dates=("Công bố lúc",),
        numbers=("Năm", "Số gương điển hình"),
    ),
    "portal:comments-xlsx": Expected(
        lambda demo: reverse(
            "portal:comments-xlsx",
            args=[Publication.objects.filter(kind="lay_y_kien").order_by("pk").first().pk],
        ),
        ("Nhận lúc", "Họ và tên", "Liên hệ", "Nội dung", "Đã xử lý"),
        dates=("Nhận lúc",),
    ),
    # After the decision (issue 11).
    "awards:register-xlsx": Expected(
        lambda demo: reverse("awards:register-xlsx"),
        ("Cá nhân / Tập thể", "Đơn vị", "Năm thành tích", "Danh hiệu, hình thức"),
        dates=("Ngày quyết định",),
        numbers=("Năm thành tích",),
    ),
    "awards:revocations-xlsx": Expected(
        lambda demo: reverse("awards:revocations-xlsx"),
        ("Quyết định", "Trạng thái", "Lý do"),
        numbers=("Tiền phải thu hồi (đồng)",),
    ),
    "awards:fund-xlsx": Expected(
        lambda demo: reverse("awards:fund-xlsx") + "?nam=2025",
        ("Ngày", "Nội dung", "Văn bản, chứng từ"),
        dates=("Ngày",),
        numbers=("Thu (đồng)", "Số dư (đồng)"),
    ),
    "awards:unit-decisions-xlsx": Expected(
        lambda demo: reverse("awards:unit-decisions-xlsx"),
        ("Số, ký hiệu", "Ngày ký", "Trích yếu"),
        dates=("Ngày ký",),
    ),
}

# The list pages of the UI: each shows a "Tải Excel" link to one of EXPORTS.
LIST_PAGES = (
    "org:unit-list",
    "org:person-list",
    "org:account-list",
    "org:audit-recent",
    "org:lockout-list",
    "org:audit-history",
    "scoring:par-ranking",
    "scoring:fact-list",
    "campaigns:list",
    "campaigns:results",
    "campaigns:results-first",
    "campaigns:registrations",
    "awards:campaign-dossiers",
    "awards:dossier",
    "awards:council",
    "awards:session",
    "awards:decision",
    "desks:gaps",
    "notifications:list",
    "notifications:log",
    "reports:dashboard",
    "portal:list",
    "portal:comments",
    "awards:register",
    "awards:revocations",
    "awards:fund",
    "awards:unit-decisions",
)


def export_name(url: str) -> str:
    match = resolve(urlsplit(url).path)
    slug = match.kwargs.get("slug")
    return f"{match.view_name}/{slug}" if slug else match.view_name


@pytest.fixture
def hostile(demo_district: dict[str, Any]) -> dict[str, Any]:
    """A unit named like a formula under xã Ân Mỹ, with people named like formulas and a
    PAR result."""
    office = User.objects.get(username="vanphong").unit
    parent = office.parent or office
    unit = Unit.objects.create(
        code="XA-CONG-THUC", name=HOSTILE_UNIT, level="bo_phan", group_id="bo_phan", parent=parent
    )
    people = [
        Person.objects.create(code=f"CT-{i}", full_name=name, unit=unit, position="=1+1")
        for i, name in enumerate(HOSTILE_PEOPLE)
    ]
    ParScore.objects.create(unit=unit, year=2024, max_score=100, score=80, note="@danh gia")
    return {"unit": unit, "people": people}


def download(client: Any, url: str) -> tuple[Any, bytes]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response["Content-Disposition"]
    assert re.search(r'filename="[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.xlsx"', disposition), disposition
    assert "filename*=UTF-8''" in disposition and unquote(disposition).isprintable()
    return load_workbook(BytesIO(response.content)), response.content


def table(sheet: Any) -> tuple[tuple[str, ...], list[tuple[Any, ...]], list[Any]]:
    """The header (the row above the frozen pane), the rows below it and their cells."""
    assert sheet.freeze_panes and sheet.freeze_panes.startswith("A"), sheet.freeze_panes
    header_row = int(sheet.freeze_panes[1:]) - 1
    header = tuple(c.value for c in sheet[header_row] if c.value is not None)
    assert all(c.font.bold for c in sheet[header_row] if c.value is not None)
    cells = list(sheet.iter_rows(min_row=header_row + 1))
    return header, [tuple(c.value for c in row) for row in cells], cells


def assert_no_formula(book: Any, content: bytes) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >/]", archive.read(name)), name


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_has_its_header_real_types_and_no_formula(
    client_as: Any, demo_district: dict[str, Any], hostile: dict[str, Any], name: str
) -> None:
    expected = EXPORTS[name]
    url = expected.url(demo_district)
    assert export_name(url) == name
    book, content = download(client_as(expected.username), url)
    assert_no_formula(book, content)
    header, rows, cells = table(book.worksheets[0])
    assert header[: len(expected.header)] == expected.header
    assert rows, f"{name}: no rows"
    for column in (*expected.dates, *expected.numbers):
        assert column in header, (name, column)
    for row in cells:
        for title, cell in zip(header, row, strict=False):
            if cell.value is None or cell.value == "":
                continue
            if title in expected.dates and cell.value != "đang mở":
                assert isinstance(cell.value, dt.datetime), (name, title, cell.value)
                assert cell.number_format in DATE_FORMATS, (name, title, cell.number_format)
            if title in expected.numbers and not isinstance(cell.value, str):
                assert isinstance(cell.value, int | float), (name, title, cell.value)
    for title in expected.numbers:  # at least one real number in each number column
        column = header.index(title)
        values = [r[column] for r in rows if column < len(r)]
        assert any(isinstance(v, int | float) for v in values), (name, title)


def test_formula_like_names_reach_the_sheet_as_text(
    client_as: Any, hostile: dict[str, Any]
) -> None:
    office = client_as("vanphong")
    book, content = download(
        office, reverse("org:unit-list-xlsx") + "?" + urlencode({"q": HOSTILE_UNIT})
    )
    assert_no_formula(book, content)
    _, rows, cells = table(book.active)
    names = [r[1] for r in rows]
    assert names == [HOSTILE_UNIT]
    assert cells[0][1].data_type == "s" and cells[0][1].quotePrefix
    book, content = download(
        office, reverse("org:person-list-xlsx") + f"?unit={hostile['unit'].pk}"
    )
    assert_no_formula(book, content)
    header, rows, _ = table(book.active)
    assert sorted(r[0] for r in rows) == sorted(HOSTILE_PEOPLE)
    assert {r[header.index("Chức vụ")] for r in rows} == {"=1+1"}
    book, content = download(office, reverse("scoring:fact-list-xlsx", args=["chi-so-cchc"]))
    assert_no_formula(book, content)
    header, rows, _ = table(book.active)
    mine = [r for r in rows if r[0] == HOSTILE_UNIT]
    assert [(r[header.index("Thẩm định")], r[header.index("Ghi chú")]) for r in mine] == [
        (80, "@danh gia")
    ]


@pytest.mark.parametrize(
    "url",
    [
        reverse("org:unit-list-xlsx"),
        reverse("org:person-list-xlsx"),
        reverse("scoring:fact-list-xlsx", args=["xep-loai"]),
        reverse("scoring:par-ranking-xlsx") + "?year=2024",
    ],
)
def test_a_unit_account_exports_only_its_own_rows(
    client_as: Any, hostile: dict[str, Any], url: str
) -> None:
    everything = table(download(client_as("noivu"), url)[0].active)[1]
    seen = {}
    for username in UNIT_ACCOUNTS:
        client = client_as(username)
        header, rows, _ = table(download(client, url)[0].active)
        own = User.objects.get(username=username).unit
        names = set(Unit.objects.filter(path__startswith=own.path).values_list("name", flat=True))
        column = next((h for h in ("Đơn vị", "Tên đơn vị") if h in header), None)
        if column is not None:
            assert {r[header.index(column)] for r in rows} <= names, username
        seen[username] = rows
        assert HOSTILE_UNIT not in {v for r in rows for v in r}
    assert any(seen.values()), "neither unit account exports a row"
    assert all(len(rows) < len(everything) for rows in seen.values())


def test_an_export_applies_the_pages_filters(client_as: Any, hostile: dict[str, Any]) -> None:
    office = client_as("vanphong")
    for url, filtered in (
        (reverse("org:person-list-xlsx"), "?q=nguyen"),
        (reverse("org:unit-list-xlsx"), "?group=xa"),
        (reverse("org:audit-recent-xlsx"), f"?actor={office.session['_auth_user_id']}"),
        (reverse("scoring:fact-list-xlsx", args=["chi-so-cchc"]), "?year=2024"),
    ):
        every = table(download(office, url)[0].active)[1]
        some_book = download(office, url + filtered)[0]
        some = table(some_book.active)[1]
        assert 0 < len(some) < len(every), (url, filtered, len(some), len(every))
        title_lines = [r[0].value for r in some_book.active.iter_rows(max_row=3)]
        assert any(str(t).startswith("Lọc: ") for t in title_lines), title_lines
        assert any(str(t).startswith("Xuất lúc ") for t in title_lines), title_lines


def test_every_list_page_links_to_its_export(client_as: Any, crawled: Any) -> None:
    """Each list page the office reaches shows "Tải Excel" to an export of EXPORTS; every
    export link the crawl met (as any role) is one of EXPORTS."""
    # The district's office (ended) and the commune's: each reaches the lists of its own body.
    pages: dict[str, tuple[str, str]] = {}
    for username in ("noivu", "vanphong"):
        visits = crawled(username).visits
        for url in visits:
            name = resolve(urlsplit(url).path).view_name
            if name in LIST_PAGES and name not in pages and visits[url].status == 200:
                pages[name] = (url, username)
    pages["org:account-list"] = (reverse("org:account-list"), "quantri")
    assert set(pages) == set(LIST_PAGES), set(LIST_PAGES) - set(pages)
    for name, (url, username) in pages.items():
        client = client_as(username)
        page = parse(url, client.get(url).content.decode())
        exports = [link for link in page.links if "/xuat-excel/" in link]
        assert exports, f"{name} ({url}) has no Tải Excel link"
        for link in exports:
            assert export_name(link) in EXPORTS, link
            shown = [(k, v) for k, v in parse_qsl(urlsplit(url).query) if k != "page"]
            assert parse_qsl(urlsplit(link).query) == shown, (url, link)
    for username in ("noivu", "donvi1", "vanphong", "donvixa", "hoidong1", "chutich"):
        for url in crawled(username).visits:
            if "/xuat-excel/" in url:
                assert export_name(url) in EXPORTS, url


def test_the_trich_ngang_writes_formula_like_text_as_text(
    client_as: Any, demo_district: dict[str, Any]
) -> None:
    """The dossier's danh sách trích ngang (a laid-out sheet, not a list export) holds a
    nomination's summary that looks like a formula as text."""
    draft = demo_district["draft"]
    nomination = draft.nominations.first()
    nomination.summary = '=HYPERLINK("http://x","y")'
    nomination.save()
    url = reverse("awards:draft", args=[draft.pk, "trich-ngang.xlsx"])
    response = client_as("noivu").get(url)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert_no_formula(book, response.content)
    values = {c.value for row in book.active.iter_rows() for c in row}
    assert nomination.summary in values
