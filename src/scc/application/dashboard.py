"""The dashboard: the user's own work by their role (application/my_work), then what needs doing
across their schools, soonest first, and the register's counts. Each panel comes from the
service that owns its rows; the user's deadlines are read once for all the panels."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scc.application.authorities import AuthorityService
from scc.application.case_list import CaseList
from scc.application.caseload import CaseloadService, page_of
from scc.application.context import Context
from scc.application.deadline_list import DeadlineList
from scc.application.deadline_view import family, next_statutory
from scc.application.list_filters import Filters
from scc.application.my_work import MyWorkService
from scc.application.register import RegisterService

HORIZON_WORKING_DAYS = 10
RECENT = 10


class DashboardService:
    def __init__(self, ctx: Context, cases: CaseList, register: RegisterService, caseload: CaseloadService,
                 my_work: MyWorkService, deadlines: DeadlineList,
                 authorities: AuthorityService) -> None:
        self.ctx = ctx
        self._cases = cases
        self._register = register
        self._caseload = caseload
        self._my_work = my_work
        self._deadlines = deadlines
        self._authorities = authorities

    def of(self, user: str) -> dict[str, Any]:
        """What the dashboard shows the user (readers only: the case list checks the role)."""
        cases = self._cases.list(user)
        today = self.ctx.clock.today()
        register = self._register.register(user)
        counts = Counter(e["category_title"] or "not categorised" for e in register["entries"])
        deadlines = self._caseload.deadlines(user, Filters())
        # The end of the next ten working days of the user's authority, counted as the rule set
        # of its jurisdiction in force today counts them.
        until = self._authorities.calendar(user, None).working_days_after(
            today, HORIZON_WORKING_DAYS).isoformat()
        mine = [{**r, "href": page_of(r["case_reference"], r["kind"])}
                for r in self._deadlines.reminders(user, theirs=True)]
        by_case: dict[str, list[dict[str, Any]]] = {}
        for row in deadlines:
            by_case.setdefault(row["case"], []).append(row)
        return {
            "today": today.isoformat(), "open_cases": len(cases),
            "recent": sorted(cases, key=lambda c: (c["last_act_on"], c["id"]),
                             reverse=True)[:RECENT],
            "work": self._my_work.of(user, deadlines),
            "register_counts": sorted(counts.items()), "withheld": register["withheld_note"],
            "authorities": register["choices"], "until": until,
            "overdue": [r for r in deadlines if r["status"] in ("passed", "lapsed")],
            "upcoming": [r for r in deadlines if r["status"] == "open"
                         and (r["due"] <= until
                              or family(r["kind"]) == "intervention-window")],
            "next_deadlines": [(c, next_statutory(by_case.get(c["id"], []))) for c in cases],
            "reminders": mine[-RECENT:][::-1],
        }
