"""The case list, read from the `cases` read model alone. Apart from the case commands
(application/cases.py), so listing cases (`scc case list`, the dashboard, the caseload) imports
no aggregate class: a short command's time is mostly its imports."""

from __future__ import annotations

from typing import Any

from scc.application.context import Context
from scc.application.scope import scope_of
from scc.projections.queries import list_cases


class CaseList:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, user: str | None, include_closed: bool = False,
             authority: str | None = None, urn: str | None = None) -> list[dict[str, Any]]:
        """The cases the user may see, of all their authorities or of the one asked for (or of
        the school `urn` alone: its page)."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "case.read"))
        return scope.only(list_cases(self.ctx.engine, include_closed, scope.within(authority),
                                     urn))
