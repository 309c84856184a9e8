"""Deadlines (issue 16, item 2): every running deadline the user may see, overdue first, with
the working days left on its school's authority's calendar; filtered, sorted, paged and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.caseload import NEXT_DEADLINE, Filters
from scc.web.listing import csv_response, listing, ordered
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
    services = web(request).services
    filters = Filters.of(request.query_params)
    rows = services.caseload.deadlines(who.name, filters)
    everything = rows if filters == Filters() else services.caseload.deadlines(who.name, Filters())
    officers = {r["officer"]: r["officer_name"] for r in everything if r["officer"]}
    page = listing(rows, request.query_params, COLUMNS, "due", KEEP)
    return render(request, "deadlines.html", listing=page, filters=filters, windows=WINDOWS,
                  officers=dict(sorted(officers.items(), key=lambda o: o[1].casefold())),
                  authorities={a["code"]: a["name"]
                               for a in services.authorities.served(who.name)})


@router.get("/deadlines.csv")
def deadlines_csv(request: Request, who: Who) -> Response:
    rows = web(request).services.caseload.deadlines(who.name, Filters.of(request.query_params))
    found, _sort, _descending = ordered(rows, request.query_params, COLUMNS, "due")
    return csv_response("deadlines.csv", found, CSV_COLUMNS, f"Running deadlines: {len(found)}")
