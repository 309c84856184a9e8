"""The register of schools causing concern, as a page (sortable, fifty entries a page) and as
CSV (every entry, in the order asked for); confidential entries are withheld by the register
service itself, so neither can show what the role may not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application import register as registers
from scc.domain import inputs
from scc.web.forms import date_text
from scc.web.listing import listing, ordered
from scc.web.query import la_code
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)

# The columns the register sorts by, each with its sort key (text, so any two compare; None for
# an entry without a value, which sorts last).
REGISTER_COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "school": lambda e: e["school"].casefold(), "authority": lambda e: e["authority"],
    "category": lambda e: e["category_title"],
    "stage": lambda e: None if e["case"] is None else f"{e['stage'] or 0:03d}",
    "basis": lambda e: e["basis"], "confidential": lambda e: "yes" if e["confidential"] else "no",
    "officer": lambda e: e["officer"], "deadline": lambda e: e["next_deadline"],
}


def as_of_date(text: str) -> date | None:
    return inputs.parse_day("The register date", text) if text else None


@router.get("/register")
def register(request: Request, who: Who, authority: str = "") -> Response:
    """The register as of the date in the three boxes (or `as_of`, YYYY-MM-DD), or today."""
    as_of = date_text("as_of", request.query_params)
    found = web(request).services.register.register(who.name, as_of_date(as_of),
                                                    la_code(authority))
    params = {**request.query_params, "as_of": as_of}  # the boxes, as one value for the links
    page = listing(found["entries"], params, REGISTER_COLUMNS, "school", ("as_of", "authority"))
    return render(request, "register.html", register=found, listing=page, as_of=as_of,
                  authority=authority)


@router.get("/register.csv")
def register_csv(request: Request, who: Who, as_of: str = "", authority: str = "") -> Response:
    """Every entry the role may see, in the order the page was sorted by."""
    found = web(request).services.register.register(who.name, as_of_date(as_of),
                                                    la_code(authority))
    entries, _sort, _descending = ordered(found["entries"], request.query_params,
                                          REGISTER_COLUMNS, "school")
    return Response(registers.register_csv({**found, "entries": entries}),
                    media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="register-{found["as_of"]}.csv"'})
