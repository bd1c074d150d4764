"""Nơi nhận of a draft decision: the office writes it one recipient a line, saving it
unchanged changes nothing, the audit trail keeps before and after, the .docx prints it; a
unit, a council member or a leader cannot change it, nor anyone once the decision is signed.
And the decision cites the decree with its issue date from the law tables."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from docx import Document

from thidua.awards.decisions import draft_decision, sign_decision
from thidua.awards.dossiers import Dossier, State
from thidua.awards.records import Decision, Nomination
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import campaign_create_from_template
from thidua.documents.decision_docx import decision_docx
from thidua.law.models import Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(district, people, accounts) -> Decision:  # type: ignore[no-untyped-def]
    campaign = campaign_create_from_template(
        key="loc-ninh-2024-2025", name="", issuing_unit=district["b"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2025)
    nomination = Nomination.objects.create(
        dossier=dossier, person=people["a"], form_id="giay_khen_chu_tich_xa"
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=State.REVIEWED)
    return draft_decision(
        campaign=campaign,
        title="khen thưởng",
        nominations=[nomination],
        user=accounts["office"],
        today=dt.date(2025, 12, 20),
    )


def _url(decision: Decision) -> str:
    return f"/quyet-dinh/{decision.pk}/noi-nhan/"


def _docx_texts(decision: Decision) -> list[str]:
    doc = Document(BytesIO(decision_docx(decision)))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [p.text for row in table.rows for c in row.cells for p in c.paragraphs]
    return texts


def _entries(decision: Decision) -> int:
    return LogEntry.objects.filter(
        content_type__model="decision", object_pk=str(decision.pk)
    ).count()


def test_the_office_edits_the_recipients_round_trip(login, decision) -> None:  # type: ignore[no-untyped-def]
    office = login("office")
    page = office.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert 'name="recipients"' in page and "Như Điều 3\nLưu: VT</textarea>" in page
    before = _entries(decision)
    # the default as shown, saved back: nothing changes, nothing is logged
    office.post(_url(decision), {"recipients": "Như Điều 3\r\nLưu: VT"})
    decision.refresh_from_db()
    assert decision.recipients == [] and _entries(decision) == before

    typed = "- Như Điều 3;\r\n  Thường trực HĐND xã \r\n\r\n- Lưu: VT, PNV."
    response = office.post(_url(decision), {"recipients": typed})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.recipients == ["Như Điều 3", "Thường trực HĐND xã", "Lưu: VT, PNV."]
    entry = LogEntry.objects.filter(
        content_type__model="decision", object_pk=str(decision.pk)
    ).latest("timestamp")
    assert "recipients" in entry.changes_dict
    old, new = entry.changes_dict["recipients"]
    assert json.loads(old) == [] and "Thường trực HĐND xã" in json.loads(new)
    texts = _docx_texts(decision)
    assert "- Thường trực HĐND xã;" in texts and "- Lưu: VT, PNV." in texts

    # the list as shown now, posted back: unchanged
    page = office.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    shown = page.split('name="recipients"')[1].split(">", 1)[1].split("</textarea>")[0]
    count = _entries(decision)
    office.post(_url(decision), {"recipients": shown})
    decision.refresh_from_db()
    assert decision.recipients == ["Như Điều 3", "Thường trực HĐND xã", "Lưu: VT, PNV."]
    assert _entries(decision) == count


def test_an_empty_list_is_refused_with_a_message(login, decision) -> None:  # type: ignore[no-untyped-def]
    response = login("office").post(_url(decision), {"recipients": " \r\n "}, follow=True)
    assert "Hãy ghi ít nhất một nơi nhận" in response.content.decode()
    decision.refresh_from_db()
    assert decision.recipients == []


@pytest.mark.parametrize("persona", ["unit_a", "council", "leader"])
def test_only_the_office_edits_the_recipients(login, decision, persona) -> None:  # type: ignore[no-untyped-def]
    response = login(persona).post(_url(decision), {"recipients": "Ai đó"})
    assert response.status_code in (403, 404)
    decision.refresh_from_db()
    assert decision.recipients == []


def test_a_signed_decision_keeps_its_recipients(login, decision, accounts) -> None:  # type: ignore[no-untyped-def]
    sign_decision(
        decision,
        number="3",
        signed_on=dt.date(2025, 12, 22),
        user=accounts["leader"],
        money_mode="khong",
    )
    office = login("office")
    assert 'name="recipients"' not in office.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    response = office.post(_url(decision), {"recipients": "Ai đó"}, follow=True)
    assert "Quyết định đã ký: không sửa nơi nhận được nữa." in response.content.decode()
    decision.refresh_from_db()
    assert decision.recipients == []


def test_the_sign_form_proposes_the_next_free_number(login, decision) -> None:  # type: ignore[no-untyped-def]
    page = login("office").get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert 'name="number" inputmode="numeric" placeholder="15" value="1"' in page


def test_the_decree_is_cited_with_its_issue_date_from_the_law_tables(decision, accounts) -> None:  # type: ignore[no-untyped-def]
    sign_decision(
        decision,
        number="3",
        signed_on=dt.date(2025, 12, 22),
        user=accounts["leader"],
        money_mode="khong",
    )
    decision.refresh_from_db()
    texts = _docx_texts(decision)
    cited = [t for t in texts if t.startswith("Căn cứ Nghị định số 152/2025/NĐ-CP")]
    assert cited == [
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "chi tiết một số điều của Luật Thi đua, khen thưởng;"
    ]
    # the date is the law table's: a corrected row changes the citation
    Schedule.objects.filter(name="Nghị định 152/2025/NĐ-CP").update(issued_on=dt.date(2025, 6, 13))
    assert any("152/2025/NĐ-CP ngày 13 tháng 6 năm 2025" in t for t in _docx_texts(decision))
