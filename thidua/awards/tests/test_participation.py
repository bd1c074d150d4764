"""A unit registers, opens dossiers and nominates only in issued, open campaigns whose
participants include it (issue 8, item 4): one check in the services, one Vietnamese
message per case, nothing written when refused."""

from __future__ import annotations

import pytest

from thidua.awards import services
from thidua.awards.dossiers import Dossier
from thidua.awards.records import Nomination
from thidua.campaigns.models import Campaign, Registration
from thidua.campaigns.registrations import RegistrationError, registration_for
from thidua.campaigns.services import campaign_create_from_template

CLOSED = "Phong trào đã kết thúc: không thể đăng ký, lập hồ sơ hay đề nghị khen thưởng nữa."
DRAFT = "Phong trào chưa ban hành: chưa thể đăng ký, lập hồ sơ hay đề nghị khen thưởng."
OUTSIDER = "Phòng Nội vụ không thuộc các đơn vị tham gia phong trào này."


def _campaign(key: str, district, accounts, status: str = Campaign.Status.ISSUED) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key=key, name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = status
    campaign.save()
    return campaign


@pytest.fixture
def communes_only(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    """Đình Dù: communes, their sections and villages; unit A (a department) is not in it."""
    return _campaign("dinh-du-2024", district, accounts)


@pytest.fixture
def closed(district, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    return _campaign("loc-ninh-2024-2025", district, accounts, Campaign.Status.CLOSED)


def _page(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_a_unit_cannot_open_a_dossier_in_a_campaign_it_does_not_belong_to(
    login, communes_only
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    url = f"/phong-trao/{communes_only.pk}/ho-so/"
    assert OUTSIDER in _page(client.get(url))
    response = client.post(url, {"nam": "2024"}, follow=True)
    assert OUTSIDER in _page(response)
    assert not Dossier.objects.exists()
    # Unit B, a commune, takes part.
    login("unit_b").post(url, {"nam": "2024"})
    assert Dossier.objects.get().unit.code == "XA-AN"


def test_a_unit_cannot_open_a_dossier_in_a_closed_campaign(login, closed) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(f"/phong-trao/{closed.pk}/ho-so/", {"nam": "2025"}, follow=True)
    assert CLOSED in _page(response)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"), [(Campaign.Status.DRAFT, DRAFT), (Campaign.Status.CLOSED, CLOSED)]
)
def test_the_service_refuses_whatever_the_path(district, accounts, status, message) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign("loc-ninh-2024-2025", district, accounts, status)
    with pytest.raises(services.DossierError, match=message):
        services.dossier_for(campaign, district["a"], 2025)
    with pytest.raises(RegistrationError, match=message):
        registration_for(campaign, district["a"], 2025)
    assert not Dossier.objects.exists() and not Registration.objects.exists()


def test_the_service_refuses_an_outsider_and_a_year_outside_the_campaign(
    communes_only, district
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.DossierError, match=OUTSIDER):
        services.dossier_for(communes_only, district["a"], 2024)
    with pytest.raises(services.DossierError, match="không xét khen thưởng năm 2031"):
        services.dossier_for(communes_only, district["b"], 2031)
    assert not Dossier.objects.exists()


def test_a_unit_cannot_register_in_a_campaign_it_does_not_belong_to(
    login, communes_only, district
) -> None:  # type: ignore[no-untyped-def]
    client = login("unit_a")
    url = f"/phong-trao/{communes_only.pk}/dang-ky/"
    assert OUTSIDER in _page(client.get(url))
    response = client.post(url, {"nam": "2024", f"u{district['a'].pk}-giay_khen_huyen": "on"})
    assert OUTSIDER in _page(response)
    assert not Registration.objects.exists()


def test_a_unit_cannot_register_in_a_closed_campaign(login, closed, district) -> None:  # type: ignore[no-untyped-def]
    response = login("unit_a").post(
        f"/phong-trao/{closed.pk}/dang-ky/",
        {"nam": "2025", f"u{district['a'].pk}-giay_khen_huyen": "on"},
    )
    assert CLOSED in _page(response)
    assert not Registration.objects.exists()


def test_no_nomination_once_the_campaign_is_closed(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign("loc-ninh-2024-2025", district, accounts)
    client = login("unit_a")
    client.post(f"/phong-trao/{campaign.pk}/ho-so/", {"nam": "2025"})
    dossier = Dossier.objects.get()
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    response = client.post(
        f"/ho-so/{dossier.pk}/de-nghi/",
        {"unit": district["a"].pk, "form": "giay_khen_chu_tich_huyen"},
        follow=True,
    )
    assert CLOSED in _page(response)
    assert not Nomination.objects.exists()


def test_a_draft_campaign_is_not_found_by_a_unit(login, district, accounts) -> None:  # type: ignore[no-untyped-def]
    campaign = _campaign("loc-ninh-2024-2025", district, accounts, Campaign.Status.DRAFT)
    client = login("unit_a")
    assert client.post(f"/phong-trao/{campaign.pk}/ho-so/", {"nam": "2025"}).status_code == 404
    assert client.post(f"/phong-trao/{campaign.pk}/dang-ky/", {"nam": "2025"}).status_code == 404
    assert not Dossier.objects.exists() and not Registration.objects.exists()


def test_nothing_is_forwarded_to_a_closed_parent_campaign(district, accounts) -> None:  # type: ignore[no-untyped-def]
    from thidua.campaigns.registrations import forward_to_parent

    parent = _campaign("loc-ninh-2024-2025", district, accounts, Campaign.Status.CLOSED)
    child = campaign_create_from_template(
        key="loc-ninh-2024-2025",
        name="",
        issuing_unit=district["b"],
        user=accounts["office"],
        parent=parent,
    )
    child.status = Campaign.Status.ISSUED
    child.save()
    with pytest.raises(RegistrationError, match="Phong trào cấp trên chưa ban hành hoặc đã kết"):
        forward_to_parent(child, 2025, user=accounts["office"])
    with pytest.raises(services.DossierError, match=CLOSED):
        services.dossier_for(parent, district["b"], 2025)
    assert not Registration.objects.exists() and not Dossier.objects.exists()


def test_the_issuing_unit_of_a_child_campaign_takes_part_in_the_parent(district, accounts) -> None:  # type: ignore[no-untyped-def]
    # Đình Dù (communes) issued by the district; a department's own campaign carries it out.
    parent = _campaign("dinh-du-2024", district, accounts)
    child = campaign_create_from_template(
        key="loc-ninh-2024-2025",
        name="",
        issuing_unit=district["a"],
        user=accounts["office"],
        parent=parent,
    )
    assert child.parent == parent
    assert services.dossier_for(parent, district["a"], 2024).unit == district["a"]
