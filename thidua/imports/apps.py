from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "thidua.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu từ Excel"

    def ready(self) -> None:
        from thidua.imports.models import ImportJob
        from thidua.lib import audit

        # Progress and the report are the worker's bookkeeping, rewritten many times a run,
        # and the stored path and the task's id are internal: the trail keeps who uploaded
        # which file and each change of state and of the choices.
        audit.register(
            ImportJob, exclude=["done", "total", "report", "stored_path", "file_kind", "task_id"]
        )
