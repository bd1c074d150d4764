"""The `thidua` console script: Django's management commands with the right settings.

`thidua migrate`, `thidua seed_demo`, `thidua evaluate …` — a user never types manage.py
or sets DJANGO_SETTINGS_MODULE.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if argv is None and args[:1] == ["evaluate"]:
        # The engine is pure Python and needs no database: `thidua evaluate` goes straight
        # to it, without setting Django up (the management command of the same name gives
        # the same output, for `manage.py evaluate` and call_command).
        from thidua.rules.cli import exit_main

        exit_main(["evaluate", *args[1:]])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thidua", *args])


if __name__ == "__main__":
    main()
