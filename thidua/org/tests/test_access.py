"""Who sees and changes which units and people. Unit A (department PNV) and unit B (commune
Mỹ An, with its one-stop section) are outsiders to each other; the office, council and
leader see everything; only the office and units write, and units only their own subtree."""

from __future__ import annotations

import pytest
from django.test import Client

from thidua.org import access
from thidua.org.models import Person, Unit, User

READERS_OF_ALL = ["office", "admin", "council", "leader"]


def person_codes(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.code for p in response.context["page"]}


def unit_codes(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {u.code for u in response.context["units"]}


# Unit list and detail ----------------------------------------------------------------


def test_unit_a_lists_only_its_own_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").get("/don-vi/")
    assert response.status_code == 200
    assert unit_codes(response) == {"PNV"}
    html = response.content.decode()
    assert "UBND xã Mỹ An" not in html
    assert "XA-AN" not in html
    assert "UBND huyện Thử Nghiệm" not in html


def test_unit_b_lists_its_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_b").get("/don-vi/")
    assert unit_codes(response) == {"XA-AN", "XA-AN-MC"}
    assert "Bộ phận Một cửa xã Mỹ An" in response.content.decode()


def test_readers_of_all_list_every_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in READERS_OF_ALL:
        assert unit_codes(login(persona).get("/don-vi/")) == {"HUYEN", "PNV", "XA-AN", "XA-AN-MC"}


def test_unit_search_cannot_reach_outside_the_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").get("/don-vi/", {"q": "my an"})
    assert unit_codes(response) == set()


@pytest.mark.parametrize("path", ["/don-vi/{pk}/", "/don-vi/{pk}/sua/", "/don-vi/{pk}/xoa/"])
def test_unit_a_gets_404_for_other_units(login, district, path: str) -> None:  # type: ignore[no-untyped-def]
    for target in ["b", "b_section", "root"]:
        unit = district[target]
        client = login("unit_a")
        url = path.format(pk=unit.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Đã bị sửa", "email": "x@example.com"}).status_code == 404
        unit.refresh_from_db()
        assert unit.name != "Đã bị sửa"
        assert Unit.objects.filter(pk=unit.pk).exists()


def test_unit_b_sees_its_section(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_b")
    assert client.get(f"/don-vi/{district['b_section'].pk}/").status_code == 200
    assert client.get(f"/don-vi/{district['a'].pk}/").status_code == 404
    assert client.get(f"/don-vi/{district['root'].pk}/").status_code == 404


def test_readers_of_all_see_every_unit_detail(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in READERS_OF_ALL:
        client = login(persona)
        for unit in district.values():
            assert client.get(f"/don-vi/{unit.pk}/").status_code == 200


def test_unit_detail_hides_children_outside_the_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get(f"/don-vi/{district['root'].pk}/")
    assert {u.code for u in response.context["children"]} == {"PNV", "XA-AN"}


# Unit writes -------------------------------------------------------------------------


def test_a_unit_edits_only_the_name_and_email_of_its_own_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["a"]
    response = login("unit_a").post(
        f"/don-vi/{unit.pk}/sua/",
        {
            "name": "Phòng Nội vụ huyện",
            "email": "pnv@example.vn",
            "code": "HACK",
            "parent": district["b"].pk,
            "par_assessed": "",
            "group": "xa",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.email) == ("Phòng Nội vụ huyện", "pnv@example.vn")
    assert (unit.code, unit.parent_id, unit.par_assessed, unit.group_id) == (
        "PNV",
        district["root"].pk,
        True,
        "phong",
    )


def test_unit_b_may_edit_its_section(login, district) -> None:  # type: ignore[no-untyped-def]
    section = district["b_section"]
    response = login("unit_b").post(f"/don-vi/{section.pk}/sua/", {"name": "Bộ phận Một cửa"})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.name == "Bộ phận Một cửa"


def test_only_the_office_creates_units(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in ["unit_a", "unit_b", "council", "leader"]:
        client = login(persona)
        before = Unit.objects.count()
        assert client.get("/don-vi/them/").status_code == 403
        response = client.post(
            "/don-vi/them/", {"code": "MOI", "name": "Mới", "level": "xa", "group": "xa"}
        )
        assert response.status_code == 403
        assert Unit.objects.count() == before


def test_only_the_office_deletes_units(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in ["unit_a", "council", "leader"]:
        unit = district["a"]
        assert login(persona).post(f"/don-vi/{unit.pk}/xoa/").status_code == 403
        assert Unit.objects.filter(pk=unit.pk).exists()


def test_council_and_leader_cannot_edit_units(login, district) -> None:  # type: ignore[no-untyped-def]
    for persona in ["council", "leader"]:
        unit = district["a"]
        client = login(persona)
        assert client.get(f"/don-vi/{unit.pk}/sua/").status_code == 403
        assert client.post(f"/don-vi/{unit.pk}/sua/", {"name": "Đã bị sửa"}).status_code == 403
        unit.refresh_from_db()
        assert unit.name == "Phòng Nội vụ"


def test_unit_detail_offers_only_allowed_actions(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["a"]
    html = login("unit_a").get(f"/don-vi/{unit.pk}/").content.decode()
    assert f"/don-vi/{unit.pk}/sua/" in html
    assert f"/don-vi/{unit.pk}/xoa/" not in html
    assert "/nhat-ky/" not in html
    html = login("council").get(f"/don-vi/{unit.pk}/").content.decode()
    assert f"/don-vi/{unit.pk}/sua/" not in html
    html = login("office").get(f"/don-vi/{unit.pk}/").content.decode()
    assert f"/don-vi/{unit.pk}/xoa/" in html
    assert "/nhat-ky/" in html


# People ------------------------------------------------------------------------------


def test_unit_a_lists_only_its_own_people(login, people) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").get("/ca-nhan/")
    assert person_codes(response) == {"CB-A"}
    html = response.content.decode()
    assert "Trần Thị Bình" not in html
    assert "Lê Văn Cường" not in html


def test_unit_b_lists_the_people_of_its_subtree(login, people) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_b").get("/ca-nhan/")
    assert person_codes(response) == {"CB-B", "CB-BS"}
    html = response.content.decode()
    assert "Lê Văn Cường" in html
    assert "Nguyễn Văn An" not in html


def test_readers_of_all_list_every_person(login, people) -> None:  # type: ignore[no-untyped-def]
    for persona in READERS_OF_ALL:
        assert person_codes(login(persona).get("/ca-nhan/")) == {"CB-A", "CB-B", "CB-BS"}


def test_unit_a_cannot_filter_people_by_another_unit(login, people, district) -> None:  # type: ignore[no-untyped-def]
    assert login("unit_a").get("/ca-nhan/", {"unit": district["b"].pk}).status_code == 404


def test_the_unit_filter_includes_sub_units(login, people, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/ca-nhan/", {"unit": district["b"].pk})
    assert person_codes(response) == {"CB-B", "CB-BS"}


def test_person_search_cannot_reach_outside_the_subtree(login, people) -> None:  # type: ignore[no-untyped-def]
    assert person_codes(login("unit_a").get("/ca-nhan/", {"q": "binh"})) == set()


@pytest.mark.parametrize("path", ["/ca-nhan/{pk}/", "/ca-nhan/{pk}/sua/", "/ca-nhan/{pk}/xoa/"])
def test_unit_a_gets_404_for_other_units_people(login, people, district, path: str) -> None:  # type: ignore[no-untyped-def]
    for target in ["b", "b_section"]:
        person = people[target]
        client = login("unit_a")
        url = path.format(pk=person.pk)
        assert client.get(url).status_code == 404
        data = {
            "code": person.code,
            "full_name": "Đã Bị Sửa",
            "gender": "nam",
            "unit": district["a"].pk,
        }
        assert client.post(url, data).status_code == 404
        person.refresh_from_db()
        assert person.full_name != "Đã Bị Sửa"
        assert person.unit_id == district[target].pk


def test_unit_b_reads_and_edits_its_sections_people(login, people, district) -> None:  # type: ignore[no-untyped-def]
    person = people["b_section"]
    client = login("unit_b")
    assert client.get(f"/ca-nhan/{person.pk}/").status_code == 200
    response = client.post(
        f"/ca-nhan/{person.pk}/sua/",
        {
            "code": "CB-BS",
            "full_name": "Lê Văn Cường",
            "gender": "nam",
            "unit": district["b"].pk,
            "position": "Công chức Văn phòng",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.unit_id, person.position) == (district["b"].pk, "Công chức Văn phòng")


def test_readers_of_all_see_every_person(login, people) -> None:  # type: ignore[no-untyped-def]
    for persona in READERS_OF_ALL:
        client = login(persona)
        for person in people.values():
            assert client.get(f"/ca-nhan/{person.pk}/").status_code == 200


def test_council_and_leader_cannot_write_people(login, people, district) -> None:  # type: ignore[no-untyped-def]
    for persona in ["council", "leader"]:
        client = login(persona)
        person = people["a"]
        data = {
            "code": "CB-NEW",
            "full_name": "Phạm Thị Mới",
            "gender": "nu",
            "unit": district["a"].pk,
        }
        assert client.get("/ca-nhan/them/").status_code == 403
        assert client.post("/ca-nhan/them/", data).status_code == 403
        assert client.post(f"/ca-nhan/{person.pk}/sua/", dict(data, code="CB-A")).status_code == 403
        assert client.post(f"/ca-nhan/{person.pk}/xoa/").status_code == 403
        assert not Person.objects.filter(full_name="Phạm Thị Mới").exists()
        assert Person.objects.filter(pk=person.pk).exists()


# Form tampering ---------------------------------------------------------------------

INVALID_CHOICE = "Lựa chọn không hợp lệ: hãy chọn trong danh sách."


def test_unit_a_cannot_create_a_person_in_unit_b(login, people, district) -> None:  # type: ignore[no-untyped-def]
    before = Person.objects.count()
    response = login("unit_a").post(
        "/ca-nhan/them/",
        {"code": "CB-X", "full_name": "Phạm Văn Xâm", "gender": "nam", "unit": district["b"].pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert INVALID_CHOICE in response.content.decode()
    assert Person.objects.count() == before


def test_unit_a_cannot_move_its_person_to_unit_b(login, people, district) -> None:  # type: ignore[no-untyped-def]
    person = people["a"]
    response = login("unit_a").post(
        f"/ca-nhan/{person.pk}/sua/",
        {"code": "CB-A", "full_name": "Nguyễn Văn An", "gender": "nam", "unit": district["b"].pk},
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    person.refresh_from_db()
    assert person.unit_id == district["a"].pk


def test_unit_a_cannot_place_a_person_in_the_parent_unit(login, people, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/ca-nhan/them/",
        {"code": "CB-X", "full_name": "Phạm Văn Xâm", "gender": "nam", "unit": district["root"].pk},
    )
    assert response.status_code == 200
    assert not Person.objects.filter(code="CB-X").exists()


def test_unit_a_creates_a_person_in_its_unit(login, people, district, accounts) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        "/ca-nhan/them/",
        {
            "code": "CB-A2",
            "full_name": "  Phạm   Thị Ánh ",
            "gender": "nu",
            "unit": district["a"].pk,
            "birth_year": "1990",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(code="CB-A2")
    assert (person.full_name, person.unit_id, person.birth_year) == (
        "Phạm Thị Ánh",
        district["a"].pk,
        1990,
    )
    assert person.sort_name == "Ánh Thị Phạm"
    assert person.search_text == "cb-a2 pham thi anh"


def test_the_person_form_offers_only_visible_units(login, district) -> None:  # type: ignore[no-untyped-def]
    form = login("unit_b").get("/ca-nhan/them/").context["form"]
    assert {u.code for u in form.fields["unit"].queryset} == {"XA-AN", "XA-AN-MC"}


# Anonymous visitors ----------------------------------------------------------------


ANONYMOUS_PATHS = [
    "/don-vi/",
    "/don-vi/them/",
    "/don-vi/{a}/",
    "/don-vi/{a}/sua/",
    "/don-vi/{a}/xoa/",
    "/ca-nhan/",
    "/ca-nhan/them/",
    "/ca-nhan/{p}/",
    "/ca-nhan/{p}/sua/",
    "/ca-nhan/{p}/xoa/",
    "/tai-khoan/",
    "/tai-khoan/them/",
    "/nhat-ky/",
]


def test_anonymous_visitors_are_sent_to_login(people, district) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for path in ANONYMOUS_PATHS:
        url = path.format(a=district["a"].pk, p=people["a"].pk)
        for response in (client.get(url), client.post(url, {"name": "x"})):
            assert response.status_code == 302, url
            assert response.url.startswith("/dang-nhap/?next=")
    assert Unit.objects.get(pk=district["a"].pk).name == "Phòng Nội vụ"
    assert Person.objects.filter(pk=people["a"].pk).exists()


# Helpers -------------------------------------------------------------------------------


def test_visible_units_of_a_unit_account_include_sub_sub_units(district, accounts) -> None:  # type: ignore[no-untyped-def]
    team = Unit.objects.create(
        code="XA-AN-MC-T1",
        name="Tổ tiếp nhận",
        level="bo_phan",
        group_id="bo_phan",
        parent=district["b_section"],
    )
    deeper = Unit.objects.create(
        code="XA-AN-MC-T1-N", name="Nhóm số hóa", level="khac", group_id="khac", parent=team
    )
    codes = set(access.visible_units(accounts["unit_b"]).values_list("code", flat=True))
    assert codes == {"XA-AN", "XA-AN-MC", "XA-AN-MC-T1", "XA-AN-MC-T1-N"}
    assert deeper.pk not in access.visible_units(accounts["unit_a"]).values_list("pk", flat=True)


def test_visible_units_do_not_match_a_sibling_with_a_longer_id(district, accounts) -> None:  # type: ignore[no-untyped-def]
    # Paths are "/1/2/": a unit whose id merely starts with unit A's id is not below it.
    a = district["a"]
    sibling = Unit.objects.create(
        pk=int(f"{a.pk}0"),
        code="S0",
        name="Đơn vị khác",
        level="co_quan",
        group_id="phong",
        parent=district["root"],
    )
    assert sibling.path.startswith(a.path.rstrip("/"))
    assert set(access.visible_units(accounts["unit_a"])) == {a}


def test_a_unit_account_without_a_unit_sees_nothing(district) -> None:  # type: ignore[no-untyped-def]
    user = User(username="lac", role=User.Role.UNIT)  # unsaved: the database refuses it
    assert not access.visible_units(user).exists()
    assert not access.visible_people(user).exists()


def test_refusals_are_explained_in_vietnamese(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    not_found = client.get(f"/don-vi/{district['b'].pk}/").content.decode()
    forbidden = client.get("/don-vi/them/").content.decode()
    assert "Not Found" not in not_found and "Forbidden" not in forbidden
    assert "Không tìm thấy" in not_found
    assert "không có quyền" in forbidden.lower() or "Chỉ cơ quan thường trực" in forbidden
