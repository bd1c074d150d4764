from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Đơn vị và cá nhân"

    def ready(self) -> None:
        from thidua.lib import audit
        from thidua.org import security  # noqa: F401  (connects the sign-in signals)
        from thidua.org.models import CompetitionGroup, Person, Unit, User

        audit.register(CompetitionGroup)
        audit.register(Unit, m2m_fields={"merged_from"}, exclude=["path", "search_text"])
        audit.register(Person, exclude=list(Person.DERIVED_FIELDS))
        audit.register(User, exclude=["last_login"], mask=["password"])
