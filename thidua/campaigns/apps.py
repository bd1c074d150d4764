from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "thidua.campaigns"
    label = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from thidua.campaigns.models import Amendment, Campaign, Registration, RegistrationLine
        from thidua.lib import audit

        for model in (Campaign, Amendment, Registration, RegistrationLine):
            audit.register(model)
