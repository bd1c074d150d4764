"""Hồ sơ đề nghị khen thưởng: one state machine, its transitions the only way a dossier
changes state, each recorded with actor, time and reason.

    nháp → đã nộp → đang thẩm định → yêu cầu bổ sung (back to the unit) → đã nộp …
                                   → đủ điều kiện → trình Hội đồng → đã xét → có quyết định
                                   → không đủ điều kiện
    đã nộp → nháp: the unit withdraws it to edit, before the deadline.

Two moves are not a role's to make from a screen: "trình Hội đồng → đã xét" for a dossier
with a nomination whose form requires the council's ballot (LEGAL.md) is made only by
`council.close_session`, and "đã xét → có quyết định" only by `decisions.sign_decision`.
Such a move names its service (`Move.service`); `move()` applies it only when that service
asks for it (`service=`), never for a role. The office may still record "đã xét" by hand for
a dossier none of whose nominations requires a ballot.

After the deadline a unit's submission is refused; the office may accept it late, which
is recorded and marked on the dossier. Two people acting on the same dossier at once
cannot both win: a transition applies only to the version it was read at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.lib.models import Recorded
from thidua.notifications import events as notify
from thidua.org.models import Unit, User


class State(models.TextChoices):
    DRAFT = "nhap", "Nháp"
    SUBMITTED = "da_nop", "Đã nộp"
    APPRAISING = "dang_tham_dinh", "Đang thẩm định"
    NEEDS_MORE = "yeu_cau_bo_sung", "Yêu cầu bổ sung"
    ELIGIBLE = "du_dieu_kien", "Đủ điều kiện"
    NOT_ELIGIBLE = "khong_du_dieu_kien", "Không đủ điều kiện"
    TO_COUNCIL = "trinh_hoi_dong", "Trình Hội đồng"
    REVIEWED = "da_xet", "Đã xét"
    DECIDED = "co_quyet_dinh", "Có quyết định"


UNIT, OFFICE, LEADER = "unit", "office", "leader"
SYSTEM = "system"  # made only by the named service, never by a role from a screen
CLOSE_SESSION = "council.close_session"
SIGN_DECISION = "decisions.sign_decision"


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: str  # who may make it: UNIT (its own dossier), OFFICE, LEADER, or SYSTEM
    label: str  # the button, in Vietnamese
    needs_reason: bool = False
    service: str = ""  # for SYSTEM moves: the one service that makes it


MOVES: tuple[Move, ...] = (
    Move(State.DRAFT, State.SUBMITTED, UNIT, "Nộp hồ sơ"),
    Move(State.SUBMITTED, State.DRAFT, UNIT, "Rút lại để sửa"),
    Move(State.SUBMITTED, State.APPRAISING, OFFICE, "Nhận và thẩm định"),
    Move(State.APPRAISING, State.NEEDS_MORE, OFFICE, "Yêu cầu bổ sung", needs_reason=True),
    Move(State.NEEDS_MORE, State.SUBMITTED, UNIT, "Nộp lại sau khi bổ sung"),
    Move(State.APPRAISING, State.ELIGIBLE, OFFICE, "Đủ điều kiện"),
    Move(State.APPRAISING, State.NOT_ELIGIBLE, OFFICE, "Không đủ điều kiện", needs_reason=True),
    Move(State.ELIGIBLE, State.TO_COUNCIL, OFFICE, "Trình Hội đồng"),
    # By hand only for a dossier none of whose nominations requires a ballot (see move()).
    Move(State.TO_COUNCIL, State.REVIEWED, OFFICE, "Ghi nhận kết quả xét"),
    Move(
        State.TO_COUNCIL,
        State.REVIEWED,
        SYSTEM,
        "Kết quả phiên họp Hội đồng",
        service=CLOSE_SESSION,
    ),
    Move(State.REVIEWED, State.DECIDED, SYSTEM, "Ký quyết định", service=SIGN_DECISION),
)


class Dossier(Recorded):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="dossiers")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField("năm thành tích")
    state = models.CharField(
        "trạng thái", max_length=20, choices=State.choices, default=State.DRAFT
    )
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True, editable=False)
    late = models.BooleanField(
        "nộp muộn được chấp nhận",
        default=False,
        editable=False,
        help_text="Cơ quan thường trực nhận hồ sơ sau hạn (có ghi lại).",
    )
    # Optimistic concurrency: every transition bumps it; a stale one is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        app_label = "awards"
        ordering = ["-created_at"]
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "year"],
                name="one_dossier_per_unit_year",
                violation_error_message="Đơn vị đã có hồ sơ đề nghị của năm này.",
            )
        ]

    def __str__(self) -> str:
        return f"Hồ sơ của {self.unit} — {self.year}"

    def deadline(self) -> dt.date | None:
        """The campaign's dossier deadline for the year (a deadline whose key starts
        'ho-so'), None when the plan sets none."""
        for deadline in self.campaign.template.deadlines:
            if deadline.key.startswith("ho-so"):
                return deadline.due(self.year)
        return None


class Transition(models.Model):
    """One recorded change of state."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField("từ", max_length=20, choices=State.choices)
    target = models.CharField("sang", max_length=20, choices=State.choices)
    actor = models.ForeignKey(User, verbose_name="người thực hiện", on_delete=models.PROTECT)
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do, nội dung", blank=True)
    late = models.BooleanField("nhận muộn", default=False)

    class Meta:
        app_label = "awards"
        ordering = ["at", "pk"]
        verbose_name = "chuyển trạng thái hồ sơ"
        verbose_name_plural = "lịch sử trạng thái hồ sơ"

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.get_target_display()}"


class TransitionError(ValueError):
    """A move the state, the role, the deadline or a concurrent change refuses (Vietnamese)."""


def role_of(user: User, dossier: Dossier) -> str | None:
    if user.is_office:
        return OFFICE
    if user.role == User.Role.LEADER:
        return LEADER
    unit = user.unit if user.role == User.Role.UNIT else None
    if unit is not None and dossier.unit.path.startswith(unit.path):
        return UNIT
    return None


def ballot_forms(dossier: Dossier, on: dt.date | None = None) -> list[str]:
    """The names of the forms of `dossier`'s nominations that require the council's ballot."""
    on = on or timezone.localdate()
    names: list[str] = []
    for nomination in dossier.nominations.select_related("form"):
        if lookup.requires_ballot(nomination.form_id, on) and nomination.form.name not in names:
            names.append(nomination.form.name)
    return names


def review_withheld(dossier: Dossier, user: User, on: dt.date | None = None) -> str | None:
    """Why the office has no "Ghi nhận kết quả xét" button on a dossier before the council:
    its forms that need the council's ballot (None when the button is there, or not the
    office's to press)."""
    if dossier.state != State.TO_COUNCIL or role_of(user, dossier) != OFFICE:
        return None
    forms = ballot_forms(dossier, on)
    if not forms:
        return None
    return (
        f"Hồ sơ có đề nghị {', '.join(forms)} phải được Hội đồng Thi đua – Khen thưởng bỏ "
        "phiếu: chỉ phiên họp Hội đồng đã kết thúc mới chuyển hồ sơ sang “Đã xét”."
    )


def allowed_moves(dossier: Dossier, user: User) -> list[Move]:
    """The moves `user` may make by hand (the buttons): never a SYSTEM move, and not
    "đã xét" for a dossier that must go through the council's ballot."""
    role = role_of(user, dossier)
    moves = [
        m
        for m in MOVES
        if m.source == dossier.state and (m.by == role or (m.by == LEADER and role == OFFICE))
    ]
    if any(m.target == State.REVIEWED for m in moves) and ballot_forms(dossier):
        moves = [m for m in moves if m.target != State.REVIEWED]
    return moves


def _system_move(dossier: Dossier, target: str, service: str) -> Move:
    step = next(
        (
            m
            for m in MOVES
            if m.by == SYSTEM
            and m.service == service
            and m.source == dossier.state
            and m.target == target
        ),
        None,
    )
    if step is None:
        raise TransitionError(
            f"Không thể chuyển hồ sơ từ “{State(dossier.state).label}” sang "
            f"“{State(target).label}”."
        )
    return step


@transaction.atomic
def move(
    dossier: Dossier,
    target: str,
    *,
    user: User,
    reason: str = "",
    today: dt.date | None = None,
    accept_late: bool = False,
    service: str = "",
) -> Dossier:
    """Apply one transition, or raise TransitionError saying why not. `service` is given
    only by the council's close and the decision's signing, for their SYSTEM moves."""
    today = today or timezone.localdate()
    if service:
        step: Move | None = _system_move(dossier, target, service)
    else:
        step = next((m for m in allowed_moves(dossier, user) if m.target == target), None)
    if step is None and target == State.REVIEWED:
        withheld = review_withheld(dossier, user, today)
        if withheld:
            raise TransitionError(withheld)
    if step is None and target == State.DECIDED and dossier.state == State.REVIEWED:
        raise TransitionError(
            "Hồ sơ chỉ chuyển sang “Có quyết định” khi quyết định khen thưởng được ký."
        )
    if step is None:
        late_acceptance = (
            accept_late
            and user.is_office
            and dossier.state == State.DRAFT
            and target == State.SUBMITTED
        )
        if not late_acceptance:
            raise TransitionError(
                f"Không thể chuyển hồ sơ từ “{State(dossier.state).label}” sang "
                f"“{State(target).label}” với vai trò của bạn."
            )
        step = Move(State.DRAFT, State.SUBMITTED, OFFICE, "Nhận hồ sơ nộp muộn", needs_reason=True)
    if step.needs_reason and not reason.strip():
        raise TransitionError(f"Hãy ghi lý do cho bước “{step.label}”.")
    deadline = dossier.deadline()
    late = False
    if (
        step.source == State.DRAFT
        and step.target == State.SUBMITTED
        and deadline
        and today > deadline
    ):
        if not (accept_late and user.is_office):
            raise TransitionError(
                f"Đã quá hạn nộp hồ sơ ({deadline:%d/%m/%Y}). Hồ sơ chỉ được nhận muộn khi cơ "
                "quan thường trực đồng ý."
            )
        late = True
    if (
        step.source == State.SUBMITTED
        and step.target == State.DRAFT
        and deadline
        and today > deadline
    ):
        raise TransitionError(f"Đã quá hạn nộp hồ sơ ({deadline:%d/%m/%Y}): không rút lại được.")
    changes: dict[str, object] = {"state": step.target, "version": F("version") + 1}
    if step.target == State.SUBMITTED:
        changes["submitted_at"] = timezone.now()
    if late:
        changes["late"] = True
    updated = Dossier.objects.filter(
        pk=dossier.pk, version=dossier.version, state=dossier.state
    ).update(**changes)
    if not updated:
        raise TransitionError(
            "Hồ sơ vừa được người khác thay đổi. Hãy tải lại trang để xem trạng thái mới."
        )
    transition = Transition.objects.create(
        dossier=dossier,
        source=step.source,
        target=step.target,
        actor=user,
        reason=reason.strip(),
        late=late,
    )
    notify.dossier_moved(transition.pk)  # after commit: the unit's accounts, the office
    dossier.refresh_from_db()
    return dossier
