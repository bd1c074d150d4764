"""The kinds of document whose wording comes from a template, who may change a template,
and the two writes: upload a template (checked, stored, the previous one kept as history)
and go back to the product's template.

The office (and administrators) keep the office-wide template of every kind. A unit issues
its own Tờ trình, so it may keep its own Tờ trình template, used for its documents only; it
never sees or changes the office's templates, nor another unit's.

The plan (kế hoạch) is not among the kinds: its whole text is the campaign's own, edited on
the campaign's pages, so there is no fixed wording to template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.documents import decision_docx, dossier_docs, minutes_docx, registration_docx
from thidua.documents.models import DocumentTemplate
from thidua.documents.templating import TemplateKind, check_template
from thidua.lib.uploads import stored_name, storing_file
from thidua.org.models import Unit, User

KINDS: dict[str, TemplateKind] = {
    kind.key: kind
    for kind in (
        decision_docx.TEMPLATE,
        dossier_docs.TO_TRINH,
        dossier_docs.REPORT_PERSON,
        dossier_docs.REPORT_COLLECTIVE,
        minutes_docx.TEMPLATE,
        registration_docx.TEMPLATE,
    )
}


def scope_of(user: User) -> Unit | None:
    """Whose templates the user keeps: None for the office's, the unit for a unit account."""
    return None if user.is_office else user.unit


def kinds_for(user: User) -> list[TemplateKind]:
    """The kinds whose template the user may keep."""
    if user.is_office:
        return list(KINDS.values())
    if user.role == User.Role.UNIT and user.unit_id:
        return [k for k in KINDS.values() if k.unit_may_upload]
    return []


def may_manage(user: User, kind: TemplateKind, unit: Unit | None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    return (
        user.role == User.Role.UNIT
        and kind.unit_may_upload
        and unit is not None
        and unit.pk == user.unit_id
    )


def history(kind: TemplateKind, unit: Unit | None) -> Any:
    rows = DocumentTemplate.objects.filter(kind=kind.key).select_related("uploaded_by")
    return rows.filter(unit=unit) if unit is not None else rows.filter(unit__isnull=True)


def _retire(kind: TemplateKind, unit: Unit | None) -> None:
    # one save per row (at most one is active): each change is in the audit trail
    for row in history(kind, unit).filter(active=True).select_related(None).select_for_update():
        row.active = False
        row.save(update_fields=["active"])


def upload_template(kind: TemplateKind, unit: Unit | None, upload: Any, user: User) -> Any:
    """Check and store an uploaded template; it replaces the one in force (kept as history).
    ValidationError (one Vietnamese message) when the file is refused."""
    if not may_manage(user, kind, unit):
        raise PermissionDenied("Bạn không được thay mẫu văn bản này.")
    data = check_template(kind, upload)
    relative = stored_name("docx")
    # On disk before its row commits; deleted if the transaction fails.
    with storing_file(relative, [data]):
        _retire(kind, unit)
        return DocumentTemplate.objects.create(
            kind=kind.key,
            unit=unit,
            original_name=Path(upload.name or kind.filename).name[:255],
            stored_path=relative,
            size=len(data),
            uploaded_by=user,
        )


@transaction.atomic
def use_product_template(kind: TemplateKind, unit: Unit | None, user: User) -> None:
    """Back to the product's template (the office's, for a unit): the uploads stay as history."""
    if not may_manage(user, kind, unit):
        raise PermissionDenied("Bạn không được thay mẫu văn bản này.")
    _retire(kind, unit)
