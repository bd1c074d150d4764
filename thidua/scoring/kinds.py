"""The kinds of fact, each with its model, form, Vietnamese label and list columns: one set
of views serves them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model

from thidua.lib.formatting import format_date, format_number
from thidua.rules.fmt import format_percent
from thidua.scoring import forms as f
from thidua.scoring import models as m


def _subject(fact: Any) -> str:
    return str(fact.subject)


def _pct(value: Any) -> str:
    return format_percent(value) if value is not None else "—"


@dataclass(frozen=True)
class FactKind:
    slug: str
    model: type[Model]
    form: type[forms.ModelForm]
    label: str
    columns: tuple[tuple[str, Callable[[Any], Any]], ...]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ()


KINDS: dict[str, FactKind] = {
    k.slug: k
    for k in (
        FactKind(
            "chi-so-cchc",
            m.ParScore,
            f.ParScoreForm,
            "Kết quả Chỉ số CCHC",
            (
                ("Đơn vị", lambda x: x.unit),
                ("Năm", lambda x: x.year),
                (
                    "Tự đánh giá",
                    lambda x: format_number(x.self_score, 2) if x.self_score is not None else "—",
                ),
                ("Thẩm định", lambda x: format_number(x.score, 2) if x.score is not None else "—"),
                ("Tối đa", lambda x: format_number(x.max_score, 2)),
                ("Tỷ lệ", lambda x: _pct(x.percent)),
            ),
            related=("unit",),
            order=("-year", "unit__code"),
        ),
        FactKind(
            "xep-loai",
            m.Rating,
            f.RatingForm,
            "Xếp loại chất lượng",
            (
                ("Đối tượng", _subject),
                ("Năm", lambda x: x.year),
                ("Xếp loại", lambda x: x.get_rating_display()),
            ),
            related=("unit", "person"),
            order=("-year", "pk"),
        ),
        FactKind(
            "ky-luat",
            m.Discipline,
            f.DisciplineForm,
            "Kỷ luật",
            (
                ("Cá nhân", lambda x: x.person),
                ("Ngày", lambda x: format_date(x.date)),
                ("Hình thức", lambda x: x.get_level_display()),
                ("Số quyết định", lambda x: x.reference),
            ),
            related=("person",),
            order=("-date", "pk"),
        ),
        FactKind(
            "xem-xet",
            m.Review,
            f.ReviewForm,
            "Vụ việc đang xem xét",
            (
                ("Đối tượng", _subject),
                ("Loại", lambda x: x.get_kind_display()),
                ("Từ ngày", lambda x: format_date(x.since)),
                ("Đến ngày", lambda x: format_date(x.until) or "đang mở"),
            ),
            related=("unit", "person"),
            order=("-since", "pk"),
        ),
        FactKind(
            "khen-thuong",
            m.Award,
            f.AwardForm,
            "Khen thưởng đã nhận",
            (
                ("Đối tượng", _subject),
                ("Danh hiệu/hình thức", lambda x: x.form),
                ("Năm thành tích", lambda x: x.year),
                ("Lĩnh vực", lambda x: x.get_field_display()),
                (
                    "Quyết định",
                    lambda x: " ngày ".join(
                        filter(None, [x.decision_number, format_date(x.decision_date)])
                    ),
                ),
            ),
            related=("unit", "person", "form"),
            order=("-year", "pk"),
        ),
        FactKind(
            "sang-kien",
            m.Initiative,
            f.InitiativeForm,
            "Sáng kiến",
            (
                ("Mã", lambda x: x.code),
                ("Tên sáng kiến", lambda x: x.title),
                ("Đơn vị", lambda x: x.unit or "—"),
                ("Tác giả", lambda x: ", ".join(p.full_name for p in x.authors.all())),
                ("Năm", lambda x: x.year),
                ("Phạm vi", lambda x: x.get_scope_display()),
            ),
            related=("unit",),
            order=("-year", "code"),
        ),
        FactKind(
            "xac-nhan",
            m.Attestation,
            f.AttestationForm,
            "Xác nhận của cơ quan thường trực",
            (
                ("Đối tượng", _subject),
                ("Năm", lambda x: x.year),
                ("Nội dung", lambda x: x.label),
                ("Người ghi nhận", lambda x: x.created_by or "—"),
                ("Lúc", lambda x: x.created_at.strftime("%d/%m/%Y %H:%M") if x.created_at else ""),
            ),
            related=("unit", "person", "created_by"),
            order=("-year", "pk"),
        ),
    )
}
