"""Document templates go through the upload checks (issue 12 item 6)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.documents.models import DocumentTemplate
from thidua.lib.tests import crafted as c

pytestmark = pytest.mark.django_db


def test_a_template_pulling_a_remote_template_is_refused(login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("documents:template", kwargs={"kind": "quyet-dinh"})
    upload = SimpleUploadedFile("mau.docx", c.remote_template_docx())
    response = login("office").post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “mau.docx” gắn với một mẫu bên ngoài (attachedTemplate:" in page
    assert not DocumentTemplate.objects.filter(kind="quyet_dinh").exists()


def test_a_template_with_a_macro_is_refused(login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("documents:template", kwargs={"kind": "quyet-dinh"})
    content = c.with_members(c.docx_bytes(), {"word/vbaProject.bin": c.OLE})
    response = login("office").post(url, {"file": SimpleUploadedFile("mau.docx", content)})
    assert "Tệp “mau.docx” chứa macro: word/vbaProject.bin." in response.content.decode()
    assert not DocumentTemplate.objects.filter(kind="quyet_dinh").exists()


def test_a_template_reaching_into_python_is_refused_and_runs_nothing(login, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from thidua.documents import template_store
    from thidua.documents.templating import product_template
    from thidua.documents.tests.test_templates import OLD_3, _edit

    kind = template_store.KINDS["quyet_dinh"]
    marker = tmp_path / "pwned"
    payload = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
    data = _edit(product_template(kind), OLD_3, OLD_3 + " " + payload)
    url = reverse("documents:template", kwargs={"kind": "quyet-dinh"})
    response = login("office").post(url, {"file": SimpleUploadedFile("mau.docx", data)})
    assert "có thẻ truy cập vào bên trong hệ thống, không được phép" in response.content.decode()
    assert not marker.exists()
    assert not DocumentTemplate.objects.filter(kind="quyet_dinh").exists()
