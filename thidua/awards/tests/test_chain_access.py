"""QA #10: read rights along one award chain are one rule (awards.access.reads_chain): a
council member reads every document of their own issuer's chain — the sessions, the
minutes, the decision (page and .docx), its certificates — and none of another commune's;
the office and leaders read them all; unit accounts none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from thidua.awards import composition
from thidua.awards.access import reads_chain
from thidua.awards.records import CouncilSession, Decision
from thidua.campaigns.services import campaign_create_from_template
from thidua.conftest import _account
from thidua.org.models import Unit, User

pytestmark = pytest.mark.django_db


def _commune(code: str, place: str, office: User, member: User) -> dict[str, object]:
    unit = Unit.objects.create(
        code=code, name=f"UBND xã {place}", level="xa", group_id="xa", parent=None
    )
    campaign = campaign_create_from_template(
        key="dinh-du-2024", name="", issuing_unit=unit, user=office
    )
    body = composition.create_council(
        issuing_unit=unit, name=f"Hội đồng Thi đua – Khen thưởng xã {place}", user=office
    )
    composition.add_member(
        body, full_name=member.full_name, role="uy_vien", user=office, account=member
    )
    session = CouncilSession.objects.create(
        campaign=campaign,
        council=body,
        held_on=dt.date(2024, 12, 20),
        status=CouncilSession.Status.CLOSED,
        total_members=1,
        present=1,
    )
    decision = Decision.objects.create(campaign=campaign, title="Về việc tặng Giấy khen")
    return {"campaign": campaign, "session": session, "decision": decision}


def _urls(chain: dict[str, object]) -> list[str]:
    session, decision = chain["session"], chain["decision"]
    return [
        f"/phien-hop/{session.pk}/",  # type: ignore[attr-defined]
        f"/phien-hop/{session.pk}/bien-ban.docx",  # type: ignore[attr-defined]
        f"/quyet-dinh/{decision.pk}/",  # type: ignore[attr-defined]
        f"/quyet-dinh/{decision.pk}/quyet-dinh.docx",  # type: ignore[attr-defined]
        f"/quyet-dinh/{decision.pk}/giay-khen.pdf",  # type: ignore[attr-defined]
    ]


def test_each_commune_council_reads_its_own_chain_and_not_the_other(accounts) -> None:  # type: ignore[no-untyped-def]
    office = accounts["office"]
    an_my_member = _account("hoidong_anmy", User.Role.COUNCIL)
    tam_quan_member = _account("hoidong_tamquan", User.Role.COUNCIL)
    an_my = _commune("ANMY", "Ân Mỹ", office, an_my_member)
    tam_quan = _commune("TAMQUAN", "Tam Quan", office, tam_quan_member)

    def statuses(user: User, chain: dict[str, object]) -> set[int]:
        client = Client()
        client.force_login(user)
        # 200, or a redirect with a message (a draft decision has no certificate yet):
        # never refused for one document of the chain and allowed for another.
        return {200 if client.get(url).status_code in (200, 302) else 403 for url in _urls(chain)}

    assert statuses(an_my_member, an_my) == {200}
    assert statuses(an_my_member, tam_quan) == {403}
    assert statuses(tam_quan_member, tam_quan) == {200}
    assert statuses(tam_quan_member, an_my) == {403}
    for persona in ("office", "leader"):
        assert statuses(accounts[persona], an_my) == statuses(accounts[persona], tam_quan) == {200}
    assert statuses(accounts["unit_b"], an_my) == {403}
    assert reads_chain(an_my_member, an_my["campaign"])  # type: ignore[arg-type]
    assert not reads_chain(an_my_member, tam_quan["campaign"])  # type: ignore[arg-type]

    # The council page lists the sessions and decisions the member may open, no other.
    client = Client()
    client.force_login(an_my_member)
    page = client.get(f"/phong-trao/{tam_quan['campaign'].pk}/hoi-dong/")  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert f"/quyet-dinh/{tam_quan['decision'].pk}/" not in page.content.decode()  # type: ignore[attr-defined]
    assert f"/phien-hop/{tam_quan['session'].pk}/" not in page.content.decode()  # type: ignore[attr-defined]
