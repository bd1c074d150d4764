"""The audit trail: every create, update and delete made through the views or the bulk
helpers is recorded once, with the actor, the time and the values before and after; the
office reads it on /nhat-ky/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from thidua.conftest import PASSWORD
from thidua.lib.audit import (
    acting_as,
    bulk_create_logged,
    bulk_delete_logged,
    bulk_update_logged,
    current_actor,
    history,
)
from thidua.lib.templatetags.vn import audit_action, audit_changes
from thidua.org.models import Person, Unit, User
from thidua.scoring import models as m

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


@pytest.fixture(autouse=True)
def _fresh_actor_context() -> Iterator[None]:
    # Each test starts with no actor: auditlog's middleware leaves its context variable set
    # after a request, and the test client runs requests in the test's own context.
    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)


def log_of(model: type[Model], pk: Any) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return list(
        LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).order_by("pk")
    )


def history_url(model: type[Model], pk: Any) -> str:
    return f"/nhat-ky/{ContentType.objects.get_for_model(model).pk}/{pk}/"


class Clock:
    def __enter__(self) -> Clock:
        self.start = timezone.now()
        return self

    def __exit__(self, *exc: object) -> None:
        self.end = timezone.now()

    def covers(self, moment: Any) -> bool:
        return self.start <= moment <= self.end


# Units -------------------------------------------------------------------------------


def test_it_records_creating_a_unit(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    with Clock() as clock:
        login("office").post(
            "/don-vi/them/",
            {
                "code": "XA-MOI",
                "name": "UBND xã Mới",
                "level": "xa",
                "group": "xa",
                "parent": district["root"].pk,
                "par_assessed": "on",
            },
        )
    unit = Unit.objects.get(code="XA-MOI")
    [entry] = log_of(Unit, unit.pk)
    assert entry.action == CREATE
    assert entry.actor == accounts["office"]
    assert clock.covers(entry.timestamp)
    assert entry.changes["code"] == ["None", "XA-MOI"]
    assert entry.changes["name"] == ["None", "UBND xã Mới"]
    assert entry.changes["parent"] == ["None", str(district["root"].pk)]
    # Derived columns stay out of the trail.
    assert "path" not in entry.changes and "search_text" not in entry.changes
    assert entry.object_repr == "UBND xã Mới"


def test_it_records_editing_a_unit_with_before_and_after(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    created = log_of(Unit, unit.pk)
    login("unit_b").post(
        f"/don-vi/{unit.pk}/sua/", {"name": "UBND xã Mỹ An (mới)", "email": "myan@example.vn"}
    )
    [*_, entry] = log_of(Unit, unit.pk)
    assert len(log_of(Unit, unit.pk)) == len(created) + 1
    assert entry.action == UPDATE
    assert entry.actor == accounts["unit_b"]
    assert entry.changes == {
        "name": ["UBND xã Mỹ An", "UBND xã Mỹ An (mới)"],
        "email": ["", "myan@example.vn"],
    }


def test_moving_a_unit_logs_the_unit_but_not_the_derived_paths(login, district) -> None:  # type: ignore[no-untyped-def]
    unit, section = district["b"], district["b_section"]
    before_section = len(log_of(Unit, section.pk))
    login("office").post(
        f"/don-vi/{unit.pk}/sua/",
        {
            "code": "XA-AN",
            "name": unit.name,
            "level": "xa",
            "group": "xa",
            "parent": district["a"].pk,
            "par_assessed": "on",
        },
    )
    entry = log_of(Unit, unit.pk)[-1]
    assert entry.changes == {"parent": [str(district["root"].pk), str(district["a"].pk)]}
    assert len(log_of(Unit, section.pk)) == before_section


def test_it_records_deleting_a_unit(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    unit = Unit.objects.create(code="RONG", name="Đơn vị rỗng", level="khac", group_id="khac")
    login("office").post(f"/don-vi/{unit.pk}/xoa/")
    entry = log_of(Unit, unit.pk)[-1]
    assert entry.action == DELETE
    assert entry.actor == accounts["office"]
    assert entry.changes["code"] == ["RONG", "None"]
    assert entry.object_repr == "Đơn vị rỗng"


def test_it_records_mergers(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    old1 = Unit.objects.create(code="CU-1", name="Xã Cũ Một", level="xa", group_id="xa")
    old2 = Unit.objects.create(code="CU-2", name="Xã Cũ Hai", level="xa", group_id="xa")
    client = login("office")
    client.post(
        "/don-vi/them/",
        {
            "code": "XA-MOI",
            "name": "Xã Mới",
            "level": "xa",
            "group": "xa",
            "par_assessed": "on",
            "merged_from": [old1.pk, old2.pk],
        },
    )
    unit = Unit.objects.get(code="XA-MOI")
    create, add = log_of(Unit, unit.pk)
    assert create.action == CREATE
    assert add.action == UPDATE and add.actor == accounts["office"]
    assert add.changes["merged_from"]["operation"] == "add"
    assert sorted(add.changes["merged_from"]["objects"]) == ["Xã Cũ Hai", "Xã Cũ Một"]
    client.post(
        f"/don-vi/{unit.pk}/sua/",
        {
            "code": "XA-MOI",
            "name": "Xã Mới",
            "level": "xa",
            "group": "xa",
            "par_assessed": "on",
            "merged_from": [old1.pk],
        },
    )
    removal = log_of(Unit, unit.pk)[-1]
    assert removal.changes["merged_from"]["operation"] == "delete"
    assert removal.changes["merged_from"]["objects"] == ["Xã Cũ Hai"]


# People ------------------------------------------------------------------------------


def test_it_records_the_life_of_a_person(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    data = {"code": "CB-MOI", "full_name": "Phạm Thị Mai", "gender": "nu", "unit": district["a"].pk}
    client.post("/ca-nhan/them/", data)
    person = Person.objects.get(code="CB-MOI")
    client.post(
        f"/ca-nhan/{person.pk}/sua/", dict(data, full_name="Phạm Thị Mai Anh", birth_year="1990")
    )
    client.post(f"/ca-nhan/{person.pk}/xoa/")
    create, update, delete = log_of(Person, person.pk)
    assert [e.action for e in (create, update, delete)] == [CREATE, UPDATE, DELETE]
    assert {e.actor for e in (create, update, delete)} == {accounts["unit_a"]}
    assert create.changes["full_name"] == ["None", "Phạm Thị Mai"]
    assert update.changes == {
        "full_name": ["Phạm Thị Mai", "Phạm Thị Mai Anh"],
        "birth_year": ["None", "1990"],
    }
    assert delete.changes["full_name"] == ["Phạm Thị Mai Anh", "None"]
    for entry in (create, update, delete):
        assert "sort_name" not in entry.changes and "search_text" not in entry.changes


# Facts -------------------------------------------------------------------------------

FACTS: dict[str, tuple[type[Model], dict[str, Any], dict[str, Any], str, list[str]]] = {
    # slug: model, data for "them", changes for the edit, the changed field, [before, after]
    "chi-so-cchc": (
        m.ParScore,
        {"unit": "a", "year": 2025, "self_score": "80", "score": "91.25", "max_score": "100"},
        {"note": "Đã thẩm định lại"},
        "note",
        ["", "Đã thẩm định lại"],
    ),
    "xep-loai": (
        m.Rating,
        {"person": "a", "year": 2025, "rating": "HTTNV"},
        {"rating": "HTXSNV"},
        "rating",
        ["HTTNV", "HTXSNV"],
    ),
    "ky-luat": (
        m.Discipline,
        {"person": "a", "date": "05/03/2025", "level": "khien_trach"},
        {"level": "canh_cao"},
        "level",
        ["khien_trach", "canh_cao"],
    ),
    "xem-xet": (
        m.Review,
        {"person": "a", "kind": "khieu_nai", "since": "01/02/2025"},
        {"until": "30/06/2025"},
        "until",
        ["None", "2025-06-30"],
    ),
    "khen-thuong": (
        m.Award,
        {
            "unit": "a",
            "form": "giay_khen_chu_tich_huyen",
            "year": 2024,
            "field": "cchc",
            "decision_number": "12/QĐ-UBND",
        },
        {"decision_number": "15/QĐ-UBND"},
        "decision_number",
        ["12/QĐ-UBND", "15/QĐ-UBND"],
    ),
    "sang-kien": (
        m.Initiative,
        {
            "code": "SK-01",
            "title": "Số hóa hồ sơ một cửa",
            "unit": "a",
            "year": 2025,
            "scope": "co_so",
        },
        {"scope": "huyen"},
        "scope",
        ["co_so", "huyen"],
    ),
    "xac-nhan": (
        m.Attestation,
        {"unit": "a", "year": 2025, "key": "noi_bo_doan_ket"},
        {"note": "Biên bản họp ngày 05/01/2026"},
        "note",
        ["", "Biên bản họp ngày 05/01/2026"],
    ),
}


def fact_data(
    data: dict[str, Any], district: dict[str, Unit], people: dict[str, Person]
) -> dict[str, Any]:
    out = dict(data)
    if "unit" in out:
        out["unit"] = district[out["unit"]].pk
    if "person" in out:
        out["person"] = people[out["person"]].pk
    return out


@pytest.mark.parametrize("slug", list(FACTS))
def test_it_records_the_life_of_each_kind_of_fact(
    login, district, people, accounts, slug: str
) -> None:  # type: ignore[no-untyped-def]
    model, data, changes, field, before_after = FACTS[slug]
    client = login("office")
    data = fact_data(data, district, people)
    with Clock() as clock:
        assert client.post(f"/du-lieu/{slug}/them/", data).status_code == 302
    fact = model.objects.get()
    assert client.post(f"/du-lieu/{slug}/{fact.pk}/", dict(data, **changes)).status_code == 302
    assert client.post(f"/du-lieu/{slug}/{fact.pk}/xoa/").status_code == 302
    create, update, delete = log_of(model, fact.pk)
    assert [e.action for e in (create, update, delete)] == [CREATE, UPDATE, DELETE]
    assert {e.actor for e in (create, update, delete)} == {accounts["office"]}
    assert clock.covers(create.timestamp)
    assert create.changes["created_by"] == ["None", str(accounts["office"].pk)]
    assert update.changes[field] == before_after
    assert delete.changes[field] == [before_after[1], "None"]


def test_an_edit_logs_only_what_changed(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    data = {
        "unit": district["a"].pk,
        "year": 2025,
        "self_score": "80",
        "score": "91.25",
        "max_score": "100",
    }
    client.post("/du-lieu/chi-so-cchc/them/", data)
    score = m.ParScore.objects.get()
    client.post(f"/du-lieu/chi-so-cchc/{score.pk}/", dict(data, note="Đã thẩm định lại"))
    assert log_of(m.ParScore, score.pk)[-1].changes == {"note": ["", "Đã thẩm định lại"]}


def test_it_records_the_authors_of_an_initiative(login, district, people, accounts) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    data = {
        "code": "SK-01",
        "title": "Số hóa hồ sơ",
        "unit": district["a"].pk,
        "year": 2025,
        "scope": "co_so",
        "authors": [people["a"].pk, people["b"].pk],
    }
    client.post("/du-lieu/sang-kien/them/", data)
    initiative = m.Initiative.objects.get()
    client.post(f"/du-lieu/sang-kien/{initiative.pk}/", dict(data, authors=[people["a"].pk]))
    create, added, removed = log_of(m.Initiative, initiative.pk)
    assert create.action == CREATE
    assert added.actor == removed.actor == accounts["office"]
    assert added.changes["authors"]["operation"] == "add"
    assert sorted(added.changes["authors"]["objects"]) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert removed.changes["authors"] == {
        "type": "m2m",
        "operation": "delete",
        "objects": ["Trần Thị Bình"],
    }


def test_a_view_write_is_logged_exactly_once(login, district, people) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.count()
    login("unit_a").post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTTNV"}
    )
    assert LogEntry.objects.count() == before + 1


# Accounts ----------------------------------------------------------------------------


@pytest.fixture
def new_account(login, accounts) -> User:  # type: ignore[no-untyped-def]
    login("admin").post(
        "/tai-khoan/them/",
        {
            "username": "vanthu",
            "full_name": "Võ Thị Thư",
            "role": "thuong_truc",
            "is_active": "on",
            "password": "Thi-dua@CCHC-2026",
        },
    )
    return User.objects.get(username="vanthu")


def test_it_records_accounts_with_the_password_masked(new_account: User, accounts) -> None:  # type: ignore[no-untyped-def]
    [entry] = log_of(User, new_account.pk)
    assert entry.action == CREATE and entry.actor == accounts["admin"]
    assert entry.changes["username"] == ["None", "vanthu"]
    logged = json.dumps(entry.changes) + json.dumps(entry.serialized_data)
    assert new_account.password not in logged
    assert "Thi-dua@CCHC-2026" not in logged
    assert "password" in entry.changes  # that it was set is recorded, not what it is


def test_no_part_of_the_password_hash_is_logged(new_account: User, login) -> None:  # type: ignore[no-untyped-def]
    login("admin").post(
        f"/tai-khoan/{new_account.pk}/",
        {
            "username": "vanthu",
            "full_name": "Võ Thị Thư",
            "role": "thuong_truc",
            "is_active": "on",
            "password": "Mat-khau-moi@2026",
        },
    )
    new_account.refresh_from_db()
    digests = [new_account.password.split("$")[-1]]
    logged = "".join(
        json.dumps(e.changes) + json.dumps(e.serialized_data) for e in log_of(User, new_account.pk)
    )
    assert len(log_of(User, new_account.pk)) == 2
    for digest in digests:
        assert digest[-8:] not in logged


def test_signing_in_is_not_an_account_change(accounts) -> None:  # type: ignore[no-untyped-def]
    before = len(log_of(User, accounts["unit_a"].pk))
    assert Client().login(username="donvi_a", password=PASSWORD)
    assert len(log_of(User, accounts["unit_a"].pk)) == before


# Bulk helpers ------------------------------------------------------------------------


def new_people(unit: Unit, n: int) -> list[Person]:
    return [
        Person(code=f"BK-{i}", full_name=f"Nguyễn Văn Số{i}", gender="nam", unit=unit)
        for i in range(n)
    ]


def test_bulk_create_logs_one_entry_per_row_with_the_actor(district, accounts) -> None:  # type: ignore[no-untyped-def]
    with Clock() as clock, acting_as(accounts["office"]):
        created = bulk_create_logged(Person, new_people(district["a"], 3))
    assert Person.objects.filter(code__startswith="BK-").count() == 3
    for person in created:
        [entry] = log_of(Person, person.pk)
        assert entry.action == CREATE
        assert entry.actor == accounts["office"]
        assert clock.covers(entry.timestamp)
        assert entry.changes["code"] == ["None", person.code]
        assert entry.object_repr == person.full_name


def test_bulk_update_logs_changed_rows_only(district, accounts) -> None:  # type: ignore[no-untyped-def]
    people = bulk_create_logged(Person, new_people(district["a"], 3))
    people[0].position = "Chuyên viên"
    people[1].position = "Trưởng phòng"
    with acting_as(accounts["unit_a"]):
        count = bulk_update_logged(Person, people, ["position"])
    assert count == 3
    for person, position in zip(people[:2], ["Chuyên viên", "Trưởng phòng"], strict=True):
        create, update = log_of(Person, person.pk)
        assert update.action == UPDATE
        assert update.actor == accounts["unit_a"]
        assert update.changes == {"position": ["", position]}
    assert [e.action for e in log_of(Person, people[2].pk)] == [CREATE]


def test_bulk_delete_logs_one_entry_per_row_and_no_duplicates(district, accounts) -> None:  # type: ignore[no-untyped-def]
    people = bulk_create_logged(Person, new_people(district["a"], 3))
    before = LogEntry.objects.count()
    with acting_as(accounts["office"]):
        bulk_delete_logged(Person.objects.filter(code__startswith="BK-"))
    assert not Person.objects.filter(code__startswith="BK-").exists()
    assert LogEntry.objects.count() == before + 3
    for person in people:
        entry = log_of(Person, person.pk)[-1]
        assert entry.action == DELETE
        assert entry.actor == accounts["office"]
        assert entry.changes["code"] == [person.code, "None"]


def test_bulk_delete_logs_what_the_cascade_removes(people, accounts) -> None:  # type: ignore[no-untyped-def]
    rating = m.Rating.objects.create(person=people["a"], year=2025, rating="HTTNV")
    with acting_as(accounts["office"]):
        bulk_delete_logged(Person.objects.filter(pk=people["a"].pk))
    assert not m.Rating.objects.filter(pk=rating.pk).exists()
    assert [e.action for e in log_of(m.Rating, rating.pk)][-1] == DELETE


def test_a_single_delete_logs_the_cascade(login, people, accounts) -> None:  # type: ignore[no-untyped-def]
    rating = m.Rating.objects.create(person=people["a"], year=2025, rating="HTTNV")
    login("unit_a").post(f"/ca-nhan/{people['a'].pk}/xoa/")
    entry = log_of(m.Rating, rating.pk)[-1]
    assert (entry.action, entry.actor) == (DELETE, accounts["unit_a"])


def test_bulk_writes_without_an_actor_are_the_systems(district) -> None:  # type: ignore[no-untyped-def]
    [person] = bulk_create_logged(Person, new_people(district["a"], 1))
    assert log_of(Person, person.pk)[0].actor is None


def test_acting_as_attributes_signal_logged_saves(district, accounts) -> None:  # type: ignore[no-untyped-def]
    with acting_as(accounts["leader"]):
        person = Person.objects.create(
            code="CB-X", full_name="Hồ Văn X", gender="nam", unit=district["a"]
        )
    assert log_of(Person, person.pk)[0].actor == accounts["leader"]


def test_acting_as_ends_with_its_block(district, accounts) -> None:  # type: ignore[no-untyped-def]
    with acting_as(accounts["office"]):
        assert current_actor() == accounts["office"]
    assert current_actor() is None
    [person] = bulk_create_logged(Person, new_people(district["a"], 1))
    assert log_of(Person, person.pk)[0].actor is None


def test_history_lists_an_objects_entries_newest_first(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    login("unit_b").post(f"/don-vi/{unit.pk}/sua/", {"name": "Tên 1"})
    login("unit_b").post(f"/don-vi/{unit.pk}/sua/", {"name": "Tên 2"})
    entries = list(history(unit))
    assert [e.action for e in entries] == [UPDATE, UPDATE, CREATE]
    assert entries[0].changes["name"] == ["Tên 1", "Tên 2"]


# Display -------------------------------------------------------------------------------


def test_audit_action_names_are_vietnamese() -> None:
    assert [audit_action(LogEntry(action=a)) for a in (CREATE, UPDATE, DELETE)] == [
        "Tạo mới",
        "Sửa",
        "Xóa",
    ]


def test_audit_changes_use_vietnamese_field_names_and_labels(login, people) -> None:  # type: ignore[no-untyped-def]
    login("office").post(
        "/du-lieu/ky-luat/them/",
        {"person": people["a"].pk, "date": "05/03/2025", "level": "khien_trach"},
    )
    rows = audit_changes(log_of(m.Discipline, m.Discipline.objects.get().pk)[0])
    assert ("ngày quyết định kỷ luật", "", "05/03/2025") in rows
    assert ("hình thức kỷ luật", "", "Khiển trách") in rows
    assert ("cá nhân", "", "Nguyễn Văn An") in rows


def test_audit_changes_show_many_to_many_additions(login, district) -> None:  # type: ignore[no-untyped-def]
    old = Unit.objects.create(code="CU-1", name="Xã Cũ Một", level="xa", group_id="xa")
    login("office").post(
        "/don-vi/them/",
        {
            "code": "XA-MOI",
            "name": "Xã Mới",
            "level": "xa",
            "group": "xa",
            "par_assessed": "on",
            "merged_from": [old.pk],
        },
    )
    entry = log_of(Unit, Unit.objects.get(code="XA-MOI").pk)[-1]
    assert audit_changes(entry) == [("hợp nhất từ các đơn vị", "", "thêm: Xã Cũ Một")]


def test_audit_changes_of_a_creation_show_only_real_fields(login, district) -> None:  # type: ignore[no-untyped-def]
    login("office").post(
        "/don-vi/them/", {"code": "XA-MOI", "name": "Xã Mới", "level": "xa", "group": "xa"}
    )
    rows = audit_changes(log_of(Unit, Unit.objects.get(code="XA-MOI").pk)[0])
    shown = " ".join(f"{f} {b} {a}" for f, b, a in rows)
    assert ".None" not in shown
    assert {f for f, _, _ in rows} <= {
        "mã đơn vị",
        "tên đơn vị",
        "cấp",
        "khối thi đua",
        "đơn vị cấp trên",
        "chấm Chỉ số CCHC",
        "hiệu lực từ",
        "hiệu lực đến",
        "thư điện tử",
    }


# Pages ---------------------------------------------------------------------------------

TEMPLATE_BUG = (
    "BUG: audit/history.html (line 5) and audit/_entries.html (line 9) use a "
    "'model_label' filter that no template library registers (thidua/lib/templatetags/vn.py "
    "has none): TemplateSyntaxError 'Invalid filter', so /nhat-ky/ and every history page is a 500"
)


def test_only_the_office_reads_the_trail(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in ["unit_a", "unit_b", "council", "leader"]:
        client = login(persona)
        assert client.get("/nhat-ky/").status_code == 403
        assert client.get(history_url(Unit, district["a"].pk)).status_code == 403


def test_a_record_without_entries_has_no_history(login, district) -> None:  # type: ignore[no-untyped-def]
    assert login("office").get(history_url(Unit, 999999)).status_code == 404


def test_the_history_page_shows_every_change(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    login("unit_b").post(f"/don-vi/{unit.pk}/sua/", {"name": "UBND xã Mỹ An mới", "email": ""})
    response = login("office").get(history_url(Unit, unit.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch sử thay đổi: UBND xã Mỹ An mới" in html
    assert "Tạo mới" in html and "Sửa" in html
    assert "tên đơn vị" in html
    assert "<del>UBND xã Mỹ An</del>" in html and "<ins>UBND xã Mỹ An mới</ins>" in html
    assert "donvi_b" in html


def test_the_history_page_of_a_deleted_record(login, people, accounts) -> None:  # type: ignore[no-untyped-def]
    person = people["a"]
    login("unit_a").post(f"/ca-nhan/{person.pk}/xoa/")
    response = login("office").get(history_url(Person, person.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn An" in html
    assert "bản ghi đã bị xóa" in html
    assert "Xóa" in html and "Tạo mới" in html


def test_the_recent_changes_page(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    login("unit_b").post(f"/don-vi/{district['b'].pk}/sua/", {"name": "UBND xã Mỹ An mới"})
    client = login("office")
    response = client.get("/nhat-ky/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhật ký thay đổi" in html and "UBND xã Mỹ An mới" in html
    filtered = client.get("/nhat-ky/", {"actor": accounts["unit_b"].pk})
    assert {e.actor for e in filtered.context["page"]} == {accounts["unit_b"]}


def test_the_history_page_of_a_fact(login, people) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.post(
        "/du-lieu/xep-loai/them/", {"person": people["a"].pk, "year": 2025, "rating": "HTTNV"}
    )
    rating = m.Rating.objects.get()
    client.post(
        f"/du-lieu/xep-loai/{rating.pk}/",
        {"person": people["a"].pk, "year": 2025, "rating": "HTXSNV"},
    )
    html = client.get(history_url(m.Rating, rating.pk)).content.decode()
    assert "xếp loại" in html
    assert "<del>Hoàn thành tốt nhiệm vụ</del>" in html
    assert "<ins>Hoàn thành xuất sắc nhiệm vụ</ins>" in html


def test_fact_and_record_pages_link_the_history_for_the_office(login, people) -> None:  # type: ignore[no-untyped-def]
    rating = m.Rating.objects.create(person=people["a"], year=2025, rating="HTTNV")
    url = history_url(m.Rating, rating.pk)
    assert url in login("office").get(f"/du-lieu/xep-loai/{rating.pk}/").content.decode()
    assert url not in login("unit_a").get(f"/du-lieu/xep-loai/{rating.pk}/").content.decode()
    assert (
        history_url(Person, people["a"].pk)
        in login("office").get(f"/ca-nhan/{people['a'].pk}/").content.decode()
    )


def test_audit_changes_show_yes_and_no_in_vietnamese(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    login("office").post(
        f"/don-vi/{unit.pk}/sua/",
        {
            "code": "XA-AN",
            "name": unit.name,
            "level": "xa",
            "group": "xa",
            "parent": district["root"].pk,
        },
    )
    rows = audit_changes(log_of(Unit, unit.pk)[-1])
    assert rows == [("chấm Chỉ số CCHC", "Có", "Không")]
