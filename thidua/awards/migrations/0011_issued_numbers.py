"""The register of document numbers (awards.numbering.IssuedNumber), filled for the rows that
already exist, in this order:

1. signed decisions keep the numbers the văn thư typed, entered in their issuing unit's
   register (a number that would collide is left out of the register);
2. submitted dossiers: their Tờ trình numbered in the unit's register, in order of
   submission (the year of the submission date), after the numbers of the documents dated
   up to that day;
3. closed sessions of a council: their Biên bản numbered in the council's register, in
   order of closing (the year of the meeting).

Self-contained (historical models): the symbols are computed as ``documents.issuer`` does
today — "TTr-UBND" for a People's Committee, the initials of the unit's name otherwise."""

import re

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone


def _suffix(name):
    name = " ".join(name.split())
    name = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
    if name.lower().startswith("ủy ban nhân dân"):
        return "UBND"
    return "".join(w[0].upper() for w in name.split()[:4] if w[0].isalpha())


def _next(IssuedNumber, register, year, on):
    """One above the highest number of the documents dated up to ``on``, skipping numbers
    later documents already hold (a decision typed "45" on 01/12 leaves 01 to a Tờ trình
    of 16/11)."""
    rows = IssuedNumber.objects.filter(**register, year=year)
    top = rows.filter(issued_on__lte=on).aggregate(top=Max("number"))["top"]
    number = (top or 0) + 1
    taken = set(rows.filter(number__gte=number).values_list("number", flat=True))
    while number in taken:
        number += 1
    return number


def forwards(apps, schema_editor):
    IssuedNumber = apps.get_model("awards", "IssuedNumber")
    Decision = apps.get_model("awards", "Decision")
    Dossier = apps.get_model("awards", "Dossier")
    CouncilSession = apps.get_model("awards", "CouncilSession")

    signed = Decision.objects.filter(status="da_ky", signed_on__isnull=False).select_related(
        "campaign"
    )
    for decision in signed.order_by("signed_on", "pk"):
        unit_id = decision.campaign.issuing_unit_id
        number = decision.number.strip()
        if unit_id is None or not (number.isascii() and number.isdigit()) or int(number) < 1:
            continue
        register = {"unit_id": unit_id, "council_id": None}
        year = decision.signed_on.year
        if IssuedNumber.objects.filter(**register, year=year, number=int(number)).exists():
            continue
        IssuedNumber.objects.create(
            **register,
            year=year,
            number=int(number),
            symbol=decision.symbol,
            decision=decision,
            issued_on=decision.signed_on,
            issued_at=decision.updated_at,
            issued_by_id=decision.signed_by_id,
        )
    submitted = Dossier.objects.filter(submitted_at__isnull=False).select_related("unit")
    for dossier in submitted.order_by("submitted_at", "pk"):
        register = {"unit_id": dossier.unit_id, "council_id": None}
        on = timezone.localdate(dossier.submitted_at)
        IssuedNumber.objects.create(
            **register,
            year=on.year,
            number=_next(IssuedNumber, register, on.year, on),
            symbol=f"TTr-{_suffix(dossier.unit.name)}".rstrip("-"),
            dossier=dossier,
            issued_on=on,
            issued_at=dossier.submitted_at,
        )
    closed = CouncilSession.objects.filter(status="da_ket_thuc", council__isnull=False)
    for session in closed.order_by("closed_at", "pk"):
        register = {"unit_id": None, "council_id": session.council_id}
        year = session.held_on.year
        IssuedNumber.objects.create(
            **register,
            year=year,
            number=_next(IssuedNumber, register, year, session.held_on),
            symbol="BB-HĐTĐKT",
            session=session,
            issued_on=session.held_on,
            issued_at=session.closed_at or session.updated_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0010_docs_recipients"),
        ("org", "0005_person_former_unit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedNumber",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="năm")),
                ("number", models.PositiveIntegerField(verbose_name="số")),
                ("symbol", models.CharField(max_length=40, verbose_name="ký hiệu")),
                ("issued_on", models.DateField(verbose_name="ngày văn bản")),
                (
                    "issued_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="cấp số lúc"
                    ),
                ),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="awards.council",
                        verbose_name="Hội đồng ban hành",
                    ),
                ),
                (
                    "decision",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issued_number",
                        to="awards.decision",
                        verbose_name="quyết định",
                    ),
                ),
                (
                    "dossier",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issued_number",
                        to="awards.dossier",
                        verbose_name="tờ trình của hồ sơ",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người cấp số",
                    ),
                ),
                (
                    "session",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issued_number",
                        to="awards.councilsession",
                        verbose_name="biên bản của phiên họp",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="cơ quan ban hành",
                    ),
                ),
            ],
            options={
                "verbose_name": "số văn bản đã cấp",
                "verbose_name_plural": "sổ đăng ký số văn bản",
                "ordering": ["year", "number"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("unit__isnull", False), ("council__isnull", True)),
                            models.Q(("unit__isnull", True), ("council__isnull", False)),
                            _connector="OR",
                        ),
                        name="issued_number_one_register",
                        violation_error_message="Số văn bản thuộc sổ của một cơ quan hoặc một Hội đồng.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)), name="issued_number_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("dossier__isnull", False),
                                ("session__isnull", True),
                                ("decision__isnull", True),
                            ),
                            models.Q(
                                ("dossier__isnull", True),
                                ("session__isnull", False),
                                ("decision__isnull", True),
                            ),
                            models.Q(
                                ("dossier__isnull", True),
                                ("session__isnull", True),
                                ("decision__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="issued_number_one_document",
                        violation_error_message="Mỗi số cấp cho đúng một văn bản.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("council__isnull", True)),
                        fields=("unit", "year", "number"),
                        name="one_number_per_unit_year",
                        violation_error_message="Số này đã được cấp cho văn bản khác của cơ quan.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("unit__isnull", True)),
                        fields=("council", "year", "number"),
                        name="one_number_per_council_year",
                        violation_error_message="Số này đã được cấp cho văn bản khác của Hội đồng.",
                    ),
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
