from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Đơn vị và cá nhân"

    def ready(self) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from thidua.lib import audit
        from thidua.org import security, two_factor  # noqa: F401  (connect sign-in signals)
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
        # The second factor's device: that it exists and is confirmed; never its key, and
        # not the counters each sign-in moves (last code, drift, throttle).
        audit.register(
            TOTPDevice,
            mask=["key"],
            exclude=[
                "last_t",
                "drift",
                "last_used_at",
                "throttling_failure_timestamp",
                "throttling_failure_count",
            ],
        )
