"""What the attack suite needs besides the demo: every URL pattern of the project, the ids
of the objects of each side (the district's and unit A's; xã Ân Mỹ's and its units'), a
fingerprint of the database and of MEDIA_ROOT, and the forms a page shows its owner.

Two sides, each the victim of the other's accounts:

- ``district``: the district's Phòng Nội vụ unit (donvi1's, the unit A of the walk) — its
  draft dossier with a nomination and files, its registration being written, its people,
  facts, PAR evidence and own Tờ trình template — and the district's office objects: the
  draft campaign, the open council session and its ballot, the draft decision, the fund,
  the draft revocation, publications, an import job, lockouts, notifications, accounts.
- ``commune``: xã Ân Mỹ (from 01/7/2025): its units' people and facts, its campaign,
  dossier, council and session, its signed decision and publication, its office's imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.api.models import ApiToken
from thidua.awards.dossiers import Dossier
from thidua.awards.fund import FundEntry
from thidua.awards.records import (
    Attachment,
    Ballot,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
)
from thidua.awards.revocation import Revocation, RevokedAward
from thidua.campaigns.models import Campaign, Registration
from thidua.documents.models import DocumentTemplate
from thidua.imports.models import ImportJob
from thidua.notifications.models import Notification
from thidua.org.models import Person, Unit, User
from thidua.portal.models import Comment, PublicationItem
from thidua.scoring.kinds import KINDS
from thidua.scoring.models import ParEvidence, ParScore
from thidua.tests_walk.crawl import Form, parse

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# -- every URL pattern ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # "ho-so/<int:dossier_id>/chuyen/"
    name: str  # "awards:move"
    kwargs: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")


def patterns() -> list[Pattern]:
    """Every URL pattern of thidua.urls, from Django's resolver (not only what a crawl finds)."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                space = namespace
                if entry.namespace:
                    space = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), space)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
                keys = tuple(entry.pattern.regex.groupindex)
                found.append(Pattern(route, name, keys))

    walk(get_resolver(), "", "")
    return found


# -- the objects of each side --------------------------------------------------------------


@dataclass
class Side:
    """The ids of one side's objects, by what they are."""

    name: str
    ids: dict[str, Any] = field(default_factory=dict)
    owners: tuple[str, ...] = ()  # accounts that own these objects (their forms are used)


def _first(qs: Any) -> Any:
    row = qs.order_by("pk").first()
    assert row is not None, f"the demo has no {qs.model.__name__} for the attack"
    return row


def _fact_ids(unit: Unit) -> dict[str, int]:
    """A row of every kind of fact about ``unit`` or one of its people (the first found)."""
    found = {}
    for slug, kind in KINDS.items():
        model = kind.model
        names = {f.name for f in model._meta.get_fields()}
        rows = model.objects.none()
        if "unit" in names:
            rows = model.objects.filter(unit=unit)
        if not rows.exists() and "person" in names:
            rows = model.objects.filter(Q(person__unit=unit) | Q(person__former_unit=unit))
        if not rows.exists() and "authors" in names:
            rows = model.objects.filter(authors__unit=unit)
        if rows.exists():
            found[slug] = rows.order_by("pk").first().pk
    return found


def _evidence(score: ParScore, user: User) -> ParEvidence:
    media = Path(settings.MEDIA_ROOT)
    relative = f"evidence/attack-{score.pk}.pdf"
    (media / "evidence").mkdir(parents=True, exist_ok=True)
    (media / relative).write_bytes(PDF)
    return ParEvidence.objects.create(
        par_score=score,
        original_name="kiem-chung.pdf",
        stored_path=relative,
        kind="pdf",
        size=len(PDF),
        uploaded_by=user,
    )


def _template(unit: Unit, user: User) -> DocumentTemplate:
    from thidua.documents.dossier_docs import TO_TRINH
    from thidua.documents.templating import product_template

    media = Path(settings.MEDIA_ROOT)
    relative = f"templates/attack-{unit.pk}.docx"
    (media / "templates").mkdir(parents=True, exist_ok=True)
    data = product_template(TO_TRINH)
    (media / relative).write_bytes(data)
    return DocumentTemplate.objects.create(
        kind=TO_TRINH.key,
        unit=unit,
        original_name="to-trinh-rieng.docx",
        stored_path=relative,
        size=len(data),
        uploaded_by=user,
    )


def _lockout(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.7",
        user_agent="attack",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/dang-nhap/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )


def _import_job(office: User) -> ImportJob:
    job = ImportJob.objects.filter(created_by=office).order_by("pk").first()
    if job is not None:
        return job
    template = ImportJob.objects.order_by("pk").first()
    assert template is not None
    return ImportJob.objects.create(
        kind=template.kind,
        year=2024,
        original_name="chi-so-cchc-huyen.xlsx",
        stored_path=template.stored_path,
        file_kind=template.file_kind,
        size=template.size,
        created_by=office,
        state=ImportJob.State.READY,
        report=template.report,
    )


def _common(
    side: Side,
    *,
    unit: Unit,
    unit_user: User,
    office: User,
    campaign: Campaign,
    draft: Campaign,
    dossier: Dossier,
    session: CouncilSession,
    decision: Decision,
    signed: Decision,
    council: Council,
    issuer: Unit,
) -> Side:
    # The district's people moved to the communes in the 2025 reform: its former members.
    person = _first(Person.objects.filter(Q(unit=unit) | Q(former_unit=unit)))
    nomination = _first(dossier.nominations.all())
    score = ParScore.objects.filter(unit=unit).order_by("pk").first()
    if score is None:  # the commune's units have no PAR result yet: a proposed one
        score = ParScore.objects.create(unit=unit, year=2026, self_score=80, max_score=100)
    registration = Registration.objects.filter(campaign=campaign, unit=unit).order_by("pk").first()
    item = _first(PublicationItem.objects.filter(publication__campaign__issuing_unit=issuer))
    publication = item.publication
    comment = Comment.objects.filter(publication__campaign__issuing_unit=issuer).first()
    revocation = Revocation.objects.filter(issuer=issuer).order_by("-pk").first()
    revoked = RevokedAward.objects.filter(revocation__issuer=issuer).order_by("pk").first()
    entry = FundEntry.objects.filter(issuer=issuer).order_by("pk").first()
    scheme = campaign.template.schemes[0].key
    side.ids.update(
        unit=unit.pk,
        person=person.pk,
        account=unit_user.pk,
        lockout=_lockout(unit_user.username).pk,
        content_type=ContentType.objects.get_for_model(Unit).pk,
        object_pk=str(unit.pk),
        facts={"chi-so-cchc": score.pk, **_fact_ids(unit)},
        par=score.pk,
        evidence=_evidence(score, unit_user).pk,
        campaign=campaign.pk,
        draft_campaign=draft.pk,
        registration=registration.pk if registration else 0,
        scheme=scheme,
        code=person.code,
        dossier=dossier.pk,
        nomination=nomination.pk,
        attachment=_first(Attachment.objects.filter(dossier=dossier)).pk,
        session=session.pk,
        ballot=_first(Ballot.objects.filter(session=session)).pk,
        council=council.pk,
        member=_first(CouncilMember.objects.filter(council=council)).pk,
        decision=decision.pk,
        signed=signed.pk,
        entry=entry.pk if entry else 0,
        revocation=revocation.pk if revocation else 0,
        revoked=revoked.pk if revoked else 0,
        publication=publication.pk,
        comment_publication=(comment.publication_id if comment else publication.pk),
        comment=comment.pk if comment else 0,
        item=item.pk,
        job=_import_job(office).pk,
        template_file=_template(unit, unit_user).pk,
        notification=_first(Notification.objects.filter(user=office)).pk,
        token=ApiToken.issue(user=office, name="Mã của bên kia", scope="write")[0].pk,
    )
    return side


def build_sides(pipeline: dict[str, Any]) -> dict[str, Side]:
    """The two sides of the demo, with the few objects the demo leaves out (PAR evidence,
    a unit's own template, a lockout, a token) created here."""
    district_root = Unit.objects.get(pk=User.objects.get(username="chutich").unit_id)
    commune_root = Unit.objects.get(pk=User.objects.get(username="chutichxa").unit_id)
    donvi1, donvixa = User.objects.get(username="donvi1"), User.objects.get(username="donvixa")
    noivu, vanphong = User.objects.get(username="noivu"), User.objects.get(username="vanphong")
    loc_ninh = Campaign.objects.get(template_key="loc-ninh-2024-2025")
    district = _common(
        Side("district", owners=("donvi1", "noivu")),
        unit=donvi1.unit,
        unit_user=donvi1,
        office=noivu,
        campaign=loc_ninh,
        draft=_first(Campaign.objects.filter(status=Campaign.Status.DRAFT)),
        dossier=pipeline["draft"],
        session=pipeline["session"],
        decision=pipeline["decision"],
        signed=_first(Decision.objects.filter(campaign=loc_ninh, status=Decision.Status.SIGNED)),
        council=Council.objects.get(issuing_unit=district_root),
        issuer=district_root,
    )
    xa_campaign = _first(Campaign.objects.filter(issuing_unit=commune_root))
    xa_decision = _first(Decision.objects.filter(campaign=xa_campaign))
    commune = _common(
        Side("commune", owners=("donvixa", "vanphong")),
        unit=donvixa.unit,
        unit_user=donvixa,
        office=vanphong,
        campaign=xa_campaign,
        draft=xa_campaign,  # the commune has no draft: its issued campaign
        dossier=_first(Dossier.objects.filter(campaign=xa_campaign)),
        session=_first(CouncilSession.objects.filter(campaign=xa_campaign)),
        decision=xa_decision,
        signed=xa_decision,
        council=Council.objects.get(issuing_unit=commune_root),
        issuer=commune_root,
    )
    return {"district": district, "commune": commune}


# -- URL -> the kwargs of the other side ---------------------------------------------------

# The object a `pk` names, by the URL's name (or its namespace, then the prefix of the name).
PK_OF = {
    "org:unit": "unit",
    "org:person": "person",
    "org:account": "account",
    "org:lockout": "lockout",
    "scoring:evidence": "par",
    "scoring:fact": None,  # the kind's own row: see kwargs_for
    "scoring:unit-record": "unit",
    "scoring:person-record": "person",
    "campaigns": "campaign",
    "awards": "campaign",
    "notifications:campaign-reminders": "campaign",
    "notifications": "notification",
    "reports": "campaign",
    "documents:template-file": "template_file",
    "imports": "job",
    "api-tokens": "token",
    "portal:comment-handled": "comment",
    "portal:item": "item",
    "portal": "publication",
}
# Campaign URLs that change the plan, the rules, the period or its status: the draft.
DRAFT_CAMPAIGN = {
    "campaigns:detail",
    "campaigns:plan-edit",
    "campaigns:sections-edit",
    "campaigns:status",
    "campaigns:rules-edit",
    "campaigns:period-edit",
    "campaigns:schemes-edit",
    "campaigns:plan-document",
    "campaigns:calendar",
    "campaigns:calendar-ics",
    "notifications:campaign-reminders",
}
# Decision URLs about a signed decision (payments, certificates, documents, publication).
SIGNED = {
    "awards:payment-list",
    "awards:payment-list-xlsx",
    "awards:payment-list-docx",
    "awards:payment-record",
    "awards:certificates",
    "awards:certificates-blank",
    "awards:unit-decision-docx",
    "awards:unit-decision-pdf",
    "portal:from-decision",
    "portal:announcement",
    "portal:announcement-docx",
    "portal:announcement-txt",
}
BY_KWARG = {
    "dossier_id": "dossier",
    "nomination_id": "nomination",
    "attachment_id": "attachment",
    "evidence_id": "evidence",
    "session_id": "session",
    "ballot_id": "ballot",
    "council_id": "council",
    "member_id": "member",
    "decision_id": "decision",
    "entry_id": "entry",
    "revocation_id": "revocation",
    "item_id": "revoked",
    "publication_id": "comment_publication",
    "campaign_id": "campaign",
    "registration_id": "registration",
    "content_type_id": "content_type",
    "object_pk": "object_pk",
    "scheme_key": "scheme",
    "code": "code",
}


def _pk_key(name: str) -> str | None:
    for prefix in sorted(PK_OF, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "-") or name.startswith(prefix + ":"):
            return PK_OF[prefix]
    return None


def kwargs_for(pattern: Pattern, side: Side, words: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The kwargs that make ``pattern`` name one of ``side``'s objects. ``words``: the
    non-id kwargs (kind of fact, table, form…) per URL name, as a crawl met them."""
    ids, kwargs = side.ids, {}
    for key in pattern.kwargs:
        if key == "pk":
            if pattern.name.startswith("scoring:fact-"):
                slug = kwargs.get("slug") or words.get(pattern.name, {}).get("slug", "xep-loai")
                kwargs["pk"] = ids["facts"].get(slug) or next(iter(ids["facts"].values()))
            elif pattern.name in DRAFT_CAMPAIGN:
                kwargs["pk"] = ids["draft_campaign"]
            else:
                what = _pk_key(pattern.name)
                assert what, f"no object for pk of {pattern.name}"
                kwargs["pk"] = ids[what]
        elif key == "decision_id" and pattern.name in SIGNED:
            kwargs[key] = ids["signed"]
        elif key == "item_id" and pattern.name.startswith("portal:"):
            kwargs[key] = ids["item"]
        elif key == "slug" and "slug" not in kwargs:
            kwargs[key] = words.get(pattern.name, {}).get("slug", "xep-loai")
        elif key in BY_KWARG:
            kwargs[key] = ids[BY_KWARG[key]]
        else:  # name, fmt, form_key, table, kind: not an id, the crawl's words
            kwargs[key] = words.get(pattern.name, {}).get(key, "")
    if pattern.name.startswith("scoring:fact-") and "slug" in kwargs and "pk" in kwargs:
        kwargs["pk"] = ids["facts"].get(kwargs["slug"], kwargs["pk"])
    return kwargs


def url_for(pattern: Pattern, side: Side, words: dict[str, dict[str, str]]) -> str:
    return reverse(pattern.name, kwargs=kwargs_for(pattern, side, words))


# -- "nothing was written" -----------------------------------------------------------------


def _tables() -> list[tuple[str, str, list[str]]]:
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        stamps = [
            f.column
            for f in meta.concrete_fields
            if getattr(f, "auto_now", False) or f.name in ("version", "last_used_at", "read_at")
        ]
        # MAX of a UUID key does not exist on PostgreSQL: integer keys only (the count and
        # the write counters see the rest)
        pk = meta.pk.column if meta.pk.get_internal_type().endswith("AutoField") else ""
        found.append((meta.db_table, pk, stamps))
    return found


def fingerprint() -> tuple[Any, ...]:
    """Per table: row count, largest id and the latest of its update stamps (auto_now
    columns, version numbers), in one statement; plus the connection's count of written
    rows (SQLite's total_changes(), PostgreSQL's per-table counters of this transaction),
    which sees any INSERT, UPDATE or DELETE, even one that left the aggregates alike."""
    q = connection.ops.quote_name
    columns = []
    for table, pk, stamps in _tables():
        columns.append(f"(SELECT COUNT(*) FROM {q(table)})")
        columns.append(f"(SELECT MAX({q(pk)}) FROM {q(table)})" if pk else "0")
        columns += [f"(SELECT MAX({q(c)}) FROM {q(table)})" for c in stamps]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        aggregates = tuple(cursor.fetchone())
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
            writes: Any = cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname"
            )
            writes = tuple(cursor.fetchall())
    return aggregates, writes


def changed_tables(before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
    """Which tables differ between two fingerprints (by their aggregates or counters)."""
    names = []
    for table, _, stamps in _tables():
        names += [f"{table} (số dòng)", f"{table} (id lớn nhất)"]
        names += [f"{table}.{c}" for c in stamps]
    found = [n for n, a, b in zip(names, before[0], after[0], strict=True) if a != b]
    if before[1] != after[1]:
        if connection.vendor == "sqlite":
            found.append(f"{after[1] - before[1]} dòng ghi (total_changes)")
        else:
            old = {r[0]: r[1:] for r in before[1]}
            found += [f"{r[0]} ghi {r[1:]}" for r in after[1] if old.get(r[0]) != r[1:]]
    return found


def media_files() -> frozenset[tuple[str, int, int]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return frozenset()
    return frozenset(
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    )


@dataclass
class Snapshot:
    database: tuple[Any, ...]
    media: frozenset[tuple[str, int, int]]

    @classmethod
    def take(cls) -> Snapshot:
        return cls(fingerprint(), media_files())

    def changes(self, later: Snapshot) -> list[str]:
        found = changed_tables(self.database, later.database)
        added = {p for p, *_ in later.media - self.media}
        removed = {p for p, *_ in self.media - later.media}
        found += [f"tệp {p}" for p in sorted(added | removed)]
        return found


# -- clients, tokens, forms ----------------------------------------------------------------


def signed_in(username: str | None) -> Client:
    """A client that checks CSRF like a browser's server would, signed in as ``username``
    (None: anonymous), holding the CSRF cookie a page of the site gave it."""
    client = Client(enforce_csrf_checks=True)
    if username:
        client.force_login(User.objects.get(username=username))
        client.get("/doi-mat-khau/")
    else:
        client.get(reverse("login"))
    assert settings.CSRF_COOKIE_NAME in client.cookies, "no CSRF cookie given"
    return client


def csrf_token(client: Client) -> str:
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def forms_on(client: Client, url: str) -> list[Form]:
    try:
        response = client.get(url)
    except Exception:  # a 500 is the fuzz tests' business; here only forms are wanted
        return []
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    return parse(url, response.content.decode()).forms


def form_data(form: Form | None, token: str | None) -> dict[str, Any]:
    """What the form's owner would send (the page's values, a small PDF in each file input),
    with ``token`` as the CSRF token (None: no token at all)."""
    data: dict[str, Any] = {}
    if form is not None:
        for name, value in form.fields:
            data.setdefault(name, []).append(value)
        if form.buttons and form.buttons[0][0]:
            data.setdefault(form.buttons[0][0], []).append(form.buttons[0][1])
        for name in form.file_inputs:
            data[name] = SimpleUploadedFile("tep.pdf", PDF, content_type="application/pdf")
    data.pop("csrfmiddlewaretoken", None)
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    return data


def fresh_files(data: dict[str, Any]) -> dict[str, Any]:
    """The same data with new upload objects (a file is read once per request)."""
    return {
        k: SimpleUploadedFile(v.name, PDF, content_type=v.content_type)
        if isinstance(v, SimpleUploadedFile)
        else v
        for k, v in data.items()
    }


def path_of(url: str) -> str:
    return urlsplit(url).path
