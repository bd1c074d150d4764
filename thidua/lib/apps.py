from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "thidua.lib"
    label = "lib"
    verbose_name = "Tiện ích chung"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from thidua.lib.uploads import discard_uncommitted
        from thidua.lib.vietnamese import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        # Files of a transaction that rolled back after their own block: deleted at the end
        # of the request (thidua.lib.uploads.storing_file).
        request_finished.connect(discard_uncommitted, dispatch_uid="thidua-discard-uploads")
