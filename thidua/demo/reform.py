"""The demo after the 2025 reform (issue 9, item 6): from 01/7/2025 local government has two
levels and huyện Hòa Phong ends on 30/6/2025 — its UBND, its departments, and every one of
its communes and thị trấn, merged into five new communes:

- xã Ân Mỹ (from xã Ân Hảo, Mỹ Châu, Mỹ Đức), xã Tam Quan (from xã Tam Quan, Tân Lập,
  Thạnh Long), xã Hòa Phong (from thị trấn Hòa Phong, xã An Thạnh, Cát Thành), xã Phước
  Lộc (from xã Bình Thuận, Đại Lộc, Phước Hưng), xã Hòa Sơn (from xã Hòa Đông, Xuân Sơn).
  Each is a top-level unit from 1/7/2025 with `merged_from` set, its offices (Văn phòng
  HĐND và UBND, Phòng Kinh tế, Phòng Văn hóa – Xã hội, Trung tâm Phục vụ hành chính công,
  which carries on the old Bộ phận Một cửa), the old communes' sections and thôn carried
  over as new units merged from the old ones.
- Every person of an ended unit moves, the old unit kept as `former_unit`: to the new
  commune, the section or thôn carrying theirs on, or — for the district's UBND and
  departments — the commune office they were assigned to. A person's ratings, awards,
  disciplines and initiatives are on the person and go with them; evaluations of years the
  old unit existed read them as its members (scoring.adapters), so the district's 2024 and
  2025 results stay what they were. The old units' own history stays on the old units,
  reachable through the new units' lineage. The district's council ends with it.
- xã Ân Mỹ's leaders and officers are appointed (people of its units) and hold the commune's
  accounts; they issue its 2026 campaign (the Đình Dù template made the commune's own by
  campaigns.ownership.make_own, demo.plans), with one dossier, the commune's council, a
  closed session and decision 45/QĐ-UBND of 01/12/2026 signed by the commune chairman, the
  money computed under NĐ 152/2025.

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
from thidua.awards.records import Attendance, CouncilMember, MoneyMode, Nomination
from thidua.awards.services import add_nomination, dossier_for
from thidua.campaigns import registrations
from thidua.campaigns.models import Campaign
from thidua.campaigns.plan_dates import follow_period
from thidua.campaigns.services import template_sources
from thidua.demo import files, plans
from thidua.lib.audit import acting_as, bulk_create_logged
from thidua.org.models import Person, Unit, User
from thidua.scoring import models as facts

LAST_DAY = dt.date(2025, 6, 30)
FIRST_DAY = dt.date(2025, 7, 1)
YEAR = 2026
TEMPLATE = "dinh-du-2024"
ISSUED_ON = dt.date(2026, 3, 10)
REGISTER_BY = dt.date(2026, 3, 31)
REGISTERED_ON = dt.date(2026, 3, 20)
DOSSIERS_BY = dt.date(2026, 11, 20)
SUBMITTED_ON = dt.date(2026, 11, 16)
HELD_ON = dt.date(2026, 11, 26)
SIGNED_ON = dt.date(2026, 12, 1)
NUMBER = "45"
PLAN_NUMBER = "08"
PARENT_PLAN = (
    "Kế hoạch số 21/KH-UBND ngày 05/02/2026 của UBND tỉnh Bình Định về cải cách hành chính năm 2026"
)
FORM = "giay_khen_chu_tich_xa"
AWARD_CRITERION = "ldtt_hai_nam_truoc"


@dataclass(frozen=True)
class NewCommune:
    code: str
    place: str
    merged_from: tuple[str, ...]
    # Whose people join the commune: a unit of the district (a department, or the district's
    # UBND itself) -> the key of the commune's office they join ("" = the commune itself).
    staff_from: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"UBND xã {self.place}"


DISTRICT = "HOAPHONG"  # builder.ROOT_CODE (builder imports this module)
DISTRICT_PLACE = "Hòa Phong"
# Every commune and thị trấn of the district goes into one of these; the district's own
# bodies end and their people are assigned to the communes' offices.
NEW_COMMUNES = (
    NewCommune(
        "ANMY",
        "Ân Mỹ",
        ("ANHAO", "MYCHAU", "MYDUC"),
        (("PNV", "VP"), ("PNNMT", "KT"), ("PGDDT", "VHXH")),
    ),
    NewCommune(
        "XATAMQUAN",
        "Tam Quan",
        ("TAMQUAN", "TANLAP", "THANHLONG"),
        (("PTP", "VP"), ("PKTHT", "KT"), ("PYT", "VHXH")),
    ),
    NewCommune(
        "XAHOAPHONG",
        "Hòa Phong",
        ("TTHOAPHONG", "ANTHANH", "CATHANH"),
        ((DISTRICT, ""), ("VPUBND", "VP"), ("PTCKH", "KT"), ("PVHKHTT", "VHXH")),
    ),
    NewCommune(
        "PHUOCLOC",
        "Phước Lộc",
        ("BINHTHUAN", "DAILOC", "PHUOCHUNG"),
        (("TTH", "VP"), ("BQLDA", "KT")),
    ),
    NewCommune("HOASON", "Hòa Sơn", ("HOADONG", "XUANSON"), (("PDTTG", "VHXH"),)),
)
# A commune's own bodies from 1/7/2025: (key, name). The Bộ phận Một cửa of the old
# communes goes on as the Trung tâm Phục vụ hành chính công.
OFFICES = (
    ("VP", "Văn phòng HĐND và UBND"),
    ("KT", "Phòng Kinh tế"),
    ("VHXH", "Phòng Văn hóa – Xã hội"),
    ("HCC", "Trung tâm Phục vụ hành chính công"),
)
SUCCEEDS = {"MC": "HCC"}
ISSUER = NEW_COMMUNES[0]
CHAIRMAN = "Nguyễn Văn Thành"
PLACE = "Hội trường UBND xã Ân Mỹ"

Mode = Attendance.Mode
# xã Ân Mỹ's council: (name, title, role, where the person works, account, how they took
# part in the session of 26/11/2026). The commune's leaders and officers are people of its
# units, appointed on 1/7/2025; two members vote on screen with their accounts.
COUNCIL = (
    (CHAIRMAN, "Chủ tịch UBND xã", "chu_tich", "", None, Mode.PAPER),
    ("Trần Thị Kim Oanh", "Phó Chủ tịch UBND xã", "pho_chu_tich", "", "hoidongxa1",
     Mode.SCREEN),
    ("Lê Văn Phúc", "Chánh Văn phòng HĐND và UBND xã", "thuong_truc", "VP", "hoidongxa2",
     Mode.SCREEN),
    ("Phạm Thị Ngọc Diệp", "Trưởng phòng Văn hóa – Xã hội", "uy_vien", "VHXH", None,
     Mode.PAPER),
    ("Huỳnh Tấn Lực", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "uy_vien", None, None,
     Mode.WRITTEN),
    ("Võ Thị Thanh Tâm", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "uy_vien", None, None,
     Mode.ABSENT),
    ("Đoàn Minh Nhật", "Công chức Văn phòng HĐND và UBND xã", "thu_ky", "VP", None,
     Mode.PAPER),
)  # fmt: skip
# Other people appointed on 1/7/2025 who hold an account: (name, position, office key).
APPOINTED = (("Trương Thị Mỹ Hạnh", "Phó Giám đốc Trung tâm Phục vụ hành chính công xã", "HCC"),)
OFFICE, UNIT_ACCOUNT, LEADER = "vanphong", "donvixa", "chutichxa"
NOMINEES = 3  # people of the old communes who meet the 2026 criteria


def _unit(code: str, name: str, level: str, group: str, parent: Unit | None, **kw: Any) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        level=level,
        group_id=group,
        parent=parent,
        valid_from=FIRST_DAY,
        **kw,
    )
    unit.save()  # one save() per unit: Unit.save maintains the materialised path
    return unit


def _form_commune(spec: NewCommune) -> dict[str, Unit]:
    """The new commune, its offices, the sections and thôn carried over; ends the old
    ones and moves their people (the old unit kept as `former_unit`)."""
    olds = list(Unit.objects.filter(code__in=spec.merged_from).order_by("path"))
    new = _unit(spec.code, spec.name, "xa", "xa", None, par_assessed=True)
    new.merged_from.set(olds)
    created = {spec.code: new}
    old_tree = list(Unit.objects.filter(parent__in=olds).order_by("path"))
    successor: dict[int, Unit] = {old.pk: new for old in olds}
    for key, label in OFFICES:
        office = _unit(
            f"{spec.code}-{key}", f"{label} xã {spec.place}", "co_quan", "bo_phan", new,
            par_assessed=True,
        )  # fmt: skip
        created[office.code] = office
    sections: dict[str, list[Unit]] = {}
    for unit in old_tree:
        if unit.level == "bo_phan":
            sections.setdefault(unit.code.rsplit("-", 1)[1], []).append(unit)
    for key, predecessors in sections.items():
        code = f"{spec.code}-{SUCCEEDS.get(key, key)}"
        if code not in created:
            first = predecessors[0]
            name = re.sub(r" (xã|thị trấn) .+$", f" xã {spec.place}", first.name)
            created[code] = _unit(
                code, name, "bo_phan", "bo_phan", new, par_assessed=first.par_assessed
            )
        created[code].merged_from.set(predecessors)
        successor.update((u.pk, created[code]) for u in predecessors)
    villages = [u for u in old_tree if u.level == "thon"]
    for n, village in enumerate(villages, start=1):
        # The thôn goes on under the new commune: a unit of its own from 1/7/2025, so the
        # district's tree of 2024 stays whole.
        code = f"{spec.code}-T{n}"
        created[code] = _unit(
            code, village.name, "thon", village.group_id, new, par_assessed=village.par_assessed
        )
        created[code].merged_from.set([village])
        successor[village.pk] = created[code]
    for unit_code, key in spec.staff_from:
        staff_unit = Unit.objects.get(code=unit_code)
        successor[staff_unit.pk] = created[f"{spec.code}-{key}"] if key else new
    people = Person.objects.filter(unit__in=list(successor)).order_by("code")
    for person in people:
        moved_to = successor[person.unit_id]
        if moved_to == new:
            person.position = _position_after(person.position, person.unit.level == "huyen")
        person.former_unit, person.unit = person.unit, moved_to
        person.save(update_fields=["unit", "former_unit", "position"])
    return created


def _position_after(position: str, of_district: bool) -> str:
    """The post of a leader of the old UBND in the new commune: the district's chairman
    chairs it, the old communes' chairmen and the vice-chairmen are its vice-chairmen (more
    than the norm during the transition). A person has one position: the current one."""
    if position.startswith("Chủ tịch UBND"):
        return "Chủ tịch UBND xã" if of_district else "Phó Chủ tịch UBND xã"
    if position.startswith("Phó Chủ tịch UBND"):
        return "Phó Chủ tịch UBND xã"
    return position


def merge_communes(actor: User) -> dict[str, Unit]:
    """The 2025 reform: every commune and thị trấn of the district merged into a new
    commune, the district's own bodies ended and their people assigned to the communes; on
    30/6/2025 every unit of the district ends (the history stays on the old units)."""
    created: dict[str, Unit] = {}
    for spec in NEW_COMMUNES:
        created.update(_form_commune(spec))
    district = Unit.objects.get(code=DISTRICT)
    for unit in district.subtree().order_by("path"):
        if unit.valid_to is None or unit.valid_to > LAST_DAY:
            unit.valid_to = LAST_DAY
            unit.save(update_fields=["valid_to"])
    # The district's council ends with it.
    office = User.objects.get(username="noivu")
    for seat in CouncilMember.objects.filter(council__issuing_unit=district, valid_to=None):
        composition.end_member(seat, valid_to=LAST_DAY, user=office)
    _appoint(created)
    return created


def _appoint(created: dict[str, Unit]) -> None:
    """xã Ân Mỹ's leaders and officers, in its units from 1/7/2025."""
    commune = created[ISSUER.code]
    last = Person.objects.filter(code__regex=r"^CB[0-9]{4}$").order_by("-code").first()
    number = int(last.code[2:]) if last else 0
    rows = [(name, title, where) for name, title, _, where, *_ in COUNCIL if where is not None]
    rows += list(APPOINTED)
    for name, title, where in rows:
        number += 1
        leader = where == ""
        Person(
            code=f"CB{number:04d}",
            full_name=name,
            gender="nu" if " Thị " in name else "nam",
            birth_year=1975 + number % 15,
            position=title if title.endswith(" xã") else f"{title} xã",
            unit=created[f"{commune.code}-{where}"] if where else commune,
            key_leader=leader or title.startswith(("Chánh", "Trưởng")),
            unit_chair=leader,
        ).save()


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
    """xã Ân Mỹ's 2026 campaign: the Đình Dù template made the commune's own (make_own, as
    the create page does: its header, place, number 08/KH-UBND of 10/3/2026, the
    province's plan as basis, its chairman as signer, its Văn phòng HĐND và UBND receiving
    the dossiers), the deadlines set by the commune (the plan's text follows them); its
    individual scheme also asks for a Lao động tiên tiến in one of the two years before (an
    award most of its people received from their old commune). Issued by the service."""
    campaign = plans.own_campaign(
        TEMPLATE,
        commune,
        user=actor,
        start_year=YEAR,
        number=PLAN_NUMBER,
        date=ISSUED_ON,
        place=ISSUER.place,
        parent_reference=PARENT_PLAN,
        receiving_unit=f"Văn phòng HĐND và UBND xã {ISSUER.place}",
    )
    rules = copy.deepcopy(campaign.rules)
    rules["period"]["start"] = ISSUED_ON.isoformat()  # from the day it is issued
    # make_own gives a commune's plan its sections and thôn; the commune's own staff (the
    # Đình Dù template's "xa" group: the issuer itself) take part too.
    for holder in (rules["participants"], *rules["schemes"]):
        if "groups" in holder and commune.group_id not in holder["groups"]:
            holder["groups"] = [commune.group_id, *holder["groups"]]
    for deadline in rules["deadlines"]:
        if deadline["key"] == "dang-ky":
            deadline["date"] = REGISTER_BY.isoformat()
        if deadline["key"].startswith("ho-so"):
            deadline["date"] = DOSSIERS_BY.isoformat()
            deadline["label"] = "Hồ sơ đề nghị khen thưởng gửi UBND xã (qua Văn phòng HĐND và UBND)"
    rules["key"] = f"{TEMPLATE}-{YEAR}"
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
    # The plan's text follows the dates (from the template's: make_own rolls "năm 2024",
    # the deadlines' "26/04/2024" are the template's until they are set).
    seed_rules, _ = template_sources(TEMPLATE)
    campaign.plan = follow_period(seed_rules, rules, campaign.plan).plan
    campaign.rules = rules
    campaign.name = rules["title"]
    campaign.full_clean()
    campaign.save()
    # Drafted in February 2026, issued on 10/3/2026.
    drafted = timezone.make_aware(dt.datetime(2026, 2, 20, 9, 0))
    return plans.issue(campaign, user=actor, on=ISSUED_ON, created_at=drafted)


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
    """The reform: the new communes formed, the district ended (by the administrator)."""
    created = merge_communes(actor)
    counts["units"] += len(created)
    counts["people"] = Person.objects.count()


def build_2026(counts: dict[str, int]) -> None:
    """xã Ân Mỹ's 2026 campaign, dossier, council, session and decision: made by the
    commune's office account and signed by its chairman's, attributed to them."""
    office = User.objects.get(username=OFFICE)
    leader = User.objects.get(username=LEADER)
    commune = Unit.objects.get(code=ISSUER.code)
    with acting_as(office):
        nominees = _nominees(commune)
        _facts_2026(commune, nominees, office)
        campaign = campaign_2026(commune, office)
        counts["campaigns"] += 1
    unit_user = User.objects.get(username=UNIT_ACCOUNT)
    with acting_as(unit_user):
        _registration_2026(campaign, unit_user)
    counts["registrations"] += 1
    with acting_as(office):
        dossier, nominations = _dossier_2026(campaign, commune, nominees, office)
        counts["dossiers"] += 1
        session = _session_2026(campaign, commune, nominations, office)
        counts["council_sessions"] += 1
        decision = decisions.draft_decision(
            campaign=campaign,
            title="Về việc tặng Giấy khen cho cá nhân có thành tích xuất sắc trong phong trào "
            f"thi đua cải cách hành chính năm {YEAR}",
            nominations=nominations,
            user=office,
            today=SIGNED_ON,
        )
    with acting_as(leader):
        decisions.sign_decision(
            decision,
            number=NUMBER,
            signed_on=SIGNED_ON,
            user=leader,
            money_mode=MoneyMode.COMPUTED,
            today=SIGNED_ON,
        )
    counts["decisions"] += 1
    _date_the_history(dossier, session)


def _registration_2026(campaign: Campaign, user: User) -> None:
    """The unit account's registration of 2026, submitted before the deadline (31/3/2026)."""
    registration = registrations.registration_for(campaign, user.unit, YEAR)
    people = list(Person.objects.filter(unit=user.unit).order_by("code")[:4])
    rows = [
        registrations.Row(
            "individual",
            None,
            person,
            "",
            ("lao_dong_tien_tien", "chien_si_thi_dua_co_so") if n == 0 else ("lao_dong_tien_tien",),
        )
        for n, person in enumerate(people)
    ]
    rows.append(
        registrations.Row(
            "individual", None, None, "Toàn thể công chức, viên chức", ("hoan_thanh_nhiem_vu",)
        )
    )
    registrations.registration_save(registration, rows, user=user, today=REGISTERED_ON)
    registrations.registration_submit(registration, user=user, today=REGISTERED_ON)
    type(registration).objects.filter(pk=registration.pk).update(
        submitted_at=timezone.make_aware(dt.datetime.combine(REGISTERED_ON, dt.time(9, 30))),
        created_by=user,
    )


def _dossier_2026(
    campaign: Campaign, commune: Unit, nominees: list[Person], office: User
) -> tuple[Dossier, list[Nomination]]:
    dossier = dossier_for(campaign, commune, YEAR)
    Dossier.objects.filter(pk=dossier.pk).update(created_by=office)
    nominations = [
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
    files.attach_components(dossier, user=office, today=SUBMITTED_ON)
    return _walk_to_council(dossier, office), nominations


def _session_2026(
    campaign: Campaign, commune: Unit, nominations: list[Nomination], office: User
) -> Any:
    body = composition.create_council(
        issuing_unit=commune,
        name=f"Hội đồng Thi đua – Khen thưởng xã {ISSUER.place}",
        user=office,
    )
    people = {p.full_name: p for p in Person.objects.filter(unit__path__startswith=commune.path)}
    accounts = {u.username: u for u in User.objects.filter(role=User.Role.COUNCIL)}
    seats = {
        name: composition.add_member(
            body,
            full_name=name,
            title=title,
            role=role,
            valid_from=FIRST_DAY,
            account=accounts[username] if username else None,
            person=people.get(name) if where is not None else None,
            user=office,
        )
        for name, title, role, where, username, _ in COUNCIL
    }
    session = council.open_session(
        campaign=campaign,
        council=body,
        held_on=HELD_ON,
        starts_at=dt.time(8, 0),
        ends_at=dt.time(10, 0),
        place=PLACE,
        attendance={seats[name].pk: mode for name, *_, mode in COUNCIL},
        user=office,
        today=HELD_ON,
    )
    paper = sum(1 for *_, mode in COUNCIL if mode == Mode.PAPER)
    written = sum(1 for *_, mode in COUNCIL if mode == Mode.WRITTEN)
    screen = [accounts[u] for *_, u, mode in COUNCIL if mode == Mode.SCREEN and u]
    for ballot in council.put_on_agenda(session, nominations, user=office):
        for member in screen:
            council.cast(ballot, member=member, choice="approve")
        council.key_in(ballot, approve=paper, reject=0, abstain=0, user=office)
        council.key_in_written(ballot, approve=written, reject=0, abstain=0, user=office)
    council.close_session(session, user=office, today=HELD_ON)
    return session
