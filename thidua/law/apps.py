from django.apps import AppConfig


class LawConfig(AppConfig):
    """The law as dated data: who awards what, which forms need a council ballot and with
    which threshold, the quorum, reward coefficients and base salaries (LEGAL.md)."""

    name = "thidua.law"
    label = "law"
    verbose_name = "Quy định pháp luật về thi đua, khen thưởng"

    def ready(self) -> None:
        from thidua.law import models as m
        from thidua.lib import audit

        for model in (
            m.Schedule,
            m.Coefficient,
            m.Competence,
            m.BallotRule,
            m.Quorum,
            m.RecipientFit,
            m.Holiday,
            m.ProcessingTime,
        ):
            audit.register(model)
