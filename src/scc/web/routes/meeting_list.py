"""The progress meetings list (issue 16, item 2): every meeting of the schools the user may see,
filtered by authority and state, sorted, paged and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.caseload import Filters
from scc.web.listing import download, listing
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)

COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "meeting": lambda m: m["reference"], "school": lambda m: m["school_name"].casefold(),
    "authority": lambda m: m["authority"], "meets": lambda m: m["meets_on"],
    "documents": lambda m: m["documents_due"], "state": lambda m: m["state"],
}
CSV_COLUMNS = ["reference", "urn", "school_name", "authority", "state", "meets_on",
               "documents_due", "documents_complete_on", "held_on", "outcome"]
KEEP = ("authority", "status")


@router.get("/meetings")
def meetings(request: Request, who: Who) -> Response:
    filters = Filters.of(request.query_params)
    listed = web(request).services.caseload.meeting_list(who.name, filters)
    page = listing(listed.rows, request.query_params, COLUMNS, "meets", KEEP)
    return render(request, "meetings.html", listing=page, filters=filters,
                  states=listed.choices["status"], authorities=listed.choices["authority"])


@router.get("/meetings.csv")
def meetings_csv(request: Request, who: Who) -> Response:
    rows = web(request).services.caseload.meetings(who.name, Filters.of(request.query_params))
    return download("meetings.csv", rows, request.query_params, COLUMNS, "meets", CSV_COLUMNS,
                    "Progress meetings")
