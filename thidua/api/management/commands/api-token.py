"""`thidua api-token USERNAME [--scope read|write] [--name TEXT]`: make an API token for an
account and print it (the only time it is shown; only its hash is kept)."""

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from thidua.api.models import ApiToken
from thidua.lib.audit import acting_as
from thidua.org.models import User

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Make an API token for an account and print it (shown once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help="the account the token acts as")
        parser.add_argument(
            "--scope",
            default="read",
            help="read (the default) or write",
        )
        parser.add_argument("--name", default="", help="who or what uses the token")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = options["scope"]
        if scope not in ApiToken.Scope.values:
            self._fail(f"unknown scope {scope!r}: use read or write")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            self._fail(f"no account named {options['username']!r}")
        if not user.is_active:
            self._fail(f"the account {user.username!r} is locked: unlock it first")
        name = " ".join(options["name"].split()) or f"Dòng lệnh: {user.username}"
        if len(name) > 200:
            self._fail("--name is longer than 200 characters")
        with acting_as(None):
            token, secret = ApiToken.issue(user=user, name=name, scope=scope)
        self.stderr.write(
            f"API token {token.prefix}… for {user.username} ({scope}); "
            "it is shown once, keep it now:"
        )
        self.stdout.write(secret)

    def _fail(self, message: str) -> None:
        self.stderr.write(f"thidua api-token: error: {message}")
        sys.exit(BAD_INPUT)
