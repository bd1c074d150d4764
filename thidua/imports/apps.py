from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "thidua.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu từ Excel"

    def ready(self) -> None:
        from thidua.imports.models import ImportJob
        from thidua.lib import audit

        # Progress and the report are the worker's bookkeeping, rewritten many times a run:
        # the trail keeps who uploaded what and each change of state and of the choices.
        audit.register(ImportJob, exclude=["done", "total", "report"])
