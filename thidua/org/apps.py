from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Đơn vị và cá nhân"

    def ready(self) -> None:
        from thidua.lib import audit
        from thidua.org import security  # noqa: F401  (connects the sign-in signals)
        from thidua.org.models import CompetitionGroup, Person, Unit, User

        # repr_fields: what each one's str() reads (the entries of the rows naming it).
        audit.register(CompetitionGroup, repr_fields=("name",))
        audit.register(
            Unit,
            m2m_fields={"merged_from"},
            exclude=["path", "search_text"],
            repr_fields=("name",),
        )
        audit.register(Person, exclude=list(Person.DERIVED_FIELDS), repr_fields=("full_name",))
        audit.register(
            User, exclude=["last_login"], mask=["password"], repr_fields=("full_name", "username")
        )
