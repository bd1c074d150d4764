"""A dossier component keeps its identity when the office edits the list on
/phong-trao/<pk>/phuong-an/: a line added at the top, a reorder, a new wording never move a
unit's filed documents to another component, and a submitted dossier stays complete."""

from __future__ import annotations

import pytest

from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Attachment
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.campaigns.tests.test_scheme_form import _data


@pytest.fixture
def dossier(district, accounts) -> Dossier:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(
        campaign=campaign, unit=district["a"], year=2025, state=State.SUBMITTED
    )
    for c in campaign.rules["dossier"]["components"]:
        Attachment.objects.create(
            dossier=dossier,
            component=c["key"],
            original_name=f"{c['key']}.pdf",
            path=f"x/{c['key']}.pdf",
            kind="pdf",
            size=10,
        )
    return dossier


def _files_by_name(client, dossier: Dossier, missing: str = "") -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Component name -> the file listed under it on the dossier page; nothing missing
    but ``missing``."""
    body = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    if missing:
        assert f"Còn thiếu: {missing}." in body
    else:
        assert "Còn thiếu" not in body
    campaign = Campaign.objects.get(pk=dossier.campaign_id)
    out = {}
    for a in dossier.attachments.all():
        [component] = [
            c for c in campaign.rules["dossier"]["components"] if c["key"] == a.component
        ]
        out[component["name"]] = a.original_name
        assert body.index(component["name"]) < body.index(a.original_name)
    return out


def test_files_stay_with_their_component_through_add_reorder_rename(  # type: ignore[no-untyped-def]
    login, dossier
) -> None:
    campaign = dossier.campaign
    old = campaign.rules["dossier"]["components"]
    keys = [c["key"] for c in old]
    assert len(old) >= 3
    n = len(old)
    office = login("office")
    before = _files_by_name(office, dossier)
    # A new line at the top, the last two swapped, the first reworded, in one save.
    data = _data(
        campaign,
        reason="Bổ sung danh sách trích ngang",
        **{
            f"comp_name_{n}": "Danh sách trích ngang",
            f"comp_order_{n}": "0",
            f"comp_order_{n - 1}": str(n - 1),
            f"comp_order_{n - 2}": str(n),
            "comp_name_0": old[0]["name"] + " (bản chính)",
        },
    )
    response = office.post(f"/phong-trao/{campaign.pk}/phuong-an/", data)
    assert response.status_code == 302, response.content.decode()
    new = Campaign.objects.get(pk=campaign.pk).rules["dossier"]["components"]
    assert new[0]["name"] == "Danh sách trích ngang"
    assert new[0]["key"] not in keys
    assert [c["key"] for c in new[1:]] == [*keys[: n - 2], keys[n - 1], keys[n - 2]]
    assert new[1]["name"] == old[0]["name"] + " (bản chính)"
    after = _files_by_name(office, dossier, missing="Danh sách trích ngang")
    before[old[0]["name"] + " (bản chính)"] = before.pop(old[0]["name"])
    assert after == before


def test_reorder_and_rename_leave_a_submitted_dossier_complete(login, dossier) -> None:  # type: ignore[no-untyped-def]
    campaign = dossier.campaign
    old = campaign.rules["dossier"]["components"]
    office = login("office")
    before = _files_by_name(office, dossier)
    data = _data(
        campaign,
        reason="Sắp xếp lại",
        comp_order_0="9",
        comp_name_1="Biên bản họp bình xét",
    )
    assert office.post(f"/phong-trao/{campaign.pk}/phuong-an/", data).status_code == 302
    new = Campaign.objects.get(pk=campaign.pk).rules["dossier"]["components"]
    assert new[-1]["key"] == old[0]["key"]
    after = _files_by_name(office, dossier)
    before["Biên bản họp bình xét"] = before.pop(old[1]["name"])
    assert after == before


def test_a_removed_component_keeps_its_files_as_other_documents(login, dossier) -> None:  # type: ignore[no-untyped-def]
    campaign = dossier.campaign
    old = campaign.rules["dossier"]["components"]
    office = login("office")
    data = _data(campaign, reason="Bỏ biên bản", comp_name_1="")
    assert office.post(f"/phong-trao/{campaign.pk}/phuong-an/", data).status_code == 302
    body = office.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert body.index("Tài liệu khác") < body.index(f"{old[1]['key']}.pdf")
    assert Attachment.objects.filter(dossier=dossier).count() == len(old)


def test_a_new_component_never_takes_a_removed_ones_key(login, dossier) -> None:  # type: ignore[no-untyped-def]
    campaign = dossier.campaign
    old = campaign.rules["dossier"]["components"]
    n = len(old)
    data = _data(campaign, reason="Thay", comp_name_1="", **{f"comp_name_{n}": old[1]["name"]})
    assert login("office").post(f"/phong-trao/{campaign.pk}/phuong-an/", data).status_code == 302
    new = Campaign.objects.get(pk=campaign.pk).rules["dossier"]["components"]
    assert old[1]["key"] not in {c["key"] for c in new}
