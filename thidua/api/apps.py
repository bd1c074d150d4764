from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thidua.api"
    label = "api"
    verbose_name = "Giao diện lập trình (API)"

    def ready(self) -> None:
        from thidua.api.models import ApiToken
        from thidua.lib import audit

        # The hash is a secret's fingerprint: the trail records that it was set, no more.
        audit.register(ApiToken, exclude=["last_used_at"], mask=["token_hash"])
