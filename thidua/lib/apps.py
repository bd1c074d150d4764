from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "thidua.lib"
    label = "lib"
    verbose_name = "Tiện ích chung"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from thidua.lib.vietnamese import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
