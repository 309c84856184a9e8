"""Deadlines (issue 16, item 2): every running deadline the user may see, overdue first, with
the working days left on its school's authority's calendar; filtered, sorted, paged and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.list_filters import NEXT_DEADLINE, Filters
from scc.web.listing import download, listing
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)

# The columns the list sorts by. Due date first: the overdue are the earliest, so they lead.
COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "due": lambda d: (d["due"], d["case"], d["kind"]), "case": lambda d: d["case"],
    "school": lambda d: d["school"].casefold(), "authority": lambda d: d["authority"],
    "deadline": lambda d: d["kind"], "officer": lambda d: d["officer_name"].casefold() or None,
    "left": lambda d: f"{d['working_days_left'] + 100000:07d}",
}
CSV_COLUMNS = ["case", "urn", "school", "authority", "kind", "due", "rule", "status", "statutory",
               "working_days_left", "days_left", "unit", "officer_name"]
KEEP = ("authority", "officer", "deadline")
WINDOWS = {key: NEXT_DEADLINE[key] for key in ("overdue", "soon")}


@router.get("/deadlines")
def deadlines(request: Request, who: Who) -> Response:
    filters = Filters.of(request.query_params)
    listed = web(request).services.caseload.deadline_list(who.name, filters)
    page = listing(listed.rows, request.query_params, COLUMNS, "due", KEEP)
    return render(request, "deadlines.html", listing=page, filters=filters, windows=WINDOWS,
                  officers=listed.choices["officer"], authorities=listed.choices["authority"])


@router.get("/deadlines.csv")
def deadlines_csv(request: Request, who: Who) -> Response:
    rows = web(request).services.caseload.deadlines(who.name, Filters.of(request.query_params))
    return download("deadlines.csv", rows, request.query_params, COLUMNS, "due", CSV_COLUMNS,
                    "Running deadlines")
