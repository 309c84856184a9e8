"""The dashboard: what needs doing, soonest first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.bootstrap import Services
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
HORIZON_WORKING_DAYS = 10
RECENT = 10


@router.get("/dashboard")
def dashboard(request: Request, who: Who) -> Response:
    services = web(request).services
    cases = services.cases.list(who.name)  # also the role check: readers only
    today = services.ctx.clock.today()
    recent = sorted(cases, key=lambda c: (c["last_act_on"], c["id"]), reverse=True)[:RECENT]
    return render(request, "dashboard.html", today=today.isoformat(), recent=recent,
                  open_cases=len(cases), **deadline_panels(services, who.name, today))


def horizon(services: Services, today: date) -> date:
    """The end of the next ten working days, under the rule set in force today."""
    variant = services.ctx.rules.in_force_on(today).calendar_variant
    return services.ctx.calendar(variant).working_days_after(today, HORIZON_WORKING_DAYS)


def deadline_panels(services: Services, user: str, today: date) -> dict[str, Any]:
    deadlines = getattr(services, "deadlines", None)
    if deadlines is None:
        return {"deadlines_available": False}
    until = horizon(services, today)
    rows = deadlines.deadlines(user, due_before=until + timedelta(days=1))
    for row in rows:
        row["days_left"] = (date.fromisoformat(row["due"]) - today).days
    mine = [r for r in deadlines.reminders(user) if r["recipient"] == user]
    return {"deadlines_available": True, "until": until.isoformat(),
            "overdue": [r for r in rows if r["days_left"] < 0],
            "upcoming": [r for r in rows if r["days_left"] >= 0],
            "reminders": mine[-RECENT:][::-1]}
