"""The `thidua` console script: Django's management commands with the right settings.

`thidua migrate`, `thidua seed_demo`, `thidua evaluate …` — a user never types manage.py
or sets DJANGO_SETTINGS_MODULE.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["thidua", *args])


if __name__ == "__main__":
    main()
