from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thidua.notifications"
    label = "notifications"
    verbose_name = "Thông báo và nhắc hạn"

    def ready(self) -> None:
        from thidua.lib import audit
        from thidua.notifications.models import MailOptOut, Notification

        # What a user changes here: their choice of e-mails, and a notification marked read.
        # Mails and reminder claims are the system's own log (state, times), not audited.
        audit.register(MailOptOut)
        audit.register(Notification, exclude=["user", "kind", "title", "body", "url"])
