"""Search across the schools and cases the user may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.query import la_code
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/search")
def search(request: Request, who: Who, q: str = "", authority: str = "") -> Response:
    found = web(request).services.search.search(who.name, q, la_code(authority)) if q else None
    return render(request, "search.html", found=found, q=q)
