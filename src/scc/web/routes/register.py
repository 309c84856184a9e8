"""The register of schools causing concern, as a page (sortable, fifty entries a page) and as
CSV (every entry, in the order asked for); confidential entries are withheld by the register
service itself, so neither can show what the role may not see."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application import register as registers
from scc.domain import inputs
from scc.web.forms import date_text
from scc.web.listing import PAGE_SIZE, Listing, order_asked
from scc.web.query import la_code
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


def as_of_date(text: str) -> date | None:
    return inputs.parse_day("The register date", text) if text else None


@router.get("/register")
def register(request: Request, who: Who, authority: str = "") -> Response:
    """The register as of the date in the three boxes (or `as_of`, YYYY-MM-DD), or today."""
    as_of = date_text("as_of", request.query_params)
    params = request.query_params
    sort, descending = order_asked(params, registers.SORTS, "school")
    page = inputs.count("The page", params.get("page") or 1, 1, registers.MAX_PAGE)
    found = web(request).services.register.page(who.name, as_of_date(as_of), la_code(authority),
                                                 sort, descending, page, PAGE_SIZE)
    kept = {k: v for k, v in (("as_of", as_of), ("authority", authority)) if v}
    listing = Listing(found["entries"], found["shown"], page, found["pages"], sort, descending,
                      kept)
    return render(request, "register.html", register=found, listing=listing, as_of=as_of,
                  authority=authority)


@router.get("/register.csv")
def register_csv(request: Request, who: Who, as_of: str = "", authority: str = "") -> Response:
    """Every entry the role may see, in the order the page was sorted by."""
    sort, descending = order_asked(request.query_params, registers.SORTS, "school")
    found = web(request).services.register.register(who.name, as_of_date(as_of),
                                                    la_code(authority), sort, descending)
    return Response(registers.register_csv(found), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="register-{found["as_of"]}.csv"'})
