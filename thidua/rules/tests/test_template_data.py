"""Templates as data: the editable JSON copy of a campaign, and the Vietnamese messages of a
template that cannot be used."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from thidua.rules import TemplateError, UnknownTemplateError, load_template, template_from_dict
from thidua.rules.template import TEMPLATE_KEYS


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_it_round_trips_every_template_through_json(key: str) -> None:
    template = load_template(key)
    data = json.loads(json.dumps(template.to_dict(), ensure_ascii=False))
    again = template_from_dict(data)
    assert again == template
    assert again.to_dict() == data


def test_it_refuses_an_unknown_template_key() -> None:
    with pytest.raises(UnknownTemplateError, match="unknown template 'x'"):
        load_template("x")


def test_it_lets_an_officer_change_a_threshold() -> None:
    data = load_template("loc-ninh-2024-2025").to_dict()
    data["schemes"][0]["criteria"][1]["params"]["threshold"] = 85
    template = template_from_dict(data)
    assert template.schemes[0].criteria[1].params["threshold"] == 85


def test_it_keeps_the_plan_calendar_and_dossier() -> None:
    phu_my = load_template("phu-my-2021-2025")
    annual = phu_my.deadlines[0]
    assert (annual.day, annual.month, annual.year_offset) == (31, 1, 1)
    assert str(annual.due(2024)) == "2025-01-31"
    thai_nguyen = load_template("thai-nguyen-2018-2020")
    assert [(c.label, c.count) for c in thai_nguyen.dossier.copies] == [
        ("Khen thưởng cấp thành phố", 1),
        ("Khen thưởng cấp tỉnh", 2),
    ]
    loc_ninh = load_template("loc-ninh-2024-2025")
    assert loc_ninh.deadlines[-1].days_before == 10
    assert loc_ninh.deadlines[-1].due(2024) is None
    assert str(load_template("dinh-du-2024").deadlines[0].due(2024)) == "2024-04-26"


def test_it_explains_a_scheme_in_vietnamese() -> None:
    scheme = load_template("phu-my-2021-2025").scheme("tap-the-giai-doan")
    assert scheme is not None
    assert scheme.explain() == (
        "Có từ 03 năm trong giai đoạn có Chỉ số CCHC đạt từ 70% trở lên HOẶC "
        "Được cơ quan, đơn vị xét chọn, đề xuất là tập thể tiêu biểu trong giai đoạn"
    )


def test_it_generates_a_label_from_the_parameters_when_none_is_given() -> None:
    data = load_template("loc-ninh-2024-2025").to_dict()
    criterion = data["schemes"][0]["criteria"][1]
    criterion["label"] = ""
    criterion["params"]["threshold"] = 85
    template = template_from_dict(data)
    assert template.schemes[0].criteria[1].display_label == "Chỉ số CCHC ≥ 85%"


def _broken(change: Any) -> TemplateError:
    data = copy.deepcopy(load_template("thai-nguyen-2018-2020").to_dict())
    change(data)
    with pytest.raises(TemplateError) as info:
        template_from_dict(data)
    return info.value


def _criterion(data: dict[str, Any], scheme: int = 0, index: int = 0) -> dict[str, Any]:
    return data["schemes"][scheme]["criteria"][index]  # type: ignore[no-any-return]


def test_it_names_an_unknown_criterion_primitive() -> None:
    err = _broken(lambda d: _criterion(d).update(primitive="par_magic"))
    assert err.message.startswith(
        "Phương án “tap-the-hang-nam”, tiêu chí “htxs”: không có loại tiêu chí nào tên là "
        "“par_magic”"
    )
    assert err.path == "schemes[0].criteria[0].primitive"


def test_it_names_a_bad_parameter() -> None:
    err = _broken(lambda d: _criterion(d, 0, 4)["params"].update(band="Giỏi"))
    assert "không có mức xếp loại “Giỏi”" in err.message
    err = _broken(lambda d: _criterion(d)["params"].update(at_least="TOT"))
    assert "tham số “at_least” phải là một trong: HTXSNV, HTTNV, HTNV, KHTNV" in err.message
    err = _broken(lambda d: _criterion(d)["params"].update(colour="red"))
    assert "tham số “colour” không dùng cho loại tiêu chí “rating”" in err.message
    err = _broken(lambda d: _criterion(d)["params"].update(year="năm ngoái"))
    assert err.path == "schemes[0].criteria[0].params"
    assert "tham số “year” phải là “Y”, “Y-1”, “Y-2” …" in err.message


def test_it_refuses_a_threshold_outside_0_to_100() -> None:
    data = load_template("loc-ninh-2024-2025").to_dict()
    data["schemes"][0]["criteria"][1]["params"]["threshold"] = 120
    with pytest.raises(TemplateError, match="tham số “threshold” phải là một số từ 0 đến 100"):
        template_from_dict(data)


def test_it_names_an_expression_error_with_the_token() -> None:
    err = _broken(lambda d: d["schemes"][0].update(expression="htxs AND XYZ"))
    assert err.message == (
        "Phương án “tap-the-hang-nam”: biểu thức tiêu chí: Không hiểu “XYZ” ở vị trí 10: "
        "không có tiêu chí nào tên là “XYZ”"
    )
    assert err.path == "schemes[0].expression"


def test_it_refuses_a_criterion_left_out_of_the_expression() -> None:
    err = _broken(lambda d: d["schemes"][0].update(expression="htxs AND par_tot"))
    assert "chưa được dùng trong biểu thức" in err.message
    assert "“phat_dong_phong_trao”" in err.message


def test_it_refuses_a_negative_or_incomplete_quota() -> None:
    err = _broken(lambda d: d["schemes"][0]["quota"]["per_group"].update(xa=-1))
    assert "chỉ tiêu của nhóm xa phải là số nguyên không âm" in err.message
    err = _broken(lambda d: d["schemes"][0]["quota"]["per_group"].pop("xa"))
    assert "chỉ tiêu của nhóm xa" in err.message
    err = _broken(lambda d: d["schemes"][0].update(quota={"total": -2}))
    assert "chỉ tiêu phải là số nguyên không âm" in err.message


def test_it_refuses_a_criterion_that_does_not_fit_the_subject() -> None:
    err = _broken(
        lambda d: _criterion(d).update(primitive="person_flag", params={"flag": "cchc_role"})
    )
    assert "không dùng được cho tập thể" in err.message


def test_it_refuses_phase_years_outside_a_phase_scheme() -> None:
    err = _broken(lambda d: _criterion(d, 0, 1)["params"].update(years="phase"))
    assert "“phase” (cả giai đoạn) chỉ dùng trong phương án theo giai đoạn" in err.message


def test_it_refuses_duplicate_keys_and_unknown_fields() -> None:
    err = _broken(lambda d: d["schemes"][1].update(key="tap-the-hang-nam"))
    assert err.message == "hai phương án cùng khóa “tap-the-hang-nam”"
    err = _broken(lambda d: d["schemes"][0]["criteria"].append(dict(_criterion(d))))
    assert "hai tiêu chí cùng khóa “htxs”" in err.message
    err = _broken(lambda d: d.update(colour="đỏ"))
    assert err.message.startswith("khóa “colour” không được dùng ở đây")
    err = _broken(lambda d: _criterion(d).update(key="va"))
    assert "không trùng từ khóa" in err.message


def test_it_refuses_a_phase_outside_the_period_and_bad_bands() -> None:
    err = _broken(lambda d: d["schemes"][2]["phase"].update(start=2017))
    assert "giai đoạn 2017–2020 phải nằm trong thời gian của kế hoạch (2018–2020)" in err.message
    err = _broken(lambda d: d["bands"].reverse())
    assert "ngưỡng giảm dần" in err.message
    err = _broken(lambda d: d["period"].update(end="2017-01-01"))
    assert "ngày kết thúc" in err.message


def test_it_lists_the_attestation_keys_a_template_reads() -> None:
    assert load_template("phu-my-2021-2025").attestation_keys == {
        "tieu_bieu_giai_doan": "tiêu biểu giai đoạn"
    }
    assert set(load_template("thai-nguyen-2018-2020").attestation_keys) == {
        "phat_dong_phong_trao",
        "noi_bo_doan_ket",
        "dang_tsvm",
        "guong_mau",
    }


def test_an_annual_deadline_never_raises_on_a_day_the_year_lacks() -> None:
    import datetime as dt

    from thidua.rules.template import Deadline

    leap = Deadline(key="x", label="x", month=2, day=29)
    assert leap.due(2024) == dt.date(2024, 2, 29)
    assert leap.due(2027) == dt.date(2027, 2, 28)
    assert Deadline(key="x", label="x", month=4, day=31).due(2026) == dt.date(2026, 4, 30)
    assert Deadline(key="x", label="x", month=13, day=1).due(2026) is None
    assert Deadline(key="x", label="x", month=12, day=31, year_offset=1).due(9999) is None
