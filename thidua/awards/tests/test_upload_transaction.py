"""A dossier's files and the transaction that records them (issue 12 item 9): a file is on
disk before its row commits, and no file outlives a transaction that rolled back."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import IntegrityError, transaction

from thidua.awards import services
from thidua.awards.dossiers import Dossier
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.lib import uploads
from thidua.lib.file_sweep import sweep
from thidua.lib.tests import crafted as c


class Boom(Exception):
    pass


@pytest.fixture
def media(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dossier(district, accounts, media) -> Dossier:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    rules = campaign.rules
    for deadline in rules["deadlines"]:
        if deadline["key"].startswith("ho-so"):
            deadline.pop("month", None)
            deadline.pop("day", None)
            deadline["date"] = "2025-11-30"
    rules["period"]["end"] = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    campaign.rules = rules
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return services.dossier_for(campaign, accounts["unit_a"].unit, 2025)


def _pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, c.pdf_bytes(), content_type="application/pdf")


def _files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def test_a_failure_inside_the_recording_block_leaves_no_file_and_no_row(dossier, media) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Boom), uploads.storing_upload(_pdf()) as (_kind, relative):
        assert (media / relative).is_file()  # on disk before the row commits
        Attachment.objects.create(
            dossier=dossier,
            component="to-trinh",
            original_name="x.pdf",
            path=relative,
            kind="pdf",
            size=1,
        )
        raise Boom
    assert not Attachment.objects.exists()
    assert _files(media) == []


def test_attach_refused_after_the_file_was_checked_leaves_no_file(dossier, accounts, media) -> None:  # type: ignore[no-untyped-def]
    # The row itself cannot be written (a path another row holds): the file goes with it.
    first = services.attach(dossier, component="to-trinh", upload=_pdf(), user=accounts["unit_a"])
    before = _files(media)
    assert before == [media / first.path]
    with pytest.raises(IntegrityError), uploads.storing_upload(_pdf()):
        Attachment.objects.create(
            dossier=dossier,
            component="to-trinh",
            original_name="y.pdf",
            path=first.path,
            kind="pdf",
            size=1,
        )
    assert _files(media) == before


@pytest.mark.django_db(transaction=True)
def test_an_outer_rollback_after_attach_leaves_no_file_at_the_end_of_the_request(
    dossier, accounts, media
) -> None:  # type: ignore[no-untyped-def]
    user = accounts["unit_a"]
    kept = services.attach(dossier, component="bien-ban", upload=_pdf(), user=user)
    with pytest.raises(Boom), transaction.atomic():
        services.attach(dossier, component="to-trinh", upload=_pdf(), user=user)
        assert len(_files(media)) == 2
        raise Boom
    assert list(Attachment.objects.values_list("path", flat=True)) == [kept.path]
    request_finished.send(sender=None)
    assert _files(media) == [media / kept.path]  # the committed one stays


@pytest.mark.django_db(transaction=True)
def test_an_upload_through_the_page_is_on_disk_whole_and_no_temporary_file_is_left(
    dossier, login, media
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    upload = _pdf("tờ trình.pdf")
    sent = upload.read()
    upload.seek(0)
    response = client.post(f"/ho-so/{dossier.pk}/tep/", {"component": "to-trinh", "file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (media / attachment.path).read_bytes() == sent
    assert _files(media) == [media / attachment.path]


def test_a_write_cut_short_leaves_neither_the_file_nor_its_temporary(media) -> None:  # type: ignore[no-untyped-def]
    def chunks():  # type: ignore[no-untyped-def]
        yield b"%PDF-1.4 first half"
        raise OSError("disk full")

    relative = uploads.stored_name("pdf")
    with pytest.raises(OSError):
        uploads.write_durably(relative, chunks())
    assert _files(media) == []


def test_removing_an_attachment_deletes_its_file_once_committed(
    dossier, accounts, media, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    attachment = services.attach(
        dossier, component="to-trinh", upload=_pdf(), user=accounts["unit_a"]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_attachment(attachment)
    assert (media / attachment.path).is_file()  # not before the commit
    for callback in callbacks:
        callback()
    assert _files(media) == []


def _age(path: Path, minutes: int) -> None:
    old = time.time() - minutes * 60
    os.utime(path, (old, old))


def test_the_sweep_removes_old_orphans_keeps_recent_ones_and_reports_missing_files(
    dossier, accounts, media, capsys
) -> None:  # type: ignore[no-untyped-def]
    user = accounts["unit_a"]
    kept = services.attach(dossier, component="to-trinh", upload=_pdf(), user=user)
    lost = services.attach(dossier, component="bien-ban", upload=_pdf(), user=user)
    (media / lost.path).unlink()  # a row whose file is gone
    old_orphan = uploads.write_durably(uploads.stored_name("pdf"), [b"%PDF- orphan"])
    new_orphan = uploads.write_durably(uploads.stored_name("pdf"), [b"%PDF- in flight"])
    part = old_orphan.with_name(".cut-short.pdf.part")
    part.write_bytes(b"%PDF- half")
    progress = media / "imports" / "progress" / "1.json"  # not the sweep's business
    progress.parent.mkdir(parents=True)
    progress.write_text("{}")
    for path in (media / kept.path, old_orphan, part, progress):
        _age(path, 120)

    dry = sweep(older_than_minutes=60, delete=False)
    assert sorted(dry.removed) == sorted(
        p.relative_to(media).as_posix() for p in (old_orphan, part)
    )
    assert old_orphan.is_file() and part.is_file()

    with pytest.raises(SystemExit) as exit_info:
        call_command("clean-files", "--older-than", "60")
    assert exit_info.value.code == 1  # a row names a missing file
    out = capsys.readouterr().out
    assert f"missing: awards.Attachment #{lost.pk}: {lost.path}" in out
    assert "removed 2 unreferenced; 1 unreferenced but recent (kept)" in out
    assert not old_orphan.exists() and not part.exists()
    assert new_orphan.is_file() and (media / kept.path).is_file() and progress.is_file()

    lost.delete()
    call_command("clean-files", "--older-than", "0")  # nothing missing: no exit status
    assert _files(media) == sorted([media / kept.path, progress])
