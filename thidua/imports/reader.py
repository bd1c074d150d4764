"""Reading spreadsheets in streaming mode, whatever their format (sniffed by content)."""

from __future__ import annotations


class NotASpreadsheet(ValueError):
    """The bytes are not a spreadsheet; str(e) is a Vietnamese sentence."""
