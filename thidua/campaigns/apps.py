from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class CampaignsConfig(AppConfig):
    name = "thidua.campaigns"
    label = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from thidua.campaigns.models import Amendment, Campaign, Registration, RegistrationLine
        from thidua.lib import audit

        for model in (Campaign, Amendment, Registration, RegistrationLine):
            audit.register(model)
        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(using: str = "default", **kwargs: Any) -> None:
    """The fact-version triggers (campaigns.versions), after every migrate and flush: a
    table a later migration rebuilds (SQLite) gets them back."""
    from thidua.campaigns.versions import install_triggers

    install_triggers(connections[using])
