"""Vietnamese collation (the ICU `vi` order), diacritic-free folding and the split of names.

The order expected below was checked against PostgreSQL's ICU collation "vi-x-icu":
letters compare by the Vietnamese alphabet over the whole string first, tone marks break
the ties (none < huyền < hỏi < ngã < sắc < nặng), then case (lower first)."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

import pytest
from django.db import connection

from thidua.lib.vietnamese import (
    collate,
    compare,
    fold,
    name_sort_text,
    normalize_name,
    sort_key,
    split_name,
)
from thidua.org.models import CompetitionGroup, Person, Unit
from thidua.org.views import people_ordered


def vi_sorted(words: list[str]) -> list[str]:
    return sorted(words, key=sort_key)


def shuffled(words: list[str], seed: int = 7) -> list[str]:
    out = list(words)
    random.Random(seed).shuffle(out)
    return out


# sort_key --------------------------------------------------------------------------


def test_it_orders_given_names_the_icu_way() -> None:
    # ICU (and PostgreSQL vi-x-icu): â is a letter after a, so every "a…" name precedes
    # every "â…" name, and "Ánh" differs from "Anh" only by its tone.
    expected = ["An", "Anh", "Ánh", "Ân"]
    assert vi_sorted(shuffled(expected)) == expected


def test_it_puts_a_before_a_breve_before_a_circumflex() -> None:
    expected = ["a", "ă", "â", "b"]
    assert vi_sorted(shuffled(expected)) == expected
    expected = ["an", "az", "ăn", "âm", "ân", "ba"]
    assert vi_sorted(shuffled(expected)) == expected


def test_it_puts_d_before_d_stroke() -> None:
    expected = ["da", "dư", "dz", "đa", "Đào", "e"]
    assert vi_sorted(shuffled(expected)) == expected


def test_it_orders_the_other_vietnamese_letters() -> None:
    expected = ["e", "ê", "f", "o", "ô", "ơ", "p", "u", "ư", "v"]
    assert vi_sorted(shuffled(expected)) == expected


def test_it_breaks_ties_by_tone_in_icu_order() -> None:
    # none < huyền < hỏi < ngã < sắc < nặng
    expected = ["a", "à", "ả", "ã", "á", "ạ"]
    assert vi_sorted(shuffled(expected)) == expected
    expected = ["ơ", "ờ", "ở", "ỡ", "ớ", "ợ"]
    assert vi_sorted(shuffled(expected)) == expected


def test_letters_weigh_more_than_tones() -> None:
    # The tone of the first letter matters only when the letters of both words are equal.
    assert vi_sorted(["ạb", "ac"]) == ["ạb", "ac"]
    assert vi_sorted(["Ánh", "Anhx"]) == ["Ánh", "Anhx"]
    assert vi_sorted(["ác", "ăa"]) == ["ác", "ăa"]


def test_it_puts_lower_case_before_upper_case() -> None:
    assert vi_sorted(["A", "a"]) == ["a", "A"]
    assert vi_sorted(["Đa", "đa", "da"]) == ["da", "đa", "Đa"]
    # Case is the last tie-breaker: a tone outweighs it.
    assert vi_sorted(["à", "A"]) == ["A", "à"]


def test_a_shorter_word_comes_first() -> None:
    assert vi_sorted(["Anh", "An"]) == ["An", "Anh"]
    assert vi_sorted(["An Văn", "Anh"]) == ["An Văn", "Anh"]


def test_it_ignores_the_unicode_normal_form() -> None:
    composed = "Nguyễn Ánh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert sort_key(composed) == sort_key(decomposed)
    assert compare(composed, decomposed) == 0


def test_compare_agrees_with_sort_key() -> None:
    assert compare("An", "Ân") == -1
    assert compare("Ân", "An") == 1
    assert compare("an", "an") == 0


def test_digits_sort_before_letters_and_spaces_before_digits() -> None:
    assert vi_sorted(["a", "1", " "]) == [" ", "1", "a"]
    assert vi_sorted(["Tổ 10", "Tổ 2", "Tổ A"]) == ["Tổ 10", "Tổ 2", "Tổ A"]


# fold -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("ĐINH Thị Đào", "dinh thi dao"),
        ("Ưng Ơn Ông", "ung on ong"),
        ("  Trần   Thị  Bình ", "tran thi binh"),
        ("XA-AN Mỹ Ấn", "xa-an my an"),
        (unicodedata.normalize("NFD", "Lê Thị Hồng Nhung"), "le thi hong nhung"),
    ],
)
def test_fold_removes_diacritics_case_and_extra_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


# split_name / name_sort_text ---------------------------------------------------------


def test_split_name_takes_family_middle_and_given_name() -> None:
    assert split_name("Nguyễn Thị Thu Hà") == ("Nguyễn", "Thị Thu", "Hà")
    assert split_name("Lê An") == ("Lê", "", "An")
    assert split_name("Hà") == ("", "", "Hà")


def test_split_name_normalises_spaces_and_unicode() -> None:
    assert split_name("  Trần   Văn  Cường ") == ("Trần", "Văn", "Cường")
    family, middle, given = split_name(unicodedata.normalize("NFD", "Đỗ Ánh"))
    assert (family, middle, given) == ("Đỗ", "", "Ánh")
    assert unicodedata.is_normalized("NFC", family + given)


def test_name_sort_text_puts_the_given_name_first() -> None:
    assert name_sort_text("Nguyễn Thị Thu Hà") == "Hà Thị Thu Nguyễn"
    assert name_sort_text("Lê An") == "An Lê"
    assert name_sort_text("Hà") == "Hà"


def test_normalize_name_composes_and_squeezes() -> None:
    assert normalize_name(unicodedata.normalize("NFD", " Phạm  Ngọc ")) == "Phạm Ngọc"


# In the database: PostgreSQL's ICU collation and SQLite's registered `vi` agree with sort_key


FAMILIES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Đỗ",
    "Dương",
    "Âu",
    "Ưng",
    "Ông",
    "Ơn",
    "Ngô",
    "Ân",
]
MIDDLES = ["", "Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thu", "Xuân", "Ánh", "Anh", "Bảo", "Ân"]
SYLLABLES = [
    "a",
    "an",
    "anh",
    "ăn",
    "ân",
    "ang",
    "da",
    "đa",
    "e",
    "ê",
    "em",
    "o",
    "ô",
    "ơ",
    "ơn",
    "u",
    "ư",
    "ưng",
    "y",
    "yên",
    "uân",
    "hoa",
    "tâm",
    "thư",
    "bich",
    "nhung",
]
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def with_tone(syllable: str, tone: str) -> str:
    """Put the tone mark on the first vowel (after its letter mark): 'ân' + sắc -> 'ấn'."""
    nfd = unicodedata.normalize("NFD", syllable)
    for i, ch in enumerate(nfd):
        if ch in "aeiouy":
            j = i + 1
            while j < len(nfd) and unicodedata.combining(nfd[j]):
                j += 1
            nfd = nfd[:j] + tone + nfd[j:]
            break
    return unicodedata.normalize("NFC", nfd)


def generated_names(n: int = 400, seed: int = 20260105) -> list[str]:
    rng = random.Random(seed)
    givens = [with_tone(s, t) for s in SYLLABLES for t in TONES]
    names: set[str] = set()
    while len(names) < n:
        parts = [rng.choice(FAMILIES), rng.choice(MIDDLES), rng.choice(givens)]
        case = rng.choice([str.title, str.title, str.lower, str.upper])
        names.add(case(" ".join(p for p in parts if p)))
    return sorted(names)  # a deterministic, code-point order to start from


def store_people(names: list[str]) -> None:
    group = CompetitionGroup.objects.get(code="phong")
    unit = Unit.objects.create(code="DV-SORT", name="Đơn vị", level="co_quan", group=group)
    # bulk_create skips save(): derive() fills the name parts, sort_name and search_text.
    Person.objects.bulk_create(
        Person(code=f"P{i:04d}", full_name=name, gender="nam", unit=unit).derive()
        for i, name in enumerate(shuffled(names, seed=3))
    )


def sort_name_order() -> list[str]:
    """ORDER BY sort_name COLLATE <the vendor's Vietnamese collation>."""
    ordered = Person.objects.order_by(collate("sort_name", connection.vendor), "code")
    return list(ordered.values_list("sort_name", flat=True))


def list_order() -> list[str]:
    """The order of the people list: given, middle and family name, each whole."""
    return list(people_ordered(Person.objects.all()).values_list("full_name", flat=True))


def by_name_parts(name: str) -> tuple[Any, ...]:
    family, middle, given = split_name(name)
    return sort_key(given), sort_key(middle), sort_key(family)


def test_generated_names_cover_the_hard_cases() -> None:
    names = generated_names()
    letters = set("".join(names).lower())
    assert {"ă", "â", "đ", "ê", "ô", "ơ", "ư", "à", "ả", "ã", "á", "ạ"} <= letters
    assert any(n.isupper() for n in names) and any(n.islower() for n in names)
    assert len({name_sort_text(n) for n in names}) == len(names)


@pytest.mark.django_db
def test_postgresql_icu_order_equals_sort_key() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's vi-x-icu collation")
    names = generated_names()
    store_people(names)
    assert sort_name_order() == sorted((name_sort_text(n) for n in names), key=sort_key)


@pytest.mark.django_db
def test_postgresql_people_list_order_equals_sort_key_by_name_part() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's vi-x-icu collation")
    names = generated_names()
    store_people(names)
    assert list_order() == sorted(names, key=by_name_parts)


@pytest.mark.django_db
def test_postgresql_icu_agrees_on_the_documented_examples() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's vi-x-icu collation")
    words = [
        "Ân",
        "An",
        "Ánh",
        "Anh",
        "ạ",
        "a",
        "á",
        "ả",
        "A",
        "à",
        "ã",
        "đa",
        "da",
        "Đa",
        "ăn",
        "ạb",
        "ac",
        "Anhx",
        "ác",
        "ăa",
        "âm",
        "az",
        "dư",
        "dz",
        "Đào",
        "ê",
        "ơ",
        "ờ",
        "ợ",
        "ư",
        "v",
        "An Văn",
        "Tổ 10",
        "Tổ 2",
        "Tổ A",
        "1",
        " ",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT w FROM unnest(%s::text[]) AS t(w) ORDER BY w COLLATE "vi-x-icu"', [words]
        )
        in_db = [row[0] for row in cursor.fetchall()]
    assert in_db == vi_sorted(words)


@pytest.mark.django_db
def test_sqlite_vi_collation_order_equals_sort_key() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the `vi` collation is registered on SQLite connections")
    names = generated_names()
    store_people(names)
    assert sort_name_order() == sorted((name_sort_text(n) for n in names), key=sort_key)
    assert list_order() == sorted(names, key=by_name_parts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ? < ? COLLATE vi, ? < ? COLLATE vi", ["Anh", "Ân", "đa", "da"])
        assert cursor.fetchone() == (1, 0)


def test_collate_names_the_vendor_collation() -> None:
    assert collate("sort_name", "postgresql").collation == "vi-x-icu"
    assert collate("sort_name", "sqlite").collation == "vi"
