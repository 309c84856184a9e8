"""Caseload tools (issue 16, item 2): the lists an officer with forty schools works from.

Cases filtered by officer, stage, category, authority and next deadline; every running deadline
with the working days left on its school's authority's calendar; the visits that need something;
the progress meetings. Every row comes from a service's own list (the read models, through the
one scope rule) and is only joined here with the school's current allocation and category; each
officer is named by the display name recorded for them (`scc user contact`), else by user name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from scc.application.accounts import contact_of
from scc.application.authorities import AuthorityService
from scc.application.cases import CaseService
from scc.application.categorisation import scheme_of
from scc.application.context import Context
from scc.application.deadlines import DeadlineService
from scc.application.list_filters import SOON_WORKING_DAYS, VISIT_GROUPS, Filters, one_of
from scc.application.meetings import MeetingService
from scc.application.visits import VisitService
from scc.calendar import WorkingDayCalendar
from scc.projections import tables as t

OVERDUE = frozenset({"passed", "lapsed"})
RUNNING = OVERDUE | {"open"}
# Bound parameters a query names (SQLite's limit is 32,766; PostgreSQL's 65,535).
URNS_PER_QUERY = 5_000


def page_of(reference: str, kind: str) -> str:
    """The page of what a deadline belongs to: a case, a visit (report kinds), a plan (review
    kinds), a progress meeting, a bid (its board and impact reports) or a support plan."""
    if kind.startswith("visit"):
        return f"/visits/{reference}"
    if kind.startswith("plan-review"):
        return f"/plans/{reference}"
    if kind.startswith("meeting"):
        return f"/meetings/{reference}"
    if kind.startswith(("impact-report-", "board-")):
        return f"/support/bids/{reference}"
    if kind.startswith("a3-"):  # a cluster's Form A3: the board's view lists them
        return "/support/board"
    if kind.startswith("support-review-"):
        return f"/support/plans/{reference}"
    return f"/cases/{reference}"


def officer_names(ctx: Context, names: Iterable[str | None]) -> dict[str, str]:
    """Each officer's display name, or their user name when none was recorded."""
    return {name: contact_of(ctx, name)["display_name"] or name for name in set(names) if name}


class CaseloadService:
    def __init__(self, ctx: Context, cases: CaseService, deadlines: DeadlineService,
                 visits: VisitService, meetings: MeetingService) -> None:
        self.ctx = ctx
        self._cases = cases
        self._deadlines = deadlines
        self._visits = visits
        self._meetings = meetings

    def cases(self, user: str | None, filters: Filters,
              include_closed: bool = False) -> list[dict[str, Any]]:
        """The cases the user may see, each with its school's officer and category and the
        case's next running deadline, narrowed by `filters`."""
        rows = self._cases.list(user, include_closed, filters.authority)
        today = self.ctx.clock.today()
        urns = {row["urn"] for row in rows}
        officers, categories = self._allocations(today, urns), self._categories(today, urns)
        upcoming: dict[str, dict[str, Any]] = {}
        for deadline in self.deadlines(user, Filters(authority=filters.authority)):
            if deadline["status"] in RUNNING:
                upcoming.setdefault(deadline["case"], deadline)  # soonest first
        names = officer_names(self.ctx, officers.values())
        titles = self._titles({r["authority"] for r in rows})
        found = []
        for row in rows:
            officer, category = officers.get(row["urn"]), categories.get(row["urn"])
            deadline = upcoming.get(row["id"]) or {}
            found.append({
                **row, "officer": officer, "officer_name": names.get(officer or "", ""),
                "category": category,
                "category_title": titles[row["authority"]](category) if category else None,
                "next_deadline": deadline.get("due"), "next_deadline_kind": deadline.get("kind"),
                "next_deadline_left": deadline.get("working_days_left"),
                "window": deadline.get("window") or "none"})
        return [r for r in found if _kept(r, filters)]

    def deadlines(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """Every running deadline the user may see (intervention windows not yet started
        included), soonest first, with the working days left on its school's authority's
        calendar, its window (overdue, soon, later, not-started) and its school's officer."""
        rows = self._deadlines.deadlines(user, authority=filters.authority)
        today = self.ctx.clock.today()
        # A cluster's Form A3 has no school (and no officer): its URN is None.
        officers = self._allocations(today, {row["urn"] for row in rows if row["urn"]})
        names = officer_names(self.ctx, officers.values())
        calendars: dict[str, WorkingDayCalendar] = {}
        found = []
        for row in rows:
            calendar = calendars.get(row["authority"])
            if calendar is None:
                calendar = calendars[row["authority"]] = AuthorityService(self.ctx).calendar(
                    None, None, row["authority"])
            left = _working_days_left(calendar, today, date.fromisoformat(row["due"]))
            officer = officers.get(row["urn"])
            found.append({**row, "href": page_of(row["case"], row["kind"]),
                          "working_days_left": left, "window": _window(row["status"], left),
                          "officer": officer, "officer_name": names.get(officer or "", "")})
        return [r for r in found if _kept(r, filters)]

    def visits(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """The visits that need something (each with its group: overdue, report due, awaiting
        the school, planned), narrowed by officer, authority and group."""
        one_of("The status", filters.status, VISIT_GROUPS)
        rows = [{**row, "group": group, "authority": self.ctx.held_by(row["urn"])}
                for group, grouped in self._visits.mine(user).items() for row in grouped]
        names = officer_names(self.ctx, (r["officer"] for r in rows))
        found = [{**r, "officer_name": names.get(r["officer"], r["officer"])} for r in rows]
        return [r for r in found if _kept(r, filters)
                and (not filters.status or r["group"] == filters.status)]

    def meetings(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """The progress meetings of the schools the user may see, narrowed by authority and
        state."""
        states = self._meetings.workflow.states
        one_of("The status", filters.status, states)
        rows = [{**row, "authority": self.ctx.held_by(row["urn"]),
                 "state_title": states.get(row["state"], row["state"])}
                for row in self._meetings.list(user)]
        return [r for r in rows if _kept(r, filters)
                and (not filters.status or r["state"] == filters.status)]

    def _allocations(self, today: date, urns: set[str]) -> dict[str, str]:
        """Each of the schools' officer today: its latest allocation."""
        a = t.allocations.c
        return self._latest(select(a.urn, a.officer).where(a.from_on <= today)
                            .order_by(a.urn, a.from_on, a.version), a.urn, urns)

    def _categories(self, today: date, urns: set[str]) -> dict[str, str]:
        """Each of the schools' category today: the latest decided."""
        h = t.category_history.c
        return self._latest(select(h.urn, h.category)
                            .where(h.decided.is_(True), h.effective_on <= today)
                            .order_by(h.urn, h.effective_on, h.version), h.urn, urns)

    def _latest(self, query: Select[Any], urn: Any, urns: set[str]) -> dict[str, str]:
        """Per school of `urns`, the value of the last row of `query` (ordered oldest first by
        school). Only those schools' rows are read, through the table's index that leads with
        the URN: a page's few dozen schools, never the 100,000 rows of a national history."""
        wanted, found = sorted(urns), {}
        with self.ctx.engine.connect() as conn:
            for start in range(0, len(wanted), URNS_PER_QUERY):
                chunk = wanted[start:start + URNS_PER_QUERY]
                found.update({school: value for school, value in
                              conn.execute(query.where(urn.in_(chunk)))})
        return found

    def _titles(self, authorities: set[str]) -> dict[str, Any]:
        """Per authority, the title its category scheme gives a category code."""
        def titled(code: str) -> Any:
            scheme = scheme_of(self.ctx, self.ctx.authority(code))
            return lambda category: scheme.category(category).title
        return {code: titled(code) for code in authorities}


def _working_days_left(calendar: WorkingDayCalendar, today: date, due: date) -> int:
    """Working days from today to the due day; negative once it has passed."""
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def _window(status: str, left: int) -> str:
    if status in OVERDUE:
        return "overdue"
    if status != "open":
        return status  # not-started: an intervention window whose compliance period runs
    return "soon" if left <= SOON_WORKING_DAYS else "later"


def _kept(row: dict[str, Any], filters: Filters) -> bool:
    """Whether the row passes the filters that apply to it (a row without the field is not
    narrowed by it)."""
    checks = {"officer": filters.officer, "category": filters.category}
    for field, wanted in checks.items():
        if wanted and field in row and row[field] != wanted:
            return False
    if filters.stage and "stage" in row and str(row["stage"] or "none") != filters.stage:
        return False
    if filters.authority and row.get("authority") not in (None, filters.authority):
        return False
    return not filters.deadline or "window" not in row or row["window"] == filters.deadline
