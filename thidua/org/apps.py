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

        audit.register(CompetitionGroup)
        audit.register(Unit, m2m_fields={"merged_from"}, exclude=["path", "search_text"])
        audit.register(Person, exclude=list(Person.DERIVED_FIELDS))
        audit.register(User, exclude=["last_login"], mask=["password"])
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
