"""Stored evaluations: computed once, reused until an input changes (every write path of
every kind of fact, the rules, registrations), recomputed by the worker's task while the
pages show the previous result, read one page (or one candidate) at a time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from thidua.campaigns import evaluations, services
from thidua.campaigns.models import Campaign, Evaluation, EvaluationRow, Registration
from thidua.campaigns.services import campaign_create_from_template
from thidua.campaigns.tasks import recompute_evaluation
from thidua.campaigns.versions import fingerprint, wanted_scopes
from thidua.lib.audit import acting_as, bulk_create_logged
from thidua.org.models import Person
from thidua.scoring import models as m

RESULTS = "/phong-trao/{pk}/xet/{scheme}/?nam=2024"
COLLECTIVES = "tap-the-hang-nam"
INDIVIDUALS = "ca-nhan-hang-nam"


@pytest.fixture
def campaign(district, people, accounts) -> Campaign:  # type: ignore[no-untyped-def]
    m.ParScore.objects.create(unit=district["a"], year=2024, score=95)
    m.ParScore.objects.create(unit=district["b"], year=2024, score=85)
    campaign = campaign_create_from_template(
        key="phu-my-2021-2025", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    campaign.status = Campaign.Status.ISSUED
    campaign.save()
    return campaign


def _calls() -> int:
    return services.ENGINE_CALLS["evaluate_campaign"]


def _fresh(campaign: Campaign) -> bool:
    stored = Evaluation.objects.get(campaign_id=campaign.pk, year=2024)
    return stored.fingerprint == fingerprint(Campaign.objects.get(pk=campaign.pk), 2024)


def _url(campaign: Campaign, scheme: str = COLLECTIVES) -> str:
    return RESULTS.format(pk=campaign.pk, scheme=scheme)


# --- reused ------------------------------------------------------------------------------


def test_a_second_view_runs_no_engine_and_the_same_queries(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    before = _calls()
    assert client.get(_url(campaign)).status_code == 200
    assert _calls() == before + 1  # computed once
    with CaptureQueriesContext(connection) as first:
        client.get(_url(campaign))
    assert _calls() == before + 1  # reused: no engine call
    # Forty more people: recomputed once, then a view costs the same queries as before.
    for i in range(40):
        Person.objects.create(code=f"P{i:03}", full_name=f"Người {i}", unit=district["a"])
    client.get(_url(campaign, INDIVIDUALS))
    assert _calls() == before + 2
    with CaptureQueriesContext(connection) as second:
        client.get(_url(campaign))
    assert _calls() == before + 2
    assert len(second) == len(first)


# --- stale after each kind of input change ------------------------------------------------


def _stored(campaign: Campaign) -> None:
    evaluations.ensure(campaign, 2024)
    assert _fresh(campaign)


WRITES: dict[str, Callable[[dict[str, Any], dict[str, Any], Campaign], None]] = {
    "a score saved": lambda d, p, c: m.ParScore.objects.filter(unit=d["a"]).first().save(),  # type: ignore[union-attr]
    "a score deleted": lambda d, p, c: m.ParScore.objects.filter(unit=d["b"]).delete(),
    "a confirmation (update)": lambda d, p, c: m.ParScore.objects.update(
        confirmed_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    ),
    "ratings bulk-created (audit.bulk_create_logged)": lambda d, p, c: bulk_create_logged(
        m.Rating,
        [
            m.Rating(person=p["a"], year=2024, rating="HTXSNV"),
            m.Rating(person=p["b"], year=2024, rating="HTTNV"),
        ],
    ),
    "scores updated in bulk": lambda d, p, c: m.ParScore.objects.update(score=60),
    "an award": lambda d, p, c: m.Award.objects.create(
        person=p["a"],
        year=2024,
        form_id=m.AwardForm.objects.first().pk,  # type: ignore[union-attr]
    ),
    "a person renamed": lambda d, p, c: Person.objects.filter(pk=p["a"].pk).update(
        full_name="Nguyễn Văn Ân"
    ),
    "a unit moved to another group": lambda d, p, c: (
        type(d["a"]).objects.filter(pk=d["a"].pk).update(group_id="xa")
    ),
    "the rules changed": lambda d, p, c: Campaign.objects.filter(pk=c.pk).update(
        rules={**c.rules, "title": c.rules["title"] + " (sửa)"}
    ),
    "a registration submitted": lambda d, p, c: Registration.objects.create(
        campaign=c, unit=d["a"], year=2024, status=Registration.Status.SUBMITTED
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_path_makes_the_evaluation_stale(write, campaign, district, people) -> None:  # type: ignore[no-untyped-def]
    _stored(campaign)
    WRITES[write](district, people, campaign)
    assert not _fresh(campaign)


def test_an_award_revoked_makes_it_stale(campaign, people) -> None:  # type: ignore[no-untyped-def]
    scopes = wanted_scopes(campaign.template, 2024, campaign.pk)
    assert "awards" in scopes  # the template reads awards, of 2024 among others
    award = m.Award.objects.create(
        person=people["a"],
        year=2024,
        form_id=m.AwardForm.objects.first().pk,  # type: ignore[union-attr]
    )
    _stored(campaign)
    m.Award.objects.filter(pk=award.pk).update(revoked_on=dt.date(2025, 3, 1))
    assert not _fresh(campaign)


def test_disciplines_and_reviews_count_where_the_rules_read_them(  # type: ignore[no-untyped-def]
    campaign, district, people, accounts
) -> None:
    # Phù Mỹ reads no discipline: a new one leaves its results as they are.
    _stored(campaign)
    m.Discipline.objects.create(
        person=people["a"], date=dt.date(2024, 5, 1), level=m.DisciplineLevel.choices[0][0]
    )
    assert _fresh(campaign)
    # Định Dù 2024 reads both.
    dinh_du = campaign_create_from_template(
        key="dinh-du-2024", name="", issuing_unit=district["root"], user=accounts["office"]
    )
    _stored(dinh_du)
    m.Discipline.objects.create(
        person=people["b"], date=dt.date(2024, 6, 1), level=m.DisciplineLevel.choices[0][0]
    )
    assert not _fresh(dinh_du)
    _stored(dinh_du)
    m.Review.objects.create(
        person=people["b"], kind=m.ReviewKind.choices[0][0], since=dt.date(2024, 3, 1)
    )
    assert not _fresh(dinh_du)


def test_the_facts_import_makes_it_stale(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    from thidua.rules.facts import parse_facts_json
    from thidua.scoring.services import import_facts

    _stored(campaign)
    with acting_as(accounts["office"]):
        import_facts(
            parse_facts_json(
                b'{"format": "thidua-facts/1", "units": [{"code": "PNV", "group": "phong"}],'
                b' "people": [{"code": "CB-A", "unit": "PNV"}],'
                b' "ratings": [{"subject": "CB-A", "year": 2024, "rating": "HTXSNV"}]}'
            )
        )
    assert not _fresh(campaign)


def test_a_fact_of_a_year_not_read_leaves_it_fresh(campaign, people) -> None:  # type: ignore[no-untyped-def]
    ratings = wanted_scopes(campaign.template, 2024, campaign.pk)["ratings"]
    assert ratings is not None and 2010 not in ratings
    _stored(campaign)
    m.Rating.objects.create(person=people["a"], year=2010, rating="HTXSNV")
    assert _fresh(campaign)
    m.Rating.objects.create(person=people["a"], year=2024, rating="HTXSNV")
    assert not _fresh(campaign)


# --- recomputed by the worker's task, the previous result meanwhile ----------------------


def test_the_task_recomputes_while_the_page_shows_the_previous_result(  # type: ignore[no-untyped-def]
    login, campaign, district, settings
) -> None:
    client = login("office")
    assert "Phòng Nội vụ" in client.get(_url(campaign)).content.decode()
    settings.EVALUATIONS_TASK_BACKEND = "default"  # the database queue, no worker running
    m.ParScore.objects.filter(unit=district["a"]).update(score=50)
    before = _calls()
    page = client.get(_url(campaign)).content.decode()
    client.get(_url(campaign))  # a second view queues nothing more
    assert "Đang tính lại kết quả theo dữ liệu mới" in page
    assert "95,00%" in page  # the previous result
    assert "js/evaluation_progress.js" in page
    assert _calls() == before
    waiting = DBTaskResult.objects.filter(task_path="thidua.campaigns.tasks.recompute_evaluation")
    assert waiting.count() == 1
    stored = Evaluation.objects.get(campaign=campaign, year=2024)
    assert recompute_evaluation.call(stored.pk) == Evaluation.State.IDLE
    assert recompute_evaluation.call(stored.pk) == "skipped"  # claimed once
    page = client.get(_url(campaign)).content.decode()
    assert "Đang tính lại" not in page and "50,00%" in page
    assert _calls() == before + 1


def test_without_a_previous_result_the_page_waits(login, campaign, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVALUATIONS_TASK_BACKEND = "default"
    page = login("office").get(_url(campaign)).content.decode()
    assert "Đang tính kết quả…" in page and "Phòng Nội vụ" not in page
    status = login("office").get(f"/phong-trao/{campaign.pk}/xet/trang-thai/?nam=2024").json()
    assert status == {"fresh": False, "pending": True, "failed": False}


def test_the_office_recomputes_now(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.get(_url(campaign))
    before = _calls()
    response = client.post(
        f"/phong-trao/{campaign.pk}/xet/tinh-lai/?nam=2024", {"next": _url(campaign)}
    )
    assert response.status_code == 302 and _calls() == before + 1
    assert (
        login("unit_a").post(f"/phong-trao/{campaign.pk}/xet/tinh-lai/?nam=2024").status_code == 403
    )


def test_a_failed_recompute_says_why_and_keeps_the_previous_result(login, campaign) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    client.get(_url(campaign))
    stored = Evaluation.objects.get(campaign=campaign)
    Evaluation.objects.filter(pk=stored.pk).update(
        state=Evaluation.State.FAILED, wanted="x" * 64, message="Lỗi thử."
    )
    m.ParScore.objects.filter(unit__code="PNV").update(score=60)
    page = client.get(_url(campaign)).content.decode()
    assert "60,00%" in page  # a new fingerprint: computed again


# --- reading the stored rows -------------------------------------------------------------


def test_a_unit_reads_only_its_own_rows_and_candidates(login, campaign) -> None:  # type: ignore[no-untyped-def]
    a = login("unit_a").get(_url(campaign, INDIVIDUALS)).content.decode()
    b = login("unit_b").get(_url(campaign, INDIVIDUALS)).content.decode()
    assert "Nguyễn Văn An" in a and "Trần Thị Bình" not in a
    assert "Trần Thị Bình" in b and "Nguyễn Văn An" not in b
    url = f"/phong-trao/{campaign.pk}/xet/{INDIVIDUALS}/CB-B/?nam=2024"
    assert login("unit_a").get(url).status_code == 404
    assert login("unit_b").get(url).status_code == 200


def test_pages_filters_search_and_sort_in_the_database(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    for i in range(60):
        Person.objects.create(code=f"P{i:03}", full_name=f"Phạm Thị Số {i:02}", unit=district["a"])
    client = login("office")
    first = client.get(_url(campaign, INDIVIDUALS)).content.decode()
    total = EvaluationRow.objects.filter(scheme_key=INDIVIDUALS).count()
    assert total > 60
    assert f"Trang 1/2 · {total} dòng" in first
    assert len(_candidate_links(first)) == 50  # one page of candidates
    second = client.get(_url(campaign, INDIVIDUALS) + "&page=2").content.decode()
    assert "Trang 2/2" in second
    found = client.get(_url(campaign, INDIVIDUALS) + "&q=nguyen van").content.decode()
    assert "Nguyễn Văn An" in found and "Phạm Thị Số" not in found
    by_name = client.get(_url(campaign, INDIVIDUALS) + "&sap=ten").content.decode()
    order = [by_name.index(n) for n in ("Nguyễn Văn An", "Phạm Thị Số 00", "Phạm Thị Số 01")]
    assert order == sorted(order)
    eligible = client.get(_url(campaign, INDIVIDUALS) + "&loc=dat").content.decode()
    shown = EvaluationRow.objects.filter(scheme_key=INDIVIDUALS, eligible=True).count()
    assert len(_candidate_links(eligible)) == min(shown, 50)
    assert len(_candidate_links(eligible)) < 50 or shown > 50


def _candidate_links(html: str) -> list[str]:
    return re.findall(rf"/xet/{INDIVIDUALS}/([A-Z0-9-]+)/\?nam=2024", html)


def test_the_candidate_page_reads_one_row(login, campaign, district) -> None:  # type: ignore[no-untyped-def]
    client = login("office")
    url = f"/phong-trao/{campaign.pk}/xet/{INDIVIDUALS}/CB-A/?nam=2024"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and "Nguyễn Văn An" in response.content.decode()
    reads = [q["sql"] for q in captured if "campaigns_evaluationrow" in q["sql"]]
    # One query of the stored rows: this candidate's row, nobody else's.
    assert len(reads) == 1 and "'CB-A'" in reads[0] and "LIMIT 1" in reads[0]


def test_the_appraisal_overrides_show_on_the_results(login, campaign, district, people) -> None:  # type: ignore[no-untyped-def]
    from thidua.awards.dossiers import Dossier
    from thidua.awards.records import Nomination

    dossier = Dossier.objects.create(campaign=campaign, unit=district["a"], year=2024)
    Nomination.objects.create(
        dossier=dossier,
        person=people["a"],
        form=m.AwardForm.objects.first(),
        scheme_key=INDIVIDUALS,
        override=False,
        override_reason="Hồ sơ thiếu minh chứng sáng kiến.",
    )
    client = login("office")
    page = client.get(_url(campaign, INDIVIDUALS)).content.decode()
    assert "Thẩm định:" in page and "Hồ sơ thiếu minh chứng sáng kiến." in page
    detail = client.get(f"/phong-trao/{campaign.pk}/xet/{INDIVIDUALS}/CB-A/?nam=2024")
    assert "Kết luận của thẩm định" in detail.content.decode()


def test_a_spreadsheet_import_makes_it_stale(campaign, accounts) -> None:  # type: ignore[no-untyped-def]
    import io

    from thidua.imports.service import import_file
    from thidua.imports.tests.helpers import workbook

    _stored(campaign)
    rows = [["Tên đơn vị", "Năm", "Điểm thẩm định"], ["Phòng Nội vụ", 2024, 70]]
    report = import_file("par", io.BytesIO(workbook(("KQ", rows))), user=accounts["office"])
    assert report.ok, report.errors
    assert m.ParScore.objects.get(unit__code="PNV").score == 70  # an update of a stored row
    assert not _fresh(campaign)
