"""Publication: only the office publishes; the public reads only what is published, with no
personal data beyond name, position, unit and achievement; search without diacritics; the
comment window in working days; the Atom feed; portraits checked by content, re-encoded."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from thidua.law import clocks
from thidua.law.models import Holiday
from thidua.portal import services
from thidua.portal.models import Comment, Publication, PublicationItem

from .conftest import ACHIEVEMENT, image_bytes

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _publish(decision, accounts) -> Publication:  # type: ignore[no-untyped-def]
    publication = services.draft_from_decision(
        decision, [a.pk for a in decision.awards.all()], user=accounts["office"]
    )
    services.publish(publication)
    return publication


# ---- who may publish ------------------------------------------------------------------


def test_only_the_office_publishes(login, decision) -> None:  # type: ignore[no-untyped-def]
    url = f"/cong-bo/quyet-dinh/{decision.pk}/"
    ids = [a.pk for a in decision.awards.all()]
    for persona in ("unit_a", "unit_b", "council", "leader"):
        client = login(persona)
        assert client.get(url).status_code == 403, persona
        assert client.post(url, {"award": ids}).status_code == 403, persona
        assert client.get("/cong-bo/").status_code == 403, persona
    assert not Publication.objects.exists()
    anonymous = Client()
    for path in (url, "/cong-bo/", f"/cong-bo/quyet-dinh/{decision.pk}/truyen-thanh/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], path

    office = login("office")
    response = office.post(url, {"award": ids})
    publication = Publication.objects.get()
    assert response.status_code == 302 and publication.status == Publication.Status.DRAFT
    assert publication.items.count() == 2
    item = publication.items.get(name="Nguyễn Văn An")
    assert item.achievement == ACHIEVEMENT and item.position == "Chuyên viên"
    assert item.unit_name == "Phòng Nội vụ"

    # Publishing and withdrawing: the office only, each recorded in the audit trail.
    for persona in ("unit_a", "council", "leader"):
        assert login(persona).post(f"/cong-bo/{publication.pk}/cong-bo/").status_code == 403
    assert office.post(f"/cong-bo/{publication.pk}/cong-bo/").status_code == 302
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    office.post(f"/cong-bo/{publication.pk}/go/")
    publication.refresh_from_db()
    assert publication.status == Publication.Status.WITHDRAWN
    changes = [
        e.changes_dict.get("status")
        for e in LogEntry.objects.filter(
            content_type__model="publication", object_pk=str(publication.pk)
        ).order_by("pk")
    ]
    assert ["du_thao", "da_cong_bo"] in changes and ["da_cong_bo", "da_go"] in changes
    assert LogEntry.objects.filter(
        content_type__model="publication", actor__username="noivu"
    ).exists()


def test_a_draft_decision_is_not_published(login, decision) -> None:  # type: ignore[no-untyped-def]
    type(decision).objects.filter(pk=decision.pk).update(status="du_thao")
    assert login("office").get(f"/cong-bo/quyet-dinh/{decision.pk}/").status_code == 404


# ---- what the public sees -------------------------------------------------------------


def test_unpublished_and_withdrawn_items_are_404_photos_included(login, decision, accounts) -> None:  # type: ignore[no-untyped-def]
    publication = services.draft_from_decision(
        decision, [a.pk for a in decision.awards.all()], user=accounts["office"]
    )
    item = publication.items.get(name="Nguyễn Văn An")
    office = login("office")
    upload = SimpleUploadedFile("chan-dung.png", image_bytes("PNG"))
    data = {f: getattr(item, f) for f in ("name", "position", "unit_name", "form_label")}
    response = office.post(
        f"/cong-bo/muc/{item.pk}/", {**data, "achievement": "Sửa", "order": 1, "photo": upload}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.photo_path and item.achievement == "Sửa"
    public = Client()
    pages = (f"/bang-vang/{item.pk}/", f"/bang-vang/{item.pk}/anh.jpg")

    assert [public.get(p).status_code for p in pages] == [404, 404]  # a draft
    assert "Nguyễn Văn An" not in public.get("/bang-vang/").content.decode()
    assert office.get(f"/cong-bo/muc/{item.pk}/anh.jpg").status_code == 200  # the office sees it

    services.publish(publication)
    assert [public.get(p).status_code for p in pages] == [200, 200]
    photo = public.get(pages[1])
    assert photo["Content-Type"] == "image/jpeg"
    assert "Nguyễn Văn An" in public.get("/bang-vang/").content.decode()

    services.withdraw(publication)
    assert [public.get(p).status_code for p in pages] == [404, 404]
    assert "Nguyễn Văn An" not in public.get("/bang-vang/").content.decode()


def test_the_public_html_holds_no_personal_data_beyond_the_four(decision, accounts, people) -> None:  # type: ignore[no-untyped-def]
    publication = _publish(decision, accounts)
    item = publication.items.get(name="Nguyễn Văn An")
    person = people["a"]
    public = Client()
    pages = [
        public.get("/bang-vang/").content.decode(),
        public.get(f"/bang-vang/{item.pk}/").content.decode(),
        public.get("/bang-vang/atom.xml").content.decode(),
    ]
    for html in pages:
        assert "Nguyễn Văn An" in html
        for private in (
            str(person.birth_year),
            person.email,
            person.code,
            "Nam",
            "giới tính",
            "năm sinh",
            "/dang-nhap/",
            "Đăng xuất",
        ):
            assert private not in html, private
    detail = pages[1]
    assert "Chuyên viên" in detail and "Phòng Nội vụ" in detail and ACHIEVEMENT[:30] in detail
    # Only the four fields (and the award) reach the item at all.
    stored = {f.name for f in PublicationItem._meta.concrete_fields}
    assert not stored & {"birth_year", "gender", "email", "phone", "code"}


def test_search_without_diacritics_and_filters(decision, accounts) -> None:  # type: ignore[no-untyped-def]
    _publish(decision, accounts)
    public = Client()

    def names(query: str) -> list[str]:
        html = public.get("/bang-vang/", {"q": query}).content.decode()
        return [n for n in ("Nguyễn Văn An", "Phòng Nội vụ") if f"<strong>{n}</strong>" in html]

    assert names("nguyen van an") == ["Nguyễn Văn An"]
    assert names("NGUYỄN văn ân") == ["Nguyễn Văn An"]
    assert names("phong noi") == ["Nguyễn Văn An", "Phòng Nội vụ"]  # the person's unit too
    assert names("tran thi") == []
    assert (
        "<strong>Nguyễn Văn An</strong>"
        not in public.get("/bang-vang/", {"nam": "2023"}).content.decode()
    )
    assert (
        "<strong>Nguyễn Văn An</strong>"
        in public.get(
            "/bang-vang/", {"nam": "2024", "phong_trao": str(decision.campaign_id)}
        ).content.decode()
    )
    for absurd in ({"nam": "²"}, {"phong_trao": "9" * 30}, {"page": "-1"}, {"q": "x" * 500}):
        assert public.get("/bang-vang/", absurd).status_code == 200


def test_the_board_paginates(decision, accounts) -> None:  # type: ignore[no-untyped-def]
    publication = _publish(decision, accounts)
    for n in range(14):
        PublicationItem.objects.create(publication=publication, name=f"Người thứ {n:02d}")
    public = Client()
    first = public.get("/bang-vang/").content.decode()
    second = public.get("/bang-vang/", {"page": 2}).content.decode()
    assert first.count('class="board-card"') == 12 and second.count('class="board-card"') == 4
    assert "Trang 1/2" in first


# ---- the feed -------------------------------------------------------------------------


def test_the_feed_is_atom_with_the_published_items(decision, accounts) -> None:  # type: ignore[no-untyped-def]
    publication = _publish(decision, accounts)
    Publication.objects.create(  # a draft (one honor publication per decision: a list)
        kind=Publication.Kind.COMMENT,
        campaign=decision.campaign,
        year=2024,
        title="Bản nháp chưa công bố",
        created_by=accounts["office"],
    )
    public = Client()
    board = public.get("/bang-vang/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in board and "/bang-vang/atom.xml" in board
    response = public.get("/bang-vang/atom.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [publication.title]
    entry = entries[0]
    for required in ("id", "title", "updated", "link"):
        assert entry.find(f"{ATOM}{required}") is not None, required
    assert "Nguyễn Văn An" in entry.findtext(f"{ATOM}summary")
    services.withdraw(publication)
    assert not ET.fromstring(public.get("/bang-vang/atom.xml").content).findall(f"{ATOM}entry")


# ---- the comment window -----------------------------------------------------------------


def test_the_comment_window_counts_working_days_across_a_holiday() -> None:
    # The law's calendar rows (law 0005): 30/4, 01/5 and 02/5/2025 off, Saturday 26/4 worked.
    assert Holiday.objects.filter(day=dt.date(2025, 5, 2), kind=Holiday.Kind.HOLIDAY).exists()
    assert Holiday.objects.filter(day=dt.date(2025, 4, 26), kind=Holiday.Kind.WORKING).exists()
    start = dt.date(2025, 4, 24)  # a Thursday
    # Fri 25, Sat 26 (làm bù), Mon 28, Tue 29, (Wed 30 – Fri 2/5 off), Mon 5/5.
    assert services.comment_window(start, 5) == (start, dt.date(2025, 5, 5))
    assert services.comment_window(start, 3) == (start, dt.date(2025, 4, 28))
    # An extra day off the administrator adds moves the end.
    Holiday.objects.create(
        day=dt.date(2025, 5, 5), name="Ngày nghỉ thêm", legal_basis="Thử nghiệm", confidence="M"
    )
    assert services.comment_window(start, 5) == (start, dt.date(2025, 5, 6))


def test_comments_are_taken_in_the_window_and_refused_after_it(login, proposed, accounts) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    url = f"/cong-bo/phong-trao/{proposed.dossier.campaign_id}/lay-y-kien/"
    page = office.get(url).content.decode()
    assert "Trần Thị Bình" in page and 'value="5"' in page  # the default days, in the form
    assert login("unit_b").get(url).status_code == 403
    response = office.post(url, {"nomination": [proposed.pk], "days": "3"})
    publication = Publication.objects.get(kind=Publication.Kind.COMMENT)
    assert response.status_code == 302 and publication.comment_days == 3
    public = Client()
    assert public.get(f"/bang-vang/lay-y-kien/{publication.pk}/").status_code == 404  # draft

    friday = dt.date(2025, 12, 5)
    services.publish(publication, today=friday)
    publication.refresh_from_db()
    assert publication.closes_on == clocks.add_working_days(friday, 3) == dt.date(2025, 12, 10)
    page_url = f"/bang-vang/lay-y-kien/{publication.pk}/"
    html = public.get(page_url).content.decode()
    assert "Trần Thị Bình" in html and "CB-B" not in html and "10/12/2025" in html

    # In the window (the service, dated), then through the page, with its limits.
    services.receive_comment(
        publication, name="Lê Văn Dân", contact="", text="Đồng ý với danh sách.", today=friday
    )
    form = {"name": "Nguyễn Thị Góp", "contact": "0905 000 111", "text": "Tôi đồng ý đề nghị."}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.timezone, "localdate", lambda: dt.date(2025, 12, 10))
        response = public.post(page_url, form)
        assert response.status_code == 302
        robot = public.post(page_url, {**form, "trang_web": "http://spam.example"})
        assert "Không nhận được ý kiến này" in robot.content.decode()
        short = public.post(page_url, {**form, "text": "ok"})
        assert "quá ngắn" in short.content.decode()
        long = public.post(page_url, {**form, "text": "x" * 3001})
        assert long.status_code == 200 and Comment.objects.count() == 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.timezone, "localdate", lambda: dt.date(2025, 12, 11))
        late = public.post(page_url, form)
        assert "Đã hết thời hạn góp ý (đến hết ngày 10/12/2025)" in late.content.decode()
    with pytest.raises(services.PublicationError, match="hết thời hạn"):
        services.receive_comment(
            publication, name="A", contact="", text="Quá hạn rồi.", today=dt.date(2025, 12, 11)
        )
    assert Comment.objects.count() == 2

    # The office's list, its Excel, marking handled (audited); the public never sees them.
    listing = office.get(f"/cong-bo/{publication.pk}/y-kien/").content.decode()
    assert "0905 000 111" in listing and "0905 000 111" not in public.get(page_url).content.decode()
    assert login("unit_a").get(f"/cong-bo/{publication.pk}/y-kien/").status_code == 403
    export = office.get(f"/cong-bo/{publication.pk}/y-kien/xuat-excel/")
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    comment = Comment.objects.get(name="Nguyễn Thị Góp")
    office.post(f"/cong-bo/y-kien/{comment.pk}/xu-ly/", {"xong": "1"})
    comment.refresh_from_db()
    assert comment.handled and comment.handled_by == accounts["office"]
    assert LogEntry.objects.filter(content_type__model="comment", object_pk=str(comment.pk))


# ---- portraits ------------------------------------------------------------------------


def _upload(login, decision, accounts, upload):  # type: ignore[no-untyped-def]
    publication = services.honor_publication_of(decision) or services.draft_from_decision(
        decision, [decision.awards.first().pk], user=accounts["office"]
    )  # one honor publication per decision: the second upload goes to the same item
    item = publication.items.get()
    data = {f: getattr(item, f) for f in ("name", "position", "unit_name", "form_label")}
    response = login("office").post(
        f"/cong-bo/muc/{item.pk}/", {**data, "achievement": "", "order": 1, "photo": upload}
    )
    item.refresh_from_db()
    return response, item


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "anh.jpg",
            b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF",
            "là tệp PDF; ở đây chỉ nhận JPEG, PNG hay WebP",
        ),
        ("anh.jpg", b"<!doctype html><script>alert(1)</script>", "không phải JPEG, PNG hay WebP"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bị hỏng hoặc không đọc được"),
    ],
)
def test_uploads_are_refused_by_content(login, decision, accounts, name, content, message) -> None:  # type: ignore[no-untyped-def]
    response, item = _upload(login, decision, accounts, SimpleUploadedFile(name, content))
    assert response.status_code == 200 and message in response.content.decode()
    assert not item.photo_path


def test_a_huge_image_is_refused(login, decision, accounts) -> None:  # type: ignore[no-untyped-def]
    huge = image_bytes("PNG", size=(8000, 6000))  # 48 million pixels, a small file
    response, item = _upload(login, decision, accounts, SimpleUploadedFile("to.png", huge))
    assert "vượt giới hạn 40 triệu điểm ảnh" in response.content.decode()
    assert not item.photo_path
    heavy = SimpleUploadedFile("nang.jpg", b"\xff\xd8\xff" + b"\x00" * (9 * 1024 * 1024))
    response, item = _upload(login, decision, accounts, heavy)
    assert "vượt giới hạn 8 MB" in response.content.decode() and not item.photo_path


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_portrait_is_re_encoded_without_exif(login, decision, accounts, kind) -> None:  # type: ignore[no-untyped-def]
    original = image_bytes(kind, size=(1600, 1200), exif=True)
    if kind == "JPEG":
        original += b"TRAILING-SECRET"  # bytes after the image end are not kept either
        assert b"secret description" in original
    response, item = _upload(
        login, decision, accounts, SimpleUploadedFile(f"a.{kind.lower()}", original)
    )
    assert response.status_code == 302
    stored = (Path(settings.MEDIA_ROOT) / item.photo_path).read_bytes()
    assert b"secret description" not in stored and b"TRAILING-SECRET" not in stored
    assert b"Nguyen Van An" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and max(image.size) == 900
        assert not image.getexif()
