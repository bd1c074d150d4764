from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Điểm số và dữ kiện"

    def ready(self) -> None:
        from thidua.lib import audit
        from thidua.scoring import models as m

        audit.register(m.AwardForm, repr_fields=("name",))
        for model in (
            m.ParScore,
            m.Rating,
            m.Discipline,
            m.Review,
            m.Award,
            m.Attestation,
            m.ParEvidence,
        ):
            audit.register(model)
        audit.register(m.Initiative, m2m_fields={"authors"}, exclude=["search_text"])
