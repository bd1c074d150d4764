"""The office's unit pages: creating, editing, moving in the tree, merging and deleting
units, with one clear Vietnamese message for each bad input and nothing saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.org.models import Person, Unit

PARENT_IN_SUBTREE = "Đơn vị cấp trên không thể là chính"
NEW_UNIT = {
    "code": "XA-MOI",
    "name": "UBND xã Mới",
    "level": "xa",
    "group": "xa",
    "par_assessed": "on",
}


def messages(response: Any) -> list[str]:
    """Every error message the form shows."""
    return [m for errors in response.context["form"].errors.values() for m in errors]


def unit_data(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "group": unit.group_id,
        "parent": unit.parent_id or "",
        "par_assessed": "on" if unit.par_assessed else "",
        "valid_from": unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
        "valid_to": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "",
        "email": unit.email,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def assert_refused(response: Any, message: str, count_before: int) -> None:
    assert response.status_code == 200
    assert messages(response) == [message]
    assert message in response.content.decode()
    assert Unit.objects.count() == count_before


# Creating ----------------------------------------------------------------------------


def test_it_creates_a_unit_under_a_parent(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/don-vi/them/",
        dict(
            NEW_UNIT, parent=district["root"].pk, valid_from="01/07/2025", email="xamoi@example.vn"
        ),
    )
    unit = Unit.objects.get(code="XA-MOI")
    assert response.status_code == 302
    assert response.url == f"/don-vi/{unit.pk}/"
    assert unit.parent == district["root"]
    assert unit.path == f"{district['root'].path}{unit.pk}/"
    assert unit.valid_from == date(2025, 7, 1)
    assert unit.search_text == "xa-moi ubnd xa moi"


def test_it_accepts_an_iso_date_too(login, district) -> None:  # type: ignore[no-untyped-def]
    login("office").post("/don-vi/them/", dict(NEW_UNIT, valid_from="2025-07-01"))
    assert Unit.objects.get(code="XA-MOI").valid_from == date(2025, 7, 1)


def test_it_prefills_the_parent(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").get("/don-vi/them/", {"parent": district["b"].pk})
    assert response.context["form"].initial["parent"] == district["b"].pk


def test_it_refuses_a_duplicate_code(login, district) -> None:  # type: ignore[no-untyped-def]
    before = Unit.objects.count()
    response = login("office").post("/don-vi/them/", dict(NEW_UNIT, code="PNV"))
    assert_refused(response, "Mã đơn vị này đã được dùng cho một đơn vị khác.", before)


def test_it_refuses_a_code_with_spaces_or_diacritics(login, district) -> None:  # type: ignore[no-untyped-def]
    for code in ["XA MOI", "XÃ-MỚI", "-XA", "XA/1", ""]:
        before = Unit.objects.count()
        response = login("office").post("/don-vi/them/", dict(NEW_UNIT, code=code))
        assert response.status_code == 200
        assert len(messages(response)) == 1
        if code:
            assert messages(response) == [
                "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (ví dụ: PNV, XA-01)."
            ]
        else:
            assert messages(response) == ["Trường này là bắt buộc."]
        assert Unit.objects.count() == before


def test_it_refuses_a_code_used_by_a_person(login, people) -> None:  # type: ignore[no-untyped-def]
    before = Unit.objects.count()
    response = login("office").post("/don-vi/them/", dict(NEW_UNIT, code="cb-a"))
    assert_refused(response, "Mã “cb-a” đã được dùng cho một cá nhân.", before)


def test_it_refuses_a_name_missing(login, district) -> None:  # type: ignore[no-untyped-def]
    before = Unit.objects.count()
    response = login("office").post("/don-vi/them/", dict(NEW_UNIT, name=""))
    assert_refused(response, "Trường này là bắt buộc.", before)


def test_it_refuses_validity_ending_before_it_starts(login, district) -> None:  # type: ignore[no-untyped-def]
    before = Unit.objects.count()
    response = login("office").post(
        "/don-vi/them/", dict(NEW_UNIT, valid_from="05/03/2025", valid_to="01/03/2025")
    )
    assert_refused(response, "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", before)


def test_it_refuses_a_wrongly_typed_date(login, district) -> None:  # type: ignore[no-untyped-def]
    for typed in ["31/02/2025", "2025/03/05", "5 tháng 3", "05.03.2025"]:
        before = Unit.objects.count()
        response = login("office").post("/don-vi/them/", dict(NEW_UNIT, valid_from=typed))
        assert_refused(
            response, "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/01/2026.", before
        )


def test_the_date_inputs_show_dd_mm_yyyy(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    Unit.objects.filter(pk=unit.pk).update(valid_from=date(2025, 7, 1))
    html = login("office").get(f"/don-vi/{unit.pk}/sua/").content.decode()
    assert 'value="01/07/2025"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


# Editing and the tree -----------------------------------------------------------------


def test_it_refuses_a_unit_as_its_own_parent(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    response = login("office").post(f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=unit.pk))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    assert len(messages(response)) == 1
    assert "Lựa chọn không hợp lệ: hãy chọn trong danh sách." in messages(response)[0]
    unit.refresh_from_db()
    assert unit.parent == district["root"]


def test_it_refuses_a_parent_inside_the_units_own_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    response = login("office").post(
        f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=district["b_section"].pk)
    )
    assert response.status_code == 200
    assert len(messages(response)) == 1
    assert PARENT_IN_SUBTREE in messages(response)[0]
    assert PARENT_IN_SUBTREE in response.content.decode()
    unit.refresh_from_db()
    assert unit.parent == district["root"]
    assert district["b_section"].path.startswith(unit.path)


def test_it_refuses_a_parent_deep_inside_the_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    team = Unit.objects.create(
        code="T1", name="Tổ 1", level="thon", group_id="thon", parent=district["b_section"]
    )
    unit = district["b"]
    response = login("office").post(f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=team.pk))
    assert len(messages(response)) == 1
    assert PARENT_IN_SUBTREE in messages(response)[0]
    unit.refresh_from_db()
    assert unit.parent == district["root"]


def test_moving_a_unit_moves_its_whole_subtree(login, district) -> None:  # type: ignore[no-untyped-def]
    team = Unit.objects.create(
        code="T1", name="Tổ 1", level="thon", group_id="thon", parent=district["b_section"]
    )
    unit = district["b"]
    response = login("office").post(
        f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=district["a"].pk)
    )
    assert response.status_code == 302
    a, b, section = district["a"], district["b"], district["b_section"]
    for u in (a, b, section, team):
        u.refresh_from_db()
    assert b.path == f"{a.path}{b.pk}/"
    assert section.path == f"{a.path}{b.pk}/{section.pk}/"
    assert team.path == f"{a.path}{b.pk}/{section.pk}/{team.pk}/"
    assert (b.depth, section.depth, team.depth) == (2, 3, 4)
    assert set(a.subtree()) == {a, b, section, team}


def test_a_moved_subtree_follows_its_unit_in_access(login, district, people) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    login("office").post(f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=district["a"].pk))
    response = login("unit_a").get("/ca-nhan/")
    assert {p.code for p in response.context["page"]} == {"CB-A", "CB-B", "CB-BS"}


def test_moving_to_the_top_level(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    login("office").post(f"/don-vi/{unit.pk}/sua/", unit_data(unit, parent=""))
    unit.refresh_from_db()
    district["b_section"].refresh_from_db()
    assert unit.path == f"/{unit.pk}/"
    assert district["b_section"].path == f"/{unit.pk}/{district['b_section'].pk}/"


def test_editing_keeps_the_code_unique(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    response = login("office").post(f"/don-vi/{unit.pk}/sua/", unit_data(unit, code="PNV"))
    assert messages(response) == ["Mã đơn vị này đã được dùng cho một đơn vị khác."]
    unit.refresh_from_db()
    assert unit.code == "XA-AN"


def test_editing_without_changing_the_code_is_fine(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    response = login("office").post(
        f"/don-vi/{unit.pk}/sua/", unit_data(unit, name="UBND xã Mỹ An mới")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "UBND xã Mỹ An mới"
    assert unit.search_text == "xa-an ubnd xa my an moi"


# Mergers -----------------------------------------------------------------------------


def make_unit(code: str, **kwargs: Any) -> Unit:
    defaults = {"name": f"Đơn vị {code}", "level": "xa", "group_id": "xa"}
    defaults.update(kwargs)
    return Unit.objects.create(code=code, **defaults)


def test_it_records_a_merger(login, district) -> None:  # type: ignore[no-untyped-def]
    old1, old2 = (
        make_unit("CU-1", valid_to=date(2025, 6, 30)),
        make_unit("CU-2", valid_to=date(2025, 6, 30)),
    )
    response = login("office").post(
        "/don-vi/them/", dict(NEW_UNIT, valid_from="01/07/2025", merged_from=[old1.pk, old2.pk])
    )
    assert response.status_code == 302
    new = Unit.objects.get(code="XA-MOI")
    assert set(new.merged_from.all()) == {old1, old2}
    assert set(old1.merged_into.all()) == {new}
    html = login("office").get(f"/don-vi/{new.pk}/").content.decode()
    assert "Hợp nhất từ" in html and "Đơn vị CU-1" in html and "Đơn vị CU-2" in html
    html = login("office").get(f"/don-vi/{old1.pk}/").content.decode()
    assert "Đã hợp nhất vào" in html and "UBND xã Mới" in html


def test_predecessors_follow_chains_of_mergers(district) -> None:  # type: ignore[no-untyped-def]
    old, other, mid, new = make_unit("OLD"), make_unit("OTHER"), make_unit("MID"), make_unit("NEW")
    mid.merged_from.set([old, other])
    new.merged_from.set([mid])
    assert set(new.predecessors()) == {old, other, mid}
    assert set(new.lineage_ids()) == {new.pk, old.pk, other.pk, mid.pk}
    assert set(mid.predecessors()) == {old, other}
    assert old.predecessors() == []


def test_predecessors_survive_a_cycle(district) -> None:  # type: ignore[no-untyped-def]
    one, two = make_unit("ONE"), make_unit("TWO")
    one.merged_from.set([two])
    two.merged_from.set([one])
    assert one.predecessors() == [two]


def test_predecessors_are_not_counted_twice(district) -> None:  # type: ignore[no-untyped-def]
    root, left, right, new = make_unit("ROOT"), make_unit("L"), make_unit("R"), make_unit("N")
    left.merged_from.set([root])
    right.merged_from.set([root])
    new.merged_from.set([left, right])
    preds = new.predecessors()
    assert sorted(u.code for u in preds) == ["L", "R", "ROOT"]


def test_a_unit_cannot_be_merged_from_itself(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = district["b"]
    response = login("office").post(
        f"/don-vi/{unit.pk}/sua/", unit_data(unit, merged_from=[unit.pk])
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["merged_from"]
    assert not unit.merged_from.exists()


# Deleting ------------------------------------------------------------------------------


def test_it_deletes_an_empty_unit(login, district) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit("RONG", parent=district["root"])
    client = login("office")
    assert "Bạn có chắc chắn muốn xóa" in client.get(f"/don-vi/{unit.pk}/xoa/").content.decode()
    response = client.post(f"/don-vi/{unit.pk}/xoa/")
    assert response.status_code == 302
    assert response.url == "/don-vi/"
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_it_keeps_a_unit_that_still_has_people_or_children(login, district, people) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    for unit in (district["a"], district["b"]):
        response = client.post(f"/don-vi/{unit.pk}/xoa/", follow=True)
        assert "Không xóa được" in response.content.decode()
        assert Unit.objects.filter(pk=unit.pk).exists()
    assert Person.objects.count() == 3


# Lists --------------------------------------------------------------------------------


def test_the_unit_list_shows_the_tree_in_order(login, district) -> None:  # type: ignore[no-untyped-def]
    # Created so that id order differs from tree order: each unit must follow its parent.
    late_child = make_unit("PNV-TO", level="bo_phan", group_id="bo_phan", parent=district["a"])
    make_unit("PNV-TO-1", level="khac", group_id="khac", parent=late_child)
    response = login("office").get("/don-vi/")
    codes = [u.code for u in response.context["units"]]
    in_tree_order = [u.code for u in sorted(Unit.objects.all(), key=lambda u: u.path)]
    assert codes == in_tree_order
    assert codes.index("PNV") < codes.index("PNV-TO") < codes.index("PNV-TO-1")
    assert "indent-3" in response.content.decode()


def test_the_unit_list_shows_validity_as_dd_mm_yyyy(login, district) -> None:  # type: ignore[no-untyped-def]
    Unit.objects.filter(pk=district["b"].pk).update(valid_to=date(2025, 6, 30))
    Unit.objects.filter(pk=district["a"].pk).update(valid_from=date(2025, 7, 1))
    html = login("office").get("/don-vi/").content.decode()
    assert "đến 30/06/2025" in html
    assert "từ 01/07/2025" in html


def test_the_unit_list_searches_without_diacritics(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    assert [u.code for u in client.get("/don-vi/", {"q": "my an"}).context["units"]] == [
        "XA-AN",
        "XA-AN-MC",
    ]
    assert [u.code for u in client.get("/don-vi/", {"q": "Nội Vụ"}).context["units"]] == ["PNV"]
    assert [u.code for u in client.get("/don-vi/", {"group": "bo_phan"}).context["units"]] == [
        "XA-AN-MC"
    ]


def test_the_unit_list_counts_people(login, people, district) -> None:  # type: ignore[no-untyped-def]
    units = {u.code: u.n_people for u in login("office").get("/don-vi/").context["units"]}
    assert units == {"HUYEN": 0, "PNV": 1, "XA-AN": 1, "XA-AN-MC": 1}
