"""Criterion primitives, one scheme with one criterion at a time (RULES.md §2 "Precise
semantics" 1–8)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.rules import evaluate, load_facts, template_from_dict
from thidua.rules.catalogue import GROUPS
from thidua.rules.logic import Verdict
from thidua.rules.tests.helpers import doc, par, person, unit


def judge(
    primitive: str,
    params: dict[str, Any],
    facts: dict[str, Any],
    year: int = 2024,
    *,
    subject: str = "collective",
    phase: dict[str, Any] | None = None,
    groups: list[str] | None = None,
    **criterion: Any,
) -> dict[str, tuple[Verdict, str]]:
    """{candidate code: (verdict, detail)} of one criterion ``k``."""
    scheme: dict[str, Any] = {
        "key": "s",
        "name": "Phương án thử",
        "form": "giay_khen_chu_tich_huyen",
        "subject": subject,
        "criteria": [{"key": "k", "primitive": primitive, "params": params, **criterion}],
    }
    if groups is not None:
        scheme["groups"] = groups
    if phase is not None:
        scheme["scope"] = "phase"
        scheme["phase"] = phase
    template = template_from_dict(
        {
            "key": "thu",
            "title": "Kế hoạch thử",
            "period": {"start": "2018-01-01", "end": "2026-12-31"},
            "participants": {"groups": list(GROUPS)},
            "schemes": [scheme],
        }
    )
    results = evaluate(template, load_facts(facts), year)
    return {
        c["code"]: (c["criteria"][0]["verdict"], c["criteria"][0]["detail"])
        for c in results["schemes"][0]["candidates"]
    }


# --- PAR percent ---------------------------------------------------------------------------


def test_it_compares_percents_exactly_at_the_threshold() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C"), unit("D")],
        par_scores=[
            par("A", 2024, 90),
            par("B", 2024, 89.995),
            par("C", 2024, 18.9, max=21),
            par("D", 2024, 87.5),
        ],
    )
    got = judge("par_percent", {"threshold": 90}, facts)
    assert got["A"] == (True, "Chỉ số CCHC năm 2024: 90,00% (≥ 90%)")
    assert got["B"] == (False, "Chỉ số CCHC năm 2024: 89,995% (< 90%)")
    assert got["C"] == (True, "Chỉ số CCHC năm 2024: 90,00% (≥ 90%)")
    assert got["D"] == (False, "Chỉ số CCHC năm 2024: 87,50% (< 90%)")


def test_it_is_unknown_when_a_score_is_missing() -> None:
    facts = doc(units=[unit("A")], par_scores=[par("A", 2023, 95)])
    assert judge("par_percent", {"threshold": 90}, facts)["A"] == (
        None,
        "Chỉ số CCHC năm 2024: chưa có số liệu",
    )


def test_it_reads_a_unit_not_assessed_as_unknown_unless_told_otherwise() -> None:
    facts = doc(units=[unit("A", par_assessed=False)])
    assert judge("par_percent", {"threshold": 90}, facts)["A"] == (
        None,
        "Không thuộc diện đánh giá Chỉ số CCHC",
    )
    verdict, text = judge("par_percent", {"threshold": 90, "when_not_assessed": True}, facts)["A"]
    assert verdict is True
    assert text.startswith("Không thuộc diện đánh giá Chỉ số CCHC")


def test_it_ands_several_years_in_kleene_logic() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C")],
        par_scores=[par("A", 2024, 60), par("B", 2024, 75), par("C", 2023, 70), par("C", 2024, 70)],
    )
    got = judge("par_percent", {"threshold": 70, "years": ["Y-1", "Y"]}, facts)
    assert got["A"] == (
        False,
        "Chỉ số CCHC năm 2023: chưa có số liệu; Chỉ số CCHC năm 2024: 60,00% (< 70%)",
    )
    assert got["B"][0] is None
    assert got["C"] == (
        True,
        "Chỉ số CCHC năm 2023: 70,00% (≥ 70%); Chỉ số CCHC năm 2024: 70,00% (≥ 70%)",
    )


def test_it_gives_people_the_figures_of_their_unit() -> None:
    facts = doc(
        units=[unit("A"), unit("B", par_assessed=False)],
        people=[person("P", "A"), person("Q", "B")],
        par_scores=[par("A", 2024, 93.5)],
    )
    got = judge("par_percent", {"threshold": 90}, facts, subject="individual")
    assert got["P"] == (True, "Chỉ số CCHC năm 2024: 93,50% (≥ 90%)")
    assert got["Q"] == (None, "Đơn vị B không thuộc diện đánh giá Chỉ số CCHC")


# --- ranks ----------------------------------------------------------------------------------


def _ranked_district() -> dict[str, Any]:
    return doc(
        units=[
            unit("A"),
            unit("B"),
            unit("C"),
            unit("D"),
            unit("E"),  # no score in 2024: not ranked, not counted
            unit("F", par_assessed=False),
            unit("X1", "xa"),
            unit("X2", "xa"),
        ],
        people=[person("PA", "A"), person("PC", "C"), person("PE", "E"), person("PX", "X2")],
        par_scores=[
            par("A", 2024, 95),
            par("B", 2024, 86),
            par("C", 2024, 86),
            par("D", 2024, 80),
            par("E", 2023, 99),
            par("X1", 2024, 70),
            par("X2", 2024, 99),
        ],
    )


def test_it_ranks_within_the_group_with_competition_numbering() -> None:
    got = judge("par_rank", {"max_rank": 3}, _ranked_district())
    assert got["A"] == (True, "Xếp hạng 1/4 năm 2024 (95,00%)")
    assert got["B"] == (True, "Xếp hạng 2/4 năm 2024 (86,00%)")
    assert got["C"] == (True, "Xếp hạng 2/4 năm 2024 (86,00%)")
    assert got["D"] == (False, "Xếp hạng 4/4 năm 2024 (80,00%)")
    assert got["X1"] == (True, "Xếp hạng 2/2 năm 2024 (70,00%)")
    assert got["X2"] == (True, "Xếp hạng 1/2 năm 2024 (99,00%)")


def test_it_admits_more_than_n_when_ties_share_the_last_place() -> None:
    got = judge("par_rank", {"max_rank": 2}, _ranked_district())
    assert [code for code, (v, _) in got.items() if v] == ["A", "B", "C", "X1", "X2"]


def test_it_leaves_units_without_a_score_or_not_assessed_unranked() -> None:
    got = judge("par_rank", {"max_rank": 3}, _ranked_district())
    assert got["E"] == (None, "Chưa có Chỉ số CCHC năm 2024 để xếp hạng")
    assert got["F"][0] is None
    assert "không xếp hạng" in got["F"][1]


def test_it_ranks_people_by_their_unit_in_the_unit_group() -> None:
    got = judge("par_rank", {"max_rank": 1}, _ranked_district(), subject="individual")
    assert got["PA"] == (True, "Đơn vị A xếp hạng 1/4 năm 2024")
    assert got["PC"] == (False, "Đơn vị C xếp hạng 2/4 năm 2024")
    assert got["PE"] == (None, "Đơn vị E chưa có Chỉ số CCHC năm 2024 để xếp hạng")
    assert got["PX"] == (True, "Đơn vị X2 xếp hạng 1/2 năm 2024")


def test_it_ranks_exact_percents_of_different_maxima() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C")],
        par_scores=[par("A", 2024, 18.9, max=21), par("B", 2024, 90), par("C", 2024, 89.995)],
    )
    got = judge("par_rank", {"max_rank": 1}, facts)
    assert got["A"][1] == "Xếp hạng 1/3 năm 2024 (90,00%)"
    assert got["B"][1] == "Xếp hạng 1/3 năm 2024 (90,00%)"
    assert got["C"][1] == "Xếp hạng 3/3 năm 2024 (89,995%)"


# --- bands, rises ---------------------------------------------------------------------------


def test_it_classifies_by_the_bands_of_the_template() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C")],
        par_scores=[par("A", 2024, 80), par("B", 2024, 79.99)],
    )
    got = judge("par_band", {"band": "Tốt"}, facts)
    assert got["A"] == (
        True,
        "Chỉ số CCHC năm 2024: 80,00%, xếp loại Tốt (yêu cầu từ Tốt trở lên)",
    )
    assert got["B"] == (
        False,
        "Chỉ số CCHC năm 2024: 79,99%, xếp loại Khá (yêu cầu từ Tốt trở lên)",
    )
    assert got["C"][0] is None


def test_it_reads_par_tot_tang_as_the_kleene_and_of_its_parts() -> None:
    """RULES.md §2.3: 75 % in Y and no score for Y-1 is false (75 % is below Tốt)."""
    facts = doc(
        units=[
            unit("LOW"),
            unit("NOPREV"),
            unit("RISE"),
            unit("FLAT"),
            unit("NOW"),
            unit("NA", par_assessed=False),
        ],
        par_scores=[
            par("LOW", 2024, 75),
            par("NOPREV", 2024, 85),
            par("RISE", 2023, 80),
            par("RISE", 2024, 85),
            par("FLAT", 2023, 85),
            par("FLAT", 2024, 85),
            par("NOW", 2023, 85),
        ],
    )
    got = judge("par_band_rise", {"band": "Tốt", "when_not_assessed": True}, facts)
    assert got["LOW"][0] is False
    assert got["NOPREV"] == (
        None,
        "Chỉ số CCHC năm 2024: 85,00%, xếp loại Tốt (yêu cầu từ Tốt trở lên); "
        "năm 2023: chưa có số liệu để so sánh",
    )
    assert got["RISE"] == (
        True,
        "Chỉ số CCHC năm 2024: 85,00%, xếp loại Tốt (yêu cầu từ Tốt trở lên); "
        "so với năm 2023 (80,00%): tăng",
    )
    assert got["FLAT"][0] is False
    assert got["FLAT"][1].endswith("so với năm 2023 (85,00%): không tăng")
    assert got["NOW"][0] is None
    assert got["NA"][0] is True


def test_it_checks_a_plain_rise() -> None:
    facts = doc(
        units=[unit("A"), unit("B")],
        par_scores=[par("A", 2023, 70), par("A", 2024, 70.01), par("B", 2024, 99)],
    )
    got = judge("par_rise", {}, facts)
    assert got["A"] == (True, "Chỉ số CCHC năm 2024: 70,01%; so với năm 2023 (70,00%): tăng")
    assert got["B"][0] is None


# --- counting years (§2.2) ------------------------------------------------------------------

PHASE = {"start": 2021, "end": 2025}


def test_it_counts_phase_years_true_false_or_unknown() -> None:
    facts = doc(
        units=[unit("T"), unit("F"), unit("N"), unit("M"), unit("Z")],
        par_scores=[
            # T: three known years qualify -> true
            par("T", 2021, 70),
            par("T", 2022, 71),
            par("T", 2023, 90),
            par("T", 2024, 10),
            # F: 1 qualifying + 1 missing < 3 -> false
            par("F", 2021, 70),
            par("F", 2022, 60),
            par("F", 2023, 60),
            par("F", 2024, 60),
            # N: 2 qualifying + 1 missing could still make 3 -> unknown
            par("N", 2021, 80),
            par("N", 2022, 80),
            par("N", 2023, 60),
            par("N", 2024, 60),
            # M: 0 qualifying, 2 failing, 3 missing -> unknown (MYDUC of the example)
            par("M", 2023, 62),
            par("M", 2024, 68),
        ],
    )
    got = judge("par_years_count", {"threshold": 70, "min_years": 3}, facts, phase=PHASE, year=2023)
    assert got["T"] == (True, "3 năm đạt ≥ 70% (2021, 2022, 2023); thiếu số liệu: 2025")
    assert got["F"] == (False, "1 năm đạt ≥ 70% (2021); thiếu số liệu: 2025")
    assert got["N"][0] is None
    assert got["M"] == (None, "0 năm đạt ≥ 70% (—); thiếu số liệu: 2021, 2022, 2025")
    assert got["Z"][0] is None


def test_it_needs_the_role_before_the_unit_years() -> None:
    """§2.3: for a person, no cchc_role gives false whatever the unit's unknowns."""
    facts = doc(
        units=[unit("A")],
        people=[person("R", "A", cchc_role=True), person("N", "A")],
        par_scores=[par("A", 2023, 80)],
    )
    got = judge(
        "flag_and_par_years_count",
        {"threshold": 70, "min_years": 3},
        facts,
        subject="individual",
        phase=PHASE,
    )
    assert got["R"] == (
        None,
        "Phụ trách CCHC; đơn vị: 1 năm đạt ≥ 70% (2023); thiếu số liệu: 2021, 2022, 2024, 2025",
    )
    assert got["N"][0] is False
    assert got["N"][1].startswith("Không phụ trách CCHC; đơn vị: ")


# --- ratings, flags -------------------------------------------------------------------------


def test_it_reads_ratings_and_treats_a_missing_one_as_unknown() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C")],
        ratings=[
            {"subject": "A", "year": 2024, "rating": "HTXSNV"},
            {"subject": "B", "year": 2024, "rating": "HTTNV"},
            {"subject": "C", "year": 2023, "rating": "HTXSNV"},
        ],
    )
    got = judge("rating", {}, facts)
    assert got == {
        "A": (True, "Xếp loại năm 2024: HTXSNV"),
        "B": (False, "Xếp loại năm 2024: HTTNV"),
        "C": (None, "Chưa có kết quả xếp loại năm 2024"),
    }
    assert judge("rating", {"at_least": "HTTNV"}, facts)["B"][0] is True


def test_it_reads_person_flags() -> None:
    facts = doc(units=[unit("A")], people=[person("P", "A", unit_chair=True), person("Q", "A")])
    got = judge("person_flag", {"flag": "unit_chair"}, facts, subject="individual")
    assert got["P"] == (True, "Là Chủ tịch hoặc Phó Chủ tịch UBND xã")
    assert got["Q"] == (False, "Không là Chủ tịch hoặc Phó Chủ tịch UBND xã")


# --- disciplines and reviews ----------------------------------------------------------------


def _discipline_district() -> dict[str, Any]:
    return doc(
        units=[unit("A"), unit("B"), unit("C")],
        people=[
            person("LEAD", "A", key_leader=True),
            person("STAFF", "B"),
            person("OLD", "C", key_leader=True),
            person("EDGE", "C"),
        ],
        disciplines=[
            {"person": "LEAD", "date": "2024-05-01", "level": "khien_trach"},
            {"person": "STAFF", "date": "2024-12-31", "level": "canh_cao"},
            {"person": "OLD", "date": "2023-12-31", "level": "cach_chuc"},
            {"person": "EDGE", "date": "2025-01-01", "level": "canh_cao"},
        ],
    )


def test_it_counts_a_discipline_in_the_year_of_its_date() -> None:
    got = judge("no_discipline", {"scope": "self"}, _discipline_district(), subject="individual")
    assert got["LEAD"] == (False, "Bị kỷ luật năm 2024: khiển trách, 01/05/2024")
    assert got["STAFF"][0] is False
    assert got["OLD"] == (True, "Không bị kỷ luật năm 2024")
    assert got["EDGE"][0] is True


def test_it_checks_every_member_or_only_key_leaders_of_a_unit() -> None:
    members = judge("no_discipline", {"scope": "unit_members"}, _discipline_district())
    assert members["A"][0] is False and members["B"][0] is False and members["C"][0] is True
    assert members["B"][1] == (
        "Có cá nhân của đơn vị bị kỷ luật năm 2024: STAFF (cảnh cáo, 31/12/2024)"
    )
    leaders = judge("no_discipline", {"scope": "unit_key_leaders"}, _discipline_district())
    assert leaders["A"] == (
        False,
        "Lãnh đạo chủ chốt bị kỷ luật năm 2024: LEAD (khiển trách, 01/05/2024)",
    )
    assert leaders["B"] == (True, "Không có lãnh đạo chủ chốt nào bị kỷ luật năm 2024")


def test_it_can_ignore_disciplines_below_a_level() -> None:
    got = judge(
        "no_discipline",
        {"scope": "unit_members", "min_level": "canh_cao"},
        _discipline_district(),
    )
    assert got["A"] == (
        True,
        "Không có cá nhân nào của đơn vị bị kỷ luật từ mức cảnh cáo trở lên năm 2024",
    )
    assert got["B"][0] is False


def _review_district() -> dict[str, Any]:
    return doc(
        units=[unit("U1"), unit("U2"), unit("U3"), unit("U4"), unit("U5"), unit("U6")],
        people=[person("M1", "U1"), person("P6", "U6")],
        reviews=[
            {"subject": "U2", "since": "2024-10-01", "kind": "khieu_nai"},
            {
                "subject": "U3",
                "since": "2024-03-01",
                "kind": "xem_xet_ky_luat",
                "until": "2024-12-31",
            },
            {"subject": "U4", "since": "2024-03-01", "kind": "bao_chi", "until": "2025-01-01"},
            {"subject": "U5", "since": "2025-01-01", "kind": "khieu_nai"},
            {"subject": "M1", "since": "2024-02-01", "kind": "xem_xet_ky_luat"},
            {"subject": "U6", "since": "2023-02-01", "kind": "khieu_nai"},
        ],
    )


def test_it_defers_a_subject_with_a_review_open_on_31_december() -> None:
    got = judge("no_open_review", {}, _review_district())
    assert got["U2"] == (
        None,
        "chưa xét khen thưởng — có đơn khiếu nại, tố cáo hợp lệ đang giải quyết (từ 01/10/2024)",
    )
    assert got["U3"] == (True, "Không có vụ việc đang xem xét vào ngày 31/12/2024")  # closed 31/12
    assert got["U4"][0] is None  # closed after 31/12
    assert got["U5"][0] is True  # opened after 31/12
    assert got["U6"][0] is None  # open since an earlier year


def test_it_defers_only_the_review_s_own_subject() -> None:
    units = judge("no_open_review", {}, _review_district())
    assert units["U1"][0] is True  # its member M1 is under review, not the unit
    people = judge("no_open_review", {}, _review_district(), subject="individual")
    assert people["M1"][0] is None
    assert people["P6"][0] is True  # the unit U6 is under review, not the person


# --- awards, initiatives, attestations ------------------------------------------------------


def _award_district() -> dict[str, Any]:
    gk = "giay_khen_chu_tich_huyen"
    return doc(
        units=[unit("A")],
        people=[person(code, "A") for code in ("TWICE", "CHUNG", "SPREAD", "OUT", "TINH", "LDTT")],
        awards=[
            {"recipient": "TWICE", "form": gk, "year": 2022, "field": "cchc"},
            {"recipient": "TWICE", "form": gk, "year": 2022, "field": "cchc"},
            {"recipient": "CHUNG", "form": gk, "year": 2023},
            {"recipient": "CHUNG", "form": gk, "year": 2022, "field": "cchc"},
            {"recipient": "SPREAD", "form": gk, "year": 2021, "field": "cchc"},
            {"recipient": "SPREAD", "form": gk, "year": 2023, "field": "cchc"},
            {"recipient": "OUT", "form": gk, "year": 2020, "field": "cchc"},
            {"recipient": "OUT", "form": gk, "year": 2023, "field": "cchc"},
            {"recipient": "TINH", "form": "chien_si_thi_dua_tinh", "year": 2023, "field": "cchc"},
            {"recipient": "LDTT", "form": "lao_dong_tien_tien", "year": 2023},
        ],
    )


def test_it_counts_award_records_not_years() -> None:
    got = judge(
        "award",
        {"forms": ["giay_khen_chu_tich_huyen"], "field": "cchc", "years": "phase", "min_count": 2},
        _award_district(),
        subject="individual",
        phase=PHASE,
    )
    assert got["TWICE"] == (
        True,
        "2 Giấy khen Chủ tịch UBND huyện về CCHC trong 2021–2025 (cần ít nhất 2)",
    )
    assert got["SPREAD"][0] is True
    assert got["CHUNG"][0] is False  # one of its two is not for CCHC
    assert got["OUT"][0] is False  # 2020 lies outside the phase


def test_it_reads_the_award_of_the_previous_year_with_its_field() -> None:
    got = judge(
        "award",
        {"forms": ["giay_khen_chu_tich_huyen"], "field": "cchc", "years": "Y-1"},
        _award_district(),
        subject="individual",
    )
    assert got["SPREAD"] == (True, "Có Giấy khen Chủ tịch UBND huyện về CCHC năm 2023")
    assert got["CHUNG"] == (False, "Không có Giấy khen Chủ tịch UBND huyện về CCHC năm 2023")
    anything = judge(
        "award",
        {"forms": ["giay_khen_chu_tich_huyen"], "years": "Y-1"},
        _award_district(),
        subject="individual",
    )
    assert anything["CHUNG"][0] is True


def test_it_takes_any_cstd_title_whatever_its_field() -> None:
    got = judge("cstd_or_higher", {}, _award_district(), subject="individual")
    assert got["TINH"] == (True, "Có danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2023")
    assert got["LDTT"] == (False, "Không có danh hiệu Chiến sĩ thi đua năm 2023")
    assert got["TWICE"][0] is False


def _initiative_district() -> dict[str, Any]:
    return doc(
        units=[unit("A"), unit("B")],
        people=[person("AUTH", "A"), person("CO", "B"), person("NONE", "A")],
        initiatives=[
            {"code": "SK1", "unit": "A", "authors": ["AUTH", "CO"], "year": 2024, "scope": "co_so"},
            {"code": "SK2", "unit": "B", "authors": ["CO"], "year": 2024, "scope": "tinh"},
            {"code": "SK3", "authors": ["AUTH"], "year": 2022, "scope": "huyen"},
        ],
    )


def test_it_reads_initiatives_of_the_unit_with_a_minimum_scope() -> None:
    got = judge("initiative", {"by": "unit", "min_scope": "huyen"}, _initiative_district())
    assert got["A"] == (
        False,
        "Đơn vị không có sáng kiến nào được công nhận (năm 2024, phạm vi từ huyen)",
    )
    assert got["B"] == (True, "Sáng kiến của đơn vị: SK2")
    assert judge("initiative", {"by": "unit"}, _initiative_district())["A"] == (
        True,
        "Sáng kiến của đơn vị: SK1",
    )


def test_it_reads_authorship_not_the_unit_for_people() -> None:
    got = judge("initiative", {"by": "author"}, _initiative_district(), subject="individual")
    assert got["AUTH"] == (True, "Tác giả sáng kiến: SK1")
    assert got["CO"] == (True, "Tác giả sáng kiến: SK1, SK2")
    assert got["NONE"] == (False, "Không là tác giả sáng kiến nào được công nhận (năm 2024)")
    phase = judge(
        "initiative",
        {"by": "author", "min_scope": "huyen", "years": "phase"},
        _initiative_district(),
        subject="individual",
        phase=PHASE,
    )
    assert phase["AUTH"] == (True, "Tác giả sáng kiến: SK3")


def test_it_reads_attestations_of_the_year_or_of_the_phase() -> None:
    facts = doc(
        units=[unit("A"), unit("B"), unit("C")],
        attestations=[
            {"subject": "A", "year": 2024, "key": "tieu_bieu"},
            {"subject": "B", "year": 2022, "key": "tieu_bieu"},
            {"subject": "C", "year": 2020, "key": "tieu_bieu"},
            {"subject": "C", "year": 2024, "key": "khac"},
        ],
    )
    yearly = judge("attestation", {"key": "tieu_bieu", "label": "tiêu biểu"}, facts)
    assert yearly["A"] == (True, "Có xác nhận “tiêu biểu” năm 2024")
    assert yearly["B"] == (False, "Không có xác nhận “tiêu biểu” năm 2024")
    phase = judge(
        "attestation",
        {"key": "tieu_bieu", "label": "tiêu biểu", "years": "phase"},
        facts,
        phase=PHASE,
    )
    assert phase["B"] == (True, "Có xác nhận “tiêu biểu” trong giai đoạn 2021–2025 (năm 2022)")
    assert phase["C"] == (False, "Không có xác nhận “tiêu biểu” trong giai đoạn 2021–2025")


def test_it_never_leaves_an_event_criterion_unknown() -> None:
    facts = doc(units=[unit("A")], people=[person("P", "A")])
    cases: list[tuple[str, dict[str, Any]]] = [
        ("award", {"forms": ["lao_dong_tien_tien"]}),
        ("cstd_or_higher", {}),
        ("initiative", {"by": "author"}),
        ("attestation", {"key": "x"}),
        ("no_discipline", {}),
        ("no_open_review", {}),
        ("attestation_and_awards", {"key": "x", "forms": ["lao_dong_tien_tien"], "years": "Y"}),
    ]
    for primitive, params in cases:
        verdict, _ = judge(primitive, params, facts, subject="individual")["P"]
        assert verdict in (True, False), primitive


# --- criteria that apply to some candidates only ------------------------------------------


def test_it_passes_candidates_outside_the_groups_a_criterion_applies_to() -> None:
    facts = doc(
        units=[unit("P"), unit("X", "xa"), unit("Y", "xa", par_assessed=False)],
        par_scores=[par("P", 2024, 50), par("X", 2024, 50)],
    )
    got = judge("par_band", {"band": "Tốt"}, facts, only_groups=["xa"], groups=["phong", "xa"])
    assert got["P"] == (
        True,
        "Không áp dụng cho nhóm “cơ quan chuyên môn, phòng, ban, đơn vị” "
        "(chỉ áp dụng cho nhóm “UBND xã, phường, thị trấn”)",
    )
    assert got["X"][0] is False
    assert got["Y"][0] is None


def test_it_passes_people_without_the_flag_a_criterion_applies_to() -> None:
    facts = doc(
        units=[unit("X", "xa")],
        people=[person("CT", "X", unit_chair=True), person("CV", "X")],
        par_scores=[par("X", 2024, 75)],
    )
    got = judge("par_band", {"band": "Tốt"}, facts, subject="individual", only_flag="unit_chair")
    assert got["CT"][0] is False
    assert got["CV"] == (
        True,
        "Không là Chủ tịch hoặc Phó Chủ tịch UBND xã: tiêu chí không áp dụng",
    )


@pytest.mark.parametrize("primitive", ["par_percent", "par_rank", "par_band", "par_years_count"])
def test_it_reads_every_par_criterion_of_an_unassessed_unit_as_unknown(primitive: str) -> None:
    all_params: dict[str, dict[str, Any]] = {
        "par_percent": {"threshold": 70},
        "par_rank": {"max_rank": 3},
        "par_band": {"band": "Tốt"},
        "par_years_count": {"threshold": 70, "min_years": 3},
    }
    params = all_params[primitive]
    facts = doc(units=[unit("N", par_assessed=False)], people=[person("P", "N")])
    phase = PHASE if primitive == "par_years_count" else None
    assert judge(primitive, params, facts, phase=phase)["N"][0] is None
    assert judge(primitive, params, facts, phase=phase, subject="individual")["P"][0] is None


def test_it_reads_the_compound_par_criteria_of_an_unassessed_unit() -> None:
    facts = doc(
        units=[unit("N", par_assessed=False)],
        people=[person("R", "N", cchc_role=True), person("Q", "N")],
    )
    assert judge("par_rise", {}, facts)["N"][0] is None
    assert judge("par_band_rise", {"band": "Tốt"}, facts)["N"][0] is None
    people = judge(
        "flag_and_par_years_count",
        {"threshold": 70, "min_years": 3},
        facts,
        subject="individual",
        phase=PHASE,
    )
    assert people["R"] == (None, "Phụ trách CCHC; đơn vị không thuộc diện đánh giá Chỉ số CCHC")
    assert people["Q"][0] is False
