from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Publication to the public (issue 11): the honor board, the proposed list for public
    comment, the radio announcement, the Atom feed."""

    name = "thidua.portal"
    label = "portal"
    verbose_name = "Công bố công khai"

    def ready(self) -> None:
        from thidua.lib import audit
        from thidua.portal import models as m

        audit.register(m.Publication)
        audit.register(m.PublicationItem, exclude=["search_text"])
        audit.register(m.Comment)
        audit.register(m.Announcement)
