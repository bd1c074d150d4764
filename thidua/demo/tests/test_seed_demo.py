"""`thidua seed_demo`: the demo district, loaded once.

The demo is loaded once for the module inside a transaction that is rolled back at the end,
so the other tests never see it; each test runs in its own savepoint inside that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from thidua.demo import builder as demo
from thidua.lib.vietnamese import fold, name_sort_text
from thidua.org.models import Person, Unit, User
from thidua.scoring.models import Award, Initiative, ParScore, Rating

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    unblocked = django_db_blocker.unblock()  # type: ignore[attr-defined]
    with unblocked, override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]


def _row_counts() -> dict[str, int]:
    models = (Unit, Person, User, ParScore, Rating, Award, Initiative, LogEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_the_district_and_says_so(first_run: str) -> None:
    assert "Đã nạp dữ liệu mẫu" in first_run
    assert Unit.objects.filter(code=demo.ROOT_CODE, level="huyen", group_id="khac").exists()
    assert Unit.objects.filter(level="co_quan", group_id="phong").count() == 12
    # 15 communes and thị trấn, Hòa Đông (merged on 1/1/2025 under the district) and the
    # five communes of the reform (1/7/2025)
    assert Unit.objects.filter(level="xa", group_id="xa").count() == 21
    assert Unit.objects.filter(level="bo_phan").exists()
    assert Unit.objects.filter(level="thon").exists()
    assert 380 <= Person.objects.count() <= 420


def test_units_have_their_tree_path(first_run: str) -> None:
    root = Unit.objects.get(code=demo.ROOT_CODE)
    section = Unit.objects.get(code="TTHOAPHONG-MC")
    commune = Unit.objects.get(code="TTHOAPHONG")
    assert section.path == f"/{root.pk}/{commune.pk}/{section.pk}/"
    # Everything but the communes formed on 1/7/2025, which have no district above them.
    reform_trees = [
        u.subtree().count() for u in Unit.objects.filter(parent=None).exclude(pk=root.pk)
    ]
    assert len(reform_trees) == 5
    assert root.subtree().count() + sum(reform_trees) == Unit.objects.count()


def test_a_second_run_changes_nothing(first_run: str) -> None:
    before = _row_counts()
    output = _seed()
    assert "đã có" in output
    assert _row_counts() == before


def test_it_prints_the_accounts_every_time(first_run: str) -> None:
    for output in (first_run, _seed()):
        for spec in demo.ACCOUNTS:
            assert f"  {spec.username}  " in output
        assert demo.DEMO_PASSWORD in output
        assert "Cơ quan thường trực" in output
        # Who works for which body when: the district's until 30/6/2025, the commune's after.
        noivu = next(line for line in output.splitlines() if "  noivu  " in line)
        assert "Phòng Nội vụ" in noivu and "đến 30/06/2025" in noivu
        office = next(line for line in output.splitlines() if "  vanphong  " in line)
        assert "Văn phòng HĐND và UBND xã Ân Mỹ" in office and "từ 01/07/2025" in office


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_the_accounts_log_in_with_the_demo_password() -> None:
    roles = {
        "quantri": User.Role.ADMIN,
        "noivu": User.Role.OFFICE,
        "donvi1": User.Role.UNIT,
        "donvi2": User.Role.UNIT,
        "hoidong1": User.Role.COUNCIL,
        "hoidong2": User.Role.COUNCIL,
        "hoidong3": User.Role.COUNCIL,
        "hoidong4": User.Role.COUNCIL,
        "chutich": User.Role.LEADER,
        "vanphong": User.Role.OFFICE,
        "donvixa": User.Role.UNIT,
        "hoidongxa1": User.Role.COUNCIL,
        "hoidongxa2": User.Role.COUNCIL,
        "chutichxa": User.Role.LEADER,
    }
    assert set(roles) == {spec.username for spec in demo.ACCOUNTS}
    for username, role in roles.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.full_name
        assert Client().login(username=username, password=demo.DEMO_PASSWORD), username
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="donvi1").unit.level == "co_quan"
    assert User.objects.get(username="donvi2").unit.level == "xa"
    assert User.objects.get(username="donvixa").unit.parent.code == "ANMY"


def test_the_merger_keeps_the_history_reachable() -> None:
    # Hòa Lợi and Hòa Thọ became Hòa Đông on 1/1/2025, merged again into Hòa Sơn on 1/7/2025.
    new = Unit.objects.get(code="HOADONG")
    old = sorted(new.predecessors(), key=lambda u: u.code)
    assert [u.code for u in old] == ["HOALOI", "HOATHO"]
    assert (new.valid_from, new.valid_to) == (date(2025, 1, 1), date(2025, 6, 30))
    assert all(u.valid_to == date(2024, 12, 31) for u in old)
    for unit in old:
        years = set(ParScore.objects.filter(unit=unit).values_list("year", flat=True))
        assert years == {2021, 2022, 2023, 2024}
        assert not unit.people.exists()  # its people moved to the new commune
    assert set(ParScore.objects.filter(unit=new).values_list("year", flat=True)) == {2025}
    assert Person.objects.filter(former_unit=new).count() > 10
    newest = Unit.objects.get(code="HOASON")
    assert {u.code for u in newest.predecessors()} == {"HOADONG", "XUANSON", "HOALOI", "HOATHO"}


def test_the_audit_trail_is_attributed_to_quantri_and_the_communes_accounts() -> None:
    admin = User.objects.get(username="quantri")
    entries = LogEntry.objects.all()
    assert entries.count() > 4000
    # xã Ân Mỹ's 2026 chain is its office's, its unit's and its chairman's; the rest the
    # administrator's.
    others = set(entries.exclude(actor=admin).values_list("actor__username", flat=True))
    assert others == {"vanphong", "donvixa", "chutichxa"}
    logged = set(entries.values_list("content_type__model", flat=True))
    assert {"unit", "person", "user", "parscore", "rating", "award", "initiative"} <= logged


def test_people_carry_the_derived_fields_save_would_compute() -> None:
    for person in list(Person.objects.order_by("code"))[::20]:
        assert person.sort_name == name_sort_text(person.full_name)
        assert person.search_text == fold(f"{person.code} {person.full_name}")
    found = Person.objects.filter(search_text__endswith=" nguyen van an")
    assert found.filter(full_name="Nguyễn Văn An").count() >= 3
    assert Person.objects.filter(full_name="Nguyễn Văn Ân").exists()  # found by "nguyen van an" too


def test_the_showcase_figures_are_there() -> None:
    def percent(code: str, year: int) -> Decimal | None:
        return ParScore.objects.get(unit__code=code, year=year).percent

    assert percent("MYDUC", 2024) == Decimal("89.995")
    assert percent("PVHKHTT", 2024) == Decimal(90)  # 18,9 / 21
    assert percent("PNV", 2024) == percent("PTCKH", 2024)  # tie at 3rd place among phong
    assert percent("BINHTHUAN", 2024) == percent("DAILOC", 2024)  # tie at Thái Nguyên's 6th
    assert not ParScore.objects.filter(unit__code="XUANSON", year=2024).exists()
    pending = ParScore.objects.filter(year=2025, score__isnull=True)
    assert pending.exists() and not pending.filter(self_score__isnull=True).exists()
    assert not ParScore.objects.filter(unit__par_assessed=False).exists()


def test_it_refuses_to_load_beside_clashing_data() -> None:
    Unit.objects.filter(code=demo.ROOT_CODE).update(code="OTHER")
    with pytest.raises(CommandError, match="quantri"):
        _seed()


def test_the_award_chain_is_there_in_every_state() -> None:
    from thidua.awards.dossiers import State
    from thidua.awards.models import Attendance, Ballot, Council, CouncilSession, Decision, Dossier

    assert set(Dossier.objects.values_list("state", flat=True)) == set(State.values)
    (body,) = Council.objects.filter(issuing_unit__code=demo.ROOT_CODE)
    assert body.members.count() == 9 and body.members.exclude(user=None).count() == 4
    closed = CouncilSession.objects.get(council=body, status=CouncilSession.Status.CLOSED)
    assert (closed.present, closed.total_members) == (6, 9)
    assert (closed.starts_at.strftime("%H:%M"), closed.ends_at.strftime("%H:%M")) == (
        "08:00",
        "10:30",
    )
    modes = list(closed.attendance.values_list("mode", flat=True))
    assert sorted(modes) == sorted(["may"] * 3 + ["giay"] * 3 + ["van_ban"] * 2 + ["vang"])
    ballots = Ballot.objects.filter(session=closed)
    assert all(b.casts.count() == 3 and b.keyed_in and b.written_keyed for b in ballots)
    assert ballots.filter(passed=False).exists() and ballots.filter(passed=True).exists()
    cancelled = CouncilSession.objects.get(status=CouncilSession.Status.CANCELLED)
    assert cancelled.status_reason and not cancelled.ballots.exists()
    assert Attendance.objects.filter(session=cancelled).count() == 9
    decision = Decision.objects.get(campaign__issuing_unit=body.issuing_unit)
    assert decision.status == Decision.Status.SIGNED and decision.number == "2150"
    assert all(a.amount for a in decision.awards.all())


def test_every_council_document_is_produced_from_the_demo() -> None:
    from thidua.awards.models import CouncilSession, Decision

    client = Client()
    client.force_login(User.objects.get(username="noivu"))
    closed = CouncilSession.objects.get(
        council__issuing_unit__code=demo.ROOT_CODE, status=CouncilSession.Status.CLOSED
    )
    assert client.get(f"/phien-hop/{closed.pk}/").status_code == 200
    minutes = client.get(f"/phien-hop/{closed.pk}/bien-ban.docx")
    assert minutes.status_code == 200 and minutes["Content-Type"].startswith("application/")
    for decision in Decision.objects.all():  # the district's of 2024, xã Ân Mỹ's of 2026
        assert client.get(f"/quyet-dinh/{decision.pk}/quyet-dinh.docx").status_code == 200
    member = Client()
    member.force_login(User.objects.get(username="hoidong1"))
    assert member.get(f"/phien-hop/{closed.pk}/").status_code == 200
    assert member.get(f"/hoi-dong-thi-dua/{closed.council_id}/").status_code == 200
