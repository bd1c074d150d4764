"""The demo's shared password passes the password rules for every demo account."""

from django.contrib.auth.password_validation import validate_password

from thidua.demo.builder import ACCOUNTS, DEMO_PASSWORD
from thidua.org.models import User


def test_the_demo_password_passes_for_every_demo_account() -> None:
    for spec in ACCOUNTS:
        validate_password(DEMO_PASSWORD, User(username=spec.username, full_name=spec.full_name))
