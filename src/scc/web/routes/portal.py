"""The headteachers' portal: one school, theirs; its visit reports and letters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from scc.application.portal import PortalService
from scc.web.form_pages import show_form, submit_form
from scc.web.security import Viewer, Who, web
from scc.web.templating import long_date, render
from scc.web.visit_forms import RESPOND

router = APIRouter(include_in_schema=False)


def _portal(request: Request) -> PortalService:
    state = web(request)
    return PortalService(state.services.ctx, state.accounts)


@router.get("/portal")
def portal_home(request: Request, who: Who) -> Response:
    urn = web(request).accounts.own_school(who.name)
    return RedirectResponse(f"/portal/{urn}", status_code=303)


@router.get("/portal/{urn}")
def portal(request: Request, urn: str, who: Who) -> Response:
    service = _portal(request)
    return render(request, "portal.html", school=service.school(who.name, urn),
                  visits=service.visits(who.name, urn), letters=service.letters(who.name, urn))


def _visit_page(request: Request, who: Viewer, urn: str,
                reference: str) -> tuple[str, str, tuple[str, dict[str, Any]]]:
    """Where to go back to, the heading and the page the response form sits in (the report as
    it was sent): not found for another school's visit, or one named under another URN."""
    visit = web(request).services.visits.for_headteacher(who.name, reference)
    if visit["urn"] != urn:
        raise HTTPException(404)
    heading = f"Visit {reference} on {long_date(visit['visit_on'])}"
    return f"/portal/{urn}", heading, ("portal_visit.html", {"visit": visit})


@router.get("/portal/{urn}/visits/{reference}")
def visit_report(request: Request, urn: str, reference: str, who: Who) -> Response:
    back, heading, page = _visit_page(request, who, urn, reference)
    return show_form(request, who, RESPOND, reference, back, heading, page)


@router.post("/portal/{urn}/visits/{reference}")
async def respond(request: Request, urn: str, reference: str, who: Who) -> Response:
    back, heading, page = _visit_page(request, who, urn, reference)
    return await submit_form(request, who, RESPOND, reference, back, heading, page)


@router.get("/portal/{urn}/letters/{sha256}")
def letter(request: Request, urn: str, sha256: str, who: Who) -> Response:
    document, content = _portal(request).letter(who.name, urn, sha256)
    disposition = "inline" if document.part == "html" else "attachment"
    return Response(content, media_type=document.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{document.filename}"'})
