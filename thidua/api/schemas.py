"""What the API answers: units and people by id and code, choices by key and Vietnamese
label, scores as numbers."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from thidua.api.common import ChoiceOut, PersonRef, UnitRef, choice


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: ChoiceOut
    group: ChoiceOut = Field(description="Khối thi đua")
    parent: UnitRef | None = Field(description="Đơn vị cấp trên")
    par_assessed: bool = Field(description="Thuộc diện chấm Chỉ số CCHC")
    valid_from: dt.date | None
    valid_to: dt.date | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_level(obj: Any) -> Any:
        return choice(obj, "level")

    @staticmethod
    def resolve_group(obj: Any) -> Any:
        return {"key": obj.group_id, "label": obj.group.name}


class PersonOut(Schema):
    id: int
    code: str
    full_name: str
    gender: ChoiceOut | None
    birth_year: int | None
    position: str
    unit: UnitRef
    key_leader: bool = Field(description="Lãnh đạo chủ chốt")
    cchc_role: bool = Field(description="Phụ trách công tác CCHC")
    unit_chair: bool = Field(description="Chủ tịch/Phó Chủ tịch UBND xã")
    updated_at: dt.datetime

    @staticmethod
    def resolve_gender(obj: Any) -> Any:
        return choice(obj, "gender")


class FactOut(Schema):
    id: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ConfirmableOut(FactOut):
    confirmed: bool = Field(description="Cơ quan thường trực đã xác nhận")
    confirmed_at: dt.datetime | None


class SubjectOut(Schema):
    unit: UnitRef | None = Field(description="Tập thể (nếu bản ghi về một đơn vị)")
    person: PersonRef | None = Field(description="Cá nhân (nếu bản ghi về một cá nhân)")


class ParResultOut(ConfirmableOut):
    unit: UnitRef
    year: int
    self_score: float | None = Field(description="Điểm tự đánh giá")
    score: float | None = Field(description="Điểm thẩm định")
    max_score: float = Field(description="Điểm tối đa")
    percent: float | None = Field(description="Tỷ lệ điểm thẩm định / điểm tối đa (%)")
    note: str

    @staticmethod
    def resolve_percent(obj: Any) -> float | None:
        return None if obj.percent is None else round(float(obj.percent), 4)


class RatingOut(ConfirmableOut, SubjectOut):
    year: int
    rating: ChoiceOut = Field(description="Xếp loại chất lượng")

    @staticmethod
    def resolve_rating(obj: Any) -> Any:
        return choice(obj, "rating")


class DisciplineOut(FactOut):
    person: PersonRef
    date: dt.date
    level: ChoiceOut = Field(description="Hình thức kỷ luật")
    reference: str = Field(description="Số quyết định")
    note: str

    @staticmethod
    def resolve_level(obj: Any) -> Any:
        return choice(obj, "level")


class ReviewOut(FactOut, SubjectOut):
    kind: ChoiceOut
    since: dt.date
    until: dt.date | None
    note: str

    @staticmethod
    def resolve_kind(obj: Any) -> Any:
        return choice(obj, "kind")


class AwardOut(FactOut, SubjectOut):
    form: ChoiceOut = Field(description="Danh hiệu/hình thức khen thưởng")
    year: int = Field(description="Năm thành tích")
    field: ChoiceOut = Field(description="Lĩnh vực")
    decision_number: str
    decision_date: dt.date | None
    issuer: str = Field(description="Cơ quan quyết định")

    @staticmethod
    def resolve_form(obj: Any) -> Any:
        return {"key": obj.form_id, "label": obj.form.name}

    @staticmethod
    def resolve_field(obj: Any) -> Any:
        return choice(obj, "field")


class InitiativeOut(ConfirmableOut):
    code: str
    title: str
    unit: UnitRef | None
    authors: list[PersonRef]
    year: int = Field(description="Năm công nhận")
    scope: ChoiceOut = Field(description="Phạm vi công nhận")

    @staticmethod
    def resolve_authors(obj: Any) -> Any:
        return list(obj.authors.all())

    @staticmethod
    def resolve_scope(obj: Any) -> Any:
        return choice(obj, "scope")


class AttestationOut(FactOut, SubjectOut):
    year: int
    key: ChoiceOut = Field(description="Nội dung xác nhận")
    note: str

    @staticmethod
    def resolve_key(obj: Any) -> Any:
        return {"key": obj.key, "label": obj.label}


class SchemeOut(Schema):
    key: str
    name: str
    form: ChoiceOut = Field(description="Danh hiệu/hình thức khen thưởng")
    subject: ChoiceOut = Field(description="Tập thể hay cá nhân")
    phase: list[int] | None = Field(description="Các năm của giai đoạn (phương án giai đoạn)")
    groups: list[ChoiceOut] = Field(description="Các khối thi đua được xét")
    criteria: list[ChoiceOut] = Field(description="Các tiêu chí")
    expression: str = Field(description="Điều kiện, bằng lời")


class CampaignRef(Schema):
    id: int
    name: str


class CampaignOut(Schema):
    id: int
    name: str
    status: ChoiceOut
    issuing_unit: UnitRef | None = Field(description="Cơ quan ban hành")
    years: list[int] = Field(description="Các năm phong trào xét")
    schemes: list[SchemeOut] = Field(description="Các phương án khen thưởng")
    issued_at: dt.datetime | None
    closed_at: dt.datetime | None
    updated_at: dt.datetime


class CriterionResult(Schema):
    key: str
    label: str
    verdict: bool | None = Field(description="Đạt (true), không đạt (false), chưa rõ (null)")
    explanation: str | None


class CandidateOut(Schema):
    unit: UnitRef | None
    person: PersonRef | None
    group: ChoiceOut | None
    eligible: bool | None = Field(description="Đủ điều kiện (true), không (false), chưa rõ")
    selected: bool | None = Field(description="Trong chỉ tiêu (khi phương án có chỉ tiêu)")
    rank: int | None
    note: str | None
    criteria: list[CriterionResult]


class ResultsOut(Schema):
    campaign: CampaignRef
    scheme: ChoiceOut
    year: int
    years_read: list[int] = Field(description="Các năm dữ liệu được đọc")
    candidates: list[CandidateOut]


class NominationOut(Schema):
    id: int
    unit: UnitRef | None
    person: PersonRef | None
    form: ChoiceOut
    scheme_key: str

    @staticmethod
    def resolve_form(obj: Any) -> Any:
        return {"key": obj.form_id, "label": obj.form.name}


class DossierOut(Schema):
    id: int
    campaign: CampaignRef
    unit: UnitRef
    year: int = Field(description="Năm thành tích")
    state: ChoiceOut = Field(description="Trạng thái hồ sơ")
    submitted_at: dt.datetime | None
    late: bool = Field(description="Nộp muộn được chấp nhận")
    nominations: list[NominationOut]
    updated_at: dt.datetime

    @staticmethod
    def resolve_state(obj: Any) -> Any:
        return choice(obj, "state")

    @staticmethod
    def resolve_nominations(obj: Any) -> Any:
        return list(obj.nominations.all())


class AwardeeOut(Schema):
    unit: UnitRef | None
    person: PersonRef | None
    form: ChoiceOut
    year: int
    amount: int | None = Field(description="Tiền thưởng (đồng)")

    @staticmethod
    def resolve_form(obj: Any) -> Any:
        return {"key": obj.form_id, "label": obj.form.name}


class DecisionOut(Schema):
    id: int
    campaign: CampaignRef
    number: str
    symbol: str
    reference: str = Field(description="Số, ký hiệu (ví dụ 12/QĐ-UBND)")
    signed_on: dt.date | None
    title: str = Field(description="Trích yếu")
    signer_name: str
    status: ChoiceOut
    money_mode: ChoiceOut = Field(description="Cách tính tiền thưởng")
    total_amount: int = Field(description="Tổng tiền thưởng (đồng)")
    awardees: list[AwardeeOut]
    updated_at: dt.datetime

    @staticmethod
    def resolve_reference(obj: Any) -> str:
        return f"{obj.number}/{obj.symbol}" if obj.number else ""

    @staticmethod
    def resolve_status(obj: Any) -> Any:
        return choice(obj, "status")

    @staticmethod
    def resolve_money_mode(obj: Any) -> Any:
        return choice(obj, "money_mode")

    @staticmethod
    def resolve_awardees(obj: Any) -> Any:
        return list(obj.awards.all())

    @staticmethod
    def resolve_total_amount(obj: Any) -> int:
        return sum(a.amount or 0 for a in obj.awards.all())
