"""People pages: the form's Vietnamese messages, search with or without diacritics, and the
Vietnamese order of the list (given name, then middle name, then family name)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.org.models import Person, Unit


def messages(response: Any) -> list[str]:
    return [m for errors in response.context["form"].errors.values() for m in errors]


def person_data(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {"code": "CB-MOI", "full_name": "Phạm Thị Mai", "gender": "nu", "unit": unit.pk}
    data.update(changes)
    return data


def add(unit: Unit, *names: str) -> list[Person]:
    start = Person.objects.count()
    return [
        Person.objects.create(code=f"P{start + i:03d}", full_name=name, gender="nam", unit=unit)
        for i, name in enumerate(names)
    ]


def listed(response: Any) -> list[str]:
    return [p.full_name for p in response.context["page"]]


# Form --------------------------------------------------------------------------------


def test_it_adds_a_person(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/ca-nhan/them/",
        person_data(district["b"], birth_year="1985", position="Chủ tịch UBND xã", unit_chair="on"),
    )
    person = Person.objects.get(code="CB-MOI")
    assert response.status_code == 302
    assert response.url == f"/ca-nhan/{person.pk}/"
    assert (person.birth_year, person.unit_chair, person.unit) == (1985, True, district["b"])
    detail = login("office").get(response.url).content.decode()
    assert "Phạm Thị Mai" in detail and "Chủ tịch UBND xã" in detail and "1985" in detail


def test_it_prefills_the_unit_of_a_unit_account(login, district) -> None:  # type: ignore[no-untyped-def]
    form = login("unit_a").get("/ca-nhan/them/").context["form"]
    assert form.initial["unit"] == district["a"].pk


def test_it_refuses_a_duplicate_code(login, people, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/ca-nhan/them/", person_data(district["a"], code="CB-A"))
    assert response.status_code == 200
    assert messages(response) == ["Mã cá nhân này đã được dùng cho một cá nhân khác."]
    assert "Mã cá nhân này đã được dùng cho một cá nhân khác." in response.content.decode()
    assert Person.objects.count() == 3


def test_it_refuses_a_code_used_by_a_unit(login, people, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/ca-nhan/them/", person_data(district["a"], code="pnv"))
    assert messages(response) == ["Mã “pnv” đã được dùng cho một đơn vị."]
    assert "đã được dùng cho một đơn vị" in response.content.decode()
    assert Person.objects.count() == 3


def test_it_refuses_a_code_with_diacritics(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/ca-nhan/them/", person_data(district["a"], code="CB MỚI"))
    assert messages(response) == [
        "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (ví dụ: PNV, XA-01)."
    ]
    assert not Person.objects.exists()


@pytest.mark.parametrize(("year", "limit"), [("1929", "1930"), ("2016", "2015"), ("0", "1930")])
def test_it_refuses_a_birth_year_out_of_range(login, district, year: str, limit: str) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/ca-nhan/them/", person_data(district["a"], birth_year=year))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["birth_year"]
    [message] = messages(response)
    assert message.startswith("Giá trị ") and limit in message
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_it_refuses_a_birth_year_that_is_not_a_number(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        "/ca-nhan/them/", person_data(district["a"], birth_year="năm 80")
    )
    assert list(response.context["form"].errors) == ["birth_year"]
    assert len(messages(response)) == 1
    assert not Person.objects.exists()


def test_it_requires_a_name(login, district) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post("/ca-nhan/them/", person_data(district["a"], full_name="  "))
    assert messages(response) == ["Trường này là bắt buộc."]
    assert not Person.objects.exists()


def test_it_normalises_the_name(login, district) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "  Đỗ   Thị  Ánh ")
    login("office").post("/ca-nhan/them/", person_data(district["a"], full_name=decomposed))
    person = Person.objects.get(code="CB-MOI")
    assert person.full_name == "Đỗ Thị Ánh"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.sort_name == "Ánh Thị Đỗ"


def test_it_edits_a_person(login, people, district) -> None:  # type: ignore[no-untyped-def]
    person = people["a"]
    response = login("unit_a").post(
        f"/ca-nhan/{person.pk}/sua/",
        person_data(district["a"], code="CB-A", full_name="Nguyễn Văn Ân", gender="nam"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Ân"
    assert (person.sort_name, person.search_text) == ("Ân Văn Nguyễn", "cb-a nguyen van an")


def test_it_deletes_a_person(login, people) -> None:  # type: ignore[no-untyped-def]
    person = people["a"]
    client = login("unit_a")
    assert "Nguyễn Văn An" in client.get(f"/ca-nhan/{person.pk}/xoa/").content.decode()
    response = client.post(f"/ca-nhan/{person.pk}/xoa/")
    assert (response.status_code, response.url) == (302, "/ca-nhan/")
    assert not Person.objects.filter(pk=person.pk).exists()


# Search ------------------------------------------------------------------------------


@pytest.fixture
def namesakes(district) -> list[Person]:  # type: ignore[no-untyped-def]
    return add(
        district["a"],
        "Nguyễn Văn An",
        "Nguyễn Văn Ân",
        "Nguyễn Văn Anh",
        "Nguyễn Thị Ấn",
        "Đinh Văn Bảo",
        "Định Thị Hoa",
        "Trần Văn Dinh",
        "Lê Văn Bình",
    )


@pytest.mark.parametrize(
    "query", ["nguyen van an", "Nguyễn văn ân", "NGUYEN VAN AN", "  nguyễn   VĂN an "]
)
def test_search_ignores_diacritics_and_case(login, namesakes, query: str) -> None:  # type: ignore[no-untyped-def]
    found = listed(login("office").get("/ca-nhan/", {"q": query}))
    assert "Nguyễn Văn An" in found
    assert "Nguyễn Văn Ân" in found
    assert "Nguyễn Thị Ấn" not in found
    assert "Lê Văn Bình" not in found


def test_search_finds_d_stroke_by_d(login, namesakes) -> None:  # type: ignore[no-untyped-def]
    found = set(listed(login("office").get("/ca-nhan/", {"q": "dinh"})))
    assert found == {"Đinh Văn Bảo", "Định Thị Hoa", "Trần Văn Dinh"}
    assert set(listed(login("office").get("/ca-nhan/", {"q": "Đinh"}))) == found


def test_search_needs_every_word(login, namesakes) -> None:  # type: ignore[no-untyped-def]
    assert listed(login("office").get("/ca-nhan/", {"q": "dinh bao"})) == ["Đinh Văn Bảo"]
    assert listed(login("office").get("/ca-nhan/", {"q": "binh hoa"})) == []


def test_search_finds_by_code(login, namesakes, people) -> None:  # type: ignore[no-untyped-def]
    assert listed(login("office").get("/ca-nhan/", {"q": "cb-bs"})) == ["Lê Văn Cường"]


def test_search_keeps_the_query_in_the_box(login, namesakes) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get("/ca-nhan/", {"q": "Nguyễn văn ân"}).content.decode()
    assert 'value="Nguyễn văn ân"' in html


def test_search_with_no_match_says_so(login, namesakes) -> None:  # type: ignore[no-untyped-def]
    html = login("office").get("/ca-nhan/", {"q": "zzz"}).content.decode()
    assert "Không tìm thấy cá nhân nào." in html


# Order -------------------------------------------------------------------------------


def test_the_list_is_sorted_by_given_name_then_middle_then_family(login, district) -> None:  # type: ignore[no-untyped-def]
    add(
        district["a"],
        "Trần Văn Bình",
        "Nguyễn Thị Anh",
        "Lê Văn An",
        "Phạm Thị Ân",
        "Đỗ Văn An",
        "Vũ Thị An",
        "Bùi Đức Đạt",
        "Bùi Đức Dũng",
        "Hồ Văn Ánh",
        "Âu Văn An",
    )
    # Middle before family: "Vũ Thị An" precedes the "Văn An"s; family breaks the rest.
    expected = [
        "Vũ Thị An",
        "Âu Văn An",
        "Đỗ Văn An",
        "Lê Văn An",
        "Nguyễn Thị Anh",
        "Hồ Văn Ánh",
        "Phạm Thị Ân",
        "Trần Văn Bình",
        "Bùi Đức Dũng",
        "Bùi Đức Đạt",
    ]
    assert listed(login("office").get("/ca-nhan/")) == expected


def test_the_order_puts_lower_tones_first_for_the_same_letters(login, district) -> None:  # type: ignore[no-untyped-def]
    add(district["a"], "Lê Văn Hạ", "Lê Văn Hà", "Lê Văn Ha", "Lê Văn Hả", "Lê Văn Hã", "Lê Văn Há")
    assert listed(login("office").get("/ca-nhan/")) == [
        "Lê Văn Ha",
        "Lê Văn Hà",
        "Lê Văn Hả",
        "Lê Văn Hã",
        "Lê Văn Há",
        "Lê Văn Hạ",
    ]


def test_the_whole_given_name_decides_before_the_middle_name(login, district) -> None:  # type: ignore[no-untyped-def]
    add(district["a"], "Lê Thị Án", "Trần Văn An")
    assert listed(login("office").get("/ca-nhan/")) == ["Trần Văn An", "Lê Thị Án"]


def test_the_list_pages_in_fifties_keeping_the_order(login, district) -> None:  # type: ignore[no-untyped-def]
    names = [f"Nguyễn Văn {given}" for given in ("An", "Bình", "Cường", "Dũng", "Đạt", "Giang")]
    add(district["a"], *[name for name in names for _ in range(11)])
    client = login("office")
    first = client.get("/ca-nhan/")
    second = client.get("/ca-nhan/", {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 16
    assert listed(first)[0].endswith("An") and listed(second)[-1].endswith("Giang")
    assert "Trang 1/2 · 66 dòng" in first.content.decode()


def test_paging_keeps_the_search(login, district) -> None:  # type: ignore[no-untyped-def]
    add(district["a"], *["Nguyễn Văn An"] * 55, *["Lê Thị Bình"] * 3)
    response = login("office").get("/ca-nhan/", {"q": "nguyen", "page": 2})
    assert len(response.context["page"]) == 5
    assert "?q=nguyen&amp;page=1" in response.content.decode()


def test_birth_year_messages_read_as_proper_vietnamese(login, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    not_a_number = client.post("/ca-nhan/them/", person_data(district["a"], birth_year="năm 80"))
    too_old = client.post("/ca-nhan/them/", person_data(district["a"], birth_year="1900"))
    assert "tổng thể" not in messages(not_a_number)[0]
    assert not messages(too_old)[0].endswith(" .")


def test_the_person_and_unit_pages_show_no_code(login: Any, people: Any, district: Any) -> None:
    """Codes are the office's data (the edit form, exports, the API), never shown on a page."""
    office = login("office")
    person = office.get(f"/ca-nhan/{people['a'].pk}/").content.decode()
    assert "Nguyễn Văn An" in person and "CB-A" not in person.split("<main")[-1]
    people_list = office.get("/ca-nhan/").content.decode().split("<main")[-1]
    assert "Nguyễn Văn An" in people_list and "CB-A" not in people_list
    for url in (f"/don-vi/{district['b'].pk}/", "/don-vi/"):
        html = office.get(url).content.decode().split("<main")[-1]
        assert "UBND xã Mỹ An" in html and "XA-AN" not in html and "<th>Mã</th>" not in html
    form = office.get(f"/ca-nhan/{people['a'].pk}/sua/").content.decode()
    assert 'value="CB-A"' in form  # the office edits the code in the form
