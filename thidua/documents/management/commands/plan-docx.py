"""`thidua plan-docx --template KEY -o FILE.docx [--pdf]`: a template's plan as the issued
document (KẾ HOẠCH, NĐ 30/2020 layout), and with --pdf its PDF beside it when LibreOffice
is installed."""

from __future__ import annotations

import importlib
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from thidua.documents.pdf import PdfConversionError, libreoffice_available, to_pdf
from thidua.documents.plan_docx import plan_docx

PROG = "thidua plan-docx"


def _fail(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    sys.exit(2)


class Command(BaseCommand):
    help = "Xuất kế hoạch của một mẫu phong trào ra tệp .docx (và .pdf)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--template", required=True, metavar="KEY")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.docx")
        parser.add_argument(
            "--pdf", action="store_true", help="also write FILE.pdf (needs LibreOffice)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["template"]
        try:
            plans = importlib.import_module("thidua.campaigns.plan")
        except ImportError:
            _fail("the plan loader (thidua.campaigns.plan) is not available")
        try:
            plan = plans.load_plan(key)
        except KeyError:
            known = ", ".join(getattr(plans, "plan_keys", list)())
            _fail(f"unknown template {key!r}" + (f" (known: {known})" if known else ""))
        except Exception as exc:  # a bad data file: the loader's message, on one line
            detail = " ".join(str(exc).split())
            _fail(f"template {key!r} cannot be read: {type(exc).__name__}: {detail}")

        output = Path(options["output"])
        data = plan_docx(plan.to_dict() if hasattr(plan, "to_dict") else plan)
        try:
            output.write_bytes(data)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        self.stdout.write(f"{output} ({len(data):,} bytes)")

        if not options["pdf"]:
            return
        if not libreoffice_available():
            self.stdout.write("LibreOffice (soffice) is not installed: no PDF written.")
            return
        try:
            pdf = to_pdf(data)
        except PdfConversionError as exc:
            _fail(f"PDF conversion failed: {exc}")
        assert pdf is not None
        target = output.with_suffix(".pdf")
        target.write_bytes(pdf)
        self.stdout.write(f"{target} ({len(pdf):,} bytes)")
