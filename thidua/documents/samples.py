"""The gallery behind `thidua sample-documents`: one file of each kind from the demo."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from thidua.documents import dossier_docs
from thidua.documents.decision_docx import decision_docx
from thidua.documents.minutes_docx import minutes_docx, minutes_identity
from thidua.documents.plan_docx import plan_docx


class SampleError(RuntimeError):
    """What stops the gallery, in Vietnamese."""


def _ensure_demo(say: Callable[[str], Any]) -> None:
    from thidua.demo import builder

    if not builder.demo_exists():
        say("Chưa có dữ liệu mẫu: đang nạp huyện mẫu…")
        if builder.conflicts():
            raise SampleError(
                "cơ sở dữ liệu đã có dữ liệu khác trùng với dữ liệu mẫu; dùng một cơ sở dữ "
                "liệu trống (make demo)."
            )
        builder.load_demo()


def _plan() -> bytes | None:
    from thidua.campaigns.models import Campaign

    campaign = Campaign.objects.exclude(plan={}).exclude(plan=None).order_by("-pk").first()
    return plan_docx(campaign.plan) if campaign else None


def _registration() -> bytes | None:
    from thidua.campaigns.models import Registration
    from thidua.documents.registration_docx import registration_document

    registration = (
        Registration.objects.filter(lines__isnull=False)
        .select_related("campaign", "unit__parent")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return registration_document(registration) if registration is not None else None


def _nomination(person: bool) -> Any:
    from thidua.awards.records import Nomination

    return (
        Nomination.objects.filter(person__isnull=not person)
        .select_related("dossier__unit", "dossier__campaign", "person__unit", "unit", "form")
        .order_by("-dossier__year", "-pk")
        .first()
    )


def _report(person: bool) -> bytes | None:
    from thidua.scoring.models import Award

    nomination = _nomination(person)
    if nomination is None:
        return None
    subject = {"person": nomination.person} if person else {"unit": nomination.unit}
    history = list(Award.objects.filter(**subject).select_related("form").order_by("-year"))
    return dossier_docs.bao_cao_thanh_tich_docx(
        nomination, history=history, today=timezone.localdate()
    )


def _dossier() -> Any:
    """The latest dossier with nominations, a submitted one (its Tờ trình numbered) first."""
    from thidua.awards.records import Dossier

    found = Dossier.objects.filter(nominations__isnull=False).select_related(
        "unit__parent", "campaign"
    )
    submitted = found.filter(issued_number__isnull=False)
    return (
        submitted.order_by("-year", "-pk").distinct().first()
        or found.order_by("-year", "-pk").distinct().first()
    )


def _to_trinh() -> bytes | None:
    from thidua.awards import numbering

    dossier = _dossier()
    if dossier is None:
        return None
    issued = numbering.number_of(dossier=dossier)
    return dossier_docs.to_trinh_docx(
        dossier,
        today=issued.issued_on if issued else timezone.localdate(),
        number=issued.text if issued else "",
    )


def _trich_ngang() -> bytes | None:
    dossier = _dossier()
    return dossier_docs.trich_ngang_xlsx(dossier) if dossier else None


def _minutes() -> bytes | None:
    from thidua.awards.records import CouncilSession

    session = (
        CouncilSession.objects.filter(status=CouncilSession.Status.CLOSED)
        .select_related("campaign", "council__issuing_unit__parent")
        .order_by("-held_on", "-pk")
        .first()
    )
    return minutes_docx(session, **minutes_identity(session)) if session else None


def _decision() -> bytes | None:
    from thidua.awards.records import Decision

    decision = (
        Decision.objects.filter(status=Decision.Status.SIGNED)
        .select_related("campaign__issuing_unit__parent", "signed_by")
        .order_by("-signed_on", "-pk")
        .first()
    )
    return decision_docx(decision) if decision else None


def _payment_list() -> bytes | None:
    from thidua.awards.records import Decision
    from thidua.documents.payment_docx import payment_docx

    decision = (
        Decision.objects.filter(status=Decision.Status.SIGNED, awards__amount__gt=0)
        .select_related("campaign__issuing_unit__parent")
        .order_by("-signed_on", "-pk")
        .first()
    )
    return payment_docx(decision) if decision else None


def _optional(module: str, function: str) -> Callable[[], bytes | None] | None:
    """A builder another part of the product provides (certificates, summary report): its
    `function()` returns the sample's bytes; absent, the sample is skipped."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(found, function, None)


SAMPLES: tuple[tuple[str, Callable[[], bytes | None] | None], ...] = (
    ("ke-hoach.docx", _plan),
    ("dang-ky.docx", _registration),
    ("to-trinh.docx", _to_trinh),
    ("bao-cao-thanh-tich-ca-nhan.docx", lambda: _report(True)),
    ("bao-cao-thanh-tich-tap-the.docx", lambda: _report(False)),
    ("danh-sach-trich-ngang.xlsx", _trich_ngang),
    ("bien-ban-hop-hoi-dong.docx", _minutes),
    ("quyet-dinh.docx", _decision),
    ("danh-sach-chi-tien-thuong.docx", _payment_list),
)
# Hooks: (file, module, function returning the sample's bytes or None).
OPTIONAL = (
    ("giay-khen.pdf", "thidua.documents.certificates", "sample_certificate_pdf"),
    ("bao-cao-tong-ket.docx", "thidua.reports.summary_docx", "sample_summary_report"),
    ("thong-bao-truyen-thanh.docx", "thidua.portal.radio", "sample_radio_docx"),
)


def write_samples(
    out: Path, *, say: Callable[[str], Any] = print
) -> tuple[list[str], list[tuple[str, str]]]:
    _ensure_demo(say)
    written: list[str] = []
    skipped: list[tuple[str, str]] = []
    builders = list(SAMPLES)
    for name, module, function in OPTIONAL:
        builder = _optional(module, function)
        if builder is None:
            skipped.append((name, "chưa có bộ tạo văn bản này"))
        else:
            builders.append((name, builder))
    for name, build in builders:
        data = build() if build is not None else None
        if data is None:
            skipped.append((name, "dữ liệu mẫu không có đối tượng phù hợp"))
            continue
        (out / name).write_bytes(data)
        written.append(name)
    return written, skipped
