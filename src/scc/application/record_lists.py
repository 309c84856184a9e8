"""The visits, progress meetings and improvement plans as listed (`scc visit list`, `scc visit
mine`, `scc meeting list`, `scc improvement-plan list`, the caseload), read from their read models
through the one scope rule. Apart from the services that record them (visits.py, meetings.py,
plans.py), so a listing imports no aggregate class, notice template or projector: a short
command's time is mostly its imports."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.context import Context
from scc.application.scope import Scope, scope_of
from scc.domain.errors import NotFound
from scc.domain.values import valid_urn
from scc.projections import register as read
from scc.projections.queries import school_row
from scc.projections.tables import meetings, plans, visits

MY_GROUPS = ("overdue", "report_due", "awaiting_school", "planned")


def school_seen(ctx: Context, scope: Scope, urn: str) -> None:
    """Refuses a school that is not recorded, or that the user may not see, in the words the
    school's own commands use, from its read model (no School aggregate replayed)."""
    school = school_row(ctx.engine, valid_urn(urn))
    if school is None:
        raise NotFound(f"There is no school with URN {urn}.")
    scope.school(urn, f"{school['name']} (URN {urn})")


def listing(ctx: Context, user: str | None, table: Any, urn: str | None) -> list[dict[str, Any]]:
    """Visits, meetings or plans: of one school, or of every school the user may see."""
    scope = scope_of(ctx, ctx.actor(user, "school.read"))
    if urn:
        school_seen(ctx, scope, urn)
    return scope.only(read.list_rows(ctx.engine, table, urn, None))


class RecordLists:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def visits(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, visits, urn)

    def meetings(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, meetings, urn)

    def plans(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        """The plans of one school, or of every school the user may see."""
        return listing(self.ctx, user, plans, urn)

    def visits_needing(self, user: str | None) -> dict[str, list[dict[str, Any]]]:
        """The visits that need something, across the schools the user may see (for an SEO,
        their allocated schools), in four groups: planned, report due (held, the report not yet
        sent), awaiting the school (sent, not yet returned) and overdue (the visit date passed
        unrecorded, the report or its return past its due date)."""
        today = self.ctx.clock.today()
        groups: dict[str, list[dict[str, Any]]] = {g: [] for g in MY_GROUPS}
        for row in listing(self.ctx, user, visits, None):
            group, due = _group(row, today)
            if group:
                groups[group].append({**row, "due": due.isoformat() if due else None})
        for rows in groups.values():
            rows.sort(key=lambda r: (r["due"] or r["visit_on"], r["reference"]))
        return groups


def _group(row: dict[str, Any], today: date) -> tuple[str | None, date | None]:
    state = row["state"]
    if state == "planned":
        visit_on = date.fromisoformat(row["visit_on"])
        return ("planned" if visit_on >= today else "overdue"), visit_on
    if state in ("held", "comments_returned"):
        due = _day(row.get("report_due"))
        return ("overdue" if due and due < today else "report_due"), due
    if state == "report_sent":
        due = _day(row.get("return_due"))
        return ("overdue" if due and due < today else "awaiting_school"), due
    return None, None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
