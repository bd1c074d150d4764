from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "thidua.desks"
    label = "desks"
    verbose_name = "Việc cần làm theo vai trò"
