from __future__ import annotations

import datetime as dt

import pytest

from thidua.org.models import Unit


@pytest.fixture
def communes(district: dict[str, Unit]) -> dict[str, Unit]:
    """Communes of the test district whose names offices write in many ways."""
    root = district["root"]

    def unit(code: str, name: str, **kw: object) -> Unit:
        return Unit.objects.create(
            code=code, name=name, level="xa", group_id="xa", parent=root, **kw
        )

    return {
        "an_my": unit("XA-ANMY", "UBND xã Ân Mỹ"),
        "tam_quan": unit("XA-TQ", "UBND xã Tam Quan"),
        "hoai_hao": unit("P-HH", "UBND phường Hoài Hảo"),
        # One that ended with the 2025 reform and its successor of the same name.
        "old_cat": unit("XA-CAT-CU", "UBND xã Cát Tiến", valid_to=dt.date(2025, 6, 30)),
        "new_cat": unit("XA-CAT", "UBND xã Cát Tiến", valid_from=dt.date(2025, 7, 1)),
    }
