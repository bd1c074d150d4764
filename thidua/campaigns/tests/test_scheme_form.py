"""The schemes form: forms labelled at the issuer's level, groups, quotas, the dossier's
components; unchanged saves change nothing; one message per wrong input."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template


@pytest.fixture
def campaign(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )


def component_rows(campaign: Campaign) -> dict[str, str]:
    """The component rows as the page shows them (hidden key, name, note, order)."""
    data = {}
    for j, c in enumerate(campaign.rules["dossier"]["components"]):
        data |= {
            f"comp_key_{j}": c["key"],
            f"comp_name_{j}": c["name"],
            f"comp_note_{j}": c.get("note", ""),
            f"comp_order_{j}": str(j + 1),
        }
    return data


def _data(campaign: Campaign, **kw) -> dict:  # type: ignore[no-untyped-def, type-arg]
    scheme = campaign.rules["schemes"][0]
    return {
        "form_0": scheme["form"],
        "groups_0": scheme["groups"],
        "quota_0": "6",
        **component_rows(campaign),
    } | kw


def test_it_labels_forms_at_the_issuers_level(login, campaign) -> None:  # type: ignore[no-untyped-def]
    body = login("office").get(f"/phong-trao/{campaign.pk}/phuong-an/").content.decode()
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân xã Mỹ An" in body
    assert "giay_khen_chu_tich_xa</" not in body


def test_saving_it_unchanged_changes_nothing(login, campaign) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.get_for_object(campaign).count()
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/phuong-an/", _data(campaign), follow=True
    )
    assert "Không có thay đổi nào" in response.content.decode()
    assert LogEntry.objects.get_for_object(campaign).count() == before


def test_it_saves_form_groups_quota_and_components(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    old = campaign.rules["dossier"]["components"]
    n = len(old)
    data = _data(
        campaign,
        form_0="giay_khen_chu_tich_xa",
        groups_0=["bo_phan", "thon"],
        quota_0="3",
        **{f"comp_name_{j}": "" for j in range(1, n)},
        **{f"comp_name_{n}": "Danh sách trích ngang", f"comp_note_{n}": "theo mẫu"},
    )
    response = login("office").post(f"/phong-trao/{campaign.pk}/phuong-an/", data)
    assert response.status_code == 302
    rules = Campaign.objects.get(pk=campaign.pk).rules
    scheme = rules["schemes"][0]
    assert scheme["form"] == "giay_khen_chu_tich_xa"
    assert scheme["groups"] == ["bo_phan", "thon"]
    assert scheme["quota"] == {"total": 3}
    assert {"bo_phan", "thon"} <= set(rules["participants"]["groups"])
    components = rules["dossier"]["components"]
    assert components[0]["key"] == old[0]["key"]
    assert components[1]["name"] == "Danh sách trích ngang" and components[1]["note"] == "theo mẫu"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quota_0", "-1", "Chỉ tiêu ít nhất là 1; để trống nếu không giới hạn."),
        ("quota_0", "0", "Chỉ tiêu ít nhất là 1; để trống nếu không giới hạn."),
        ("quota_0", "abc", "Chỉ tiêu phải là một số nguyên"),
        ("groups_0", [], "Chọn ít nhất một khối thi đua."),
        ("groups_0", ["khong_co"], "Hãy chọn khối thi đua trong danh sách."),
        ("form_0", "khong_co", "Hãy chọn một hình thức khen thưởng trong danh sách."),
        ("comp_name_0", "x" * 201, "Tên thành phần dài tối đa 200 ký tự."),
        ("comp_note_0", "x" * 301, "Ghi chú dài tối đa 300 ký tự."),
        ("comp_order_0", "-1", "Thứ tự không được là số âm."),
        ("comp_key_0", "khong-co", "Thành phần này không còn trong phương án"),
    ],
)
def test_a_wrong_input_is_one_message(login, campaign, field, value, message) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{campaign.pk}/phuong-an/", _data(campaign, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).rules == campaign.rules


def test_the_dossier_needs_a_component(login, campaign) -> None:  # type: ignore[no-untyped-def]
    n = len(campaign.rules["dossier"]["components"])
    data = _data(campaign, **{f"comp_name_{j}": "" for j in range(n)})
    response = login("office").post(f"/phong-trao/{campaign.pk}/phuong-an/", data)
    assert response.status_code == 200
    assert response.content.decode().count("Hồ sơ đề nghị cần ít nhất một thành phần.") == 1
    assert Campaign.objects.get(pk=campaign.pk).rules == campaign.rules


@pytest.fixture
def per_group(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    # Thái Nguyên: every scheme's quota is per group (phong, xa).
    return campaign_create_from_template(
        key="thai-nguyen-2018-2020", name="", issuing_unit=None, user=accounts["office"]
    )


def _per_group_data(campaign: Campaign, **kw) -> dict:  # type: ignore[no-untyped-def, type-arg]
    data: dict = component_rows(campaign)  # type: ignore[type-arg]
    for i, scheme in enumerate(campaign.rules["schemes"]):
        data[f"form_{i}"] = scheme["form"]
        data[f"groups_{i}"] = scheme["groups"]
        for group, figure in scheme["quota"]["per_group"].items():
            data[f"quota_{i}_{group}"] = str(figure)
    return data | kw


def test_per_group_quotas_are_labelled_by_the_groups_name(login, per_group) -> None:  # type: ignore[no-untyped-def]
    body = login("office").get(f"/phong-trao/{per_group.pk}/phuong-an/").content.decode()
    from thidua.org.models import CompetitionGroup

    for code in ("phong", "xa"):
        name = CompetitionGroup.objects.get(pk=code).name
        assert f"Chỉ tiêu khối “{name}”" in body
    assert 'name="quota_0_phong" value="4"' in body.replace(' type="number"', "")
    assert "Chỉ tiêu khối “phong”" not in body


def test_per_group_quotas_unchanged_change_nothing(login, per_group) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.get_for_object(per_group).count()
    response = login("office").post(
        f"/phong-trao/{per_group.pk}/phuong-an/", _per_group_data(per_group), follow=True
    )
    assert "Không có thay đổi nào" in response.content.decode()
    assert LogEntry.objects.get_for_object(per_group).count() == before


def test_per_group_quotas_are_saved(login, per_group) -> None:  # type: ignore[no-untyped-def]
    data = _per_group_data(per_group, quota_0_phong="5", quota_1_xa="2")
    response = login("office").post(f"/phong-trao/{per_group.pk}/phuong-an/", data)
    assert response.status_code == 302
    schemes = Campaign.objects.get(pk=per_group.pk).rules["schemes"]
    assert schemes[0]["quota"] == {"per_group": {"phong": 5, "xa": 6}}
    assert schemes[1]["quota"] == {"per_group": {"phong": 7, "xa": 2}}
    assert Campaign.objects.get(pk=per_group.pk).template.schemes[0].quota.per_group["phong"] == 5


def test_a_group_added_to_a_scheme_needs_its_quota(login, per_group) -> None:  # type: ignore[no-untyped-def]
    data = _per_group_data(per_group, groups_0=["phong", "xa", "thon"])
    response = login("office").post(f"/phong-trao/{per_group.pk}/phuong-an/", data)
    assert response.status_code == 200
    assert "Nhập chỉ tiêu cho khối “" in response.content.decode()
    data["quota_0_thon"] = "1"
    response = login("office").post(f"/phong-trao/{per_group.pk}/phuong-an/", data)
    assert response.status_code == 302
    scheme = Campaign.objects.get(pk=per_group.pk).rules["schemes"][0]
    assert scheme["quota"] == {"per_group": {"phong": 4, "xa": 6, "thon": 1}}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Nhập chỉ tiêu cho khối “"),
        ("-3", "Chỉ tiêu ít nhất là 1; để trống nếu khối này không được xét."),
        ("0", "Chỉ tiêu ít nhất là 1; để trống nếu khối này không được xét."),
        ("1e9", "Chỉ tiêu phải là một số nguyên"),
        ("999999999", "Chỉ tiêu quá lớn"),
    ],
)
def test_a_wrong_per_group_quota_is_one_message(login, per_group, value, message) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(
        f"/phong-trao/{per_group.pk}/phuong-an/", _per_group_data(per_group, quota_0_xa=value)
    )
    assert response.status_code == 200
    assert response.content.decode().count(message) == 1
    assert Campaign.objects.get(pk=per_group.pk).rules == per_group.rules


def test_a_commune_after_the_reform_is_offered_only_what_it_decides(
    login, district, accounts
) -> None:  # type: ignore[no-untyped-def]
    from thidua.campaigns.tests.test_ownership import _choices

    commune = campaign_create_from_template(
        key="loc-ninh-2024-2025",
        name="",
        issuing_unit=district["b"],
        user=accounts["office"],
        own=_choices(district["b"]),
    )
    body = login("office").get(f"/phong-trao/{commune.pk}/phuong-an/").content.decode()
    assert 'value="giay_khen_chu_tich_xa"' in body
    assert 'value="giay_khen_chu_tich_huyen"' not in body
    assert "Giấy khen của Chủ tịch UBND cấp huyện" not in body


def test_groups_are_listed_in_their_order(login, campaign) -> None:  # type: ignore[no-untyped-def]
    from thidua.org.models import CompetitionGroup

    body = login("office").get(f"/phong-trao/{campaign.pk}/phuong-an/").content.decode()
    names = [g.name for g in CompetitionGroup.objects.order_by("order", "code")]
    assert sorted(names, key=body.index) == names
