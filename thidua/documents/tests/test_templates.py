"""Templates the office can adjust: the product's templates pass their own checks; an edited
template uploaded on the page changes the generated document; broken or unknown tags and
files that are not .docx are refused with one message naming the tag and its paragraph;
who may keep which template (office-wide, a unit's own Tờ trình), and the audit trail."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from thidua.awards.dossiers import Dossier
from thidua.documents import dossier_docs, template_store
from thidua.documents.decision_docx import decision_docx
from thidua.documents.models import DocumentTemplate
from thidua.documents.templating import DocxTemplate, check_template, env, product_template
from thidua.documents.tests.test_dossier_docs import TODAY

DECISION = template_store.KINDS["quyet_dinh"]
TO_TRINH = template_store.KINDS["to_trinh"]
OLD_3 = "Quyết định này có hiệu lực kể từ ngày ký."
NEW_3 = "Quyết định này có hiệu lực kể từ ngày ký và được niêm yết tại trụ sở."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _edit(data: bytes, old: str, new: str) -> bytes:
    """The template with `old` replaced by `new` inside one run, as Word would save it."""
    doc = Document(io.BytesIO(data))
    paragraphs = list(doc.paragraphs) + [
        p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    hits = [r for p in paragraphs for r in p.runs if old in r.text]
    assert hits, old
    hits[0].text = hits[0].text.replace(old, new, 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _upload(client, kind: str, data: bytes, name: str = "mau.docx"):  # type: ignore[no-untyped-def]
    url = reverse("documents:template", kwargs={"kind": kind})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize("kind", list(template_store.KINDS.values()), ids=lambda k: k.key)
def test_the_products_templates_pass_their_checks_and_list_every_tag(kind, db) -> None:  # type: ignore[no-untyped-def]
    data = product_template(kind)
    assert check_template(kind, SimpleUploadedFile("m.docx", data)) == data
    used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(jinja_env=env())
    assert used == kind.tag_names  # the page's table explains every tag, and only those


def test_an_edited_decision_template_changes_the_decision(signed, login) -> None:  # type: ignore[no-untyped-def]
    before = decision_docx(signed)
    office = login("office")
    current = office.get(reverse("documents:template-current", kwargs={"kind": "quyet-dinh"}))
    assert current.status_code == 200 and current["Content-Type"].endswith("document")
    response = _upload(office, "quyet-dinh", _edit(current.content, OLD_3, NEW_3))
    assert response.status_code == 302
    row = DocumentTemplate.objects.get(kind="quyet_dinh", active=True)
    assert row.unit is None and row.uploaded_by.username == "noivu"

    after = decision_docx(signed)
    article_3 = next(t for t in _texts(after) if t.startswith("Điều 3."))
    assert article_3.startswith(f"Điều 3. {NEW_3} Chánh Văn phòng Ủy ban nhân dân xã Mỹ An")
    # everything else as before: header, tables, signature
    old_doc, new_doc = Document(io.BytesIO(before)), Document(io.BytesIO(after))
    assert len(old_doc.tables) == len(new_doc.tables) == 4
    for old, new in zip(old_doc.tables, new_doc.tables, strict=True):
        assert [c.text for r in old.rows for c in r.cells] == [
            c.text for r in new.rows for c in r.cells
        ]
    assert [t for t in _texts(before) if not t.startswith("Điều 3.")] == [
        t for t in _texts(after) if not t.startswith("Điều 3.")
    ]
    assert LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.CREATE).exists()

    # back to the product's template: the decision is what it was, the upload is history
    reset = office.post(reverse("documents:template-reset", kwargs={"kind": "quyet-dinh"}))
    assert reset.status_code == 302
    assert decision_docx(signed) == before
    row.refresh_from_db()
    assert not row.active
    assert LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).exists()
    page = office.get(reverse("documents:template", kwargs={"kind": "quyet-dinh"}))
    assert "Đã thay" in page.content.decode() and "{{ dieu_2 }}" in page.content.decode()


def test_article_2_keeps_its_bold_total(signed) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(decision_docx(signed)))
    article_2 = next(p for p in doc.paragraphs if p.text.startswith("Điều 2."))
    assert "*" not in article_2.text
    assert [r.text for r in article_2.runs if r.bold] == ["Điều 2.", "2.120.000 đồng"]


def test_an_unclosed_tag_is_refused_with_the_tag_and_its_paragraph(signed, login) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    data = _edit(product_template(DECISION), "{{r dieu_2 }}", "{{ so_quyet_dinh ")
    response = _upload(office, "quyet-dinh", data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    number = next(
        n
        for n, p in enumerate(
            Document(io.BytesIO(data)).element.body.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
            ),
            start=1,
        )
        if "so_quyet_dinh" in "".join(p.itertext())
    )
    assert errors[0].startswith(
        f"Thẻ “{{{{ so_quyet_dinh” chưa được đóng trong mẫu quyết định khen thưởng "
        f"(đoạn {number}: “Điều 2. {{{{ so_quyet_dinh”)"
    )
    assert not DocumentTemplate.objects.exists()


def test_an_unknown_tag_is_refused_naming_it(login) -> None:  # type: ignore[no-untyped-def]
    data = _edit(product_template(DECISION), OLD_3, OLD_3 + " {{ so_quyet_dinh }}")
    response = _upload(login("office"), "quyet-dinh", data)
    [error] = response.context["form"].errors["file"]
    assert error.startswith(
        "Thẻ “{{ so_quyet_dinh }}” không có trong mẫu quyết định khen thưởng (đoạn "
    )
    assert ": “Điều 3. Quyết định này…”); " in error
    assert not DocumentTemplate.objects.exists()


def test_a_block_left_open_and_a_file_that_is_not_docx_are_refused(login) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    data = _edit(product_template(TO_TRINH), "{%p endfor %}", "")
    [error] = _upload(office, "to-trinh", data).context["form"].errors["file"]
    assert "khối mở chưa đóng" in error
    for name, content in (("mau.docx", b"%PDF-1.4 not a template"), ("mau.docx", b"Hello")):
        [error] = _upload(office, "to-trinh", content, name).context["form"].errors["file"]
        assert error.startswith("Tệp “mau.docx” ")
    assert not DocumentTemplate.objects.exists()


def test_a_unit_cannot_touch_the_offices_templates(login, accounts) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    _upload(office, "quyet-dinh", _edit(product_template(DECISION), OLD_3, NEW_3))
    row = DocumentTemplate.objects.get()
    unit = login("unit_a")
    for url in (
        reverse("documents:template", kwargs={"kind": "quyet-dinh"}),
        reverse("documents:template-current", kwargs={"kind": "quyet-dinh"}),
        reverse("documents:template-product", kwargs={"kind": "quyet-dinh"}),
        reverse("documents:template-file", kwargs={"pk": row.pk}),
    ):
        assert unit.get(url).status_code == 404, url
    assert _upload(unit, "quyet-dinh", product_template(DECISION)).status_code == 404
    reset = reverse("documents:template-reset", kwargs={"kind": "quyet-dinh"})
    assert unit.post(reset).status_code == 404
    row.refresh_from_db()
    assert row.active and DocumentTemplate.objects.count() == 1
    # the unit's page lists only what it may keep; the council has no templates page
    page = unit.get(reverse("documents:templates")).content.decode()
    assert "Tờ trình đề nghị khen thưởng" in page and "Quyết định" not in page
    assert login("council").get(reverse("documents:templates")).status_code == 403
    assert office.get(reverse("documents:template-file", kwargs={"pk": row.pk})).status_code == 200


def test_a_unit_keeps_its_own_to_trinh_template(dossier, district, login) -> None:  # type: ignore[no-untyped-def]
    other = Dossier.objects.create(campaign=dossier.campaign, unit=district["b"], year=2025)
    closing = "Kính trình {{ kinh_gui }} xem xét, quyết định./."
    mine = _edit(product_template(TO_TRINH), closing, "Kính mong {{ kinh_gui }} xem xét./.")
    unit_a = login("unit_a")
    assert _upload(unit_a, "to-trinh", mine).status_code == 302
    row = DocumentTemplate.objects.get()
    assert row.unit == district["a"]

    a_texts = _texts(dossier_docs.to_trinh_docx(dossier, today=TODAY))
    b_texts = _texts(dossier_docs.to_trinh_docx(other, today=TODAY))
    assert any(t.startswith("Kính mong ") for t in a_texts)
    assert not any(t.startswith("Kính mong ") for t in b_texts)
    assert any(t.startswith("Kính trình ") and t.endswith("quyết định./.") for t in b_texts)
    # unit B neither sees nor downloads unit A's file
    unit_b = login("unit_b")
    file_url = reverse("documents:template-file", kwargs={"pk": row.pk})
    assert unit_b.get(file_url).status_code == 404
    assert unit_a.get(file_url).status_code == 200
    current = unit_b.get(reverse("documents:template-current", kwargs={"kind": "to-trinh"}))
    assert current.content == product_template(TO_TRINH)

    # an office-wide Tờ trình template reaches unit B; unit A keeps its own
    office_wide = _edit(product_template(TO_TRINH), closing, "Trân trọng kính trình./.")
    assert _upload(login("office"), "to-trinh", office_wide).status_code == 302
    assert "Trân trọng kính trình./." in _texts(dossier_docs.to_trinh_docx(other, today=TODAY))
    assert any(
        t.startswith("Kính mong ") for t in _texts(dossier_docs.to_trinh_docx(dossier, today=TODAY))
    )
    # unit A going back uses the office's template, not the product's
    unit_a.post(reverse("documents:template-reset", kwargs={"kind": "to-trinh"}))
    assert "Trân trọng kính trình./." in _texts(dossier_docs.to_trinh_docx(dossier, today=TODAY))
