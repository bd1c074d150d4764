from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Nominations and dossiers, appraisal, the council's ballot, the decision and its
    reward money (issue 5)."""

    name = "thidua.awards"
    label = "awards"
    verbose_name = "Hồ sơ, xét duyệt và quyết định khen thưởng"
