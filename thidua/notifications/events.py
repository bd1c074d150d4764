"""What notifies whom: the awards chain calls one of these where a state changes; each
notifies once the change is committed (transaction.on_commit), never for a change rolled
back (in `services.quiet()`, the demo's, at once and without e-mail). Recipients (the actor
is left out):

- a dossier's move (awards.dossiers.move): the accounts of the dossier's unit — received for
  appraisal, returned for completion (with the office's reason), eligible / not eligible
  (with the reason), sent to the council, reviewed; the office when a unit submits. "Có quyết
  định" is told by the decision's signing (below), not twice.
- a council session scheduled, moved, postponed or cancelled (awards.council): the members
  with an account of the membership valid on the meeting date.
- a decision signed (awards.decisions.sign_decision): the office, the leaders, and the
  accounts of the units whose collectives or people it honours and of the dossiers' units.

The awards modules import this module; it imports theirs only inside the functions.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from thidua.notifications import services
from thidua.notifications.models import Kind

# target state → (kind, what the unit is told)
DOSSIER_TOLD = {
    "dang_tham_dinh": (Kind.RECEIVED, "đã được tiếp nhận và đang thẩm định"),
    "yeu_cau_bo_sung": (Kind.RETURNED, "được yêu cầu bổ sung, hoàn thiện"),
    "du_dieu_kien": (Kind.ELIGIBLE, "được thẩm định đủ điều kiện"),
    "khong_du_dieu_kien": (Kind.NOT_ELIGIBLE, "được thẩm định không đủ điều kiện"),
    "trinh_hoi_dong": (Kind.TO_COUNCIL, "đã được trình Hội đồng Thi đua – Khen thưởng"),
    "da_xet": (Kind.REVIEWED, "đã được Hội đồng Thi đua – Khen thưởng xét"),
}


def _after_commit(function: Any, *args: Any) -> None:
    mail = services.mail_on()  # the caller's choice now, not when the commit comes
    if not mail:
        # quiet (the demo, built in one transaction): in the app only, at once, so that a
        # demo loaded inside a transaction that is never committed (the tests) has them too
        function(*args, mail=False)
        return
    transaction.on_commit(lambda: function(*args, mail=mail))


def dossier_moved(transition_id: int) -> None:
    _after_commit(_dossier_moved, transition_id)


def session_changed(session_id: int, what: str) -> None:
    """`what`: "scheduled", "changed", "postponed", "cancelled"."""
    _after_commit(_session_changed, session_id, what)


def decision_signed(decision_id: int) -> None:
    _after_commit(_decision_signed, decision_id)


def _dossier_moved(transition_id: int, *, mail: bool) -> None:
    from thidua.awards.dossiers import State, Transition

    t = Transition.objects.select_related(
        "dossier__unit", "dossier__campaign__issuing_unit", "actor"
    ).get(pk=transition_id)
    dossier = t.dossier
    url = reverse("awards:dossier", args=[dossier.pk])
    subject = f"hồ sơ đề nghị khen thưởng năm {dossier.year} của {dossier.unit.name}"
    where = f"Phong trào: {dossier.campaign.name}."
    reason = f"Lý do, nội dung: {t.reason}" if t.reason else ""
    body = "\n".join(x for x in (where, reason) if x)
    if t.target == State.SUBMITTED and t.actor.role == t.actor.Role.UNIT:
        again = " lại" if t.source == State.NEEDS_MORE else ""
        services.notify(
            services.office_accounts(dossier.campaign),
            Kind.SUBMITTED,
            f"{dossier.unit.name} đã nộp{again} {subject}",
            body,
            url,
            exclude=t.actor,
            mail=mail,
        )
        return
    if t.target == State.SUBMITTED:  # accepted late by the office
        told = (Kind.RECEIVED, "được nhận sau hạn")
    else:
        told = DOSSIER_TOLD.get(t.target)
    if told is None:
        return
    kind, verb = told
    services.notify(
        services.unit_accounts([dossier.unit_id]),
        kind,
        f"{subject[:1].upper()}{subject[1:]} {verb}",
        body,
        url,
        exclude=t.actor,
        mail=mail,
    )


SESSION_TOLD = {
    "scheduled": "Phiên họp Hội đồng được xếp lịch",
    "changed": "Phiên họp Hội đồng thay đổi lịch",
    "postponed": "Phiên họp Hội đồng được hoãn",
    "cancelled": "Phiên họp Hội đồng bị hủy",
}


def _session_changed(session_id: int, what: str, *, mail: bool) -> None:
    from thidua.awards.records import CouncilSession
    from thidua.org.models import User

    session = CouncilSession.objects.select_related("council", "campaign").get(pk=session_id)
    if session.council is None or session.held_on is None:
        return
    members = session.council.members_on(session.held_on).filter(user__isnull=False)
    accounts = User.objects.filter(pk__in=members.values("user_id"), is_active=True)
    when = f"ngày {session.held_on:%d/%m/%Y}"
    if session.starts_at:
        when = f"{session.starts_at:%H:%M} {when}"
    lines = [f"Phong trào: {session.campaign.name}.", f"Thời gian: {when}."]
    if session.place:
        lines.append(f"Địa điểm: {session.place}.")
    if session.status_reason and what in ("postponed", "cancelled"):
        lines.append(f"Lý do: {session.status_reason}")
    services.notify(
        accounts,
        Kind.SESSION,
        f"{SESSION_TOLD[what]}: {session.council} — {when}",
        "\n".join(lines),
        reverse("awards:session", args=[session.pk]),
        exclude=session.created_by_id if what == "scheduled" else None,
        mail=mail,
    )


def _decision_signed(decision_id: int, *, mail: bool) -> None:
    from thidua.awards.dossiers import Dossier
    from thidua.awards.records import Decision

    decision = Decision.objects.select_related("campaign__issuing_unit", "signed_by").get(
        pk=decision_id
    )
    awards = list(decision.awards.select_related("person", "nomination"))
    title = (
        f"Quyết định số {decision.number}/{decision.symbol} ngày "
        f"{decision.signed_on:%d/%m/%Y} đã được ký: {decision.title}"
    )
    body = f"Phong trào: {decision.campaign.name}. Số tập thể, cá nhân được khen: {len(awards)}."
    services.notify(
        [
            *services.office_accounts(decision.campaign, decision.signed_on),
            *services.leader_accounts(decision.campaign, decision.signed_on),
        ],
        Kind.DECISION,
        title,
        body,
        reverse("awards:decision", args=[decision.pk]),
        exclude=decision.signed_by_id,
        mail=mail,
    )
    # Units read no decision page (awards.access.reads_chain): each is sent to its dossier.
    dossiers = {a.nomination.dossier_id for a in awards if a.nomination_id}
    units = {a.unit_id for a in awards if a.unit_id}
    units |= {a.person.unit_id for a in awards if a.person_id and a.person.unit_id}
    by_unit = dict(Dossier.objects.filter(pk__in=dossiers).values_list("unit_id", "pk"))
    same_campaign = dict(
        Dossier.objects.filter(campaign=decision.campaign, unit_id__in=units).values_list(
            "unit_id", "pk"
        )
    )
    for unit_id in sorted(units | set(by_unit)):
        dossier_pk = by_unit.get(unit_id) or same_campaign.get(unit_id)
        url = (
            reverse("awards:dossier", args=[dossier_pk])
            if dossier_pk
            else reverse("campaigns:detail", args=[decision.campaign_id])
        )
        services.notify(
            services.unit_accounts([unit_id]),
            Kind.DECISION,
            title,
            body,
            url,
            exclude=decision.signed_by_id,
            mail=mail,
        )
