from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thidua.portal"
    label = "portal"
    verbose_name = "Công bố công khai"
