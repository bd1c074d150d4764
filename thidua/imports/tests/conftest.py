"""What the screen's tests share: a province-style PAR table (title rows, a merged two-row
header, a "Tổng cộng" row), uploads under a temporary MEDIA_ROOT, the immediate backend."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest


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
