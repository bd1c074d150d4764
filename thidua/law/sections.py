"""Tables of the law page that belong to a later app: the app contributes its section (the
rows, the template that shows them, the administrator's form) from its ``ready()``, so
``thidua.law`` never imports it (the base salary is ``awards``' table)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from thidua.law.forms import TABLES, LawRowForm


@dataclass(frozen=True)
class Section:
    slug: str  # URL of its "add a row" page: /phap-ly/them/<slug>/
    heading: str
    form: type[LawRowForm]
    template: str  # included on the law page with ``rows`` in its context
    rows: Callable[[], Iterable[Any]]


SECTIONS: dict[str, Section] = {}


def contribute(section: Section) -> None:
    """Add a section to the law page and its form to the administrator's tables."""
    SECTIONS[section.slug] = section
    TABLES[section.slug] = (section.form, section.heading)


def page_sections() -> list[tuple[Section, list[Any]]]:
    return [(section, list(section.rows())) for section in SECTIONS.values()]
