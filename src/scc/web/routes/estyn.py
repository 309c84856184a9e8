"""Estyn on the school page of a Welsh school: its inspection and follow-up visits."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from scc.web.estyn_forms import ESTYN_FORMS
from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.security import Who, web

router = APIRouter()


def _heading(request: Request, user: str, urn: str) -> str:
    """The school's name; an English school has no Estyn forms (Ofsted inspects it)."""
    details = web(request).services.schools.show(user, urn)
    if not details.get("wales"):
        raise HTTPException(404)
    return f"{details['name']} (URN {urn})"


@router.get("/schools/{urn}/estyn/{form}")
def estyn_form(request: Request, urn: str, form: str, who: Who) -> Response:
    spec = form_or_404(ESTYN_FORMS.get(form))
    return show_form(request, who, spec, urn, f"/schools/{urn}", _heading(request, who.name, urn))


@router.post("/schools/{urn}/estyn/{form}")
async def estyn_submit(request: Request, urn: str, form: str, who: Who) -> Response:
    spec = form_or_404(ESTYN_FORMS.get(form))
    return await submit_form(request, who, spec, urn, f"/schools/{urn}",
                             _heading(request, who.name, urn))
