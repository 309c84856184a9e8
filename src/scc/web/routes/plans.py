"""Improvement plans: the plan page, its review and closing forms, and recording one received
from the school page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.plan_forms import CLOSE_PLAN, RECEIVE_PLAN, review_form
from scc.web.security import Viewer, Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/schools/{urn}/receive-plan")
def receive_page(request: Request, urn: str, who: Who) -> Response:
    name = web(request).services.schools.show(who.name, urn)["name"]  # the scope check
    return show_form(request, who, RECEIVE_PLAN, urn, f"/schools/{urn}", f"{name} (URN {urn})")


@router.post("/schools/{urn}/receive-plan")
async def receive(request: Request, urn: str, who: Who) -> Response:
    name = web(request).services.schools.show(who.name, urn)["name"]
    return await submit_form(request, who, RECEIVE_PLAN, urn, f"/schools/{urn}",
                             f"{name} (URN {urn})")


@router.get("/plans/{reference}")
def plan(request: Request, reference: str, who: Who) -> Response:
    shown = web(request).services.plans.show(who.name, reference)
    forms = [f for f in (review_form(shown["objectives"]), CLOSE_PLAN)
             if f.permission in who.can and shown["state"] == "active"]
    return render(request, "plan.html", plan=shown, forms=forms)


def _spec(request: Request, who: Viewer, reference: str, form: str) -> FormSpec:
    shown = web(request).services.plans.show(who.name, reference)  # the scope check
    forms = {"review": review_form(shown["objectives"]), "close": CLOSE_PLAN}
    return form_or_404(forms.get(form))


@router.get("/plans/{reference}/{form}")
def plan_form(request: Request, reference: str, form: str, who: Who) -> Response:
    return show_form(request, who, _spec(request, who, reference, form), reference,
                     f"/plans/{reference}", f"Plan {reference}")


@router.post("/plans/{reference}/{form}")
async def plan_submit(request: Request, reference: str, form: str, who: Who) -> Response:
    return await submit_form(request, who, _spec(request, who, reference, form), reference,
                             f"/plans/{reference}", f"Plan {reference}")
