from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from thidua.documents.models import DocumentTemplate
        from thidua.lib import audit

        audit.register(DocumentTemplate)
