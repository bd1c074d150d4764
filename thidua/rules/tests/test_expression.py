"""The criteria language: keywords and synonyms, precedence, errors naming the token and
its position, evaluation in Kleene logic, Vietnamese rendering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import ExpressionError, parse_expression, render_vietnamese
from thidua.rules.expression import (
    And,
    Not,
    Or,
    Ref,
    canonical_text,
    compile_node,
    evaluate_node,
    referenced_keys,
    validate_expression,
)
from thidua.rules.logic import Verdict

KEYS = ["a", "b", "c", "htxs", "don_vi_hang_1"]
PHU_MY = (
    "phu_trach_cchc AND (don_vi_hang_1 OR (don_vi_70_2_nam AND htxs AND "
    "(giay_khen_cchc_nam_truoc OR cstd_nam_truoc)))"
)
PHU_MY_KEYS = [
    "phu_trach_cchc",
    "don_vi_hang_1",
    "don_vi_70_2_nam",
    "htxs",
    "giay_khen_cchc_nam_truoc",
    "cstd_nam_truoc",
]


def test_it_parses_the_phu_my_expression() -> None:
    tree = parse_expression(PHU_MY, PHU_MY_KEYS)
    assert tree == And(
        (
            Ref("phu_trach_cchc"),
            Or(
                (
                    Ref("don_vi_hang_1"),
                    And(
                        (
                            Ref("don_vi_70_2_nam"),
                            Ref("htxs"),
                            Or((Ref("giay_khen_cchc_nam_truoc"), Ref("cstd_nam_truoc"))),
                        )
                    ),
                )
            ),
        )
    )
    assert referenced_keys(tree) == PHU_MY_KEYS


@pytest.mark.parametrize(
    "text",
    [
        "a AND b OR NOT c",
        "a VÀ b HOẶC KHÔNG c",
        "a và b hoặc không c",
        "a VA b HOAC KHONG c",
        "a va b hoac khong c",
        "a and b or not c",
        "a Và b Hoặc Không c",
    ],
)
def test_it_accepts_vietnamese_synonyms_in_any_case(text: str) -> None:
    assert parse_expression(text, KEYS) == Or((And((Ref("a"), Ref("b"))), Not(Ref("c"))))


def test_it_accepts_decomposed_vietnamese_letters() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "a VÀ KHÔNG b")
    assert parse_expression(text, KEYS) == And((Ref("a"), Not(Ref("b"))))


def test_it_binds_not_tighter_than_and_tighter_than_or() -> None:
    assert parse_expression("NOT a AND b", KEYS) == And((Not(Ref("a")), Ref("b")))
    assert parse_expression("a OR b AND c", KEYS) == Or((Ref("a"), And((Ref("b"), Ref("c")))))
    assert parse_expression("(a OR b) AND c", KEYS) == And((Or((Ref("a"), Ref("b"))), Ref("c")))
    assert parse_expression("NOT NOT a", KEYS) == Not(Not(Ref("a")))


def test_it_matches_criterion_keys_without_regard_to_case() -> None:
    assert parse_expression("HTXS and Don_Vi_Hang_1", KEYS) == And(
        (Ref("htxs"), Ref("don_vi_hang_1"))
    )


def _error(text: str, keys: list[str] | None = KEYS) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, keys)
    return info.value


def test_it_names_an_unknown_criterion_and_its_position() -> None:
    err = _error("a AND b OR XYZ")
    assert err.message == "Không hiểu “XYZ” ở vị trí 12: không có tiêu chí nào tên là “XYZ”"
    assert (err.position, err.token) == (12, "XYZ")


def test_it_names_a_character_it_cannot_read() -> None:
    err = _error("a && b")
    assert err.message.startswith("Không hiểu “&” ở vị trí 3: ký tự không hợp lệ")
    assert err.position == 3


def test_it_names_an_operator_out_of_place() -> None:
    err = _error("a AND AND b")
    assert err.message.startswith("Không hiểu “AND” ở vị trí 7: ở đây cần tên tiêu chí")
    err = _error("VÀ a")
    assert (err.position, err.token) == (1, "VÀ")


def test_it_names_a_missing_operator_between_criteria() -> None:
    err = _error("a b")
    assert err.message == "Không hiểu “b” ở vị trí 3: thiếu VÀ hoặc HOẶC trước chỗ này"
    err = _error("a (b)")
    assert (err.position, err.token) == (3, "(")


def test_it_reports_unbalanced_brackets() -> None:
    err = _error("(a AND b")
    assert err.message == "Thiếu “)” ở vị trí 9: dấu “(” ở vị trí 1 chưa được đóng"
    err = _error("a AND b)")
    assert err.message == "Không hiểu “)” ở vị trí 8: không có “(” tương ứng"
    err = _error("a AND ()")
    assert (err.position, err.token) == (8, ")")


def test_it_reports_an_expression_cut_short_or_empty() -> None:
    err = _error("a AND")
    assert err.message == "Biểu thức dừng ở vị trí 6 nhưng còn thiếu một tiêu chí"
    assert _error("   ").message == "Biểu thức trống: cần ít nhất một tiêu chí"


def test_it_validates_without_raising() -> None:
    assert validate_expression("a AND b", KEYS) is None
    assert validate_expression("a AND q", KEYS) == (
        "Không hiểu “q” ở vị trí 7: không có tiêu chí nào tên là “q”"
    )


def test_it_accepts_any_name_when_no_keys_are_given() -> None:
    assert parse_expression("x OR y", None) == Or((Ref("x"), Ref("y")))


def test_it_renders_in_vietnamese_with_only_the_brackets_needed() -> None:
    labels = {"a": "Chỉ số CCHC ≥ 90%", "b": "có sáng kiến cấp huyện", "c": "bị kỷ luật"}
    tree = parse_expression("a AND b", KEYS)
    assert render_vietnamese(tree, labels) == "Chỉ số CCHC ≥ 90% VÀ có sáng kiến cấp huyện"
    tree = parse_expression("(a OR b) AND NOT c", KEYS)
    assert render_vietnamese(tree, labels) == (
        "(Chỉ số CCHC ≥ 90% HOẶC có sáng kiến cấp huyện) VÀ KHÔNG bị kỷ luật"
    )
    assert canonical_text(parse_expression("a và (b hoặc c)", KEYS)) == "a AND (b OR c)"
    assert canonical_text(parse_expression("NOT (a OR b)", KEYS)) == "NOT (a OR b)"


def test_it_evaluates_the_worked_example_of_cb04() -> None:
    """CB04: unit ranks first, rating unknown: true OR null is true."""
    tree = parse_expression(PHU_MY, PHU_MY_KEYS)
    verdicts: dict[str, Verdict] = {
        "phu_trach_cchc": True,
        "don_vi_hang_1": True,
        "don_vi_70_2_nam": True,
        "htxs": None,
        "giay_khen_cchc_nam_truoc": False,
        "cstd_nam_truoc": False,
    }
    assert evaluate_node(tree, verdicts) is True
    verdicts["don_vi_hang_1"] = False
    assert evaluate_node(tree, verdicts) is False  # … AND (false OR false) = false
    verdicts["giay_khen_cchc_nam_truoc"] = True
    assert evaluate_node(tree, verdicts) is None  # true AND null AND true


def _trees() -> st.SearchStrategy[object]:
    leaves = st.sampled_from(["a", "b", "c"]).map(Ref)
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            children.map(Not),
            st.lists(children, min_size=2, max_size=3).map(lambda xs: And(tuple(xs))),
            st.lists(children, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs))),
        ),
        max_leaves=8,
    )


V = st.sampled_from([True, False, None])


@given(_trees(), V, V, V)
def test_it_compiles_to_the_same_verdicts_as_the_tree(
    tree: object, a: Verdict, b: Verdict, c: Verdict
) -> None:
    verdicts = {"a": a, "b": b, "c": c}
    compiled = compile_node(tree, {"a": 0, "b": 1, "c": 2})  # type: ignore[arg-type]
    assert compiled([a, b, c]) is evaluate_node(tree, verdicts)  # type: ignore[arg-type]


@given(_trees())
def test_it_reads_back_its_own_canonical_text(tree: object) -> None:
    text = canonical_text(tree)  # type: ignore[arg-type]
    again = parse_expression(text, ["a", "b", "c"])
    for values in [(True, None, False), (None, None, True), (False, True, None)]:
        verdicts = dict(zip("abc", values, strict=True))
        assert evaluate_node(again, verdicts) is evaluate_node(tree, verdicts)  # type: ignore[arg-type]
