"""Quyết định khen thưởng: draft it from the nominations the council passed, sign it (number,
date, signer, reward money), and let the awards it grants enter the recipients' history.

    draft_decision(campaign=…, title=…, nominations=[…], user=…) -> Decision (dự thảo)
    compute_money(decision) -> total (đồng)
    sign_decision(decision, number=…, signed_on=…, user=…, signer_name=…, money_mode=…)
        -> Decision (đã ký)

The law is read from ``thidua.law`` on the decision's date (today for a draft): a decision
holds only what its issuing authority (the campaign's issuing unit's level) may award; it
cites the decree in force on its date (NĐ 98/2023 until 30/6/2025, NĐ 152/2025 from
01/7/2025) and is priced by that decree's coefficients when they are encoded — otherwise
the office types the amounts with a reason or states that the decision carries no money.
The money is stored on each DecisionAward when the decision is signed; a signed decision is
never recomputed. Signing creates one ``scoring.Award`` per awardee (so the engine reads it,
e.g. Phù Mỹ's ``giay_khen_cchc_nam_truoc``) and moves each dossier from "đã xét" to "có
quyết định" through ``dossiers.move`` — the state machine stays the only way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.awards import money, numbering
from thidua.awards.dossiers import SIGN_DECISION, Dossier, State, TransitionError, move
from thidua.awards.records import Ballot, Decision, DecisionAward, MoneyMode, Nomination
from thidua.awards.salary import BaseSalary
from thidua.campaigns.models import Campaign
from thidua.law import lookup
from thidua.law.models import Competence, Confidence, Schedule, authority_label
from thidua.lib.audit import bulk_create_logged, bulk_update_logged
from thidua.lib.formatting import format_date_long, format_money
from thidua.lib.http import whole_number
from thidua.notifications import events as notify
from thidua.org.models import Unit, User
from thidua.scoring.models import Award, AwardField

DEFAULT_FIELD = "cchc"  # AwardField.CCHC: the campaigns are about administrative reform
LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
NUMBER = re.compile(r"[0-9]{1,10}")
MAX_NUMBER = 999_999_999
MAX_AMOUNT = 2_000_000_000  # DecisionAward.amount is a 32-bit column


class DecisionError(ValueError):
    """What the decision services refuse, in Vietnamese."""


# Nơi nhận when the office has written none (the decision's .docx prints them).
DEFAULT_RECIPIENTS = ("Như Điều 3", "Lưu: VT")
MAX_RECIPIENTS = 30
MAX_RECIPIENT_LENGTH = 300


def recipients_of(decision: Decision) -> list[str]:
    """The decision's Nơi nhận: the office's list, else the default."""
    written = [r for r in (decision.recipients or []) if str(r).strip()]
    return written or list(DEFAULT_RECIPIENTS)


@transaction.atomic
def set_recipients(decision: Decision, text: str, *, user: User) -> bool:
    """The office writes a draft decision's Nơi nhận, one recipient a line (a leading dash
    and the closing ";" are the document's, so they are dropped). Returns whether anything
    changed: the list as shown (the default included) saved back changes nothing."""
    if not user.is_office:
        raise DecisionError("Chỉ cơ quan thường trực sửa nơi nhận của quyết định.")
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if current.status != Decision.Status.DRAFT:
        raise DecisionError("Quyết định đã ký: không sửa nơi nhận được nữa.")
    lines = []
    for raw in str(text or "").replace("\r", "").split("\n"):
        line = " ".join(re.sub(r"^[-–+•]\s*", "", raw.strip()).split()).rstrip(";").strip()
        if line:
            lines.append(line)
    if not lines:
        raise DecisionError(
            "Hãy ghi ít nhất một nơi nhận (mỗi dòng một nơi nhận, ví dụ: Như Điều 3; Lưu: VT)."
        )
    if len(lines) > MAX_RECIPIENTS:
        raise DecisionError(f"Quá nhiều nơi nhận: tối đa {MAX_RECIPIENTS} dòng.")
    long = next((line for line in lines if len(line) > MAX_RECIPIENT_LENGTH), None)
    if long is not None:
        raise DecisionError(
            f"Nơi nhận “{long[:40]}…” quá dài (tối đa {MAX_RECIPIENT_LENGTH} ký tự một dòng)."
        )
    if lines == recipients_of(current):
        return False
    current.recipients = lines
    current.save(update_fields=["recipients", "updated_at"])  # the audit trail: before/after
    decision.recipients = lines
    return True


# -- helpers shared with the .docx builder ------------------------------------------------


def plan_issuer(campaign: Campaign) -> str:
    """The issuing body as one line ("ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ"): the plan's issuer,
    else the issuing unit's name."""
    issuer = " ".join((campaign.plan or {}).get("issuer", "").split())
    if issuer:
        return issuer
    return campaign.issuing_unit.name if campaign.issuing_unit_id else ""


def default_legal_bases(
    campaign: Campaign, on: dt.date | None = None, *, schedule: Schedule | None = None
) -> list[str]:
    """The Law, the decree in force on ``on`` (today for a draft; ``schedule`` when the
    caller has it already), the plan, the proposal."""
    plan = campaign.plan or {}
    bases = [LAW_2022]
    if schedule is None:
        schedule = lookup.schedule_on(on or timezone.localdate())
    if schedule is not None:
        bases.append(schedule.citation)
    if plan.get("number") and plan.get("symbol") and plan.get("date"):
        issued = dt.date.fromisoformat(str(plan["date"]))
        title = " ".join(str(plan.get("title", "")).split()).rstrip(" .;")
        # The plan writes its issuer in capitals; the text wants the unit's own spelling.
        by = f" của {campaign.issuing_unit.name}" if campaign.issuing_unit_id else ""
        what = f" về việc {title[0].lower()}{title[1:]}" if title else ""
        number = f"{plan['number']}/{plan['symbol']}"
        bases.append(f"Căn cứ Kế hoạch số {number} {format_date_long(issued)}{by}{what}")
    bases.append("Xét đề nghị của cơ quan thường trực Hội đồng Thi đua - Khen thưởng")
    return bases


def chairman_authority(lines: Sequence[str]) -> list[str]:
    """The signature's authority lines of a decision the chairman makes in his own name
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN …" decides): no "TM. ỦY BAN NHÂN DÂN", which a plan signed
    for the committee as a whole carries (NĐ 30/2020 Phụ lục I): "TM. ỦY BAN NHÂN DÂN /
    CHỦ TỊCH" becomes "CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" stays."""
    kept = [line for line in lines if line.strip() and not line.strip().upper().startswith("TM.")]
    return kept or ["CHỦ TỊCH"]


def cite_schedule(bases: Sequence[str], schedule: Schedule | None) -> list[str]:
    """``bases`` citing ``schedule`` (the decree in force on the decision's date) instead of
    any other decree of the law tables: a draft of June signed in July cites NĐ 152."""
    citations = set(Schedule.objects.values_list("citation", flat=True))
    kept = [b for b in bases if b not in citations]
    if schedule is None:
        return kept
    at = next((i for i, b in enumerate(bases) if b in citations), None)
    if at is None:
        at = 1 if kept and kept[0].startswith("Căn cứ Luật") else 0
    else:
        at = len([b for b in bases[:at] if b not in citations])
    return [*kept[:at], schedule.citation, *kept[at:]]


def money_article(decision: Decision, total: int) -> str:
    """Điều 2 of the decision: the money, the decree it follows (or the reason it was
    typed, or that there is none) and its source."""
    if decision.money_mode == MoneyMode.NONE:
        line = "Quyết định này không kèm tiền thưởng."
        if decision.money_reason:
            line = f"Quyết định này không kèm tiền thưởng ({decision.money_reason.rstrip('.')})."
        return line
    schedule = _schedule_of(decision)
    if decision.money_mode == MoneyMode.TYPED:
        why = f" ({decision.money_reason.rstrip('.')})" if decision.money_reason else ""
        line = (
            f"Kèm theo mỗi hình thức khen thưởng là tiền thưởng{why}, mức cụ thể như danh sách "
            f"tại Điều 1. Tổng số tiền thưởng: **{_money_text(total)} đồng**."
        )
    else:
        by = f" theo quy định tại {_decree_phrase(schedule.name)}" if schedule else ""
        line = (
            f"Kèm theo mỗi hình thức khen thưởng là tiền thưởng{by}, mức cụ thể như danh sách "
            f"tại Điều 1. Tổng số tiền thưởng: **{_money_text(total)} đồng**."
        )
    if decision.funding:
        line += f" Nguồn kinh phí: {decision.funding.rstrip('.')}."
    return line


def _money_text(amount: int) -> str:
    return format_money(amount).removesuffix(" đ")


def _decree_phrase(name: str) -> str:
    """ "Nghị định 152/2025/NĐ-CP" -> "Nghị định số 152/2025/NĐ-CP"."""
    return re.sub(r"^Nghị định (?!số )", "Nghị định số ", name)


def _schedule_of(decision: Decision) -> Schedule | None:
    if decision.schedule_id or Decision._meta.get_field("schedule").is_cached(decision):
        return decision.schedule  # saved, or set on an unsaved stand-in (the benchmark)
    return lookup.schedule_on(decision.signed_on or timezone.localdate())


# -- competence ----------------------------------------------------------------------------


def issuer_level(campaign: Campaign) -> str:
    if not campaign.issuing_unit_id:
        raise DecisionError(
            "Phong trào chưa ghi đơn vị ban hành: không xác định được thẩm quyền quyết định "
            "khen thưởng."
        )
    return str(campaign.issuing_unit.level)


def competence_problems(campaign: Campaign, items: Sequence[Any], on: dt.date) -> list[str]:
    """One message per nomination or award the campaign's issuer may not decide on ``on``."""
    level = issuer_level(campaign)
    rows = lookup.competence_map({i.form_id for i in items}, on)
    problems = []
    for item in items:
        problem = lookup.competence_problem(level, item.form, on, rows[item.form_id])
        if problem:
            upward = " Đề nghị này phải trình cấp trên." if rows[item.form_id] else ""
            problems.append(f"{item.subject}: {problem}{upward}")
    return problems


# -- drafting ------------------------------------------------------------------------------


def ballot_required(nominations: Iterable[Nomination], on: dt.date) -> dict[str, bool]:
    """form key -> whether the law in force on ``on`` (the decision's date) requires the
    council's ballot; one query whatever the number of nominations."""
    return lookup.requires_ballot_map({n.form_id for n in nominations}, on)


def _passed(nomination: Nomination, ballots: Sequence[Ballot], required: bool) -> bool:
    """A form that requires the council's ballot (LEGAL.md; ``required``, from
    ``ballot_required`` on the decision's date) needs a ballot that passed at a closed
    session; a form that does not needs none, but one the council did vote on and turned
    down (and never passed) is not decided."""
    closed = [b for b in ballots if b.passed is not None and b.session.closed_at is not None]
    if required:
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
    today: dt.date | None = None,
) -> Decision:
    """A draft decision granting ``nominations`` (each of a dossier of ``campaign`` in state
    "đã xét", whose ballot passed or that needed none, in no other decision, and within the
    competence of the campaign's issuer today)."""
    if not (user.is_office or user.role == User.Role.LEADER):
        raise DecisionError("Chỉ cơ quan thường trực hoặc lãnh đạo được lập dự thảo quyết định.")
    if field not in AwardField.values:
        raise DecisionError(f"Lĩnh vực không hợp lệ: “{field}”.")
    title = " ".join((title or "").split())
    if not title:
        raise DecisionError("Hãy ghi trích yếu của quyết định (Về việc khen thưởng …).")
    today = today or timezone.localdate()
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
    required = ballot_required(chosen, today)
    problems = []
    for nomination in chosen:
        who = nomination.subject
        if nomination.dossier.campaign_id != campaign.pk:
            problems.append(f"{who}: hồ sơ không thuộc phong trào này.")
        elif nomination.dossier.state != State.REVIEWED:
            label = State(nomination.dossier.state).label
            problems.append(f"{who}: hồ sơ đang ở trạng thái “{label}”, chưa được Hội đồng xét.")
        elif not _passed(nomination, ballots[nomination.pk], required[nomination.form_id]):
            problems.append(f"{who}: {_not_passed(nomination, ballots[nomination.pk])}")
        elif nomination.override is False:
            problems.append(f"{who}: thẩm định kết luận không đủ điều kiện.")
        elif nomination.pk in taken:
            problems.append(f"{who}: đã có trong một quyết định khác.")
        elif nomination.forwarded_to_id or nomination.higher_level:
            problems.append(
                f"{who}: “{nomination.form}” là đề nghị cấp trên, không quyết định tại cấp này."
            )
    if not problems:
        problems = competence_problems(campaign, chosen, today)
    if problems:
        raise DecisionError(" ".join(problems))
    plan = campaign.plan or {}
    signer = plan.get("signer") or {}
    decision = Decision.objects.create(
        campaign=campaign,
        title=title,
        legal_bases=list(legal_bases)
        if legal_bases is not None
        else default_legal_bases(campaign, today),
        signer_authority=chairman_authority(signer_authority or signer.get("authority") or []),
        signer_name=signer_name or signer.get("name", ""),
        funding=funding
        or (
            f"Quỹ Thi đua, khen thưởng của {campaign.issuing_unit.name}"
            if campaign.issuing_unit_id
            else "Quỹ Thi đua, khen thưởng"
        ),
        created_by=user,
    )
    bulk_create_logged(
        DecisionAward,
        [
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
        ],
    )
    return decision


# -- money ---------------------------------------------------------------------------------


def price(
    awards: Sequence[DecisionAward], base_salary: int, table: money.Table
) -> list[int | None]:
    """The reward of each award (same order) by the coefficients of ``table``; None for an
    award with no figure there. Per recipient and achievement year only the highest title is
    paid, every form is (money.rewards_for_period). Pure: no database access beyond what
    ``awards`` hold."""
    amounts: list[int | None] = [None] * len(awards)
    groups: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for index, award in enumerate(awards):
        recipient: money.Recipient = "individual" if award.person_id else "collective"
        if money.coefficient(award.form_id, recipient, table) is None:
            continue
        subject = ("p", award.person_id) if award.person_id else ("u", award.unit_id)
        groups[(*subject, award.year)].append(index)  # type: ignore[arg-type]
    for (kind, _, _), indexes in groups.items():
        who: money.Recipient = "individual" if kind == "p" else "collective"
        items = [(awards[i].form_id, awards[i].form.kind) for i in indexes]
        paid = money.rewards_for_period(items, who, base_salary, table)
        cursor = 0
        for i, (key, _) in zip(indexes, items, strict=True):
            if cursor < len(paid) and paid[cursor][0] == key:
                amounts[i] = paid[cursor][1]
                cursor += 1
            else:
                amounts[i] = 0  # a lower title of the same period: not paid
    return amounts


def base_salary_on(day: dt.date) -> BaseSalary:
    salary = BaseSalary.in_force_on(day)
    if salary is None:
        raise DecisionError(f"Chưa có mức lương cơ sở áp dụng vào ngày {day:%d/%m/%Y}.")
    return salary


def _priced_schedule(on: dt.date) -> Schedule:
    """The decree in force on ``on`` whose coefficients are encoded, or the refusal that
    asks for typed amounts or "no money" — never a silent 0 đồng."""
    schedule = lookup.schedule_on(on)
    ask = (
        "Hãy nhập số tiền thưởng của từng tập thể, cá nhân kèm lý do, hoặc ghi rõ quyết định "
        "không kèm tiền thưởng."
    )
    if schedule is None:
        raise DecisionError(
            f"Ngày {on:%d/%m/%Y} chưa có văn bản quy định tiền thưởng nào trong bảng pháp lý "
            f"của hệ thống. {ask}"
        )
    if not schedule.has_coefficients:
        raise DecisionError(
            f"Quyết định ngày {on:%d/%m/%Y} thực hiện theo {schedule.name}; bảng hệ số tiền "
            f"thưởng của văn bản này chưa được nhập vào hệ thống. {ask}"
        )
    return schedule


def _computed(awards: Sequence[DecisionAward], on: dt.date) -> list[int | None]:
    schedule = _priced_schedule(on)
    table = lookup.coefficient_table(schedule)
    missing = [
        f"“{a.form}” ({'cá nhân' if a.person_id else 'tập thể'})"
        for a in awards
        if money.coefficient(a.form_id, "individual" if a.person_id else "collective", table)
        is None
    ]
    if missing:
        raise DecisionError(
            f"{schedule.name} không có hệ số tiền thưởng cho "
            f"{', '.join(dict.fromkeys(missing))}: hãy nhập số tiền kèm lý do, hoặc ghi rõ quyết "
            "định không kèm tiền thưởng."
        )
    try:
        return price(awards, base_salary_on(on).amount, table)
    except money.NoReward as e:
        raise DecisionError(f"Không tính được tiền thưởng: {e}") from None


@transaction.atomic
def compute_money(decision: Decision) -> int:
    """The total reward money of ``decision`` (đồng). A signed decision returns the amounts
    stored when it was signed — never recomputed. A draft with a date, whose money is
    computed, is priced by the schedule and base salary in force on that date and the amounts
    are stored (a preview that signing recomputes); typed amounts are summed as they are; a
    decision without money is 0 and stores no amount."""
    awards = list(decision.awards.select_related("form").order_by("pk"))
    if decision.status == Decision.Status.SIGNED or decision.money_mode == MoneyMode.TYPED:
        return sum(a.amount or 0 for a in awards)
    if decision.money_mode == MoneyMode.NONE:
        for award in awards:
            award.amount = None
        bulk_update_logged(DecisionAward, awards, ["amount"])
        return 0
    if decision.signed_on is None:
        raise DecisionError("Quyết định chưa có ngày ký: chưa tính được tiền thưởng.")
    if not awards:
        return 0
    amounts = _computed(awards, decision.signed_on)
    for award, amount in zip(awards, amounts, strict=True):
        award.amount = amount
    bulk_update_logged(DecisionAward, awards, ["amount"])
    return sum(a or 0 for a in amounts)


def _typed(awards: Sequence[DecisionAward], amounts: Mapping[int, Any] | None) -> list[int]:
    """The amounts the office typed, one per award (a whole number of đồng, 0 allowed)."""
    values, wrong = [], []
    for award in awards:
        raw = (amounts or {}).get(award.pk)
        text = str(raw if raw is not None else "").strip().replace(".", "").replace(" ", "")
        if not NUMBER.fullmatch(text) or int(text) > MAX_AMOUNT:
            wrong.append(str(award.subject))
            continue
        values.append(int(text))
    if wrong:
        raise DecisionError(
            "Hãy nhập số tiền thưởng (số nguyên, đơn vị đồng) cho: " + "; ".join(wrong) + "."
        )
    return values


# -- signing -------------------------------------------------------------------------------


def _valid_number(raw: str) -> str:
    number = str(raw or "").strip()
    if not number:
        raise DecisionError("Hãy ghi số của quyết định.")
    if not NUMBER.fullmatch(number) or not 0 < int(number) <= MAX_NUMBER:
        raise DecisionError(
            f"Số quyết định “{number}” không hợp lệ: số của văn bản là số nguyên dương (ví dụ: "
            "15), đánh liên tục trong năm của cơ quan ban hành (Nghị định 30/2020/NĐ-CP)."
        )
    return str(int(number))


def _unique_number(current: Decision, number: str, year: int) -> None:
    """Numbers are unique per issuing unit and year (NĐ 30/2020: they restart each 1/1). The
    issuing unit's row is locked so two signings cannot both take the same number."""
    campaign = current.campaign
    if campaign.issuing_unit_id:
        list(Unit.objects.select_for_update().filter(pk=campaign.issuing_unit_id).values("pk"))
    used = Decision.objects.filter(
        status=Decision.Status.SIGNED,
        signed_on__year=year,
        campaign__issuing_unit_id=campaign.issuing_unit_id,
    ).values_list("number", flat=True)
    if any(whole_number(n) == int(number) for n in used):
        raise DecisionError(
            f"Số {number}/{current.symbol} đã được dùng cho một quyết định khác năm {year} của "
            "cơ quan ban hành: mỗi số chỉ dùng một lần trong năm (Nghị định 30/2020/NĐ-CP)."
        )


@transaction.atomic
def sign_decision(
    decision: Decision,
    *,
    number: str,
    signed_on: dt.date | None,
    user: User,
    signer_name: str | None = None,
    money_mode: str | None = None,
    money_reason: str = "",
    amounts: Mapping[int, Any] | None = None,
    today: dt.date | None = None,
) -> Decision:
    """Sign: number and date, the signer's name, reward money stored (computed, typed with a
    reason, or none), the decree in force cited, status "đã ký", the awards entered in the
    recipients' history, each dossier moved to "có quyết định". Refused a second time, and
    refused whole when any award is beyond the issuer's competence on that date."""
    if not (user.is_office or user.role == User.Role.LEADER):
        raise DecisionError("Chỉ lãnh đạo hoặc cơ quan thường trực được ký quyết định.")
    number = _valid_number(number)
    if signed_on is None:
        raise DecisionError("Hãy ghi ngày ký quyết định.")
    today = today or timezone.localdate()
    if signed_on > today:
        raise DecisionError(
            f"Ngày ký {signed_on:%d/%m/%Y} là ngày trong tương lai: chỉ ghi nhận quyết định đã "
            f"ký, ngày ký không được sau hôm nay ({today:%d/%m/%Y})."
        )
    name = " ".join((user.full_name if signer_name is None else signer_name).split())
    if not name:
        raise DecisionError("Hãy ghi họ và tên người ký quyết định.")
    if len(name) > Decision._meta.get_field("signer_name").max_length:  # type: ignore[operator]
        raise DecisionError("Họ và tên người ký quá dài (tối đa 150 ký tự).")
    mode = money_mode or decision.money_mode
    if mode not in MoneyMode.values:
        raise DecisionError("Hãy chọn cách ghi tiền thưởng của quyết định.")
    reason = " ".join((money_reason or "").split())
    if mode == MoneyMode.TYPED and not reason:
        raise DecisionError(
            "Nhập tiền thưởng bằng tay phải ghi lý do (ví dụ: mức theo văn bản nào, điều nào)."
        )
    # Only inner joins under FOR UPDATE (PostgreSQL refuses it on an outer join's side).
    current = Decision.objects.select_for_update().select_related("campaign").get(pk=decision.pk)
    if current.status == Decision.Status.SIGNED:
        raise DecisionError(
            f"Quyết định số {current.number}/{current.symbol} đã được ký "
            f"ngày {current.signed_on:%d/%m/%Y}: không ký lại được."
        )
    campaign = current.campaign
    _unique_number(current, number, signed_on.year)
    try:  # decisions share their issuer's register with its other documents (Tờ trình)
        numbering.register_typed(current, number=int(number), on=signed_on, user=user)
    except numbering.NumberTaken as taken:
        raise DecisionError(
            f"Số {number} năm {signed_on.year} của cơ quan ban hành đã được cấp cho văn bản "
            f"{taken}: mọi văn bản của một cơ quan dùng chung một dãy số trong năm (Nghị định "
            "30/2020/NĐ-CP). Hãy ghi số khác."
        ) from None
    awards = list(
        current.awards.select_related("form", "unit", "person", "nomination__dossier").order_by(
            "pk"
        )
    )
    if not awards:
        raise DecisionError("Quyết định chưa có tập thể, cá nhân nào được khen.")
    problems = competence_problems(campaign, awards, signed_on)
    if problems:
        raise DecisionError(" ".join(problems))

    schedule = lookup.schedule_on(signed_on)
    if mode == MoneyMode.COMPUTED:
        values: Sequence[int | None] = _computed(awards, signed_on)
    elif mode == MoneyMode.TYPED:
        values = _typed(awards, amounts)
    else:
        values = [None] * len(awards)
    for award, amount in zip(awards, values, strict=True):
        award.amount = amount
    bulk_update_logged(DecisionAward, awards, ["amount"])

    current.number = number
    current.signed_on = signed_on
    current.signer_name = name
    current.signed_by = user
    current.money_mode = mode
    current.money_reason = reason
    current.schedule = schedule
    current.legal_bases = cite_schedule(current.legal_bases or [], schedule)
    current.status = Decision.Status.SIGNED
    current.save(
        update_fields=[
            "number",
            "signed_on",
            "signer_name",
            "signed_by",
            "money_mode",
            "money_reason",
            "schedule",
            "legal_bases",
            "status",
            "updated_at",
        ]
    )

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

    notify.decision_signed(current.pk)  # after commit: office, leaders, the honoured units
    decision.refresh_from_db()
    return decision


# -- what the law tables are unsure of -----------------------------------------------------


def _mark(confidence: str) -> str:
    return str(Confidence(confidence).label)


def law_warnings(decision: Decision) -> list[str]:
    """Warnings for every figure the decision uses that the law tables mark S or M (the
    decree, the base salary and coefficients when computed, who decides each form)."""
    on = decision.signed_on or timezone.localdate()
    awards = list(decision.awards.select_related("form"))
    warnings = []
    schedule = _schedule_of(decision)
    if schedule is not None and schedule.uncertain:
        warnings.append(
            f"{schedule.name} ({schedule.period()}): độ tin cậy {_mark(schedule.confidence)} "
            f"— {schedule.legal_basis}."
        )
    if schedule is not None and schedule.issue_date_uncertain:
        warnings.append(
            f"Ngày ban hành của {schedule.name} ({schedule.issued_on:%d/%m/%Y}, trích trong căn "
            f"cứ của quyết định): độ tin cậy {_mark(schedule.issued_confidence)}."
        )
    if decision.money_mode == MoneyMode.COMPUTED and schedule is not None:
        salary = BaseSalary.in_force_on(on)
        if salary is not None and salary.uncertain:
            warnings.append(
                f"Mức lương cơ sở {format_money(salary.amount)} áp dụng từ "
                f"{salary.effective_from:%d/%m/%Y} ({salary.legal_basis}): độ tin cậy "
                f"{_mark(salary.confidence)}. Kiểm tra trước khi ký."
            )
        rows = lookup.coefficients(schedule)
        for key in dict.fromkeys(a.form_id for a in awards):
            row = rows.get(key)
            if row is not None and row.uncertain:
                warnings.append(
                    f"Hệ số tiền thưởng “{row.form}” ({schedule.name}): độ tin cậy "
                    f"{_mark(row.confidence)} — {row.legal_basis}."
                )
    competences: list[Competence] = [
        row
        for rows_of in lookup.competence_map({a.form_id for a in awards}, on).values()
        for row in rows_of
    ]
    for row in competences:
        if row.uncertain:
            warnings.append(
                f"Thẩm quyền quyết định “{row.form}” của {authority_label(row.authority)} "
                f"({row.period()}): độ tin cậy {_mark(row.confidence)} — {row.legal_basis}."
            )
    return warnings
