"""Search across the schools and cases a user may see (issue 16, item 2): by a school's name or
URN, or a case's reference. The one scope rule decides what is found, as for every list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from scc.application.context import Context
from scc.application.scope import scope_of
from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.projections import tables as t
from scc.projections.queries import authority_of, in_authorities

LIMIT = 50  # rows of each kind; a search is for finding one thing, not for listing


def _pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with the user's own % and _ taken literally."""
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SearchService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def search(self, user: str | None, text: str, authority: str | None = None
               ) -> dict[str, Any]:
        """Schools whose name or URN contains `text`, and cases whose reference starts with it
        or whose school's name contains it, among those the user may see (at most LIMIT each)."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        text = inputs.text("The search", text, inputs.LINE_MAX).strip()
        if len(text) < 2:
            raise InvalidInput("Give at least two characters to search for.")
        codes = scope.within(authority)
        s, c = t.schools.c, t.cases.c
        like = _pattern(text)
        schools = (select(s.urn, s.name, s.governance, s.open_case,
                          authority_of(s.authority).label("authority"))
                   .where(or_(func.lower(s.name).like(like, escape="\\"), s.urn == text))
                   .order_by(s.name, s.urn))
        cases = (select(c.reference.label("id"), c.urn, c.school_name.label("school"), c.state,
                        c.stage, c.is_open, authority_of(s.authority).label("authority"))
                 .join_from(t.cases, t.schools, s.urn == c.urn)
                 .where(or_(c.reference.like(f"{text}%"),
                            func.lower(c.school_name).like(like, escape="\\")))
                 .order_by(c.reference))
        within = in_authorities(s.authority, codes)
        if within is not None:
            schools, cases = schools.where(within), cases.where(within)
        with self.ctx.engine.connect() as conn:
            found_schools = scope.only(dict(r._mapping) for r in conn.execute(schools))
            found_cases = scope.only(dict(r._mapping) for r in conn.execute(cases))
        return {"text": text, "schools": found_schools[:LIMIT], "cases": found_cases[:LIMIT],
                "more": len(found_schools) > LIMIT or len(found_cases) > LIMIT}
