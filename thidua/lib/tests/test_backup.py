"""`thidua backup` / `thidua restore`: a round trip gives back every table's rows and every
file's bytes; a different schema or a damaged archive is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thidua.awards import services
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.lib.backup import read_manifest
from thidua.lib.tests import crafted as c

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> dict[str, list[str]]:
    """Every table's rows, as sorted text (the order rows come back in is not the point)."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


def _files(media: Path) -> dict[str, bytes]:
    return {
        p.relative_to(media).as_posix(): p.read_bytes()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data(district, people, accounts, media) -> Attachment:  # type: ignore[no-untyped-def]
    """Units, people, accounts (the fixtures), a campaign with a dossier holding a file,
    and the audit trail of all of it."""
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    rules = campaign.rules
    rules["period"]["end"] = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    campaign.rules = rules
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = services.dossier_for(campaign, accounts["unit_a"].unit, 2025)
    upload = SimpleUploadedFile("tờ trình.pdf", c.pdf_bytes(), content_type="application/pdf")
    attachment = services.attach(
        dossier, component="to-trinh", upload=upload, user=accounts["unit_a"]
    )
    assert LogEntry.objects.exists()
    return attachment


def test_a_round_trip_gives_back_every_row_and_every_file(data, media, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before, files = _tables(), _files(media)
    assert files and any(rows for rows in before.values())
    archive = tmp_path / "out" / "backup.tar.gz"
    call_command("backup", str(archive))
    manifest = read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert f"media/{data.path}" in manifest["members"]
    assert "awards.0001_initial" in manifest["migrations"]

    call_command("flush", interactive=False)  # wipe, and leave something else behind
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert not Attachment.objects.exists()

    call_command("restore", str(archive), interactive=False)
    assert _tables() == before
    assert _files(media) == files
    assert not list(media.glob(".restore-*"))


def _rewrite(archive: Path, target: Path, change) -> None:  # type: ignore[no-untyped-def]
    """A copy of ``archive`` with ``change(name, bytes, manifest) -> bytes`` applied."""
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
    manifest = json.loads(members["manifest.json"])
    for name in list(members):
        if name != "manifest.json":
            members[name] = change(name, members[name], manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def _restore_refused(archive: Path, media: Path, message: str) -> None:
    before, files = _tables(), _files(media)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), interactive=False)
    assert message in str(refused.value)
    assert _tables() == before and _files(media) == files


def test_an_archive_of_another_schema_version_is_refused(data, media, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    def newer(name, content, manifest):  # type: ignore[no-untyped-def]
        if "awards.9999_from_the_future" not in manifest["migrations"]:
            manifest["migrations"].append("awards.9999_from_the_future")
        return content

    other = tmp_path / "newer.tar.gz"
    _rewrite(archive, other, newer)
    Attachment.objects.all().delete()  # so that a restore would show
    _restore_refused(other, media, "schema version differs")


def test_a_damaged_file_in_the_archive_is_refused_before_anything_changes(
    data, media, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    def damage(name, content, manifest):  # type: ignore[no-untyped-def]
        return content[:-1] + b"!" if name.startswith("media/") else content

    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(archive, damaged, damage)
    Attachment.objects.all().delete()
    _restore_refused(damaged, media, "damaged (checksum mismatch)")


def test_a_database_that_fails_to_restore_leaves_database_and_files_as_they_were(
    data, media, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    def broken(name, content, manifest):  # type: ignore[no-untyped-def]
        if not name.startswith("database/"):
            return content
        # a dump whose checksum is right but whose content the database refuses half-way
        content = content[: len(content) // 2] + b"\0" * 4096
        import hashlib

        manifest["members"][name] = {
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }
        return content

    bad = tmp_path / "bad.tar.gz"
    _rewrite(archive, bad, broken)
    Attachment.objects.all().delete()
    _restore_refused(bad, media, "")
