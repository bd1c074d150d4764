from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Nominations and dossiers, appraisal, the council's ballot, the decision and its
    reward money (issue 5)."""

    name = "thidua.awards"
    label = "awards"
    verbose_name = "Hồ sơ, xét duyệt và quyết định khen thưởng"

    def ready(self) -> None:
        from thidua.awards import models as m
        from thidua.awards.forms import BaseSalaryForm
        from thidua.law import sections
        from thidua.lib import audit

        # The base salary is the law page's last table, contributed from here (law never
        # imports awards).
        sections.contribute(
            sections.Section(
                slug="luong-co-so",
                heading="Mức lương cơ sở",
                form=BaseSalaryForm,
                template="awards/_law_base_salary.html",
                rows=m.BaseSalary.objects.all,
            )
        )

        # State changes are compare-and-set updates; their record is the Transition rows.
        audit.register(m.Dossier, exclude=["state", "version", "submitted_at", "late"])
        # Ballots are secret: their counts are the record, never who cast them.
        for model in (
            m.Transition,
            m.Nomination,
            m.Attachment,
            m.Council,
            m.CouncilMember,
            m.CouncilSession,
            m.Attendance,
            m.Ballot,
            # That a member voted on screen (who and when), never what: the counts are
            # raised by a queryset update, which the audit trail does not see (LEGAL.md).
            m.BallotCast,
            m.Decision,
            m.DecisionAward,
            m.BaseSalary,
            m.CertificateLayout,
            m.IssuedNumber,
            # After the decision (issue 11): the fund's ledger, revocations.
            m.FundEntry,
            m.Revocation,
            m.RevokedAward,
        ):
            audit.register(model)
