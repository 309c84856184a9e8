"""A school's contacts: adding one and ending one (they are listed on the school page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.contact_forms import ADD_CONTACT, END_CONTACT
from scc.web.form_pages import show_form, submit_form
from scc.web.security import Viewer, Who, web

router = APIRouter(include_in_schema=False)


def _heading(request: Request, who: Viewer, urn: str) -> str:
    name = web(request).services.schools.show(who.name, urn)["name"]  # the scope check
    return f"{name} (URN {urn})"


@router.get("/schools/{urn}/contacts/add")
def add_page(request: Request, urn: str, who: Who) -> Response:
    return show_form(request, who, ADD_CONTACT, urn, f"/schools/{urn}",
                     _heading(request, who, urn))


@router.post("/schools/{urn}/contacts/add")
async def add(request: Request, urn: str, who: Who) -> Response:
    return await submit_form(request, who, ADD_CONTACT, urn, f"/schools/{urn}",
                             _heading(request, who, urn))


@router.get("/schools/{urn}/contacts/{number}/end")
def end_page(request: Request, urn: str, number: str, who: Who) -> Response:
    return show_form(request, who, END_CONTACT, f"{urn}/{number}", f"/schools/{urn}",
                     f"Contact {number}, {_heading(request, who, urn)}")


@router.post("/schools/{urn}/contacts/{number}/end")
async def end(request: Request, urn: str, number: str, who: Who) -> Response:
    return await submit_form(request, who, END_CONTACT, f"{urn}/{number}", f"/schools/{urn}",
                             f"Contact {number}, {_heading(request, who, urn)}")
