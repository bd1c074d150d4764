"""Vietnamese text: collation that agrees with ICU's `vi` (PostgreSQL `vi-x-icu`), folding
for diacritic-free search, and the split of a full name into family, middle and given name.

The collation key follows ICU: letters compare by the Vietnamese alphabet
(a ă â b c d đ e ê … o ô ơ … u ư …) first over the whole string, tone marks break ties
(none < huyền < hỏi < ngã < sắc < nặng), case breaks the remaining ties (lower first).
Spaces and punctuation sort before digits, digits before letters.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from django.db.models import Expression, F, Q
from django.db.models.functions import Collate

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: 200 + i for i, ch in enumerate(ALPHABET)}
# Combining marks that make a separate letter of the alphabet.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
_COMPOSE = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone marks, in the order they break ties.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

PG_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vi"


def _primary(ch: str) -> int:
    if ch in _LETTER_RANK:
        return _LETTER_RANK[ch]
    if ch.isdigit():
        return 100 + int(ch) if ch.isascii() else 110
    if ch.isspace():
        return 1
    if not ch.isalnum():
        return 2 + min(ord(ch), 90)
    return 1000 + ord(ch)


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key that orders strings as ICU's Vietnamese collation does."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for cluster in _clusters(unicodedata.normalize("NFD", text)):
        base, marks = cluster[0], cluster[1:]
        lower = base.lower()
        letter = lower
        tone = 0
        for mark in marks:
            if mark in _LETTER_MARKS and (letter, mark) in _COMPOSE:
                letter = _COMPOSE[(letter, mark)]
            elif mark in _TONES:
                tone = _TONES[mark]
        primary.append(_primary(letter))
        secondary.append(tone)
        tertiary.append(0 if base == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def _clusters(nfd: str) -> list[str]:
    out: list[str] = []
    for ch in nfd:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def compare(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give every SQLite connection the `vi` collation, so ORDER BY works in the database."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


def collate(expression: str | Expression, vendor: str) -> Collate:
    """`expression` under the Vietnamese collation of the given database vendor."""
    name = PG_COLLATION if vendor == "postgresql" else SQLITE_COLLATION
    return Collate(F(expression) if isinstance(expression, str) else expression, name)


def search_q(query: str, field: str = "search_text") -> Q:
    """Every word of the query must begin a word of `field` (a fold()ed column), whatever
    the diacritics: 'nguyen van an' and 'Nguyễn văn ân' find 'Nguyễn Văn An', not
    'Nguyễn Văn Thành'; 'ngu' finds 'Nguyễn'."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
    return condition


def fold(text: str) -> str:
    """Lower-case text without diacritics: 'Nguyễn Văn Ân' -> 'nguyen van an'."""
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in nfd if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: 'Nguyễn Thị Thu Hà' ->
    ('Nguyễn', 'Thị Thu', 'Hà')."""
    words = normalize_name(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_text(full_name: str) -> str:
    """Given name, then middle, then family name: what lists of people are sorted by."""
    family, middle, given = split_name(full_name)
    return " ".join(part for part in (given, middle, family) if part)


def normalize_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
