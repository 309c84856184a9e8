"""The headteachers' portal: one school, theirs; its visit reports and letters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from scc.application.portal import PortalService
from scc.web.form_pages import flash, show_form, submit_form
from scc.web.security import Viewer, Who, checked_form, web
from scc.web.templating import long_date, render
from scc.web.visit_forms import RETURN_COMMENTS

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


@router.post("/portal/{urn}/visits/{reference}/agree")
async def agree(request: Request, urn: str, reference: str, who: Who) -> Response:
    await checked_form(request)
    services = web(request).services
    late = services.visits.agree(who.name, reference, services.ctx.clock.today())
    flash(request, f"You agreed the report of visit {reference}" +
          (" (after the date it was due back)." if late else "."))
    return RedirectResponse(f"/portal/{urn}", status_code=303)


def _commented(request: Request, who: Viewer, reference: str) -> tuple[str, str]:
    """Where to go back to and the heading: refused for another school's visit."""
    visit = web(request).services.visits.for_headteacher(who.name, reference)
    return f"/portal/{visit['urn']}", f"Visit {reference} on {long_date(visit['visit_on'])}"


@router.get("/portal/{urn}/visits/{reference}/comments")
def comments_form(request: Request, urn: str, reference: str, who: Who) -> Response:
    back, heading = _commented(request, who, reference)
    return show_form(request, who, RETURN_COMMENTS, reference, back, heading)


@router.post("/portal/{urn}/visits/{reference}/comments")
async def comments(request: Request, urn: str, reference: str, who: Who) -> Response:
    back, heading = _commented(request, who, reference)
    return await submit_form(request, who, RETURN_COMMENTS, reference, back, heading)


@router.get("/portal/{urn}/letters/{sha256}")
def letter(request: Request, urn: str, sha256: str, who: Who) -> Response:
    document, content = _portal(request).letter(who.name, urn, sha256)
    disposition = "inline" if document.part == "html" else "attachment"
    return Response(content, media_type=document.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{document.filename}"'})
