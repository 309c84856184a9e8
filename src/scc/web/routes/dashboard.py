"""The dashboard: what needs doing, soonest first."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

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
    return render(request, "dashboard.html", today=today.isoformat(), recent=recent,
                  open_cases=len(cases), register_counts=sorted(counts.items()),
                  withheld=register["withheld_note"],
                  **deadline_panels(state, who.name, today))


def _page_of(reference: str, kind: str) -> str | None:
    """Deadlines belong to cases, visits (report kinds) or meetings (no page yet)."""
    if kind.startswith("visit"):
        return f"/visits/{reference}"
    if kind.startswith("meeting"):
        return None
    return f"/cases/{reference}"


def horizon(services: Services, today: date) -> date:
    """The end of the next ten working days, under the rule set in force today."""
    variant = services.ctx.rules.in_force_on(today).calendar_variant
    return services.ctx.calendar(variant).working_days_after(today, HORIZON_WORKING_DAYS)


def deadline_panels(web: Web, user: str, today: date) -> dict[str, Any]:
    deadlines = web.deadlines
    until = horizon(web.services, today)
    rows = deadlines.deadlines(user, due_before=until + timedelta(days=1))
    for row in rows:
        row["days_left"] = (date.fromisoformat(row["due"]) - today).days
        row["href"] = _page_of(row["case"], row["kind"])
    mine = [r for r in deadlines.reminders(user) if r["recipient"] == user]
    return {"until": until.isoformat(),
            "overdue": [r for r in rows if r["days_left"] < 0],
            "upcoming": [r for r in rows if r["days_left"] >= 0],
            "reminders": mine[-RECENT:][::-1]}
