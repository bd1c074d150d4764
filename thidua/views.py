"""Project-level pages that span the apps: the home page is the user's desk."""

from thidua.desks.views import home

__all__ = ["home"]
