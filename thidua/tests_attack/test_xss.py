"""XSS: a unit's name and a person's name typed through the edit forms, and a person brought
in by the import (the engine of the Excel screen, the command and the API), holding
`<script>` and `"><img onerror>`, come out escaped on every page that shows them — the
pages naming them and a crawl of the site from the unit's page as the office and as the
unit — and in the exports, where a name beginning with `=HYPERLINK(` stays a text cell."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from thidua.imports.service import import_rows
from thidua.lib.audit import acting_as
from thidua.org.models import Person, Unit, User
from thidua.tests_attack.world import Side, forms_on
from thidua.tests_walk.crawl import FILE_SUFFIXES, crawl

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(2)>'
FORMULA = '=HYPERLINK("http://203.0.113.9/","bấm vào đây")'
UNIT_NAME = f"Phòng Nội vụ {SCRIPT}{IMAGE}"
PERSON_NAME = f"Nguyễn {IMAGE} Văn {SCRIPT}"
RAW = (SCRIPT, "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _post_edit(client: Client, url: str, field: str, value: str) -> None:
    (form,) = [f for f in forms_on(client, url) if f.action.endswith(url)]
    data: dict[str, Any] = {}
    for key, current in form.fields:
        data.setdefault(key, []).append(value if key == field else current)
    response = client.post(url, data)
    assert response.status_code == 302, f"{url} refused the name: {response.status_code}"


@pytest.fixture
def hostile_names(sides: dict[str, Side]) -> dict[str, Any]:
    office = User.objects.get(username="noivu")
    client = Client()
    client.force_login(office)
    unit = Unit.objects.get(pk=sides["district"].ids["unit"])
    person = Person.objects.get(pk=sides["district"].ids["person"])
    _post_edit(client, reverse("org:unit-edit", kwargs={"pk": unit.pk}), "name", UNIT_NAME)
    _post_edit(
        client, reverse("org:person-edit", kwargs={"pk": person.pk}), "full_name", PERSON_NAME
    )
    with acting_as(office):
        report = import_rows(
            "people",
            [
                {"full_name": FORMULA, "unit": unit.code, "gender": "Nam"},
                {"full_name": f"Trần {SCRIPT}", "unit": unit.code, "gender": "Nữ"},
            ],
            user=office,
        )
    assert report.ok, report.as_dict()
    unit.refresh_from_db()
    person.refresh_from_db()
    assert unit.name == UNIT_NAME and person.full_name == PERSON_NAME
    return {"client": client, "unit": unit, "person": person}


def raw_markup(html: str) -> list[str]:
    return [needle for needle in RAW if needle in html]


def test_hostile_names_come_out_escaped_on_every_page(hostile_names: dict[str, Any]) -> None:
    unit, person = hostile_names["unit"], hostile_names["person"]
    pages = [
        reverse("org:unit-detail", kwargs={"pk": unit.pk}),
        reverse("org:person-detail", kwargs={"pk": person.pk}),
        reverse("org:unit-list") + "?q=noi+vu",
        reverse("org:person-list") + "?q=nguyen",
        reverse("scoring:unit-record", kwargs={"pk": unit.pk}),
        reverse("scoring:person-record", kwargs={"pk": person.pk}),
        reverse("org:audit-recent"),
    ]
    problems, shown = [], 0
    for username in ("noivu", "donvi1"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        visited = {url: client.get(url) for url in pages}
        walk = crawl(client, start=pages[0], per_kind=1, limit=120)
        for url, visit in walk.visits.items():
            if visit.status == 200 and not url.split("?")[0].endswith(FILE_SUFFIXES):
                visited.setdefault(url, client.get(url))
        for url, response in visited.items():
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            shown += ESCAPED in html
            if found := raw_markup(html):
                problems.append(f"{username} {url}: {found}")
    assert shown >= len(pages), f"the names were shown escaped on {shown} pages only"
    assert not problems, "\n".join(problems)


def _cells(response: Any) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def test_hostile_names_stay_text_in_the_exports(hostile_names: dict[str, Any]) -> None:
    client = hostile_names["client"]
    found = {}
    for url in (reverse("org:unit-list-xlsx"), reverse("org:person-list-xlsx")):
        response = client.get(url)
        assert response.status_code == 200
        content = getattr(response, "streaming_content", None)
        cells = _cells(response) if content is not None else []
        if content is None:
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        for cell in cells:
            if isinstance(cell.value, str) and (SCRIPT in cell.value or "HYPERLINK" in cell.value):
                found[cell.value] = cell.data_type
    assert UNIT_NAME in found and PERSON_NAME in found and FORMULA in found, sorted(found)
    assert set(found.values()) == {"s"}, found
