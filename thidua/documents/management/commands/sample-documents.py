"""`thidua sample-documents -o DIR`: one file of each kind the product writes, from the demo
district (loaded first when the database has none), for a reviewer to open or render.

The objects are picked by what they are, not by ids or names, so the command follows the
demo as it changes: the latest campaign with a plan, the latest submitted registration, a
dossier with nominations (a person's and a collective's report), the latest closed council
session, the latest signed decision."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from thidua.documents.samples import SampleError, write_samples

PROG = "thidua sample-documents"


class Command(BaseCommand):
    help = "Xuất mỗi loại văn bản một tệp mẫu từ dữ liệu mẫu (huyện mẫu) vào một thư mục."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["output"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            sys.stderr.write(f"{PROG}: error: không tạo được thư mục {out}: {e.strerror}\n")
            sys.exit(2)
        try:
            written, skipped = write_samples(out, say=self.stdout.write)
        except SampleError as e:
            sys.stderr.write(f"{PROG}: error: {e}\n")
            sys.exit(2)
        for name in written:
            self.stdout.write(f"  {out / name}")
        for name, why in skipped:
            self.stdout.write(f"  bỏ qua {name}: {why}")
