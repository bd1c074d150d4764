"""Who may import: the campaign office and administrators, who write every unit's data
(`thidua.scoring.access`: the office confirms, units only propose). Jobs are the office's:
any office account sees every job; other roles are refused the screen (403) and do not see
a job (404)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.imports.models import ImportJob
from thidua.scoring import access as scoring_access

REFUSED = "Chỉ cơ quan thường trực nhập dữ liệu từ tệp Excel."


def may_import(user: Any) -> bool:
    return scoring_access.can_confirm(user)


def require_import(user: Any) -> None:
    if not may_import(user):
        raise PermissionDenied(REFUSED)


def get_job_for_user(user: Any, pk: int) -> ImportJob:
    if not may_import(user):
        raise Http404("Không tìm thấy lần nhập dữ liệu này.")
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404("Không tìm thấy lần nhập dữ liệu này.")
    return job
