"""Quyết định khen thưởng: draft it from the nominations the council passed, sign it (number,
date, reward money), and let the awards it grants enter the recipients' history.

    draft_decision(campaign=…, title=…, nominations=[…], user=…) -> Decision (dự thảo)
    compute_money(decision) -> total (đồng)
    sign_decision(decision, number=…, signed_on=…, user=…) -> Decision (đã ký)

Reward money is computed with the base salary in force on the decision's date and stored on
each DecisionAward when the decision is signed; a signed decision is never recomputed (a later
base salary changes nothing in it). Signing creates one ``scoring.Award`` per awardee (so the
engine reads it, e.g. Phù Mỹ's ``giay_khen_cchc_nam_truoc``) and moves each dossier from
"đã xét" to "có quyết định" through ``dossiers.move`` — the state machine stays the only way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from thidua.awards import money
from thidua.awards.dossiers import SIGN_DECISION, Dossier, State, TransitionError, move
from thidua.awards.records import Ballot, Decision, DecisionAward, Nomination
from thidua.awards.salary import BaseSalary
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.lib.formatting import format_date_long
from thidua.org.models import User
from thidua.scoring.models import Award, AwardField

DEFAULT_FIELD = "cchc"  # AwardField.CCHC: the campaigns are about administrative reform


class DecisionError(ValueError):
    """What the decision services refuse, in Vietnamese."""


# -- helpers shared with the .docx builder ------------------------------------------------


def plan_issuer(campaign: Campaign) -> str:
    """The issuing body as one line ("ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"): the plan's issuer,
    else the issuing unit's name."""
    issuer = " ".join((campaign.plan or {}).get("issuer", "").split())
    if issuer:
        return issuer
    return campaign.issuing_unit.name if campaign.issuing_unit_id else ""


def default_legal_bases(campaign: Campaign) -> list[str]:
    plan = campaign.plan or {}
    bases = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng",
    ]
    if plan.get("number") and plan.get("symbol") and plan.get("date"):
        issued = dt.date.fromisoformat(str(plan["date"]))
        title = " ".join(str(plan.get("title", "")).split())
        # The plan writes its issuer in capitals; the text wants the unit's own spelling.
        by = f" của {campaign.issuing_unit.name}" if campaign.issuing_unit_id else ""
        what = f" về việc {title[0].lower()}{title[1:]}" if title else ""
        number = f"{plan['number']}/{plan['symbol']}"
        bases.append(f"Căn cứ Kế hoạch số {number} {format_date_long(issued)}{by}{what}")
    bases.append("Xét đề nghị của cơ quan thường trực Hội đồng Thi đua - Khen thưởng")
    return bases


# -- drafting ------------------------------------------------------------------------------


def _passed(nomination: Nomination, ballots: Sequence[Ballot]) -> bool:
    """A form that requires the council's ballot (LEGAL.md) needs a
    ballot that passed at a closed session; a form that does not needs none, but one the
    council did vote on and turned down (and never passed) is not decided."""
    closed = [b for b in ballots if b.passed is not None and b.session.closed_at is not None]
    if lookup.requires_ballot(nomination.form_id, timezone.localdate()):
        return any(b.passed is True for b in closed)
    voted = [b for b in ballots if b.passed is not None]
    return not voted or any(b.passed is True for b in voted)


def _not_passed(nomination: Nomination, ballots: Sequence[Ballot]) -> str:
    """Why `_passed` refused: no ballot at a closed session, or a ballot that failed."""
    if any(b.passed is False for b in ballots):
        return "đề nghị không đạt khi Hội đồng bỏ phiếu."
    return (
        f"“{nomination.form.name}” phải được Hội đồng Thi đua – Khen thưởng bỏ phiếu thông qua "
        "tại một phiên họp đã kết thúc."
    )


@transaction.atomic
def draft_decision(
    *,
    campaign: Campaign,
    title: str,
    nominations: Iterable[Nomination],
    user: User,
    legal_bases: Sequence[str] | None = None,
    funding: str = "",
    signer_authority: Sequence[str] | None = None,
    signer_name: str = "",
    field: str = DEFAULT_FIELD,
) -> Decision:
    """A draft decision granting ``nominations`` (each of a dossier of ``campaign`` in state
    "đã xét", whose ballot passed or that needed none, and in no other decision)."""
    if not (user.is_office or user.role == User.Role.LEADER):
        raise DecisionError("Chỉ cơ quan thường trực hoặc lãnh đạo được lập dự thảo quyết định.")
    if field not in AwardField.values:
        raise DecisionError(f"Lĩnh vực không hợp lệ: “{field}”.")
    title = " ".join((title or "").split())
    if not title:
        raise DecisionError("Hãy ghi trích yếu của quyết định (Về việc khen thưởng …).")
    chosen = list(
        Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        .select_related("dossier", "form", "unit", "person")
        .order_by("pk")
    )
    if not chosen:
        raise DecisionError("Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen.")
    ballots: dict[int, list[Ballot]] = defaultdict(list)
    for ballot in Ballot.objects.filter(nomination__in=chosen).select_related("session"):
        ballots[ballot.nomination_id].append(ballot)
    taken = set(
        DecisionAward.objects.filter(nomination__in=chosen).values_list("nomination_id", flat=True)
    )
    problems = []
    for nomination in chosen:
        who = nomination.subject
        if nomination.dossier.campaign_id != campaign.pk:
            problems.append(f"{who}: hồ sơ không thuộc phong trào này.")
        elif nomination.dossier.state != State.REVIEWED:
            label = State(nomination.dossier.state).label
            problems.append(f"{who}: hồ sơ đang ở trạng thái “{label}”, chưa được Hội đồng xét.")
        elif not _passed(nomination, ballots[nomination.pk]):
            problems.append(f"{who}: {_not_passed(nomination, ballots[nomination.pk])}")
        elif nomination.override is False:
            problems.append(f"{who}: thẩm định kết luận không đủ điều kiện.")
        elif nomination.pk in taken:
            problems.append(f"{who}: đã có trong một quyết định khác.")
    if problems:
        raise DecisionError(" ".join(problems))
    plan = campaign.plan or {}
    signer = plan.get("signer") or {}
    decision = Decision.objects.create(
        campaign=campaign,
        title=title,
        legal_bases=list(legal_bases) if legal_bases is not None else default_legal_bases(campaign),
        signer_authority=list(signer_authority or signer.get("authority") or ["CHỦ TỊCH"]),
        signer_name=signer_name or signer.get("name", ""),
        funding=funding
        or (
            f"Quỹ Thi đua, khen thưởng của {campaign.issuing_unit.name}"
            if campaign.issuing_unit_id
            else "Quỹ Thi đua, khen thưởng"
        ),
        created_by=user,
    )
    DecisionAward.objects.bulk_create(
        DecisionAward(
            decision=decision,
            nomination=n,
            unit=n.unit,
            person=n.person,
            form=n.form,
            year=n.dossier.year,
            field=field,
        )
        for n in chosen
    )
    return decision


# -- money ---------------------------------------------------------------------------------


def _recipient(award: DecisionAward) -> money.Recipient:
    return "individual" if award.person_id else "collective"


def price(awards: Sequence[DecisionAward], base_salary: int, on: dt.date) -> list[int | None]:
    """The reward of each award (same order); None for an award with no figure (a Huân
    chương, or any award dated before the first encoded schedule). Per recipient and
    achievement year only the highest title is paid, every form is
    (money.rewards_for_period). Pure: no database access beyond what ``awards`` hold."""
    amounts: list[int | None] = [None] * len(awards)
    try:
        money.schedule_in_force(on)
    except money.NoReward:
        # Before NĐ 152/2025 (01/7/2025): NĐ 98/2023's figures are not encoded (LEGAL.md
        # gives none) — the decision is recorded without money rather than refused.
        return amounts
    groups: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for index, award in enumerate(awards):
        try:
            factor = money.coefficient(award.form_id, _recipient(award), on)
        except KeyError:
            factor = None
        if factor is None:
            continue  # no figure in LEGAL.md: left without money
        subject = ("p", award.person_id) if award.person_id else ("u", award.unit_id)
        groups[(*subject, award.year)].append(index)  # type: ignore[arg-type]
    for (kind, _, _), indexes in groups.items():
        recipient: money.Recipient = "individual" if kind == "p" else "collective"
        items = [(awards[i].form_id, awards[i].form.kind) for i in indexes]
        paid = money.rewards_for_period(items, recipient, base_salary, on)
        cursor = 0
        for i, (key, _) in zip(indexes, items, strict=True):
            if cursor < len(paid) and paid[cursor][0] == key:
                amounts[i] = paid[cursor][1]
                cursor += 1
            else:
                amounts[i] = 0  # a lower title of the same period: not paid
    return amounts


def base_salary_on(day: dt.date) -> int:
    salary = BaseSalary.in_force_on(day)
    if salary is None:
        raise DecisionError(f"Chưa có mức lương cơ sở áp dụng vào ngày {day:%d/%m/%Y}.")
    return salary.amount


@transaction.atomic
def compute_money(decision: Decision) -> int:
    """The total reward money of ``decision`` (đồng). A signed decision returns the amounts
    stored when it was signed — never recomputed. A draft with a date is priced with the
    base salary in force on that date and the amounts are stored (a preview that signing
    recomputes)."""
    awards = list(decision.awards.select_related("form").order_by("pk"))
    if decision.status == Decision.Status.SIGNED:
        return sum(a.amount or 0 for a in awards)
    if decision.signed_on is None:
        raise DecisionError("Quyết định chưa có ngày ký: chưa tính được tiền thưởng.")
    on = decision.signed_on
    if not awards:
        return 0
    try:
        amounts = price(awards, base_salary_on(on), on)
    except money.NoReward as e:
        raise DecisionError(f"Không tính được tiền thưởng: {e}") from None
    for award, amount in zip(awards, amounts, strict=True):
        award.amount = amount
    DecisionAward.objects.bulk_update(awards, ["amount"])
    return sum(a or 0 for a in amounts)


# -- signing -------------------------------------------------------------------------------


@transaction.atomic
def sign_decision(
    decision: Decision, *, number: str, signed_on: dt.date | None, user: User
) -> Decision:
    """Sign: number and date, reward money stored, status "đã ký", the awards entered in
    the recipients' history, each dossier moved to "có quyết định". Refused a second time."""
    if not (user.is_office or user.role == User.Role.LEADER):
        raise DecisionError("Chỉ lãnh đạo hoặc cơ quan thường trực được ký quyết định.")
    number = str(number or "").strip()
    if not number:
        raise DecisionError("Hãy ghi số của quyết định.")
    if signed_on is None:
        raise DecisionError("Hãy ghi ngày ký quyết định.")
    current = Decision.objects.select_for_update().select_related("campaign").get(pk=decision.pk)
    if current.status == Decision.Status.SIGNED:
        raise DecisionError(
            f"Quyết định số {current.number}/{current.symbol} đã được ký "
            f"ngày {current.signed_on:%d/%m/%Y}: không ký lại được."
        )
    campaign = current.campaign
    same_number = Decision.objects.filter(
        status=Decision.Status.SIGNED,
        number=number,
        symbol=current.symbol,
        signed_on__year=signed_on.year,
        campaign__issuing_unit_id=campaign.issuing_unit_id,
    )
    if same_number.exists():
        raise DecisionError(
            f"Số {number}/{current.symbol} đã được dùng cho một quyết định khác năm "
            f"{signed_on.year}."
        )
    awards = list(current.awards.select_related("form", "nomination__dossier").order_by("pk"))
    if not awards:
        raise DecisionError("Quyết định chưa có tập thể, cá nhân nào được khen.")

    current.number = number
    current.signed_on = signed_on
    current.save(update_fields=["number", "signed_on", "updated_at"])
    compute_money(current)  # still a draft here: prices with the salary of ``signed_on``
    current.status = Decision.Status.SIGNED
    current.save(update_fields=["status", "updated_at"])

    issuer = plan_issuer(campaign)
    reference = f"{number}/{current.symbol}"
    for award in awards:
        Award.objects.create(
            unit_id=award.unit_id,
            person_id=award.person_id,
            form_id=award.form_id,
            year=award.year,
            field=award.field,
            decision_number=reference,
            decision_date=signed_on,
            issuer=issuer,
            created_by=user,
        )

    dossiers: dict[int, Dossier] = {}
    for award in awards:
        if award.nomination_id is not None:
            dossiers.setdefault(award.nomination.dossier_id, award.nomination.dossier)
    for dossier in dossiers.values():
        dossier.refresh_from_db()
        if dossier.state == State.DECIDED:
            continue  # another decision of the same dossier was signed first
        try:
            move(
                dossier,
                State.DECIDED,
                user=user,
                reason=f"Quyết định số {reference} ngày {signed_on:%d/%m/%Y}",
                service=SIGN_DECISION,
            )
        except TransitionError as e:
            raise DecisionError(f"{dossier}: {e}") from None

    decision.refresh_from_db()
    return decision
