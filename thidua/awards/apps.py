from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Nominations and dossiers, appraisal, the council's ballot, the decision and its
    reward money (issue 5)."""

    name = "thidua.awards"
    label = "awards"
    verbose_name = "Hồ sơ, xét duyệt và quyết định khen thưởng"

    def ready(self) -> None:
        from thidua.awards import models as m
        from thidua.lib import audit

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
            m.Decision,
            m.DecisionAward,
            m.BaseSalary,
            m.CertificateLayout,
            m.IssuedNumber,
        ):
            audit.register(model)
