"""What the import tests share: communes whose names offices write in many ways; for the
screen's tests a province-style PAR table (title rows, a merged two-row
header, a "Tổng cộng" row), uploads under a temporary MEDIA_ROOT, the immediate backend."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from thidua.org.models import Unit


@pytest.fixture
def communes(district: dict[str, Unit]) -> dict[str, Unit]:
    """Communes of the test district whose names offices write in many ways."""
    root = district["root"]

    def unit(code: str, name: str, **kw: object) -> Unit:
        return Unit.objects.create(
            code=code, name=name, level="xa", group_id="xa", parent=root, **kw
        )

    return {
        "an_my": unit("XA-ANMY", "UBND xã Ân Mỹ"),
        "tam_quan": unit("XA-TQ", "UBND xã Tam Quan"),
        "hoai_hao": unit("P-HH", "UBND phường Hoài Hảo"),
        # One that ended with the 2025 reform and its successor of the same name.
        "old_cat": unit("XA-CAT-CU", "UBND xã Cát Tiến", valid_to=dt.date(2025, 6, 30)),
        "new_cat": unit("XA-CAT", "UBND xã Cát Tiến", valid_from=dt.date(2025, 7, 1)),
    }


def province_par(rows: list[tuple[str, object, object, object]]) -> bytes:
    """A table as a province sends it: (unit name, maximum, self-assessed, appraised)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ số CCHC"
    ws["A1"] = "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"
    ws["A2"] = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    ws.merge_cells("A2:E2")
    ws.append([])
    ws.append(["STT", "Cơ quan, đơn vị", "Kết quả", None, None])
    ws.append([None, None, "Thang điểm", "Tự chấm", "Điểm thẩm định"])
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:E4")
    for number, (name, maximum, own, appraised) in enumerate(rows, start=1):
        ws.append([number, name, maximum, own, appraised])
    ws.append([None, "Tổng cộng", None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def immediate(settings) -> None:  # type: ignore[no-untyped-def]
    """Tasks run inside the request: the tests where the worker is not the point."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def par_table() -> Callable[..., bytes]:
    return province_par
