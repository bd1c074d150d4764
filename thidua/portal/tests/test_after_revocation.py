"""A revoked award leaves the public board (card, photo, feed) and the office's page shows
it withdrawn by the revocation; one honor publication per decision."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from thidua.awards import revocation
from thidua.portal import access, services
from thidua.portal.models import Publication
from thidua.scoring.models import Award

from .conftest import image_bytes

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _awards_of(decision, accounts) -> None:  # type: ignore[no-untyped-def]
    """The scoring awards the signing creates (the fixture sets the status directly)."""
    for a in decision.awards.all():
        Award.objects.create(
            unit_id=a.unit_id,
            person_id=a.person_id,
            form_id=a.form_id,
            year=a.year,
            decision_number=f"{decision.number}/{decision.symbol}",
            decision_date=decision.signed_on,
            created_by=accounts["office"],
        )


def test_a_revoked_award_leaves_the_board_its_photo_and_the_feed(
    login, decision, accounts, people, district
) -> None:  # type: ignore[no-untyped-def]
    _awards_of(decision, accounts)
    publication = services.draft_from_decision(
        decision, [a.pk for a in decision.awards.all()], user=accounts["office"]
    )
    item = publication.items.get(name="Nguyễn Văn An")
    office = login("office")
    data = {f: getattr(item, f) for f in ("name", "position", "unit_name", "form_label")}
    upload = SimpleUploadedFile("chan-dung.png", image_bytes("PNG"))
    office.post(f"/cong-bo/muc/{item.pk}/", {**data, "order": 1, "photo": upload})
    services.publish(publication)
    public = Client()
    pages = (f"/bang-vang/{item.pk}/", f"/bang-vang/{item.pk}/anh.jpg")
    assert [public.get(p).status_code for p in pages] == [200, 200]

    draft = revocation.draft_revocation(
        reason="Khai không đúng thành tích",
        awards=[Award.objects.get(person=people["a"])],
        user=accounts["office"],
        issuer=district["root"],
    )
    revocation.record_signed(
        draft,
        number="27",
        signed_on=dt.date(2025, 6, 5),
        signer_name="Lê Văn Chủ",
        user=accounts["office"],
    )
    assert [public.get(p).status_code for p in pages] == [404, 404]
    board = public.get("/bang-vang/").content.decode()
    assert "Nguyễn Văn An" not in board and "Phòng Nội vụ" in board  # the other stays
    summary = ET.fromstring(public.get("/bang-vang/atom.xml").content).find(
        f"{ATOM}entry/{ATOM}summary"
    )
    assert "Nguyễn Văn An" not in summary.text
    assert not access.public_items().filter(pk=item.pk).exists()  # the query-level guard
    page = office.get(f"/cong-bo/{publication.pk}/").content.decode()
    assert "Đã gỡ khỏi trang công khai" in page
    assert "Đã thu hồi theo Quyết định số 27/QĐ-UBND ngày 05/06/2025" in page


def test_one_honor_publication_per_decision(login, decision, accounts) -> None:  # type: ignore[no-untyped-def]
    ids = [a.pk for a in decision.awards.all()]
    first = services.draft_from_decision(decision, ids, user=accounts["office"])
    with pytest.raises(services.PublicationError, match="đã có nội dung công bố"):
        services.draft_from_decision(decision, ids, user=accounts["office"])
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint backs it
        Publication.objects.create(
            kind=Publication.Kind.HONOR,
            campaign=decision.campaign,
            decision=decision,
            year=2024,
            title="Lần hai",
            created_by=accounts["office"],
        )
    office = login("office")
    response = office.get(f"/cong-bo/quyet-dinh/{decision.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/cong-bo/{first.pk}/"
    assert office.post(f"/cong-bo/quyet-dinh/{decision.pk}/", {"award": ids}).status_code == 302
    assert Publication.objects.filter(decision=decision).count() == 1
