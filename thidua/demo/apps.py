from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district (`thidua seed_demo`): data only, no models."""

    name = "thidua.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
