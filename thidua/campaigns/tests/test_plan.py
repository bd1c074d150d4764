"""The plan document model (thidua.campaigns.plan) and the five shipped plans. No database."""

from __future__ import annotations

import copy
import json
import re

import pytest

from thidua.campaigns.plan import (
    ROLES,
    Plan,
    PlanError,
    load_plan,
    parse_markup,
    plan_from_dict,
    plan_keys,
    registration_columns,
    vietnamese_date,
)

KEYS = [
    "dinh-du-2024",
    "loc-ninh-2024-2025",
    "phu-my-2021-2025",
    "tan-chau-2020",
    "thai-nguyen-2018-2020",
]


def _all_text(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), ensure_ascii=False)


def _minimal() -> dict:
    return {
        "key": "thu-nghiem",
        "superior": "",
        "issuer": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ NGHIỆM",
        "number": "158",
        "symbol": "KH-UBND",
        "place": "Lộc Ninh",
        "date": "2024-07-19",
        "doc_type": "KẾ HOẠCH",
        "title": "Phát động phong trào thi đua",
        "legal_bases": ["Thực hiện Kế hoạch số 230/KH-UBND ngày 10/7/2024 của UBND tỉnh,"],
        "preamble": "Ủy ban nhân dân huyện ban hành Kế hoạch, cụ thể như sau:",
        "sections": [
            {
                "heading": "I. MỤC ĐÍCH, YÊU CẦU",
                "role": "purpose",
                "text": "## 1. Mục đích\n\na) Một.",
            },
            {"heading": "II. NỘI DUNG THI ĐUA", "role": "contents", "text": "- Thi đua."},
            {"heading": "III. TỔ CHỨC THỰC HIỆN", "role": "implementation", "text": "1. Giao."},
        ],
        "closing": "Trên đây là Kế hoạch./.",
        "recipients": ["CT, các PCT UBND huyện;", "Lưu: VT."],
        "signer": {"authority": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "name": "Lê Thị Anh Tuyết"},
    }


# --------------------------------------------------------------------------- shipped plans


def test_plan_keys_are_the_five_templates() -> None:
    assert plan_keys() == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_plan_loads_and_round_trips_exactly(key: str) -> None:
    plan = load_plan(key)
    assert plan.key == key
    data = plan.to_dict()
    as_json = json.loads(json.dumps(data, ensure_ascii=False))
    assert as_json == data
    again = plan_from_dict(as_json)
    assert again == plan
    assert again.to_dict() == data
    assert load_plan(key) is plan  # cached


@pytest.mark.parametrize("key", KEYS)
def test_plan_to_dict_holds_plain_types_only(key: str) -> None:
    def walk(value: object) -> None:
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert type(value) in (str, int), value

    walk(load_plan(key).to_dict())


@pytest.mark.parametrize("key", KEYS)
def test_plan_shape(key: str) -> None:
    plan = load_plan(key)
    assert len(plan.sections) >= 3
    assert plan.closing.endswith("./.")
    assert plan.recipients[-1].startswith("Lưu")
    assert plan.doc_type == "KẾ HOẠCH"
    assert plan.symbol == "KH-UBND"
    assert plan.issuer.startswith("ỦY BAN NHÂN DÂN\n")
    assert plan.superior == ""  # none of the seeds shows a superior body
    assert all(section.role in ROLES for section in plan.sections)
    assert plan.sections_with_role("implementation")
    assert not any(line.startswith("- ") for line in plan.recipients)
    assert plan.signer.authority and plan.signer.name


@pytest.mark.parametrize("key", KEYS)
def test_plan_text_has_no_seed_artefacts(key: str) -> None:
    text = _all_text(load_plan(key))
    for artefact in ("*rf*", "Noi nhận", "U. CHỦ TỊCH", "Đinh Dù", "tỉnh quốc", "Bộ,nành", "\\*"):
        assert artefact not in text, artefact
    assert "####" not in text


def test_headers_as_in_the_seeds() -> None:
    loc_ninh = load_plan("loc-ninh-2024-2025")
    assert loc_ninh.issuer == "ỦY BAN NHÂN DÂN\nHUYỆN LỘC NINH"
    assert loc_ninh.number_and_symbol == "Số: 158/KH-UBND"
    assert loc_ninh.place_and_date == "Lộc Ninh, ngày 19 tháng 7 năm 2024"
    assert loc_ninh.signer.authority == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert loc_ninh.signer.name == "Lê Thị Anh Tuyết"
    assert [s.heading for s in loc_ninh.sections] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG THI ĐUA",
        "III. CÔNG TÁC KHEN THƯỞNG",
        "V. TỔ CHỨC THỰC HIỆN",
    ]

    dinh_du = load_plan("dinh-du-2024")
    assert dinh_du.issuer == "ỦY BAN NHÂN DÂN\nXÃ ĐÌNH DÙ"
    assert dinh_du.number == ""
    assert dinh_du.signer.authority == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert dinh_du.signer.name == "Trần Quang Huy"
    # The registration form at the end of the seed is not part of the body.
    assert "Huân chương các loại" not in _all_text(dinh_du)
    assert "Danh hiệu thi đua, khen thưởng" not in _all_text(dinh_du)

    tan_chau = load_plan("tan-chau-2020")
    assert tan_chau.number == ""
    assert tan_chau.number_and_symbol == "Số:       /KH-UBND"
    assert tan_chau.place_and_date == "Tân Châu, ngày 04 tháng 3 năm 2020"

    phu_my = load_plan("phu-my-2021-2025")
    assert phu_my.number_and_symbol == "Số: 69/KH-UBND"
    assert phu_my.place_and_date == "Phù Mỹ, ngày 13 tháng 4 năm 2022"

    thai_nguyen = load_plan("thai-nguyen-2018-2020")
    assert thai_nguyen.number_and_symbol == "Số: 31/KH-UBND"
    assert thai_nguyen.place_and_date == "TP. Thái Nguyên, ngày 27 tháng 02 năm 2018"


def test_phu_my_has_its_diacritics_back() -> None:
    plan = load_plan("phu-my-2021-2025")
    text = _all_text(plan)
    assert "Phù Mỹ" in plan.title
    for phrase in (
        "Phù Mỹ",
        "Kế hoạch",
        "thi đua",
        "Ủy ban nhân dân",
        "Chương trình hành động số 09-CTr/TU",
        "Nghị quyết số 76/NQ-CP",
        "Quyết định số 7891/QĐ-UBND",
        "cải cách hành chính",
    ):
        assert phrase in text, phrase
    for bad in (
        " thi dua ",
        " Ke hoach",
        " ke hoach",
        " cai cach hanh chinh",
        "Uy ban nhan dan",
        " huyen ",
        " Phu My",
        "khen thuong",
        " nam 20",
        "QD-UBND",
    ):
        assert bad not in text, bad
    # Every word of the Vietnamese text that has no diacritic is a real word or an acronym.
    body = " ".join([plan.title, plan.preamble, plan.closing, *plan.legal_bases])
    body += " ".join(section.text for section in plan.sections)
    suspicious = {"dua", "hoach", "cach", "hanh", "chinh", "huyen", "nhan", "dan", "thuong"}
    words = {word.lower() for word in re.findall(r"\w+", body)}
    assert not (words & suspicious)


@pytest.mark.parametrize("key", KEYS)
def test_section_markup_parses(key: str) -> None:
    for section in load_plan(key).sections:
        blocks = parse_markup(section.text)
        assert blocks
        assert {kind for kind, _ in blocks} <= {"h2", "h3", "dash", "p"}


def test_markup_blocks() -> None:
    blocks = parse_markup(
        "## 1. Mục đích\n\n### 1.1. Đối với tập thể\n\n- Một **đậm** và *nghiêng*\n\na) Hai\ndòng"
    )
    assert blocks == [
        ("h2", "1. Mục đích"),
        ("h3", "1.1. Đối với tập thể"),
        ("dash", "Một **đậm** và *nghiêng*"),
        ("p", "a) Hai dòng"),
    ]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2024-07-19", "ngày 19 tháng 7 năm 2024"),
        ("2026-01-05", "ngày 05 tháng 01 năm 2026"),
        ("2018-02-27", "ngày 27 tháng 02 năm 2018"),
        ("2022-04-13", "ngày 13 tháng 4 năm 2022"),
        ("2020-03-04", "ngày 04 tháng 3 năm 2020"),
        ("2025-12-10", "ngày 10 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_date_leading_zeros(iso: str, expected: str) -> None:
    assert vietnamese_date(iso) == expected
    data = _minimal()
    data["date"] = iso
    assert plan_from_dict(data).place_and_date == f"Lộc Ninh, {expected}"


def test_number_and_symbol() -> None:
    data = _minimal()
    assert plan_from_dict(data).number_and_symbol == "Số: 158/KH-UBND"
    data["number"] = ""
    assert plan_from_dict(data).number_and_symbol == "Số:       /KH-UBND"


def test_optional_fields_default_to_empty() -> None:
    data = _minimal()
    for field in ("superior", "number", "preamble", "legal_bases"):
        del data[field]
    plan = plan_from_dict(data)
    assert (plan.superior, plan.number, plan.preamble, plan.legal_bases) == ("", "", "", ())
    assert plan.to_dict()["legal_bases"] == []


def test_minimal_plan_round_trips() -> None:
    data = _minimal()
    plan = plan_from_dict(copy.deepcopy(data))
    assert plan.to_dict() == data


# --------------------------------------------------------------------------- refusals


def _refused(data: dict) -> PlanError:
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    error = info.value
    assert isinstance(error, ValueError)
    return error


def _with(path: tuple, value: object) -> dict:
    data = _minimal()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("issuer", "Cơ quan ban hành (issuer) không được để trống."),
        ("symbol", "Ký hiệu văn bản (symbol) không được để trống."),
        ("place", "Địa danh (place) không được để trống."),
        ("date", "Ngày ban hành (date) không được để trống."),
        ("doc_type", "Tên loại văn bản (doc_type) không được để trống."),
        ("title", "Trích yếu (title) không được để trống."),
        ("closing", "Đoạn kết (closing) không được để trống."),
        ("key", "Mã mẫu kế hoạch (key) không được để trống."),
    ],
)
def test_refuses_empty_required_string(field: str, message: str) -> None:
    error = _refused(_with((field,), "   "))
    assert error.message == message
    assert error.path == field


@pytest.mark.parametrize("field", ["issuer", "title", "sections", "recipients", "signer"])
def test_refuses_missing_field(field: str) -> None:
    data = _minimal()
    del data[field]
    error = _refused(data)
    assert error.message.startswith("Thiếu trường ")
    assert f"({field})" in error.message
    assert error.path == field


def test_refuses_no_sections() -> None:
    error = _refused(_with(("sections",), []))
    assert error.message == "Các phần của kế hoạch (sections) phải có ít nhất 1 phần."
    assert error.path == "sections"


def test_refuses_no_recipients() -> None:
    error = _refused(_with(("recipients",), []))
    assert error.message == "Nơi nhận (recipients) phải có ít nhất 1 dòng."
    assert error.path == "recipients"


def test_refuses_no_signer_authority() -> None:
    error = _refused(_with(("signer", "authority"), []))
    assert error.message == "Quyền hạn, chức vụ người ký (authority) phải có ít nhất 1 dòng."
    assert error.path == "signer.authority"


def test_refuses_empty_signer_name() -> None:
    error = _refused(_with(("signer", "name"), ""))
    assert error.message == "Họ và tên người ký (name) không được để trống."
    assert error.path == "signer.name"


def test_refuses_empty_section_heading() -> None:
    data = _minimal()
    data["sections"][2]["heading"] = ""
    error = _refused(data)
    assert error.message == "Tiêu đề phần (heading) không được để trống."
    assert error.path == "sections[2].heading"


@pytest.mark.parametrize("value", ["19/7/2024", "2024-7-19", "2024-07-19T00:00", "ngày 19"])
def test_refuses_badly_written_date(value: str) -> None:
    error = _refused(_with(("date",), value))
    assert error.message == "Ngày ban hành (date) phải có dạng YYYY-MM-DD (ví dụ 2024-07-19)."
    assert error.path == "date"


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10"])
def test_refuses_date_that_does_not_exist(value: str) -> None:
    error = _refused(_with(("date",), value))
    assert error.message == f"Ngày ban hành (date) “{value}” không phải là một ngày có thật."
    assert error.path == "date"


def test_refuses_unknown_role() -> None:
    data = _minimal()
    data["sections"][1]["role"] = "noi_dung"
    error = _refused(data)
    assert error.message.startswith("Loại nội dung của phần (role) “noi_dung” không hợp lệ")
    assert "purpose, participants, contents, period, commendation, implementation, other" in (
        error.message
    )
    assert error.path == "sections[1].role"


def test_refuses_closing_without_end_mark() -> None:
    error = _refused(_with(("closing",), "Trên đây là Kế hoạch."))
    assert error.message == "Đoạn kết (closing) phải kết thúc bằng “./.” (theo Nghị định 30/2020)."
    assert error.path == "closing"


def test_refuses_unknown_plan_key() -> None:
    data = _minimal()
    data["signature"] = "x"
    error = _refused(data)
    assert error.message.startswith("Trường “signature” không có trong mẫu kế hoạch")
    assert error.path == "signature"


def test_refuses_unknown_section_key() -> None:
    data = _minimal()
    data["sections"][0]["body"] = "x"
    error = _refused(data)
    assert error.message.startswith("Trường “body” không có trong mẫu phần kế hoạch")
    assert error.path == "sections[0].body"


def test_refuses_unknown_signer_key() -> None:
    data = _minimal()
    data["signer"]["title"] = "x"
    error = _refused(data)
    assert error.message.startswith("Trường “title” không có trong mẫu người ký")
    assert error.path == "signer.title"


@pytest.mark.parametrize("hashes", ["####", "#####"])
def test_refuses_deep_heading_with_line_number(hashes: str) -> None:
    data = _minimal()
    data["sections"][1]["text"] = f"## 1. Mục\n\nĐoạn văn.\n\n{hashes} 1.1.1. Quá sâu"
    error = _refused(data)
    assert error.message == (
        f"Nội dung phần (text): Dòng 5: tiêu đề “{hashes}” quá sâu; chỉ dùng “## ” (mục) "
        "và “### ” (tiểu mục)."
    )
    assert error.path == "sections[1].text"


def test_refuses_single_hash_heading() -> None:
    data = _minimal()
    data["sections"][0]["text"] = "# Tiêu đề"
    error = _refused(data)
    assert error.message.startswith("Nội dung phần (text): Dòng 1: tiêu đề “# ”")
    assert error.path == "sections[0].text"


def test_refuses_unbalanced_bold_with_line_number() -> None:
    data = _minimal()
    data["sections"][2]["text"] = "1. Giao.\n\n2. Hồ sơ gửi trước **ngày 30 tháng 11 hàng năm."
    error = _refused(data)
    assert error.message == (
        "Nội dung phần (text): Dòng 3: dấu in đậm “**” không cân (mở mà không đóng, "
        "hoặc ngược lại)."
    )
    assert error.path == "sections[2].text"


def test_refuses_unbalanced_bold_in_heading() -> None:
    data = _minimal()
    data["sections"][0]["text"] = "Đoạn.\n\n## **1. Mục đích"
    error = _refused(data)
    assert error.message == "Nội dung phần (text): Dòng 3: dấu in đậm “**” không cân."
    assert error.path == "sections[0].text"


def test_refuses_empty_section_text() -> None:
    data = _minimal()
    data["sections"][0]["text"] = "\n\n"
    error = _refused(data)
    assert error.message == "Nội dung phần (text) không được để trống."
    assert error.path == "sections[0].text"


def test_refuses_non_string_values() -> None:
    error = _refused(_with(("title",), 12))
    assert error.message == "Trích yếu (title) phải là chuỗi ký tự."
    assert error.path == "title"
    error = _refused(_with(("recipients",), "Lưu: VT."))
    assert error.message == "Nơi nhận (recipients) phải là một danh sách."
    assert error.path == "recipients"
    error = _refused(_with(("recipients",), ["Sở Nội vụ;", 3, "Lưu: VT."]))
    assert error.message == "Dòng 2 của Nơi nhận (recipients) phải là chuỗi ký tự."
    assert error.path == "recipients[1]"
    error = _refused(_with(("sections",), [["I."]]))
    assert error.message == "Phần kế hoạch phải là một bảng (dict) các trường."
    assert error.path == "sections[0]"
    error = _refused("không phải bảng")
    assert error.path == ""


def test_refuses_empty_list_lines() -> None:
    error = _refused(_with(("legal_bases",), ["Căn cứ …;", " "]))
    assert error.message == "Dòng 2 của Căn cứ ban hành (legal_bases) không được để trống."
    assert error.path == "legal_bases[1]"


def test_refuses_recipient_with_dash() -> None:
    error = _refused(_with(("recipients",), ["- Sở Nội vụ;", "Lưu: VT."]))
    assert error.message == (
        "Dòng 1 của Nơi nhận (recipients): bỏ dấu “- ” ở đầu dòng (văn bản tự thêm)."
    )
    assert error.path == "recipients[0]"


def test_refuses_recipients_not_ending_with_file_copy() -> None:
    error = _refused(_with(("recipients",), ["Sở Nội vụ;", "UBND các xã;"]))
    assert error.message == (
        "Dòng cuối của Nơi nhận (recipients) phải là “Lưu: VT, …” (theo Nghị định 30/2020)."
    )
    assert error.path == "recipients[1]"


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("issuer",), "Ủy ban nhân dân huyện Lộc Ninh", "issuer"),
        (("superior",), "Ubnd tỉnh", "superior"),
        (("doc_type",), "Kế hoạch", "doc_type"),
        (("signer", "authority"), ["KT. CHỦ TỊCH", "Phó Chủ tịch"], "signer.authority[1]"),
    ],
)
def test_refuses_lower_case_where_capitals_are_required(
    path: tuple, value: object, where: str
) -> None:
    error = _refused(_with(path, value))
    assert error.message.endswith("phải viết IN HOA (theo Nghị định 30/2020).")
    assert error.path == where


def test_refuses_number_with_symbol() -> None:
    error = _refused(_with(("number",), "158/KH-UBND"))
    assert error.message.startswith("Số văn bản (number) chỉ gồm chữ số")
    assert error.path == "number"


def test_refuses_symbol_with_slash() -> None:
    error = _refused(_with(("symbol",), "/KH-UBND"))
    assert error.message == (
        "Ký hiệu văn bản (symbol) ghi liền, không có “/” ở đầu (ví dụ “KH-UBND”)."
    )
    assert error.path == "symbol"


def test_refuses_multi_line_heading() -> None:
    data = _minimal()
    data["sections"][0]["heading"] = "I. MỤC ĐÍCH,\nYÊU CẦU"
    error = _refused(data)
    assert error.message == "Tiêu đề phần (heading) phải nằm trên một dòng."
    assert error.path == "sections[0].heading"


def test_plan_error_string_names_the_path() -> None:
    error = PlanError("Trích yếu (title) không được để trống.", "title")
    assert str(error) == "Trích yếu (title) không được để trống. [title]"


def test_load_plan_unknown_key() -> None:
    with pytest.raises(KeyError):
        load_plan("khong-co")
    with pytest.raises(KeyError):
        load_plan("../plan")


# --------------------------------------------------------------------------- registration form


def test_registration_columns_of_seed_001() -> None:
    columns = registration_columns()
    assert [c["number"] for c in columns] == list(range(1, 12))
    assert [(c["key"], c["label"], c["group"]) for c in columns] == [
        ("stt", "STT", ""),
        ("tap_the_ca_nhan", "Tập thể, cá nhân", ""),
        ("hoan_thanh_nhiem_vu", "Hoàn thành nhiệm vụ", "Danh hiệu thi đua"),
        ("lao_dong_tien_tien", "Lao động tiên tiến", "Danh hiệu thi đua"),
        ("chien_si_thi_dua_co_so", "Chiến sỹ thi đua cấp cơ sở", "Danh hiệu thi đua"),
        ("chien_si_thi_dua_tinh", "Chiến sỹ thi đua cấp tỉnh", "Danh hiệu thi đua"),
        ("chien_si_thi_dua_toan_quoc", "Chiến sỹ thi đua toàn quốc", "Danh hiệu thi đua"),
        ("giay_khen_huyen", "Giấy khen UBND huyện", "Hình thức khen thưởng"),
        (
            "bang_khen_tinh_bo",
            "Bằng khen UBND tỉnh, các Bộ, ngành, đoàn thể TW",
            "Hình thức khen thưởng",
        ),
        ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "Hình thức khen thưởng"),
        ("huan_chuong", "Huân chương các loại", "Hình thức khen thưởng"),
    ]
    assert all(set(c) == {"key", "label", "group", "number"} for c in columns)
    json.dumps(columns)  # plain data
    columns[0]["label"] = "đổi"
    assert registration_columns()[0]["label"] == "STT"  # a fresh copy each call
