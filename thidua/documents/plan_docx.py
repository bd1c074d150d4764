"""A campaign plan (KẾ HOẠCH phát động phong trào thi đua) as a .docx in the NĐ 30/2020 layout.

`plan_docx(plan)` takes the dict of `thidua.campaigns.plan.Plan.to_dict()` (or the Plan
itself) and returns the file's bytes. The output is reproducible: the same plan gives the
same bytes (core properties fixed — author "thidua", created/modified = the plan's date —
and zip entries stamped 1980-01-01; see `docx_base.document_bytes`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.documents import docx_base as base
from thidua.documents import issuer as issuer_of


def plan_docx(plan: dict[str, Any] | Any) -> bytes:
    if not isinstance(plan, dict):
        plan = plan.to_dict()
    issued = dt.date.fromisoformat(str(plan["date"]))
    doc = base.new_document()
    base.header_block(
        doc,
        plan.get("superior", ""),
        plan["issuer"],
        base.number_line(plan.get("number", ""), plan["symbol"]),
        base.place_date(plan["place"], issued),
    )
    base.title_block(doc, plan.get("doc_type") or "KẾ HOẠCH", plan.get("title", ""))

    for basis in plan.get("legal_bases") or []:
        base.add_markup(doc, basis)
    if plan.get("preamble"):
        base.add_markup(doc, plan["preamble"])
    for section in plan.get("sections") or []:
        if section.get("heading"):
            base.heading_paragraph(doc, section["heading"])
        base.add_markup(doc, section.get("text", ""))
    if plan.get("closing"):
        base.closing_paragraph(doc, plan["closing"])

    signer = dict(plan.get("signer") or {})
    # A KH-UBND is the committee's: "TM. ỦY BAN NHÂN DÂN" above its chairman (QA #14).
    signer["authority"] = issuer_of.committee_authority(
        str(plan.get("issuer", "")), signer.get("authority")
    )
    base.recipients_and_signature(doc, plan.get("recipients") or [], signer)
    title = " ".join(f"{plan.get('doc_type') or 'KẾ HOẠCH'} {plan.get('title', '')}".split())
    return base.document_bytes(doc, created=issued, title=title)
