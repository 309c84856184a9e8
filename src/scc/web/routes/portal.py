"""The headteachers' portal: one school, theirs; its letters and visit reports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/portal")
def portal_home(request: Request, who: Who) -> Response:
    urn = web(request).accounts.own_school(who.name)
    return RedirectResponse(f"/portal/{urn}", status_code=303)


@router.get("/portal/{urn}")
def portal(request: Request, urn: str, who: Who) -> Response:
    school = web(request).accounts.portal_school(who.name, urn)
    return render(request, "portal.html", school=school)
