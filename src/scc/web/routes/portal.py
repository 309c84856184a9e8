"""The headteachers' portal: one school, theirs; its visit reports and letters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from scc.application.portal import PortalService
from scc.web.form_pages import flash
from scc.web.security import Who, checked_form, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


def _portal(request: Request) -> PortalService:
    state = web(request)
    return PortalService(state.services.ctx, state.accounts, state.services.visits)


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
    state = web(request)
    late = _portal(request).agree_report(who.name, reference, state.services.ctx.clock.today())
    flash(request, f"You agreed the report of visit {reference}" +
          (" (after the date it was due back)." if late else "."))
    return RedirectResponse(f"/portal/{urn}", status_code=303)


@router.get("/portal/{urn}/letters/{sha256}")
def letter(request: Request, urn: str, sha256: str, who: Who) -> Response:
    document, content = _portal(request).letter(who.name, urn, sha256)
    disposition = "inline" if document.part == "html" else "attachment"
    return Response(content, media_type=document.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{document.filename}"'})
