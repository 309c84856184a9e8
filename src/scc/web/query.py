"""Query-string values shared by the list pages and the API, checked where they enter."""

from __future__ import annotations

from scc.domain import inputs
from scc.domain.values import valid_code


def la_code(text: str) -> str | None:
    """The authority a list is filtered to, by its LA code (empty: every authority the user acts
    for)."""
    return valid_code(inputs.text("The authority", text, inputs.REFERENCE_MAX)) if text else None
