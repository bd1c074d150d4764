"""The templates page (/mau-van-ban/): per kind of document, download the product's template
and the one in force, upload an edited one, go back to the product's; the table of tags.

The office keeps the office-wide templates; a unit account keeps its own Tờ trình template
(template_store). Kinds a user may not keep answer 404, other roles 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.documents import template_store as store
from thidua.documents.models import DocumentTemplate
from thidua.documents.templating import TemplateKind, product_template, template_bytes
from thidua.lib import uploads

DOCX = uploads.ALLOWED_KINDS["docx"][0]


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp mẫu (.docx)",
        help_text="Tải mẫu đang dùng về, sửa bằng Word rồi tải lên lại; các thẻ trong {{ }} "
        "và {% %} giữ nguyên tên.",
        error_messages={"required": "Chọn tệp mẫu .docx để tải lên."},
    )


def _kind(user: object, slug: str) -> TemplateKind:
    kinds = store.kinds_for(user)  # type: ignore[arg-type]
    if not kinds:
        raise PermissionDenied("Chỉ cơ quan thường trực và đơn vị quản lý mẫu văn bản.")
    for kind in kinds:
        if kind.key == slug.replace("-", "_"):
            return kind
    raise Http404("Không có mẫu văn bản này.")


def _slug(kind: TemplateKind) -> str:
    return kind.key.replace("_", "-")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    kinds = store.kinds_for(request.user)  # type: ignore[arg-type]
    if not kinds:
        raise PermissionDenied("Chỉ cơ quan thường trực và đơn vị quản lý mẫu văn bản.")
    scope = store.scope_of(request.user)  # type: ignore[arg-type]
    rows = [
        {"kind": k, "slug": _slug(k), "current": DocumentTemplate.current(k.key, scope)}
        for k in kinds
    ]
    return render(request, "documents/templates.html", {"rows": rows, "scope": scope})


@login_required
def detail(request: HttpRequest, kind: str) -> HttpResponse:
    template_kind = _kind(request.user, kind)
    scope = store.scope_of(request.user)  # type: ignore[arg-type]
    form = TemplateUploadForm()
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                store.upload_template(
                    template_kind,
                    scope,
                    form.cleaned_data["file"],
                    request.user,  # type: ignore[arg-type]
                )
            except ValidationError as e:
                form.add_error("file", e)
            else:
                messages.success(
                    request, f"Đã nhận mẫu {template_kind.label}; văn bản từ nay theo mẫu mới."
                )
                return redirect("documents:template", kind=_slug(template_kind))
    current = DocumentTemplate.current(template_kind.key, scope)
    return render(
        request,
        "documents/template_detail.html",
        {
            "own_active": current is not None
            and current.unit_id == (scope.pk if scope is not None else None),
            "kind": template_kind,
            "slug": _slug(template_kind),
            "scope": scope,
            "form": form,
            "current": current,
            "history": store.history(template_kind, scope)[:20],
        },
    )


def _attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download_product(request: HttpRequest, kind: str) -> HttpResponse:
    template_kind = _kind(request.user, kind)
    return _attachment(product_template(template_kind), template_kind.filename)


@login_required
def download_current(request: HttpRequest, kind: str) -> HttpResponse:
    template_kind = _kind(request.user, kind)
    scope = store.scope_of(request.user)  # type: ignore[arg-type]
    return _attachment(template_bytes(template_kind, scope), template_kind.filename)


@login_required
def download_upload(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(DocumentTemplate, pk=pk)
    kind = store.KINDS.get(row.kind)
    # another scope's template is not visible to this user: 404, like a missing one
    if kind is None or not store.may_manage(request.user, kind, row.unit):  # type: ignore[arg-type]
        raise Http404("Không tìm thấy tệp.")
    if row.unit_id is None and not request.user.is_office:  # type: ignore[union-attr]
        raise Http404("Không tìm thấy tệp.")
    return uploads.serve(row.stored_path, download_name=row.original_name, kind="docx")


@login_required
@require_POST
def use_product(request: HttpRequest, kind: str) -> HttpResponse:
    template_kind = _kind(request.user, kind)
    scope = store.scope_of(request.user)  # type: ignore[arg-type]
    store.use_product_template(template_kind, scope, request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        f"Đã dùng lại mẫu {'gốc của hệ thống' if scope is None else 'chung'} cho "
        f"{template_kind.label}.",
    )
    return redirect("documents:template", kind=_slug(template_kind))
