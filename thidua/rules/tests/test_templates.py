"""The five shipped templates, each on a small hand-built district with hand-computed
verdicts (RULES.md §3)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules import EvaluationError, load_facts, load_template
from thidua.rules.template import TEMPLATE_KEYS, TIE_NOTE
from thidua.rules.tests.helpers import candidate, doc, par, person, run, scheme_of, unit, verdicts


def _att(subject: str, year: int, *keys: str) -> list[dict[str, Any]]:
    return [{"subject": subject, "year": year, "key": key} for key in keys]


def _rating(subject: str, year: int, rating: str = "HTXSNV") -> dict[str, Any]:
    return {"subject": subject, "year": year, "rating": rating}


def _placement(results: dict[str, Any], scheme: str, code: str) -> tuple[Any, ...]:
    c = candidate(results, scheme, code)
    return c["eligible"], c["selected"], c["rank"], c["note"]


def test_it_ships_five_templates_that_load() -> None:
    assert TEMPLATE_KEYS == (
        "loc-ninh-2024-2025",
        "dinh-du-2024",
        "tan-chau-2020",
        "phu-my-2021-2025",
        "thai-nguyen-2018-2020",
    )
    years = {key: load_template(key).years for key in TEMPLATE_KEYS}
    assert years == {
        "loc-ninh-2024-2025": (2024, 2025),
        "dinh-du-2024": (2024,),
        "tan-chau-2020": (2020,),
        "phu-my-2021-2025": (2021, 2022, 2023, 2024, 2025),
        "thai-nguyen-2018-2020": (2018, 2019, 2020),
    }


# --- Lộc Ninh -------------------------------------------------------------------------------


def _loc_ninh() -> dict[str, Any]:
    good = ("P1", "P2", "P3", "P4", "X1", "X2", "X3", "X5", "X6", "X7", "X8", "X9")
    initiatives = [
        {"code": f"SK-{code}", "unit": code, "year": 2024, "scope": "huyen"}
        for code in good
        if code not in ("P2", "X5", "X7")
    ] + [
        {"code": "SK-P2", "unit": "P2", "year": 2024, "scope": "tinh"},
        {"code": "SK-X5", "unit": "X5", "year": 2024, "scope": "co_so"},
        {"code": "SK-X7", "unit": "X7", "year": 2023, "scope": "huyen"},
    ]
    return doc(
        units=[
            unit("P1"),
            unit("P2"),
            unit("P3"),
            unit("P4", par_assessed=False),
            *(unit(f"X{i}", "xa") for i in range(1, 10)),
            unit("B1", "bo_phan"),
        ],
        people=[
            person("LD1", "X1", key_leader=True),
            person("CV2", "X2"),
        ],
        par_scores=[
            par("P1", 2024, 95),
            par("P2", 2024, 92),
            par("P3", 2024, 89.995),
            par("X1", 2024, 91),
            par("X2", 2024, 91),
            par("X3", 2024, 18.9, max=21),
            par("X4", 2024, 93),
            par("X5", 2024, 90.5),
            par("X7", 2024, 91),
            par("X8", 2024, 91),
            par("X9", 2024, 90),
        ],
        disciplines=[
            {"person": "LD1", "date": "2024-06-01", "level": "khien_trach"},
            {"person": "CV2", "date": "2024-06-01", "level": "canh_cao"},
        ],
        initiatives=initiatives,
        attestations=[a for code in good for a in _att(code, 2024, "dan_dau_noi_dung")],
    )


def test_it_evaluates_loc_ninh_with_its_quota_of_six() -> None:
    results = run("loc-ninh-2024-2025", _loc_ninh(), 2024)
    scheme = scheme_of(results, "tap-the-hang-nam")
    assert [c["code"] for c in scheme["candidates"]] == [
        "P1",
        "P2",
        "P3",
        "P4",
        "X1",
        "X2",
        "X3",
        "X4",
        "X5",
        "X6",
        "X7",
        "X8",
        "X9",
    ]
    expected = {
        "P1": (True, True, 1, None),
        "P2": (True, True, 2, None),
        "P3": (False, False, None, None),  # 89,995 % < 90 %
        "P4": (True, False, 7, None),  # not assessed: passes par_90, has no priority, comes last
        "X1": (False, False, None, None),  # a key leader disciplined
        "X2": (True, True, 3, None),  # a member who is not a key leader does not count
        "X3": (True, True, 5, None),  # 18,9 / 21 = 90 %
        "X4": (False, False, None, None),  # not leading the contents
        "X5": (False, False, None, None),  # initiative only at the base
        "X6": (None, None, None, None),  # no score: par_90 unknown
        "X7": (False, False, None, None),  # initiative of the previous year
        "X8": (True, True, 3, None),
        "X9": (True, True, 5, None),
    }
    assert {
        c["code"]: _placement(results, "tap-the-hang-nam", c["code"]) for c in scheme["candidates"]
    } == expected
    assert verdicts(results, "tap-the-hang-nam", "P4")["par_90"] is True
    assert verdicts(results, "tap-the-hang-nam", "X6")["par_90"] is None


def test_it_refuses_loc_ninh_outside_2024_and_2025() -> None:
    facts = load_facts(_loc_ninh())
    with pytest.raises(EvaluationError, match="outside the period"):
        from thidua.rules import evaluate

        evaluate(load_template("loc-ninh-2024-2025"), facts, 2026)


# --- Đình Dù --------------------------------------------------------------------------------


def _dinh_du() -> dict[str, Any]:
    return doc(
        units=[
            unit("XA", "xa"),
            unit("BP1", "bo_phan", par_assessed=False),
            unit("BP2", "bo_phan", par_assessed=False),
            unit("TH1", "thon", par_assessed=False),
            unit("TH2", "thon"),
            unit("PNV", "phong"),
        ],
        people=[
            person("CB1", "XA"),
            person("CB2", "XA"),
            person("CB3", "BP1"),
            person("CB4", "BP2"),
            person("CB5", "TH1"),
            person("CB6", "PNV"),
            person("CB7", "TH2"),
        ],
        par_scores=[par("XA", 2023, 80), par("XA", 2024, 85), par("TH2", 2024, 75)],
        ratings=[
            _rating("XA", 2024),
            _rating("BP1", 2024),
            _rating("BP2", 2024),
            _rating("TH1", 2024, "HTTNV"),
            _rating("TH2", 2024),
            _rating("CB1", 2024),
            _rating("CB2", 2024),
            _rating("CB3", 2024),
            _rating("CB4", 2024),
            _rating("CB7", 2024),
            _rating("CB6", 2024),
        ],
        disciplines=[{"person": "CB3", "date": "2024-03-03", "level": "khien_trach"}],
        reviews=[
            {"subject": "XA", "since": "2024-01-01", "kind": "bao_chi", "until": "2024-12-31"},
            {"subject": "BP2", "since": "2024-11-01", "kind": "khieu_nai"},
            {"subject": "TH1", "since": "2024-05-01", "kind": "bao_chi"},
            {
                "subject": "CB2",
                "since": "2024-06-01",
                "kind": "xem_xet_ky_luat",
                "until": "2025-02-01",
            },
        ],
        initiatives=[
            {
                "code": "SK1",
                "unit": "XA",
                "authors": ["CB1", "CB2", "CB4", "CB5"],
                "year": 2024,
                "scope": "co_so",
            },
            {"code": "SK2", "unit": "BP1", "authors": ["CB3"], "year": 2024, "scope": "huyen"},
            {"code": "SK3", "unit": "BP2", "year": 2024, "scope": "co_so"},
            {"code": "SK4", "unit": "TH1", "year": 2024, "scope": "co_so"},
            {"code": "SK5", "unit": "TH2", "year": 2024, "scope": "co_so"},
        ],
        attestations=[
            a
            for code in ("CB1", "CB2", "CB3", "CB4", "CB5", "CB6")
            for a in _att(code, 2024, "thuc_hien_tot_cchc")
        ],
    )


def test_it_evaluates_dinh_du_collectives() -> None:
    results = run("dinh-du-2024", _dinh_du(), 2024)
    assert [c["code"] for c in scheme_of(results, "tap-the")["candidates"]] == [
        "XA",
        "BP1",
        "BP2",
        "TH1",
        "TH2",
    ]
    assert verdicts(results, "tap-the", "XA") == {
        "par_tot_tang": True,
        "htxs": True,
        "sang_kien": True,
        "khong_ky_luat": True,
        "khong_dang_xem_xet": True,
        "eligible": True,
        "selected": True,
    }
    bp1 = verdicts(results, "tap-the", "BP1")
    assert (bp1["par_tot_tang"], bp1["khong_ky_luat"], bp1["eligible"]) == (True, False, False)
    bp2 = verdicts(results, "tap-the", "BP2")
    assert (bp2["khong_dang_xem_xet"], bp2["eligible"], bp2["selected"]) == (None, None, None)
    th1 = verdicts(results, "tap-the", "TH1")
    assert (th1["htxs"], th1["khong_dang_xem_xet"], th1["eligible"]) == (False, None, False)
    th2 = verdicts(results, "tap-the", "TH2")
    assert (th2["par_tot_tang"], th2["eligible"]) == (False, False)  # 75 %, no 2023
    assert candidate(results, "tap-the", "BP2")["criteria"][-1]["detail"].startswith(
        "chưa xét khen thưởng"
    )
    assert all(
        c["rank"] is None and c["note"] is None for c in scheme_of(results, "tap-the")["candidates"]
    )


def test_it_evaluates_dinh_du_individuals() -> None:
    results = run("dinh-du-2024", _dinh_du(), 2024)
    got = {c["code"]: c["eligible"] for c in scheme_of(results, "ca-nhan")["candidates"]}
    assert got == {"CB1": True, "CB2": None, "CB3": False, "CB4": True, "CB5": None, "CB7": False}
    assert verdicts(results, "ca-nhan", "CB5")["htxs"] is None
    assert verdicts(results, "ca-nhan", "CB4")["khong_dang_xem_xet"] is True  # unit's review
    assert verdicts(results, "ca-nhan", "CB3")["khong_ky_luat"] is False


# --- Tân Châu -------------------------------------------------------------------------------


def test_it_evaluates_tan_chau_on_the_guide_attestation() -> None:
    facts = doc(
        units=[unit("P"), unit("T", "tw"), unit("X", "xa"), unit("B", "bo_phan")],
        people=[person("CP", "P"), person("CT", "T"), person("CB", "B")],
        attestations=[
            *_att("P", 2020, "dat_tieu_chuan_6900"),
            *_att("X", 2019, "dat_tieu_chuan_6900"),
            *_att("B", 2020, "dat_tieu_chuan_6900"),
            *_att("CP", 2020, "dat_tieu_chuan_6900"),
            *_att("CB", 2020, "dat_tieu_chuan_6900"),
        ],
    )
    results = run("tan-chau-2020", facts, 2020)
    assert {c["code"]: c["selected"] for c in scheme_of(results, "tap-the")["candidates"]} == {
        "P": True,
        "T": False,
        "X": False,
    }
    assert {c["code"]: c["selected"] for c in scheme_of(results, "ca-nhan")["candidates"]} == {
        "CP": True,
        "CT": False,
    }
    assert candidate(results, "ca-nhan", "CT")["group"] == "tw"


# --- Phù Mỹ ---------------------------------------------------------------------------------


def test_it_counts_phu_my_phase_attestations_only_inside_the_phase() -> None:
    facts = doc(
        units=[unit("IN"), unit("OUT"), unit("LATE", "xa")],
        attestations=[
            *_att("IN", 2023, "tieu_bieu_giai_doan"),
            *_att("OUT", 2020, "tieu_bieu_giai_doan"),
            *_att("LATE", 2025, "tieu_bieu_giai_doan"),
        ],
    )
    results = run("phu-my-2021-2025", facts, 2022, "tap-the-giai-doan")
    got = {c["code"]: c["eligible"] for c in results["schemes"][0]["candidates"]}
    # no PAR scores at all: par_70_3_nam is unknown, so the attestation decides
    assert got == {"IN": True, "OUT": None, "LATE": True}
    assert results["schemes"][0]["years"] == [2021, 2022, 2023, 2024, 2025]


def test_it_gives_phu_my_individuals_the_group_and_rank_of_their_unit() -> None:
    facts = doc(
        units=[unit("P1"), unit("P2"), unit("X1", "xa")],
        people=[person("A", "P2", cchc_role=True), person("B", "X1", cchc_role=True)],
        par_scores=[par("P1", 2024, 99), par("P2", 2024, 98), par("X1", 2024, 50)],
    )
    results = run("phu-my-2021-2025", facts, 2024, "ca-nhan-hang-nam")
    a = candidate(results, "ca-nhan-hang-nam", "A")
    b = candidate(results, "ca-nhan-hang-nam", "B")
    assert (a["group"], b["group"]) == ("phong", "xa")
    assert a["criteria"][1]["detail"] == "Đơn vị P2 xếp hạng 2/2 năm 2024"
    assert b["criteria"][1]["verdict"] is True  # alone in its group: first
    # not first; 2023 and the rating unknown, but no award of 2023: … AND false = false
    assert a["eligible"] is False
    assert b["eligible"] is True


# --- Thái Nguyên ----------------------------------------------------------------------------

_TN_UNIT_KEYS = ("phat_dong_phong_trao", "noi_bo_doan_ket", "dang_tsvm")


def _thai_nguyen() -> dict[str, Any]:
    phong = {"P1": 95, "P2": 90, "P3": 88, "P4": 85, "P5": 85, "P6": 80, "P7": None}
    xa = {"X1": 85, "X2": 79, "X3": None}
    units = [unit(code) for code in phong] + [unit(code, "xa") for code in xa]
    par_scores = [
        par(code, 2019, score) for code, score in {**phong, **xa}.items() if score is not None
    ]
    people = [person(f"Q{i}", f"P{i}", cchc_role=i <= 3) for i in range(1, 7)] + [
        person("Q7", "P1"),
        person("Q8", "P2"),
        person("CT1", "X1", unit_chair=True, cchc_role=True),
        person("CT2", "X2", unit_chair=True),
        person("CV", "X2"),
        person("CT3", "X3", unit_chair=True),
    ]
    everyone = [u["code"] for u in units] + [p["code"] for p in people]
    attestations = [a for code in phong | xa for a in _att(code, 2019, *_TN_UNIT_KEYS)]
    attestations += [a for p in people for a in _att(p["code"], 2019, "guong_mau")]
    # 2020, read by the phase schemes whatever the year: only P1 and P2 have anything
    attestations += _att("P1", 2020, *_TN_UNIT_KEYS) + _att("P2", 2020, *_TN_UNIT_KEYS)
    return doc(
        units=units,
        people=people,
        par_scores=par_scores + [par("P1", 2020, 70), par("P2", 2020, 99)],
        ratings=[_rating(code, 2019) for code in everyone] + [_rating("P1", 2020)],
        attestations=attestations,
    )


def test_it_evaluates_thai_nguyen_collectives_with_a_tie_at_the_phong_quota() -> None:
    results = run("thai-nguyen-2018-2020", _thai_nguyen(), 2019)
    scheme = "tap-the-hang-nam"
    assert _placement(results, scheme, "P1") == (True, True, 1, None)
    assert _placement(results, scheme, "P2") == (True, True, 2, None)
    assert _placement(results, scheme, "P3") == (True, True, 3, None)
    assert _placement(results, scheme, "P4") == (True, None, 4, TIE_NOTE)
    assert _placement(results, scheme, "P5") == (True, None, 4, TIE_NOTE)
    assert _placement(results, scheme, "P6") == (True, False, 6, None)
    assert _placement(results, scheme, "P7") == (True, False, 7, None)  # no PAR: last block
    assert verdicts(results, scheme, "P7")["par_tot"] is True  # phong: not read
    # xa has its own quota and ranks
    assert _placement(results, scheme, "X1") == (True, True, 1, None)
    assert verdicts(results, scheme, "X2")["par_tot"] is False  # 79 % is Khá
    assert _placement(results, scheme, "X3") == (None, None, None, None)


def test_it_evaluates_thai_nguyen_individuals_cchc_role_first() -> None:
    results = run("thai-nguyen-2018-2020", _thai_nguyen(), 2019)
    scheme = "ca-nhan-hang-nam"
    for code in ("Q1", "Q2", "Q3"):
        assert _placement(results, scheme, code) == (True, True, 1, None)
    for code in ("Q4", "Q5", "Q6", "Q7", "Q8"):  # 3 + 5 > 7: the second block is tied
        assert _placement(results, scheme, code) == (True, None, 4, TIE_NOTE)
    assert _placement(results, scheme, "CT1") == (True, True, 1, None)
    assert verdicts(results, scheme, "CT2")["chu_tich_xa_par_tot"] is False
    assert verdicts(results, scheme, "CV")["chu_tich_xa_par_tot"] is True
    assert _placement(results, scheme, "CV") == (True, True, 2, None)
    assert _placement(results, scheme, "CT3") == (None, None, None, None)


@pytest.mark.parametrize("year", [2018, 2019, 2020])
def test_it_reads_only_2020_in_thai_nguyen_phase_schemes_whatever_the_year(year: int) -> None:
    results = run("thai-nguyen-2018-2020", _thai_nguyen(), year)
    scheme = scheme_of(results, "tap-the-giai-doan")
    assert scheme["years"] == [2020]
    assert scheme_of(results, "ca-nhan-giai-doan")["years"] == [2020]
    assert scheme_of(results, "tap-the-hang-nam")["years"] == [year]
    got = {c["code"]: c["eligible"] for c in scheme["candidates"]}
    assert got["P1"] is True  # everything in 2020
    assert got["P2"] is None  # no rating for 2020
    assert got["X1"] is False  # attestations of 2019 only
    assert _placement(results, "tap-the-giai-doan", "P1") == (True, True, 1, None)
    assert verdicts(results, "tap-the-giai-doan", "P1")["par_tot"] is True


def test_it_gives_thai_nguyen_phase_results_independent_of_the_year() -> None:
    by_year = [
        [
            s
            for s in run("thai-nguyen-2018-2020", _thai_nguyen(), y)["schemes"]
            if s["key"].endswith("giai-doan")
        ]
        for y in (2018, 2019, 2020)
    ]
    assert by_year[0] == by_year[1] == by_year[2]
