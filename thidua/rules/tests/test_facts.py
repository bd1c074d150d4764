"""RULES.md §1: the facts format, its defaults and every refusal (one line naming section,
index and field)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import (
    Attestation,
    Award,
    Facts,
    FactsError,
    ParScore,
    Person,
    Rating,
    Review,
    Unit,
    facts_to_dict,
    load_facts,
    parse_facts_json,
)
from thidua.rules.tests.helpers import doc, par, person, unit


def _refused(data: Any) -> str:
    with pytest.raises(FactsError) as info:
        load_facts(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def _base(**extra: Any) -> dict[str, Any]:
    sections: dict[str, Any] = {
        "units": [
            unit("PNV", "phong"),
            unit("XA", "xa"),
            unit("BP", "bo_phan", par_assessed=False),
        ],
        "people": [person("CB1", "PNV"), person("CB2", "XA")],
    }
    sections.update(extra)
    return doc(**sections)


# --- what is accepted, and the defaults ---------------------------------------------------


def test_it_accepts_a_document_with_every_section_absent() -> None:
    facts = load_facts({"format": "thidua-facts/1"})
    assert facts.units == () and facts.people == () and facts.attestations == ()


def test_it_fills_in_the_defaults_of_rules_md() -> None:
    facts = load_facts(
        _base(
            par_scores=[par("PNV", 2024, 91.25)],
            awards=[{"recipient": "CB1", "form": "giay_khen_chu_tich_huyen", "year": 2023}],
            initiatives=[{"code": "SK1", "year": 2024, "scope": "huyen"}],
        )
    )
    pnv = facts.unit_by_code["PNV"]
    assert pnv.name == "PNV" and pnv.par_assessed is True
    cb1 = facts.person_by_code["CB1"]
    assert (cb1.name, cb1.position, cb1.key_leader, cb1.cchc_role, cb1.unit_chair) == (
        "",
        "",
        False,
        False,
        False,
    )
    assert facts.par_scores[0].max == Decimal(100)
    assert facts.awards[0].field == "chung"
    assert facts.initiatives[0].unit is None and facts.initiatives[0].authors == ()


def test_it_keeps_numbers_as_exact_decimals_from_floats_or_decimals() -> None:
    from_floats = load_facts(_base(par_scores=[par("PNV", 2024, 89.995)]))
    assert from_floats.par_scores[0].score == Decimal("89.995")
    from_text = parse_facts_json(json.dumps(_base(par_scores=[par("PNV", 2024, 18.9, max=21)])))
    assert from_text.par_scores[0].score == Decimal("18.9")
    assert from_text.par_scores[0].max == Decimal(21)


def test_it_accepts_a_score_equal_to_max_and_zero() -> None:
    facts = load_facts(_base(par_scores=[par("PNV", 2024, 100), par("XA", 2024, 0)]))
    assert [s.score for s in facts.par_scores] == [Decimal(100), Decimal(0)]


def test_it_accepts_a_review_closed_the_day_it_opened() -> None:
    facts = load_facts(
        _base(
            reviews=[
                {"subject": "CB1", "since": "2024-03-01", "kind": "bao_chi", "until": "2024-03-01"}
            ]
        )
    )
    assert facts.reviews[0].until == dt.date(2024, 3, 1)


def test_it_does_not_check_that_a_title_fits_its_recipient() -> None:
    facts = load_facts(
        _base(awards=[{"recipient": "PNV", "form": "chien_si_thi_dua_co_so", "year": 2023}])
    )
    assert facts.awards_of["PNV"][0].form == "chien_si_thi_dua_co_so"


def test_it_lets_initiative_codes_reuse_unit_codes() -> None:
    facts = load_facts(_base(initiatives=[{"code": "PNV", "year": 2024, "scope": "co_so"}]))
    assert facts.initiatives[0].code == "PNV"


def test_it_reads_sections_whatever_their_order_in_the_document() -> None:
    data = _base(ratings=[{"subject": "CB1", "year": 2024, "rating": "HTXSNV"}])
    reordered = {k: data[k] for k in ("ratings", "people", "format", "units")}
    assert load_facts(reordered).rating("CB1", 2024) == "HTXSNV"


# --- refusals: document level -------------------------------------------------------------


def test_it_refuses_a_document_that_is_not_an_object() -> None:
    assert _refused([]) == "document: must be a JSON object"


def test_it_refuses_a_missing_format() -> None:
    assert _refused({"units": []}).startswith("format: required field is missing")


def test_it_refuses_a_wrong_format() -> None:
    assert _refused({"format": "thidua-facts/2"}).startswith('format: must be "thidua-facts/1"')


def test_it_refuses_an_unknown_top_level_key() -> None:
    assert _refused({"format": "thidua-facts/1", "unit": []}).startswith("unit: unknown key")


def test_it_refuses_a_section_that_is_not_a_list() -> None:
    assert _refused(doc(units={"code": "X"})).startswith("units: must be a list")


def test_it_refuses_a_record_that_is_not_an_object() -> None:
    assert _refused(_base(ratings=["CB1"])) == "ratings[0]: must be an object"


# --- refusals: one per rule of the table --------------------------------------------------

REFUSALS = [
    # unknown keys anywhere
    (_base(units=[unit("A", colour="red")]), "units[0].colour: unknown key"),
    (_base(people=[person("P", "PNV", age=3)]), "people[0].age: unknown key"),
    (_base(par_scores=[par("PNV", 2024, 90, note="x")]), "par_scores[0].note: unknown key"),
    (
        _base(ratings=[{"subject": "CB1", "year": 2024, "rating": "HTXSNV", "by": "x"}]),
        "ratings[0].by: unknown key",
    ),
    (
        _base(attestations=[{"subject": "CB1", "year": 2024, "key": "k", "who": "x"}]),
        "attestations[0].who: unknown key",
    ),
    # missing required fields
    (_base(units=[{"group": "xa"}]), "units[0].code: required field is missing"),
    (_base(units=[{"code": "A"}]), "units[0].group: required field is missing"),
    (_base(people=[{"code": "P"}]), "people[0].unit: required field is missing"),
    (_base(par_scores=[{"unit": "PNV", "year": 2024}]), "par_scores[0].score: required field"),
    (_base(ratings=[{"subject": "CB1", "year": 2024}]), "ratings[0].rating: required field"),
    (
        _base(disciplines=[{"person": "CB1", "level": "canh_cao"}]),
        "disciplines[0].date: required field",
    ),
    (_base(reviews=[{"subject": "CB1", "since": "2024-01-01"}]), "reviews[0].kind: required"),
    (_base(awards=[{"recipient": "CB1", "year": 2024}]), "awards[0].form: required field"),
    (_base(initiatives=[{"code": "S", "year": 2024}]), "initiatives[0].scope: required field"),
    (_base(attestations=[{"subject": "CB1", "key": "k"}]), "attestations[0].year: required"),
    # wrong types
    (_base(units=[unit("")]), "units[0].code: must be a non-empty string"),
    (_base(units=[unit(7)]), "units[0].code: must be a non-empty string"),
    (_base(units=[unit("A", name=3)]), "units[0].name: must be a string"),
    (_base(units=[unit("A", par_assessed="yes")]), "units[0].par_assessed: must be true or false"),
    (_base(units=[unit("A", par_assessed=1)]), "units[0].par_assessed: must be true or false"),
    (_base(people=[person("P", "PNV", cchc_role=1)]), "people[0].cchc_role: must be true or"),
    (_base(people=[person("P", "PNV", position=None)]), "people[0].position: null is not allowed"),
    (_base(par_scores=[par("PNV", "2024", 90)]), "par_scores[0].year: must be an integer year"),
    (_base(par_scores=[par("PNV", 2024.0, 90)]), "par_scores[0].year: must be an integer year"),
    (_base(par_scores=[par("PNV", True, 90)]), "par_scores[0].year: must be an integer year"),
    (
        _base(par_scores=[par("PNV", 2024, True)]),
        "par_scores[0].score: must be a number between 0 and max (100)",
    ),
    (
        _base(par_scores=[par("PNV", 2024, "90")]),
        "par_scores[0].score: must be a number between 0 and max (100)",
    ),
    (
        _base(par_scores=[par("PNV", 2024, None)]),
        "par_scores[0].score: must be a number between 0 and max (100)",
    ),
    (_base(par_scores=[par("PNV", 2024, 9, max=None)]), "par_scores[0].max: null is not allowed"),
    (_base(par_scores=[par("PNV", 2024, 9, max=False)]), "par_scores[0].max: must be a number"),
    (
        _base(initiatives=[{"code": "S", "year": 2024, "scope": "huyen", "authors": "CB1"}]),
        "initiatives[0].authors: must be a list of person codes",
    ),
    (
        _base(initiatives=[{"code": "S", "year": 2024, "scope": "huyen", "unit": None}]),
        "initiatives[0].unit: null is not allowed",
    ),
    (
        _base(attestations=[{"subject": "CB1", "year": 2024, "key": ""}]),
        "attestations[0].key: must be a non-empty string",
    ),
    # values outside their lists
    (_base(units=[unit("A", "huyen")]), "units[0].group: must be one of phong, xa"),
    (_base(ratings=[{"subject": "CB1", "year": 2024, "rating": "XS"}]), "ratings[0].rating: must"),
    (
        _base(disciplines=[{"person": "CB1", "date": "2024-01-02", "level": "phe_binh"}]),
        "disciplines[0].level: must be one of khien_trach",
    ),
    (
        _base(reviews=[{"subject": "CB1", "since": "2024-01-02", "kind": "to_cao"}]),
        "reviews[0].kind: must be one of xem_xet_ky_luat",
    ),
    (
        _base(awards=[{"recipient": "CB1", "form": "huy_chuong", "year": 2024}]),
        "awards[0].form: must be one of giay_khen_chu_tich_xa",
    ),
    (
        _base(
            awards=[
                {"recipient": "CB1", "form": "lao_dong_tien_tien", "year": 2024, "field": "khac"}
            ]
        ),
        "awards[0].field: must be one of cchc, chung",
    ),
    (
        _base(initiatives=[{"code": "S", "year": 2024, "scope": "xa"}]),
        "initiatives[0].scope: must be one of co_so, huyen, tinh, toan_quoc",
    ),
    # references to codes that do not exist
    (_base(people=[person("P", "NOPE")]), 'people[0].unit: no unit with code "NOPE"'),
    (_base(people=[person("P", "CB1")]), 'people[0].unit: no unit with code "CB1"'),
    (_base(par_scores=[par("CB1", 2024, 90)]), 'par_scores[0].unit: no unit with code "CB1"'),
    (
        _base(ratings=[{"subject": "X", "year": 2024, "rating": "HTNV"}]),
        'ratings[0].subject: no unit or person with code "X"',
    ),
    (
        _base(disciplines=[{"person": "PNV", "date": "2024-01-02", "level": "canh_cao"}]),
        'disciplines[0].person: no person with code "PNV"',
    ),
    (
        _base(reviews=[{"subject": "X", "since": "2024-01-02", "kind": "bao_chi"}]),
        'reviews[0].subject: no unit or person with code "X"',
    ),
    (
        _base(awards=[{"recipient": "X", "form": "lao_dong_tien_tien", "year": 2024}]),
        'awards[0].recipient: no unit or person with code "X"',
    ),
    (
        _base(initiatives=[{"code": "S", "year": 2024, "scope": "huyen", "unit": "CB1"}]),
        'initiatives[0].unit: no unit with code "CB1"',
    ),
    (
        _base(initiatives=[{"code": "S", "year": 2024, "scope": "huyen", "authors": ["CB1", "Z"]}]),
        'initiatives[0].authors[1]: no person with code "Z"',
    ),
    (
        _base(attestations=[{"subject": "X", "year": 2024, "key": "k"}]),
        'attestations[0].subject: no unit or person with code "X"',
    ),
    # codes used twice
    (
        _base(units=[unit("A"), unit("A", "xa")]),
        'units[1].code: code "A" is already used by units[0]',
    ),
    (
        _base(people=[person("PNV", "PNV")]),
        'people[0].code: code "PNV" is already used by units[0]',
    ),
    (
        _base(people=[person("P", "PNV"), person("P", "XA")]),
        'people[1].code: code "P" is already used by people[0]',
    ),
    (
        _base(
            initiatives=[
                {"code": "S", "year": 2024, "scope": "huyen"},
                {"code": "S", "year": 2023, "scope": "tinh"},
            ]
        ),
        'initiatives[1].code: code "S" is already used by initiatives[0]',
    ),
    # duplicates per (unit, year) and (subject, year)
    (
        _base(par_scores=[par("PNV", 2023, 80), par("PNV", 2024, 90), par("PNV", 2024, 91)]),
        'par_scores[2].year: a second score for unit "PNV" in 2024 (the first is par_scores[1])',
    ),
    (
        _base(
            ratings=[
                {"subject": "CB1", "year": 2024, "rating": "HTNV"},
                {"subject": "CB2", "year": 2024, "rating": "HTNV"},
                {"subject": "CB1", "year": 2024, "rating": "HTXSNV"},
            ]
        ),
        'ratings[2].year: a second rating for "CB1" in 2024 (the first is ratings[0])',
    ),
    # PAR score of a unit not assessed
    (_base(par_scores=[par("BP", 2024, 90)]), 'par_scores[0].unit: unit "BP" is not assessed'),
    # score outside [0, max], max <= 0
    (
        _base(par_scores=[par("PNV", 2024, 100.01)]),
        "par_scores[0].score: must be a number between 0 and max (100)",
    ),
    (
        _base(par_scores=[par("PNV", 2024, -0.5)]),
        "par_scores[0].score: must be a number between 0 and max (100)",
    ),
    (
        _base(par_scores=[par("PNV", 2024, 21.5, max=21)]),
        "par_scores[0].score: must be a number between 0 and max (21)",
    ),
    (_base(par_scores=[par("PNV", 2024, 0, max=0)]), "par_scores[0].max: must be a number greater"),
    (
        _base(par_scores=[par("PNV", 2024, 0, max=-5)]),
        "par_scores[0].max: must be a number greater",
    ),
    # dates that are not real YYYY-MM-DD days
    (
        _base(disciplines=[{"person": "CB1", "date": "2024-2-1", "level": "canh_cao"}]),
        "disciplines[0].date: must be a date written YYYY-MM-DD",
    ),
    (
        _base(disciplines=[{"person": "CB1", "date": "2023-02-29", "level": "canh_cao"}]),
        "disciplines[0].date: must be a real day written YYYY-MM-DD",
    ),
    (
        _base(reviews=[{"subject": "CB1", "since": "01/02/2024", "kind": "bao_chi"}]),
        "reviews[0].since: must be a date written YYYY-MM-DD",
    ),
    (
        _base(reviews=[{"subject": "CB1", "since": "2024-01-02T00:00", "kind": "bao_chi"}]),
        "reviews[0].since: must be a date written YYYY-MM-DD",
    ),
    (
        _base(reviews=[{"subject": "CB1", "since": "2024-13-01", "kind": "bao_chi"}]),
        "reviews[0].since: must be a real day",
    ),
    (
        _base(reviews=[{"subject": "CB1", "since": "２０２４-01-01", "kind": "bao_chi"}]),
        "reviews[0].since: must be a date written YYYY-MM-DD",
    ),
    (
        _base(
            reviews=[{"subject": "CB1", "since": "2024-01-02", "kind": "bao_chi", "until": None}]
        ),
        "reviews[0].until: null is not allowed",
    ),
    # a review closed before it opened
    (
        _base(
            reviews=[
                {
                    "subject": "CB1",
                    "since": "2024-05-02",
                    "kind": "khieu_nai",
                    "until": "2024-05-01",
                }
            ]
        ),
        "reviews[0].until: 2024-05-01 is before since (2024-05-02)",
    ),
]


@pytest.mark.parametrize(("data", "expected"), REFUSALS)
def test_it_refuses_bad_facts_with_one_line_naming_section_index_and_field(
    data: dict[str, Any], expected: str
) -> None:
    message = _refused(data)
    assert message.startswith(expected), message


def test_it_reports_the_first_problem_in_document_order() -> None:
    data = _base(
        par_scores=[par("PNV", 2024, 90), par("NOPE", 2024, 90)],
        ratings=[{"subject": "NOPE", "year": 2024, "rating": "HTNV"}],
    )
    assert _refused(data).startswith("par_scores[1].unit")


def test_it_refuses_malformed_json_as_bad_facts() -> None:
    with pytest.raises(FactsError, match="^malformed JSON: "):
        parse_facts_json(b'{"format": "thidua-facts/1",')
    with pytest.raises(FactsError, match="NaN"):
        parse_facts_json('{"format": "thidua-facts/1", "x": NaN}')


def test_it_refuses_non_finite_numbers_given_as_floats() -> None:
    message = _refused(_base(par_scores=[par("PNV", 2024, float("nan"))]))
    assert message.startswith("par_scores[0].score: must be a number")


def test_it_checks_the_hot_sections_exactly_like_the_others() -> None:
    """The fast paths of people, ratings, awards and attestations agree with the slow one."""
    assert _refused(_base(people=[person("P", "PNV", key_leader=None)])).startswith(
        "people[0].key_leader: null is not allowed"
    )
    assert _refused(_base(ratings=[{"subject": "CB1", "year": True, "rating": "HTNV"}])).startswith(
        "ratings[0].year: must be an integer year"
    )
    assert _refused(
        _base(
            awards=[{"recipient": "CB1", "form": "lao_dong_tien_tien", "year": 2024, "field": None}]
        )
    ).startswith("awards[0].field: null is not allowed")
    assert _refused(_base(attestations=[{"subject": "CB1", "year": 2024, "key": 5}])).startswith(
        "attestations[0].key: must be a non-empty string"
    )


# --- records in, records out --------------------------------------------------------------


def test_it_builds_the_same_facts_from_typed_records() -> None:
    data = _base(
        par_scores=[par("PNV", 2024, 91.5)],
        ratings=[{"subject": "CB1", "year": 2024, "rating": "HTXSNV"}],
        awards=[
            {"recipient": "CB1", "form": "giay_khen_chu_tich_huyen", "year": 2023, "field": "cchc"}
        ],
        attestations=[{"subject": "PNV", "year": 2024, "key": "k"}],
        reviews=[{"subject": "CB2", "since": "2024-01-02", "kind": "bao_chi"}],
    )
    loaded = load_facts(data)
    built = Facts.from_records(
        units=[
            Unit("PNV", "phong", "PNV"),
            Unit("XA", "xa", "XA"),
            Unit("BP", "bo_phan", "BP", par_assessed=False),
        ],
        people=[Person("CB1", "PNV"), Person("CB2", "XA")],
        par_scores=[ParScore("PNV", 2024, Decimal("91.5"))],
        ratings=[Rating("CB1", 2024, "HTXSNV")],
        awards=[Award("CB1", "giay_khen_chu_tich_huyen", 2023, "cchc")],
        attestations=[Attestation("PNV", 2024, "k")],
        reviews=[Review("CB2", dt.date(2024, 1, 2), "bao_chi")],
    )
    assert built.same_records(loaded)
    assert built.rating("CB1", 2024) == "HTXSNV"
    assert built.attested_years("PNV", "k", [2023, 2024]) == [2024]


def test_it_checks_references_and_duplicates_of_typed_records_too() -> None:
    with pytest.raises(FactsError, match=r'^people\[0\]\.unit: no unit with code "X"'):
        Facts.from_records(units=[Unit("A", "xa")], people=[Person("P", "X")])
    with pytest.raises(FactsError, match=r"^ratings\[1\]\.year: a second rating"):
        Facts.from_records(
            units=[Unit("A", "xa")],
            ratings=[Rating("A", 2024, "HTNV"), Rating("A", 2024, "HTXSNV")],
        )
    with pytest.raises(FactsError, match=r"^par_scores\[0\]\.unit: .*not assessed"):
        Facts.from_records(
            units=[Unit("A", "xa", par_assessed=False)],
            par_scores=[ParScore("A", 2024, Decimal(50))],
        )


def test_it_writes_facts_back_to_the_same_document() -> None:
    data = _base(
        par_scores=[par("PNV", 2024, 89.995), par("XA", 2024, 18.9, max=21)],
        disciplines=[{"person": "CB1", "date": "2024-05-01", "level": "khien_trach"}],
        reviews=[
            {"subject": "CB1", "since": "2024-10-01", "kind": "khieu_nai", "until": "2025-01-02"}
        ],
        initiatives=[
            {"code": "SK1", "unit": "PNV", "authors": ["CB1"], "year": 2024, "scope": "huyen"}
        ],
    )
    facts = load_facts(data)
    again = load_facts(json.loads(json.dumps(facts_to_dict(facts))))
    assert again.same_records(facts)


# --- robustness ---------------------------------------------------------------------------

_JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "PNV", "CB1", "2024-02-30", "2024-01-01", "HTXSNV", "xa", "huyen"]),
    st.lists(st.sampled_from(["CB1", "CB2", 3]), max_size=2),
    st.just({}),
)


def _valid() -> dict[str, Any]:
    return _base(
        par_scores=[par("PNV", 2024, 90), par("XA", 2024, 18.9, max=21)],
        ratings=[
            {"subject": s, "year": y, "rating": "HTXSNV"}
            for s in ("CB1", "CB2", "PNV")
            for y in (2023, 2024)
        ],
        disciplines=[{"person": "CB1", "date": "2024-05-01", "level": "khien_trach"}],
        reviews=[{"subject": "CB2", "since": "2024-10-01", "kind": "khieu_nai"}],
        awards=[{"recipient": "CB1", "form": "giay_khen_chu_tich_huyen", "year": 2023}],
        initiatives=[
            {"code": "SK1", "unit": "PNV", "authors": ["CB1"], "year": 2024, "scope": "huyen"}
        ],
        attestations=[{"subject": s, "year": 2024, "key": "k"} for s in ("CB1", "XA")],
    )


@given(st.data())
def test_it_only_ever_refuses_with_a_facts_error_naming_where(data: st.DataObject) -> None:
    document = _valid()
    section = data.draw(st.sampled_from([k for k in document if k != "format"]))
    records = document[section]
    index = data.draw(st.integers(0, len(records) - 1))
    record = records[index]
    action = data.draw(st.sampled_from(["set", "drop", "add", "duplicate"]))
    if action == "set":
        record[data.draw(st.sampled_from(sorted(record)))] = data.draw(_JSON_VALUES)
    elif action == "drop":
        del record[data.draw(st.sampled_from(sorted(record)))]
    elif action == "add":
        record[data.draw(st.sampled_from(["extra", "code", "year", "max"]))] = data.draw(
            _JSON_VALUES
        )
    else:
        records.append(dict(record))
    try:
        load_facts(document)
    except FactsError as exc:
        message = str(exc)
        assert "\n" not in message
        # the problem may surface in another record (a code now used twice, a reference)
        assert re.match(r"^[a-z_]+\[\d+\](\.[a-z_]+)?(\[\d+\])?: ", message), message


def test_it_reads_loaded_ratings_and_attestations_as_ordinary_records() -> None:
    facts = load_facts(
        _base(
            ratings=[
                {"subject": "CB1", "year": 2024, "rating": "HTXSNV"},
                {"subject": "CB2", "year": 2023, "rating": "HTNV"},
                {"subject": "CB2", "year": 2024, "rating": "KHTNV"},
            ],
            attestations=[{"subject": "XA", "year": 2022, "key": "k"}],
        )
    )
    assert len(facts.ratings) == 3
    assert facts.ratings[1] == Rating("CB2", 2023, "HTNV")
    assert list(facts.ratings[1:]) == [Rating("CB2", 2023, "HTNV"), Rating("CB2", 2024, "KHTNV")]
    assert facts.ratings == (
        Rating("CB1", 2024, "HTXSNV"),
        Rating("CB2", 2023, "HTNV"),
        Rating("CB2", 2024, "KHTNV"),
    )
    assert list(facts.attestations) == [Attestation("XA", 2022, "k")]
    assert facts.rating("CB2", 2023) == "HTNV" and facts.rating("CB2", 2022) is None


def test_it_takes_database_rows_for_the_biggest_sections() -> None:
    from thidua.rules.facts import LazyRecords

    facts = Facts.from_records(
        units=[Unit("A", "xa")],
        people=[Person("P", "A")],
        ratings=LazyRecords.from_rows([("A", 2024, "HTXSNV"), ("P", 2024, "HTNV")], Rating),
        attestations=LazyRecords.from_rows([("P", 2023, "guong_mau")], Attestation),
    )
    assert facts.rating("P", 2024) == "HTNV"
    assert facts.attested_years("P", "guong_mau", [2023, 2024]) == [2023]
    assert list(facts.ratings) == [Rating("A", 2024, "HTXSNV"), Rating("P", 2024, "HTNV")]
    assert len(LazyRecords.from_rows([], Rating)) == 0
    with pytest.raises(
        FactsError, match=r'^ratings\[1\]\.subject: no unit or person with code "Z"'
    ):
        Facts.from_records(
            units=[Unit("A", "xa")],
            ratings=LazyRecords.from_rows([("A", 2024, "HTNV"), ("Z", 2024, "HTNV")], Rating),
        )
