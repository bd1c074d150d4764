"""What units and the office do with a dossier besides moving it: nominations, attachments,
the completeness check before submission, the appraisal's overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards import numbering
from thidua.awards.dossiers import Dossier, State, TransitionError, move
from thidua.awards.records import Attachment, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.registrations import participation_refusal
from thidua.law import lookup
from thidua.lib.uploads import remove_files, stored_name, storing_file, storing_upload
from thidua.org.models import Unit, User

EDITABLE = (State.DRAFT, State.NEEDS_MORE)


class DossierError(ValueError):
    """A change the dossier's state refuses (Vietnamese)."""


def dossier_for(campaign: Campaign, unit: Unit, year: int) -> Dossier:
    """The unit's dossier of `year` in `campaign`, opened if need be: only in an issued,
    open campaign whose participants include the unit."""
    refusal = participation_refusal(campaign, unit)
    if refusal:
        raise DossierError(refusal)
    if year not in campaign.template.years:
        raise DossierError(f"Phong trào này không xét khen thưởng năm {year}.")
    dossier, _ = Dossier.objects.get_or_create(campaign=campaign, unit=unit, year=year)
    return dossier


def _locked(dossier: Dossier) -> Dossier:
    """The dossier re-read under a row lock: a submission and an edit of its content queue
    one behind the other instead of both passing their checks on a stale state."""
    return Dossier.objects.select_for_update().select_related("campaign").get(pk=dossier.pk)


def _editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE:
        raise DossierError(
            f"Hồ sơ đang ở trạng thái “{State(dossier.state).label}”: chỉ sửa được khi là nháp "
            "hoặc khi được yêu cầu bổ sung (rút lại hồ sơ trước hạn nếu cần sửa)."
        )


def missing_components(dossier: Dossier) -> list[str]:
    """Names of the components the campaign requires that have no file yet."""
    have = set(dossier.attachments.values_list("component", flat=True))
    return [c.name for c in dossier.campaign.template.dossier.components if c.key not in have]


@transaction.atomic
def submit(
    dossier: Dossier, *, user: User, today: dt.date, accept_late: bool = False, reason: str = ""
) -> Dossier:
    """Submit (or resubmit after a request for more): complete, then the state machine;
    the unit's Tờ trình takes its number in the unit's register (kept on a resubmission)."""
    dossier = _locked(dossier)
    missing = missing_components(dossier)
    if missing:
        raise TransitionError("Hồ sơ còn thiếu: " + "; ".join(missing) + ".")
    if not dossier.nominations.exists():
        raise TransitionError("Hồ sơ chưa có đề nghị khen thưởng nào.")
    dossier = move(
        dossier, State.SUBMITTED, user=user, today=today, accept_late=accept_late, reason=reason
    )
    numbering.issue_for_dossier(dossier, user=user, on=today)
    return dossier


@transaction.atomic
def add_nomination(
    dossier: Dossier, *, user: User, today: dt.date | None = None, **fields: Any
) -> Nomination:
    """Add a nomination; refused when the form does not fit the recipient (Nomination.clean,
    from the law tables). A form the campaign's issuer may not decide (today) is kept as
    "đề nghị cấp trên": forwarded to the parent campaign after appraisal when there is
    one, otherwise proposed to the higher level by a Tờ trình — never decided here."""
    dossier = _locked(dossier)
    refusal = participation_refusal(dossier.campaign, dossier.unit)
    if refusal:
        raise DossierError(refusal)
    _editable(dossier)
    nomination = Nomination(dossier=dossier, created_by=user, **fields)
    nomination.full_clean()
    issuer = dossier.campaign.issuing_unit
    if issuer is not None:
        on = today or timezone.localdate()
        nomination.higher_level = not lookup.may_decide(issuer.level, nomination.form_id, on)
    nomination.save()
    return nomination


def higher_level_text(nomination: Nomination, on: dt.date) -> str:
    """Who decides a nomination marked "đề nghị cấp trên" (for the dossier page)."""
    rows = lookup.authorities(nomination.form_id, on)
    return lookup.competence_text(nomination.form.name, rows, on)


def higher_level_proposal(dossier: Dossier) -> Any:
    """What the Tờ trình to the higher level reads (``dossier_docs.to_trinh_docx``): the
    campaign's issuing unit proposing this dossier's "đề nghị cấp trên" not forwarded."""
    campaign = dossier.campaign
    if campaign.issuing_unit is None:
        raise DossierError("Phong trào chưa ghi đơn vị ban hành.")
    return SimpleNamespace(
        unit=campaign.issuing_unit,
        campaign=campaign,
        year=dossier.year,
        nominations=Nomination.objects.filter(
            dossier=dossier, higher_level=True, forwarded_to__isnull=True
        ),
    )


@transaction.atomic
def remove_nomination(nomination: Nomination) -> None:
    _editable(_locked(nomination.dossier))
    nomination.delete()


@transaction.atomic
def attach(dossier: Dossier, *, component: str, upload: Any, user: User) -> Attachment:
    """Store an uploaded file as a component, checked by its bytes and size first."""
    dossier = _locked(dossier)
    _editable(dossier)
    keys = {c.key for c in dossier.campaign.template.dossier.components} | {"khac"}
    if component not in keys:
        raise ValidationError("Thành phần hồ sơ không có trong kế hoạch.")
    # The file is on disk before its row commits, and deleted if the transaction fails.
    with storing_upload(upload) as (kind, relative):
        return Attachment.objects.create(
            dossier=dossier,
            component=component,
            original_name=Path(upload.name or "tep").name[:255],
            path=relative,
            kind=kind,
            size=upload.size,
            created_by=user,
        )


@transaction.atomic
def remove_attachment(attachment: Attachment) -> None:
    _editable(_locked(attachment.dossier))
    path = attachment.path
    attachment.delete()
    transaction.on_commit(lambda: remove_files([path]))


FORWARDABLE = (State.ELIGIBLE, State.TO_COUNCIL, State.REVIEWED)


@transaction.atomic
def forward_nomination(nomination: Nomination, *, user: User) -> Nomination:
    """Propose a nomination for a form above this campaign's level to the parent campaign:
    the issuing unit's dossier there (a draft it then completes and submits) receives a
    copy of the nomination and of the dossier's files."""
    dossier = nomination.dossier
    campaign = dossier.campaign
    if campaign.parent is None or campaign.issuing_unit is None:
        raise DossierError("Phong trào này không thực hiện kế hoạch cấp trên nào.")
    if dossier.state not in FORWARDABLE:
        raise DossierError("Chỉ chuyển lên cấp trên đề nghị của hồ sơ đã thẩm định đủ điều kiện.")
    if nomination.forwarded_to_id:
        raise DossierError("Đề nghị này đã được chuyển lên cấp trên.")
    target = dossier_for(campaign.parent, campaign.issuing_unit, dossier.year)
    _editable(target)
    copy = Nomination.objects.create(
        dossier=target,
        unit=nomination.unit,
        person=nomination.person,
        form=nomination.form,
        summary=nomination.summary,
        created_by=user,
    )
    have = set(target.attachments.values_list("component", flat=True))
    for attachment in dossier.attachments.all():
        if attachment.component in have:
            continue  # the upper dossier already has its own file for that component
        relative = stored_name(attachment.kind)
        source = Path(settings.MEDIA_ROOT) / attachment.path
        with storing_file(relative, [source.read_bytes()]):
            Attachment.objects.create(
                dossier=target,
                component=attachment.component,
                original_name=attachment.original_name,
                path=relative,
                kind=attachment.kind,
                size=attachment.size,
                created_by=user,
            )
    nomination.forwarded_to = campaign.parent
    nomination.save(update_fields=["forwarded_to", "updated_at"])
    return copy


@transaction.atomic
def override_verdict(
    nomination: Nomination, *, verdict: bool | None, reason: str, user: User
) -> Nomination:
    """The appraisal's conclusion against the engine's, only with a written reason;
    `verdict=None` withdraws the override."""
    if nomination.dossier.state != State.APPRAISING:
        raise DossierError("Chỉ thay đổi kết luận khi hồ sơ đang thẩm định.")
    if verdict is not None and not reason.strip():
        raise DossierError("Muốn thay đổi kết luận của máy phải ghi lý do.")
    nomination.override = verdict
    nomination.override_reason = reason.strip() if verdict is not None else ""
    nomination.override_by = user if verdict is not None else None
    nomination.save(update_fields=["override", "override_reason", "override_by", "updated_at"])
    return nomination
