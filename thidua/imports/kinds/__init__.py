"""One handler per kind of import (KINDS in report.py)."""

from __future__ import annotations

from thidua.imports.kinds.base import Handler
from thidua.imports.kinds.facts import (
    AttestationHandler,
    AwardHandler,
    DisciplineHandler,
    ParHandler,
    RatingHandler,
)
from thidua.imports.kinds.initiatives import InitiativeHandler
from thidua.imports.kinds.org import PersonHandler, UnitHandler

HANDLERS: dict[str, type[Handler]] = {
    h.kind: h
    for h in (
        UnitHandler,
        PersonHandler,
        ParHandler,
        RatingHandler,
        AwardHandler,
        DisciplineHandler,
        InitiativeHandler,
        AttestationHandler,
    )
}
