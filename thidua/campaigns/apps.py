from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "thidua.campaigns"
    label = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from thidua.campaigns.models import Campaign
        from thidua.lib import audit

        audit.register(Campaign)
