"""The import screen: who reaches it, the upload checked by content, the preview, the
office's picks for names the file spells differently, the import, re-import as a no-op,
and nothing written when a file has errors or a task fails."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.imports import progress, tasks
from thidua.imports.models import ImportJob
from thidua.imports.report import KINDS
from thidua.scoring.models import ParScore

pytestmark = pytest.mark.django_db
State = ImportJob.State
INDEX = reverse("imports:index")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client: Any, content: bytes, name: str = "ket-qua-cchc-2026.xlsx", **data: Any):  # type: ignore[no-untyped-def]
    return client.post(
        INDEX,
        {"kind": "par", "year": "2026", **data, "file": SimpleUploadedFile(name, content)},
    )


def _job(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


# --- who ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["office", "admin"])
def test_the_office_and_the_administrator_have_the_screen(login, persona: str) -> None:
    client = login(persona)
    page = client.get(INDEX).content.decode()
    assert "Nhập dữ liệu từ Excel" in page
    assert f'href="{INDEX}"' in client.get("/").content.decode()  # the menu offers it
    for label in KINDS.values():
        assert f">{label}</option>" in page


@pytest.mark.parametrize("persona", ["unit_a", "council", "leader"])
def test_other_roles_are_refused_and_not_offered_it(login, persona: str) -> None:
    client = login(persona)
    assert client.get(INDEX).status_code == 403
    assert client.get(reverse("imports:template", args=["par"])).status_code == 403
    assert f'href="{INDEX}"' not in client.get("/").content.decode()


def test_a_unit_account_sees_no_job_and_cannot_move_one(
    login, accounts, district, media, immediate, par_table
) -> None:
    job = _job(_upload(login("office"), par_table([("UBND xã Mỹ An", 100, 80, 85)])))
    unit = login("unit_a")
    for name in ("imports:job", "imports:job-status", "imports:job-file"):
        assert unit.get(reverse(name, args=[job.pk])).status_code == 404
    for name in ("imports:job-import", "imports:job-picks"):
        assert unit.post(reverse(name, args=[job.pk])).status_code == 404
    # jobs are the office's: another office account sees it
    assert login("admin").get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_anonymous_is_sent_to_sign_in(client) -> None:
    assert client.get(INDEX)["Location"].startswith(reverse("login"))


# --- the upload --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.xlsx", PDF, "Tệp “bao-cao.xlsx” là tệp PDF; ở đây chỉ nhận XLSX, XLS hay ODS."),
        (
            "ket-qua.xlsx",
            "Tên đơn vị;Điểm\nXã Mỹ An;85\n".encode(),
            "Tệp “ket-qua.xlsx” không phải XLSX, XLS hay ODS",
        ),
        ("rong.xlsx", b"", "Tệp “rong.xlsx” rỗng."),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_the_message(
    login, media, immediate, name: str, content: bytes, message: str
) -> None:
    response = _upload(login("office"), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused(login, media, immediate, settings, par_table) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    response = _upload(login("office"), par_table([("UBND xã Mỹ An", 100, 80, 85)]))
    assert "vượt giới hạn 1000 byte" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_form_needs_a_kind_and_a_sensible_year(login, media, immediate, par_table) -> None:
    client = login("office")
    page = _upload(client, par_table([]), kind="", year="20266").content.decode()
    assert "Chọn loại dữ liệu của tệp." in page
    assert "Giá trị không được lớn hơn 2100." in page
    next_year = timezone.localdate().year + 1
    page = _upload(client, par_table([]), year=str(next_year)).content.decode()
    assert f"Năm không được sau năm hiện tại ({next_year - 1})." in page
    assert not ImportJob.objects.exists()


def test_the_preview_says_the_year_came_from_the_title(
    login, accounts, media, immediate, par_table
) -> None:
    job = _job(_upload(login("office"), par_table([("UBND xã Mỹ An", 100, 80, 85)]), year=""))
    page = login("office").get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "lấy năm 2026 theo tiêu đề" in page


def test_the_products_template_downloads_for_every_kind(login) -> None:
    client = login("office")
    for kind in KINDS:
        response = client.get(reverse("imports:template", args=[kind]))
        assert response.status_code == 200
        assert response.content[:2] == b"PK"
        assert "attachment" in response["Content-Disposition"]
    response = client.get(reverse("imports:template", args=["par"]))
    assert 'filename="mau-nhap-ket-qua-chi-so-cchc.xlsx"' in response["Content-Disposition"]
    assert client.get(reverse("imports:template", args=["khong-co"])).status_code == 404


# --- the job's states --------------------------------------------------------------------


def test_a_queued_job_shows_a_progress_bar_that_refreshes_itself(
    login, accounts, media, par_table
) -> None:
    """The database backend (the default): the task waits for the worker."""
    client = login("office")
    job = _job(_upload(client, par_table([("UBND xã Mỹ An", 100, 80, 85)])))
    assert job.state == State.QUEUED and job.task_id
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "<progress" in page and "js/import_progress.js" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    status = client.get(reverse("imports:job-status", args=[job.pk])).json()
    assert status == {
        "state": "queued",
        "label": "chờ xử lý",
        "running": True,
        "done": 0,
        "total": None,
    }
    # not ready: importing is refused, nothing queued
    response = client.post(reverse("imports:job-import", args=[job.pk]), follow=True)
    assert "Chỉ nhập được tệp đã kiểm tra không có lỗi" in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == State.QUEUED


def test_preview_picks_import_and_reimport(
    login, accounts, district, media, immediate, par_table
) -> None:
    client = login("office")
    content = par_table(
        [
            ("Phòng Nội vụ", 100, 90, "91,5"),
            ("UBND xã Mỹ An cũ", 100, 80, 85),
        ]
    )
    job = _job(_upload(client, content))
    assert job.state == State.INVALID, job.message
    assert ParScore.objects.count() == 0
    (pick,) = job.report["picks"]
    assert pick["value"] == "UBND xã Mỹ An cũ"
    ref = f"unit:{district['b'].pk}"
    assert ref in [s["ref"] for s in pick["suggestions"]]
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "UBND xã Mỹ An cũ" in page and 'name="chon_0"' in page
    assert "Nhập dữ liệu</button>" not in page

    response = client.post(reverse("imports:job-picks", args=[job.pk]), {"chon_0": ref})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == State.READY, job.report
    assert job.choices == {"UBND xã Mỹ An cũ": ref}
    assert (job.report["created"], job.report["error_count"]) == (2, 0)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Nhập dữ liệu</button>" in page and "data-confirm=" in page
    assert ParScore.objects.count() == 0  # the preview wrote nothing

    client.post(reverse("imports:job-import", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == State.DONE and job.imported_at
    scores = {s.unit_id: s for s in ParScore.objects.filter(year=2026)}
    assert scores[district["b"].pk].score == Decimal(85)
    assert scores[district["a"].pk].score == Decimal("91.5")
    entries = LogEntry.objects.get_for_model(ParScore)
    assert entries.count() == 2 and {e.actor_id for e in entries} == {accounts["office"].pk}
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Đã nhập xong" in page
    assert f'href="{reverse("scoring:par-ranking")}?year=2026"' in page
    # the import's button does not import twice
    client.post(reverse("imports:job-import", args=[job.pk]))
    assert ParScore.objects.count() == 2

    # the same file again, the name picked again: everything "không đổi"
    again = _job(_upload(client, content))
    client.post(reverse("imports:job-picks", args=[again.pk]), {"chon_0": ref})
    again.refresh_from_db()
    assert again.state == State.READY
    assert (again.report["created"], again.report["updated"]) == (0, 0)
    assert again.report["unchanged"] == 2
    assert (
        "nhập lại cũng không thay đổi gì"
        in client.get(reverse("imports:job", args=[again.pk])).content.decode()
    )
    # the list of earlier imports
    page = client.get(INDEX).content.decode()
    assert page.count("ket-qua-cchc-2026.xlsx") == 2 and "Đã nhập" in page


def test_a_pick_outside_the_suggestions_is_refused(
    login, district, media, immediate, par_table
) -> None:
    client = login("office")
    job = _job(_upload(client, par_table([("UBND xã Mỹ An cũ", 100, 80, 85)])))
    assert job.state == State.INVALID
    for tampered in ({"chon_0": f"unit:{district['root'].pk}x"}, {}):
        response = client.post(reverse("imports:job-picks", args=[job.pk]), tampered)
        assert response.status_code == 400
    job.refresh_from_db()
    assert job.state == State.INVALID and job.choices == {}


def test_a_file_with_bad_rows_writes_nothing(login, district, media, immediate, par_table) -> None:
    client = login("office")
    job = _job(
        _upload(
            client,
            par_table(
                [
                    ("Phòng Nội vụ", 100, 90, 91),
                    ("UBND xã Mỹ An", 100, "tám mươi", 85),
                    ("Đơn vị không có", 100, 80, 85),
                ]
            ),
        )
    )
    assert job.state == State.INVALID
    assert job.report["error_count"] >= 2
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    for error in job.report["errors"]:
        assert error["message"] in page
    client.post(reverse("imports:job-import", args=[job.pk]))
    assert ParScore.objects.count() == 0
    assert ImportJob.objects.get(pk=job.pk).state == State.INVALID


def test_a_failure_inside_the_task_leaves_the_job_failed(
    login, accounts, district, media, immediate, par_table
) -> None:
    client = login("office")
    job = _job(_upload(client, par_table([("Phòng Nội vụ", 100, 90, 91)])))
    assert job.state == State.READY, job.report
    (media / job.stored_path).write_bytes(b"no longer a workbook")
    client.post(reverse("imports:job-import", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == State.FAILED and job.message
    assert "Thất bại" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert ParScore.objects.count() == 0

    gone = _job(_upload(client, par_table([("Phòng Nội vụ", 100, 90, 91)])))
    (media / gone.stored_path).unlink()
    ImportJob.objects.filter(pk=gone.pk).update(state=State.QUEUED)
    tasks.check_import.call(gone.pk)
    gone.refresh_from_db()
    assert (gone.state, gone.message) == (State.FAILED, tasks.MISSING_FILE)


def test_the_uploaded_file_downloads_for_the_office(login, media, immediate, par_table) -> None:
    client = login("office")
    content = par_table([("Phòng Nội vụ", 100, 90, 91)])
    job = _job(_upload(client, content))
    response = client.get(reverse("imports:job-file", args=[job.pk]))
    assert b"".join(response.streaming_content) == content
    assert "ket-qua-cchc-2026.xlsx" in response["Content-Disposition"]


def test_the_page_and_the_status_show_the_workers_progress(
    login, accounts, media, par_table
) -> None:
    """The worker's figures (imports.progress) while the job runs; the row's after."""
    client = login("office")
    job = _job(_upload(client, par_table([("UBND xã Mỹ An", 100, 80, 85)])))
    ImportJob.objects.filter(pk=job.pk).update(state=State.CHECKING)
    progress.write(job.pk, 5000, 20000)
    status = client.get(reverse("imports:job-status", args=[job.pk])).json()
    assert (status["label"], status["done"], status["total"]) == ("đang kiểm tra", 5000, 20000)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert '<progress data-import-bar max="20000" value="5000">25%</progress>' in page
    assert "Đã đọc 5.000/20.000 dòng." in page
    ImportJob.objects.filter(pk=job.pk).update(state=State.READY, done=1, total=1)
    status = client.get(reverse("imports:job-status", args=[job.pk])).json()
    assert (status["running"], status["done"], status["total"]) == (False, 1, 1)


@pytest.mark.parametrize("name", ["par_2025.xls", "par_2025.ods"])
def test_old_excel_and_opendocument_files_are_taken(
    login, communes, media, immediate, name: str
) -> None:
    content = (Path(__file__).parent / "files" / name).read_bytes()
    job = _job(_upload(login("office"), content, name, year="2025"))
    assert job.file_kind == name.rsplit(".", 1)[1]
    assert job.state in (State.READY, State.INVALID), job.message
    assert job.report["rows"] > 0


def test_an_empty_workbook_names_its_sheet_and_no_row(login, media, immediate) -> None:
    import io

    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)  # one sheet, "Sheet", not a cell filled
    client = login("office")
    job = _job(_upload(client, out.getvalue(), name="trong.xlsx"))
    assert job.state == State.INVALID
    assert job.report["errors"] == [
        {
            "sheet": "Sheet",
            "row": 0,
            "column": "",
            "message": "Tệp không có dữ liệu (trang “Sheet” trống).",
            "value": "",
        }
    ]
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert '<td data-label="Dòng">—</td>' in page and '<td data-label="Dòng">0</td>' not in page
    history = client.get(INDEX).content.decode()
    assert "Đã kiểm tra, có lỗi</span>: 1 lỗi (tệp 0 dòng)" in history
