"""The dashboard: the user's own work by their role (application/my_work), then what needs
doing across their schools, soonest first."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.caseload import Filters, page_of
from scc.application.deadline_view import family, next_statutory
from scc.bootstrap import Services
from scc.web.security import Who, web
from scc.web.state import Web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
HORIZON_WORKING_DAYS = 10
RECENT = 10


@router.get("/dashboard")
def dashboard(request: Request, who: Who) -> Response:
    state = web(request)
    cases = state.services.cases.list(who.name)  # also the role check: readers only
    today = state.services.ctx.clock.today()
    recent = sorted(cases, key=lambda c: (c["last_act_on"], c["id"]), reverse=True)[:RECENT]
    register = state.services.register.register(who.name)
    counts = Counter(e["category_title"] or "not categorised" for e in register["entries"])
    # Read once, for "my work" and the deadline panels alike.
    deadlines = state.services.caseload.deadlines(who.name, Filters())
    return render(request, "dashboard.html", today=today.isoformat(), recent=recent,
                  work=state.services.my_work.of(who.name, deadlines),
                  open_cases=len(cases), register_counts=sorted(counts.items()),
                  withheld=register["withheld_note"], authorities=register["choices"],
                  **deadline_panels(state, who.name, today, cases, deadlines))


def horizon(services: Services, user: str, today: date) -> date:
    """The end of the next ten working days of the user's authority, counted as the rule set of
    its jurisdiction in force today counts them."""
    return services.authorities.calendar(user, None).working_days_after(
        today, HORIZON_WORKING_DAYS)


def deadline_panels(web: Web, user: str, today: date, cases: list[dict[str, Any]],
                    rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Overdue deadlines; those due within ten working days and every running intervention
    window; each open case's next statutory deadline; the user's reminders. `rows`: the user's
    deadlines (application/caseload), whose statuses and days left come from the one derivation
    (application/deadline_view) through the deadline service."""
    until = horizon(web.services, user, today).isoformat()
    mine = [{**r, "href": page_of(r["case_reference"], r["kind"])}
            for r in web.deadlines.reminders(user) if r["recipient"] == user]
    by_case: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_case.setdefault(row["case"], []).append(row)
    return {"until": until,
            "overdue": [r for r in rows if r["status"] in ("passed", "lapsed")],
            "upcoming": [r for r in rows if r["status"] == "open"
                         and (r["due"] <= until or family(r["kind"]) == "intervention-window")],
            "next_deadlines": [(c, next_statutory(by_case.get(c["id"], []))) for c in cases],
            "reminders": mine[-RECENT:][::-1]}
