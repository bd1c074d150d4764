"""PDF from .docx through LibreOffice (`soffice --headless --convert-to pdf`), when installed.

LibreOffice is optional: without it `to_pdf` returns None and callers offer the .docx only.
Times New Roman is not shipped on Linux; LibreOffice substitutes Liberation Serif, which is
metric-compatible, so line breaks and page breaks match Word's.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

TIMEOUT_SECONDS = 120
_BINARIES = ("soffice", "libreoffice")


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but failed (or timed out) converting the document."""


def _binary() -> str | None:
    for name in _BINARIES:
        path = shutil.which(name)
        if path:
            return path
    return None


def libreoffice_available() -> bool:
    return _binary() is not None


def to_pdf(docx_bytes: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes | None:
    """The PDF of the document, or None when LibreOffice is not installed. Each call uses
    its own temporary profile, so concurrent conversions do not collide. Raises
    `PdfConversionError` when LibreOffice runs but produces no PDF."""
    binary = _binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx_bytes)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=timeout, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice took longer than {timeout:g} s") from exc
        except OSError as exc:
            raise PdfConversionError(f"LibreOffice could not start: {exc}") from exc
        target = folder / "document.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
            raise PdfConversionError(
                f"LibreOffice exited with {result.returncode}: {detail[-300:]}"
            )
        return target.read_bytes()


def docx_or_pdf(request: Any, content: bytes, stem: str, fmt: str, back: str) -> Any:
    """The response for a generated document asked for as .docx or .pdf; without
    LibreOffice, back to `back` with a message saying why and what to do instead."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from thidua.lib.http import download

    if fmt != "pdf":
        return download(content, f"{stem}.docx")
    pdf = to_pdf(content)
    if pdf is None:
        messages.error(
            request, "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF; hãy tải bản Word (.docx)."
        )
        return redirect(back)
    return download(pdf, f"{stem}.pdf")
