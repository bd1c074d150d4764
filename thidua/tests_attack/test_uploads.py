"""Hostile files through every upload path of the site, end to end through the views, as
the account whose page shows the upload form: a PDF with JavaScript, PDF/ZIP and PDF/HTML
polyglots, a .docx carrying an .exe, a macro project or a remote template, a .docx that
inflates past the limit, pictures carrying HTML, a PDF or a ZIP. Each is refused with a
message naming the file, and nothing is written — no row, no file under MEDIA_ROOT. An
ordinary file through the same form IS stored, so the form posted is the working one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.documents.decision_docx import TEMPLATE as DECISION_TEMPLATE
from thidua.documents.templating import product_template
from thidua.lib.tests import crafted as c
from thidua.org.models import User
from thidua.tests_attack.world import Side, Snapshot, forms_on, path_of
from thidua.tests_walk.crawl import Form

pytestmark = pytest.mark.django_db

SCRIPT = b"<</S/JavaScript/JS(app.alert\\(1\\))>>"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _bomb() -> bytes:
    return c.zip_bomb_docx(inflated=2 * settings.UPLOAD_MAX_INFLATED_BYTES)


HOSTILE: dict[str, Callable[[], bytes]] = {
    "javascript.pdf": lambda: c.pdf_open_action(SCRIPT),
    "an-trong-luong.pdf": c.pdf_script_in_object_stream,
    "lai-zip.pdf": lambda: c.pdf_bytes() + c.zip_of({"a.txt": b"xin chao"}),
    "lai-html.pdf": lambda: c.pdf_bytes() + HTML,
    "trang.html.pdf": lambda: HTML + c.pdf_bytes(),
    "chuong-trinh.docx": lambda: c.with_members(c.docx_bytes(), {"word/media/setup.exe": c.EXE}),
    "macro.docx": lambda: c.with_members(c.docx_bytes(), {"word/vbaProject.bin": c.OLE}),
    "mau-tu-xa.docx": c.remote_template_docx,
    "bom.docx": _bomb,
    "macro.xlsx": lambda: c.with_members(c.xlsx_bytes(), {"xl/vbaProject.bin": c.OLE}),
    "chuong-trinh.xlsx": lambda: c.with_members(c.xlsx_bytes(), {"xl/embeddings/a.exe": c.EXE}),
    "html.jpg": lambda: c.jpeg_with_comment(HTML),
    "pdf.jpg": lambda: c.image_bytes("JPEG") + c.pdf_bytes(),
    "zip.png": lambda: c.image_bytes("PNG") + c.zip_of({"META-INF/MANIFEST.MF": b"Main: A\n"}),
}

# Upload path -> (the account, the page showing its form, an ordinary file it takes).
Paths = dict[str, tuple[str, Callable[[Side], str], tuple[str, Callable[[], bytes]]]]
PATHS: Paths = {
    "awards:attachment-add": (
        "donvi1",
        lambda s: reverse("awards:dossier", kwargs={"dossier_id": s.ids["dossier"]}),
        ("bao-cao.pdf", c.pdf_bytes),
    ),
    "scoring:evidence-add": (
        "noivu",
        lambda s: reverse("scoring:fact-edit", kwargs={"slug": "chi-so-cchc", "pk": s.ids["par"]}),
        ("kiem-chung.pdf", c.pdf_bytes),
    ),
    "documents:template": (
        "noivu",
        lambda s: reverse("documents:template", kwargs={"kind": "quyet-dinh"}),
        ("mau.docx", lambda: product_template(DECISION_TEMPLATE)),
    ),
    "imports:index": ("noivu", lambda s: reverse("imports:index"), ("diem.xlsx", c.xlsx_bytes)),
    "portal:item": (
        "noivu",
        lambda s: reverse("portal:item", kwargs={"pk": s.ids["item"]}),
        ("anh.jpg", lambda: c.image_bytes("JPEG")),
    ),
}


def upload_form(client: Client, page: str, name: str) -> Form:
    from django.urls import resolve

    for form in forms_on(client, page):
        if form.file_inputs and resolve(path_of(form.action)).view_name == name:
            return form
    raise AssertionError(f"no upload form of {name} on {page}")


# Fields a browser user chooses before uploading (the page's default is an empty choice).
CHOSEN = {"imports:index": {"kind": ["par"]}}


def post_file(client: Client, form: Form, filename: str, content: bytes, name: str) -> Any:
    data: dict[str, Any] = {}
    for key, value in form.fields:
        data.setdefault(key, []).append(value)
    data.update(CHOSEN.get(name, {}))
    if form.buttons and form.buttons[0][0]:
        data[form.buttons[0][0]] = form.buttons[0][1]
    for key in form.file_inputs:
        data[key] = SimpleUploadedFile(filename, content)
    return client.post(form.action, data, follow=True)


@pytest.mark.parametrize("name", sorted(PATHS))
def test_hostile_files_are_refused_on_every_upload_path(sides: dict[str, Side], name: str) -> None:
    username, page, (ordinary, build) = PATHS[name]
    client = Client()
    client.force_login(User.objects.get(username=username))
    form = upload_form(client, page(sides["district"]), name)
    problems = []
    for filename, make in HOSTILE.items():
        before = Snapshot.take()
        response = post_file(client, form, filename, make(), name)
        changes = before.changes(Snapshot.take())
        text = response.content.decode(errors="replace")
        if changes or response.status_code >= 500 or f"Tệp “{filename}”" not in text:
            problems.append(f"{filename}: {response.status_code}, ghi: {changes[:4]}")
    before = Snapshot.take()
    post_file(client, form, ordinary, build(), name)
    assert before.changes(Snapshot.take()), f"the ordinary {ordinary} was not stored by {name}"
    assert not problems, f"{name} ({form.action}):\n" + "\n".join(problems)
