"""Caseload tools (issue 16, item 2): the lists an officer with forty schools works from.

Cases filtered by officer, stage, category, authority and next deadline; every running deadline
with the working days left on its school's authority's calendar; the visits that need something;
the progress meetings. Every row comes from a service's own list (the read models, through the
one scope rule) and is only joined here with the school's officer today (by the rule the scope
follows, projections/officers.py) and its category; each officer is named by the display name
recorded for them (`scc user contact`), else by user name. A list page's method gives its rows
and its filters' choices at once (`Listed`), so a page calls one method.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from scc.application.authorities import AuthorityService
from scc.application.case_list import CaseList
from scc.application.category_scheme import category_title
from scc.application.context import Context
from scc.application.deadline_list import DeadlineList
from scc.application.list_filters import SOON_WORKING_DAYS, VISIT_GROUPS, Filters, in_use, one_of
from scc.application.record_lists import RecordLists
from scc.application.scope import scope_of
from scc.application.user_contacts import contact_of
from scc.calendar import WorkingDayCalendar
from scc.projections.officers import officer_on
from scc.projections.standing import category_on

if TYPE_CHECKING:  # made on first use (see CaseloadService): it imports the aggregates
    from scc.application.meetings import MeetingService

OVERDUE = frozenset({"passed", "lapsed"})
Choices = dict[str, dict[str, str]]
NO_DEADLINE = {"next_deadline": None, "next_deadline_kind": None, "next_deadline_left": None,
               "window": "none"}


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


@dataclass(frozen=True)
class Listed:
    """A list page's rows, narrowed by its filters, and what each of its filters offers (filter
    -> value -> words): every value in use in the whole list, so a narrowed list still offers
    the others; the authorities are those the user acts for."""

    rows: list[dict[str, Any]]
    choices: Choices


class CaseloadService:
    """The lists. The case, deadline, visit and meeting lists read the read models alone;
    the meeting service is made only for its workflow's state titles, so listing cases or
    deadlines imports no aggregate class (most of a short command's time)."""

    def __init__(self, ctx: Context, cases: CaseList, deadlines: DeadlineList,
                 records: RecordLists, meetings: Callable[[], MeetingService]) -> None:
        self.ctx = ctx
        self._cases = cases
        self._deadlines = deadlines
        self._records = records
        self._meeting_service = meetings

    @property
    def _meetings(self) -> MeetingService:
        return self._meeting_service()

    def cases(self, user: str | None, filters: Filters,
              include_closed: bool = False) -> list[dict[str, Any]]:
        """The cases the user may see, each with its school's officer and category and the
        case's next running deadline, narrowed by `filters`."""
        return _narrowed(self._case_rows(user, include_closed, filters.authority), filters)

    def case_list(self, user: str | None, filters: Filters,
                  include_closed: bool = False) -> Listed:
        """The cases list page: `cases`, and the officers, categories, stages and authorities
        its filters offer."""
        self._acts_for(user, filters.authority)
        rows = self._case_rows(user, include_closed, None)
        stages = sorted({r["stage"] for r in rows if r["stage"] is not None})
        return Listed(_narrowed(rows, filters), self._choices(
            user, officer=in_use(rows, "officer", "officer_name"),
            category=in_use(rows, "category", "category_title"),
            stage={**{str(n): f"Stage {n}" for n in stages}, "none": "No stage"}))

    def deadlines(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """Every running deadline the user may see (intervention windows not yet started
        included), soonest first, with the working days left on its school's authority's
        calendar, its window (overdue, soon, later, not-started) and its school's officer."""
        return _narrowed(self._deadline_rows(user, filters.authority), filters)

    def deadline_list(self, user: str | None, filters: Filters) -> Listed:
        """The deadlines page: `deadlines`, and the officers and authorities its filters
        offer."""
        self._acts_for(user, filters.authority)
        rows = self._deadline_rows(user, None)
        return Listed(_narrowed(rows, filters),
                      self._choices(user, officer=in_use(rows, "officer", "officer_name")))

    def visits(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """The visits that need something (each with its group: overdue, report due, awaiting
        the school, planned), narrowed by officer, authority and group."""
        one_of("The status", filters.status, VISIT_GROUPS)
        return _narrowed(self._visit_rows(user), filters, "group")

    def visit_list(self, user: str | None, filters: Filters) -> Listed:
        """The visits page: `visits`, and the officers and authorities its filters offer."""
        one_of("The status", filters.status, VISIT_GROUPS)
        rows = self._visit_rows(user)
        return Listed(_narrowed(rows, filters, "group"),
                      self._choices(user, officer=in_use(rows, "officer", "officer_name")))

    def meetings(self, user: str | None, filters: Filters) -> list[dict[str, Any]]:
        """The progress meetings of the schools the user may see, narrowed by authority and
        state."""
        one_of("The status", filters.status, self._meetings.workflow.states)
        return _narrowed(self._meeting_rows(user), filters, "state")

    def meeting_list(self, user: str | None, filters: Filters) -> Listed:
        """The meetings page: `meetings`, and the states and authorities its filters offer."""
        states = self._meetings.workflow.states
        one_of("The status", filters.status, states)
        return Listed(_narrowed(self._meeting_rows(user), filters, "state"),
                      self._choices(user, status=dict(states)))

    def _case_rows(self, user: str | None, include_closed: bool,
                   authority: str | None) -> list[dict[str, Any]]:
        rows = self._cases.list(user, include_closed, authority)
        today = self.ctx.clock.today()
        urns = {row["urn"] for row in rows}
        officers, categories = self._officers(today, urns), self._categories(today, urns)
        upcoming = self._next_deadlines(user, {row["id"] for row in rows}, today)
        names = officer_names(self.ctx, officers.values())
        # A pack is read for its category titles only where a listed school has a category.
        titles = self._titles({r["authority"] for r in rows if categories.get(r["urn"])})
        found = []
        for row in rows:
            officer, category = officers.get(row["urn"]), categories.get(row["urn"])
            found.append({
                **row, "officer": officer, "officer_name": names.get(officer or "", ""),
                "category": category,
                "category_title": titles[row["authority"]](category) if category else None,
                **upcoming.get(row["id"], NO_DEADLINE)})
        return found

    def _next_deadlines(self, user: str | None, cases: set[str],
                        today: date) -> dict[str, dict[str, Any]]:
        """Each case's next running deadline, with the working days left and its window."""
        calendar, found = self._calendars(), {}
        for case, deadline in self._deadlines.next_running(user, cases).items():
            left = _working_days_left(calendar(deadline["authority"]), today,
                                      date.fromisoformat(deadline["due"]))
            found[case] = {"next_deadline": deadline["due"],
                           "next_deadline_kind": deadline["kind"], "next_deadline_left": left,
                           "window": _window(deadline["status"], left)}
        return found

    def _deadline_rows(self, user: str | None, authority: str | None) -> list[dict[str, Any]]:
        rows = self._deadlines.deadlines(user, authority=authority)
        today = self.ctx.clock.today()
        # A cluster's Form A3 has no school (and no officer): its URN is None.
        officers = self._officers(today, {row["urn"] for row in rows if row["urn"]})
        names = officer_names(self.ctx, officers.values())
        calendar = self._calendars()
        found = []
        for row in rows:
            left = _working_days_left(calendar(row["authority"]), today,
                                      date.fromisoformat(row["due"]))
            officer = officers.get(row["urn"])
            found.append({**row, "href": page_of(row["case"], row["kind"]),
                          "working_days_left": left, "window": _window(row["status"], left),
                          "officer": officer, "officer_name": names.get(officer or "", "")})
        return found

    def _visit_rows(self, user: str | None) -> list[dict[str, Any]]:
        rows = [{**row, "group": group, "authority": self.ctx.held_by(row["urn"])}
                for group, grouped in self._records.visits_needing(user).items()
                for row in grouped]
        names = officer_names(self.ctx, (r["officer"] for r in rows))
        return [{**r, "officer_name": names.get(r["officer"], r["officer"])} for r in rows]

    def _meeting_rows(self, user: str | None) -> list[dict[str, Any]]:
        states = self._meetings.workflow.states
        return [{**row, "authority": self.ctx.held_by(row["urn"]),
                 "state_title": states.get(row["state"], row["state"])}
                for row in self._records.meetings(user)]

    def _acts_for(self, user: str | None, authority: str | None) -> None:
        """Refuses, before anything is read, an authority filter the user does not act for."""
        if authority:
            scope_of(self.ctx, self.ctx.actor(user, "case.read")).acts_for(authority)

    def _choices(self, user: str | None, **choices: dict[str, str]) -> Choices:
        """A list's filter choices, with the authorities the user acts for."""
        served = AuthorityService(self.ctx).served(user)
        return {**choices, "authority": {a["code"]: a["name"] for a in served}}

    def _officers(self, today: date, urns: set[str]) -> dict[str, str]:
        """Each of the schools' officer today, by the one rule the scope also follows."""
        return officer_on(self.ctx.engine, today, urns)

    def _categories(self, today: date, urns: set[str]) -> dict[str, str]:
        """Each of the schools' category today, as the register reads it."""
        return category_on(self.ctx.engine, today, urns)

    def _calendars(self) -> Callable[[str], WorkingDayCalendar]:
        """The working-day calendar of an authority, each made once for the list."""
        made: dict[str, WorkingDayCalendar] = {}

        def calendar(code: str) -> WorkingDayCalendar:
            if code not in made:
                made[code] = AuthorityService(self.ctx).calendar(None, None, code)
            return made[code]
        return calendar

    def _titles(self, authorities: set[str]) -> dict[str, Any]:
        """Per authority, the title its category scheme gives a category code: each code's
        looked up once per list, not once per case (a look-up checks the pack's file)."""
        def titled(code: str) -> Any:
            authority = self.ctx.authority(code)
            return functools.cache(lambda category: category_title(self.ctx, authority, category))
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


def _narrowed(rows: list[dict[str, Any]], filters: Filters,
              status: str | None = None) -> list[dict[str, Any]]:
    """The rows that pass the filters; `status`: the field the list's status filter narrows
    (a visit's group, a meeting's state)."""
    return [r for r in rows if _kept(r, filters)
            and (not filters.status or status is None or r[status] == filters.status)]


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
