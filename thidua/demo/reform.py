"""The demo after the 2025 reform (issue 9, item 6): from 01/7/2025 local government has two
levels, huyện Hòa Phong decides nothing more and some of its communes are merged.

- xã Ân Mỹ is formed from xã Ân Hảo, xã Mỹ Châu and xã Mỹ Đức; xã Tam Quan (the new one)
  from xã Tam Quan, xã Tân Lập and xã Thạnh Long. The old communes and their sections end on
  30/6/2025, the new ones start on 1/7/2025 with `merged_from` set, a top-level unit each
  (the district is no longer above them); each of their thôn goes on as a new thôn of the
  new commune (merged from the old one).
- The people of the old communes (and of their sections) move to the new commune, their
  old unit kept as `former_unit`: a person's ratings, awards, disciplines and initiatives
  are on the person and go with them; evaluations of years the old unit existed read them
  as its members (scoring.adapters), so the district's 2024 results stay what they were.
  The old units' own history (PAR results, ratings, awards) stays on the old units,
  reachable through the new unit's lineage.
- xã Ân Mỹ issues its 2026 campaign (the Đình Dù template, rolled to 2026 by `roll_rules`),
  with one dossier, its own council, a closed session and decision 45/QĐ-UBND of 01/12/2026
  signed for the commune chairman, the money computed under NĐ 152/2025.

Built after `award_chain`, so the district's 2024 chain is the one it always was, and
through the same services the screens use."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thidua.awards import composition, council, decisions
from thidua.awards.dossiers import Dossier, State, move
from thidua.awards.records import Attendance, MoneyMode, Nomination
from thidua.awards.services import add_nomination, dossier_for
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.lib.audit import bulk_create_logged
from thidua.org.models import CompetitionGroup, Person, Unit, User
from thidua.scoring import models as facts

LAST_DAY = dt.date(2025, 6, 30)
FIRST_DAY = dt.date(2025, 7, 1)
YEAR = 2026
TEMPLATE = "dinh-du-2024"
ISSUED_ON = dt.date(2026, 3, 10)
REGISTER_BY = dt.date(2026, 3, 31)
DOSSIERS_BY = dt.date(2026, 11, 20)
SUBMITTED_ON = dt.date(2026, 11, 16)
HELD_ON = dt.date(2026, 11, 26)
SIGNED_ON = dt.date(2026, 12, 1)
NUMBER = "45"
FORM = "giay_khen_chu_tich_xa"
AWARD_CRITERION = "ldtt_hai_nam_truoc"


@dataclass(frozen=True)
class NewCommune:
    code: str
    place: str
    merged_from: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"UBND xã {self.place}"


NEW_COMMUNES = (
    NewCommune("ANMY", "Ân Mỹ", ("ANHAO", "MYCHAU", "MYDUC")),
    NewCommune("XATAMQUAN", "Tam Quan", ("TAMQUAN", "TANLAP", "THANHLONG")),
)
ISSUER = NEW_COMMUNES[0]
CHAIRMAN = "Nguyễn Văn Thành"
PLACE = "Hội trường UBND xã Ân Mỹ"

Mode = Attendance.Mode
# The commune's council (no accounts: its members vote on paper or in writing).
COUNCIL = (
    (CHAIRMAN, "Chủ tịch UBND xã", "chu_tich", Mode.PAPER),
    ("Trần Thị Kim Oanh", "Phó Chủ tịch UBND xã", "pho_chu_tich", Mode.PAPER),
    ("Lê Văn Phúc", "Chánh Văn phòng HĐND và UBND xã", "thuong_truc", Mode.PAPER),
    ("Phạm Thị Ngọc Diệp", "Trưởng phòng Văn hóa – Xã hội", "uy_vien", Mode.PAPER),
    ("Huỳnh Tấn Lực", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "uy_vien", Mode.WRITTEN),
    ("Võ Thị Thanh Tâm", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "uy_vien", Mode.ABSENT),
    ("Đoàn Minh Nhật", "Công chức Văn phòng HĐND và UBND xã", "thu_ky", Mode.PAPER),
)
NOMINEES = 3  # people of the old communes who meet the 2026 criteria


def roll_rules(rules: dict[str, Any], year: int, **dates: dt.date) -> dict[str, Any]:
    """A template's rules moved to `year`: its period, plan date and deadlines shifted by
    whole years, the year in its title replaced; `dates` overrides a deadline (by key) or the
    plan's "date". The criteria read years relative to Y, so they need no change."""
    rules = copy.deepcopy(rules)
    shift = year - dt.date.fromisoformat(rules["period"]["end"]).year

    def moved(value: str) -> str:
        day = dt.date.fromisoformat(value)
        return day.replace(year=day.year + shift).isoformat()

    rules["period"] = {k: moved(v) for k, v in rules["period"].items()}
    rules["date"] = (dates.get("date") or dt.date.fromisoformat(moved(rules["date"]))).isoformat()
    for deadline in rules.get("deadlines", ()):
        if deadline.get("date"):
            deadline["date"] = (
                dates.get(deadline["key"]) or dt.date.fromisoformat(moved(deadline["date"]))
            ).isoformat()
    rules["title"] = re.sub(r"\b20\d\d\b", str(year), rules["title"])
    rules["key"] = f"{rules['key']}-{year}"
    rules["number"] = ""
    return rules


def merge_communes(actor: User) -> dict[str, Unit]:
    """The 2025 mergers: old communes end, new ones begin, thôn and people move."""
    group = CompetitionGroup.objects.get(code="xa")
    created = {}
    for spec in NEW_COMMUNES:
        olds = list(Unit.objects.filter(code__in=spec.merged_from))
        new = Unit(
            code=spec.code,
            name=spec.name,
            level="xa",
            group=group,
            parent=None,
            par_assessed=True,
            valid_from=FIRST_DAY,
        )
        new.save()
        new.merged_from.set(olds)
        created[spec.code] = new
        old_tree = list(Unit.objects.filter(parent__in=olds).order_by("path"))
        villages = [u for u in old_tree if u.level == "thon"]
        for n, village in enumerate(villages, start=1):
            # The thôn goes on under the new commune: a unit of its own from 1/7/2025, so the
            # district's tree of 2024 stays whole.
            successor = Unit(
                code=f"{spec.code}-T{n}",
                name=village.name,
                level="thon",
                group=village.group,
                parent=new,
                par_assessed=village.par_assessed,
                valid_from=FIRST_DAY,
            )
            successor.save()
            successor.merged_from.set([village])
            created[successor.code] = successor
        ended = [*olds, *old_tree]
        for unit in ended:
            unit.valid_to = LAST_DAY
            unit.save(update_fields=["valid_to"])
        successors = {u.pk: created[f"{spec.code}-T{n}"] for n, u in enumerate(villages, 1)}
        for person in Person.objects.filter(unit__in=ended).order_by("code"):
            person.former_unit, person.unit = person.unit, successors.get(person.unit_id, new)
            person.save(update_fields=["unit", "former_unit"])
    return created


def _nominees(commune: Unit) -> list[Person]:
    """People now of `commune` with a Lao động tiên tiến of 2024 from their old unit."""
    awarded = facts.Award.objects.filter(
        person__unit=commune, form_id="lao_dong_tien_tien", year=YEAR - 2
    ).values("person")
    return list(Person.objects.filter(pk__in=awarded).order_by("code")[:NOMINEES])


def _facts_2026(commune: Unit, nominees: list[Person], actor: User) -> None:
    """What the 2026 criteria read: ratings, the CCHC attestation, an initiative."""
    people = list(Person.objects.filter(unit=commune).order_by("code"))
    ratings = [
        facts.Rating(
            person=p,
            year=YEAR,
            rating="HTXSNV" if p in nominees else "HTTNV",
            created_by=actor,
        )
        for p in people
    ]
    ratings.append(facts.Rating(unit=commune, year=YEAR, rating="HTXSNV", created_by=actor))
    bulk_create_logged(facts.Rating, ratings)
    bulk_create_logged(
        facts.Attestation,
        [
            facts.Attestation(
                person=p,
                year=YEAR,
                key="thuc_hien_tot_cchc",
                note="Báo cáo kết quả CCHC năm 2026 của UBND xã Ân Mỹ",
                created_by=actor,
            )
            for p in nominees
        ],
    )
    initiative = facts.Initiative.objects.create(
        code="SK-2026-ANMY-01",
        title="Số hóa hồ sơ địa chính ba xã cũ và trả kết quả thủ tục hành chính qua "
        "Zalo OA của UBND xã Ân Mỹ",
        year=YEAR,
        unit=commune,
        scope="co_so",
        created_by=actor,
    )
    initiative.authors.set(nominees)


def campaign_2026(commune: Unit, actor: User) -> Campaign:
    """xã Ân Mỹ's 2026 campaign, from the Đình Dù template rolled to 2026; its individual
    scheme also asks for a Lao động tiên tiến in one of the two years before (an award most
    of its people received from their old commune)."""
    campaign = campaign_create_from_template(
        key=TEMPLATE, name="", issuing_unit=commune, user=actor
    )
    rules = roll_rules(campaign.rules, YEAR, date=ISSUED_ON, **{"dang-ky": REGISTER_BY})
    for deadline in rules["deadlines"]:
        if deadline["key"].startswith("ho-so"):
            deadline["date"] = DOSSIERS_BY.isoformat()
            deadline["label"] = "Hồ sơ đề nghị khen thưởng gửi UBND xã (qua Văn phòng HĐND và UBND)"
    rules["issuer"] = f"Ủy ban nhân dân xã {ISSUER.place}"
    rules["place"] = ISSUER.place
    rules["source"] = ""
    scheme = next(s for s in rules["schemes"] if s["subject"] == "individual")
    scheme["criteria"].append(
        {
            "key": AWARD_CRITERION,
            "label": "Được công nhận danh hiệu Lao động tiên tiến trong 02 năm liền kề trước",
            "primitive": "award",
            "params": {"forms": ["lao_dong_tien_tien"], "field": "any", "years": ["Y-2", "Y-1"]},
        }
    )
    scheme["expression"] += f" AND {AWARD_CRITERION}"
    campaign.rules = rules
    campaign.name = rules["title"]
    campaign.status = Campaign.Status.ISSUED
    campaign.issued_at = timezone.make_aware(dt.datetime.combine(ISSUED_ON, dt.time(8)))
    campaign.full_clean()
    campaign.save()
    # Drafted in February 2026, before it was issued.
    drafted = timezone.make_aware(dt.datetime(2026, 2, 20, 9, 0))
    Campaign.objects.filter(pk=campaign.pk).update(created_at=drafted)
    return campaign


def _walk_to_council(dossier: Dossier, office: User) -> Dossier:
    dossier = move(
        dossier,
        State.SUBMITTED,
        user=office,
        today=SUBMITTED_ON,
        accept_late=True,
        reason="Văn phòng HĐND và UBND xã lập hồ sơ; cơ quan thường trực nhập lên hệ thống.",
    )
    for step in (State.APPRAISING, State.ELIGIBLE, State.TO_COUNCIL):
        dossier = move(dossier, step, user=office, today=SUBMITTED_ON)
    return dossier


def _date_the_history(dossier: Dossier, session: Any) -> None:
    at = {
        State.SUBMITTED: dt.datetime(2026, 11, 16, 9, 0),
        State.APPRAISING: dt.datetime(2026, 11, 18, 8, 30),
        State.ELIGIBLE: dt.datetime(2026, 11, 19, 10, 0),
        State.TO_COUNCIL: dt.datetime(2026, 11, 20, 15, 0),
        State.REVIEWED: dt.datetime(2026, 11, 26, 10, 0),
        State.DECIDED: dt.datetime(2026, 12, 1, 16, 0),
    }
    for target, when in at.items():
        stamp = timezone.make_aware(when)
        dossier.transitions.filter(target=target).update(at=stamp)
        if target == State.SUBMITTED:
            Dossier.objects.filter(pk=dossier.pk).update(submitted_at=stamp)
    type(session).objects.filter(pk=session.pk).update(
        closed_at=timezone.make_aware(dt.datetime.combine(HELD_ON, dt.time(10)))
    )


def build(counts: dict[str, int], actor: User) -> None:
    office = User.objects.get(username="noivu")
    communes = merge_communes(actor)
    counts["units"] += len(communes)
    commune = communes[ISSUER.code]
    nominees = _nominees(commune)
    _facts_2026(commune, nominees, actor)
    campaign = campaign_2026(commune, actor)
    counts["campaigns"] += 1

    dossier = dossier_for(campaign, commune, YEAR)
    nominations: list[Nomination] = [
        add_nomination(
            dossier,
            user=office,
            today=SUBMITTED_ON,
            form_id=FORM,
            person=person,
            summary="Hoàn thành xuất sắc nhiệm vụ năm 2026; tham gia số hóa hồ sơ và giải "
            "quyết 100% thủ tục hành chính đúng hạn sau sáp nhập xã.",
        )
        for person in nominees
    ]
    dossier = _walk_to_council(dossier, office)
    counts["dossiers"] += 1

    body = composition.create_council(
        issuing_unit=commune,
        name=f"Hội đồng Thi đua – Khen thưởng xã {ISSUER.place}",
        user=office,
    )
    seats = {
        name: composition.add_member(
            body, full_name=name, title=title, role=role, valid_from=FIRST_DAY, user=office
        )
        for name, title, role, _ in COUNCIL
    }
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8, 0),
        ends_at=dt.time(10, 0),
        place=PLACE,
        attendance={seats[name].pk: mode for name, _, _, mode in COUNCIL},
        user=office,
        today=HELD_ON,
    )
    present = sum(1 for *_, mode in COUNCIL if mode == Mode.PAPER)
    written = sum(1 for *_, mode in COUNCIL if mode == Mode.WRITTEN)
    for ballot in council.put_on_agenda(session, nominations, user=office):
        council.key_in(ballot, approve=present, reject=0, abstain=0, user=office)
        council.key_in_written(ballot, approve=written, reject=0, abstain=0, user=office)
    council.close_session(session, user=office, today=HELD_ON)
    counts["council_sessions"] += 1

    decision = decisions.draft_decision(
        campaign=campaign,
        title="Về việc tặng Giấy khen cho cá nhân có thành tích xuất sắc trong phong trào thi "
        f"đua cải cách hành chính năm {YEAR}",
        nominations=nominations,
        user=office,
        today=SIGNED_ON,
    )
    decisions.sign_decision(
        decision,
        number=NUMBER,
        signed_on=SIGNED_ON,
        user=office,
        signer_name=CHAIRMAN,
        money_mode=MoneyMode.COMPUTED,
        today=SIGNED_ON,
    )
    counts["decisions"] += 1
    _date_the_history(dossier, session)
