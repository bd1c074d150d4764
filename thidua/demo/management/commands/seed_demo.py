"""`thidua seed_demo`: load the demo district once.

Idempotent: when the demo is already there it changes nothing and says so. There is no
--reset: `make demo` (flush + migrate + seed_demo) starts over, which also clears what the
other apps later hang on the demo's units (campaigns, dossiers). Either way the command ends
with the table of demo accounts, so `make run` always shows how to log in.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.demo import builder as demo

LABELS = {
    "units": "đơn vị",
    "people": "cá nhân",
    "accounts": "tài khoản",
    "ParScore": "kết quả Chỉ số CCHC",
    "Rating": "xếp loại chất lượng",
    "Discipline": "kỷ luật",
    "Review": "vụ việc đang xem xét",
    "Initiative": "sáng kiến",
    "Attestation": "xác nhận",
    "Award": "khen thưởng đã nhận",
    "campaigns": "phong trào thi đua",
    "registrations": "bản đăng ký thi đua",
    "evaluations": "kết quả xét đã tính",
    "dossiers": "hồ sơ đề nghị khen thưởng",
    "council_sessions": "phiên họp Hội đồng",
    "decisions": "quyết định khen thưởng",
}


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (UBND huyện Hòa Phong đến 30/6/2025: phòng, xã, bộ phận, thôn, cá "
        "nhân, dữ kiện 2021–2025; từ 01/7/2025 năm xã mới sau sắp xếp, phong trào năm 2026 "
        "của xã Ân Mỹ; tài khoản của huyện và của xã) một lần; chạy lại không thay đổi gì. "
        "Muốn nạp lại từ đầu: make demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_exists():
            self.stdout.write("Dữ liệu mẫu đã có trong cơ sở dữ liệu — không nạp lại.")
        else:
            clashes = demo.conflicts()
            if clashes:
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu trùng với dữ liệu mẫu ("
                    + ", ".join(clashes)
                    + "). Hãy nạp dữ liệu mẫu vào cơ sở dữ liệu trống (make demo)."
                )
            started = time.perf_counter()
            counts = demo.load_demo()
            # The campaigns' results stored at once: the pages open on fresh results.
            from thidua.campaigns.evaluations import compute_all

            counts["evaluations"] = compute_all()
            elapsed = time.perf_counter() - started
            summary = ", ".join(f"{n} {LABELS.get(kind, kind)}" for kind, n in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Đã nạp dữ liệu mẫu trong {elapsed:.1f} giây: {summary}.")
            )
        self.stdout.write(self._accounts_table())

    def _accounts_table(self) -> str:
        header = ("Tài khoản", "Vai trò", "Đơn vị", "Thời gian", "Mật khẩu")
        rows = [header, *demo.account_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = ["", "Tài khoản dùng thử:"]
        for n, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append(("  " + "  ".join(cells)).rstrip())
            if n == 0:
                lines.append("  " + "  ".join("-" * w for w in widths))
        return "\n".join(lines)
