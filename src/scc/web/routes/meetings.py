"""Progress meetings: the meeting page and its forms (scheduling is on the school page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.meeting_forms import OFFERED, meeting_forms
from scc.web.security import Viewer, Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/meetings/{reference}")
def meeting(request: Request, reference: str, who: Who) -> Response:
    shown = web(request).services.meetings.show(who.name, reference)
    forms = meeting_forms(shown)
    offered = [forms[key] for key in OFFERED.get(shown["state"], ())
               if forms[key].permission in who.can]
    files = web(request).services.evidence.list(who.name, "meeting", reference)
    return render(request, "meeting.html", meeting=shown, offered=offered, files=files,
                  can_upload="evidence.upload" in who.can)


@router.get("/meetings/{reference}/letters/{sha256}")
def letter(request: Request, reference: str, sha256: str, who: Who) -> Response:
    """A sent outcome letter exactly as kept (HTML shown, PDF downloaded)."""
    document, content = web(request).services.meetings.letter(who.name, reference, sha256)
    disposition = "inline" if document.part == "html" else "attachment"
    return Response(content, media_type=document.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{document.filename}"'})


def _spec(request: Request, who: Viewer, reference: str, form: str) -> FormSpec:
    # Reading the meeting first is the SEO's allocation check, before any form is shown.
    return form_or_404(
        meeting_forms(web(request).services.meetings.show(who.name, reference)).get(form))


@router.get("/meetings/{reference}/{form}")
def meeting_form(request: Request, reference: str, form: str, who: Who) -> Response:
    return show_form(request, who, _spec(request, who, reference, form), reference,
                     f"/meetings/{reference}", f"Progress meeting {reference}")


@router.post("/meetings/{reference}/{form}")
async def meeting_submit(request: Request, reference: str, form: str, who: Who) -> Response:
    return await submit_form(request, who, _spec(request, who, reference, form), reference,
                             f"/meetings/{reference}", f"Progress meeting {reference}")
