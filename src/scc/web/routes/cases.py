"""Cases: the list, the case page, and the forms of the steps the user may take now."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from scc.application.steps import next_steps
from scc.web.case_forms import BY_TRIGGER, CASE_FORMS
from scc.web.diagram import workflow_svg
from scc.web.form_pages import show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/cases")
def cases(request: Request, who: Who, closed: bool = False) -> Response:
    rows = web(request).services.cases.list(who.name, include_closed=closed)
    return render(request, "cases.html", rows=rows, closed=closed)


@router.get("/cases/{reference}")
def case(request: Request, reference: str, who: Who) -> Response:
    services = web(request).services
    described = services.cases.show(who.name, reference)
    history = services.cases.history(who.name, reference)
    rules = services.ctx.rules.named(described["rule_set"])
    today = services.ctx.clock.today()
    for deadline in described["deadlines"]:
        deadline["days_left"] = (date.fromisoformat(deadline["due"]) - today).days
    steps = next_steps(services.cases, who.name, reference)
    offered = []
    for step in steps:
        spec = BY_TRIGGER.get(step["trigger"])
        if spec is not None:
            offered.append(dict(step, form=spec.key))
    return render(request, "case.html", case=described, history=history[::-1],
                  states=rules.states, svg=workflow_svg(rules, described["state"]),
                  steps=_one_per_form(offered), today=today.isoformat())


def _one_per_form(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two triggers served by one form (complied / not complied) give one button; it is offered
    if either may be taken now."""
    by_form: dict[str, dict[str, Any]] = {}
    for step in steps:
        known = by_form.get(step["form"])
        if known is None or (known["refusal"] and not step["refusal"]):
            by_form[step["form"]] = dict(step, title=CASE_FORMS[step["form"]].title)
    return list(by_form.values())


def _spec(form: str) -> FormSpec:
    spec = CASE_FORMS.get(form)
    if spec is None:
        raise HTTPException(404)
    return spec


@router.get("/cases/{reference}/{form}")
def case_form(request: Request, reference: str, form: str,
              who: Who) -> Response:
    described = web(request).services.cases.show(who.name, reference)
    return show_form(request, who, _spec(form), reference, f"/cases/{reference}",
                     f"Case {reference}: {described['school']}")


@router.post("/cases/{reference}/{form}")
async def case_submit(request: Request, reference: str, form: str,
                      who: Who) -> Response:
    described = web(request).services.cases.show(who.name, reference)
    return await submit_form(request, who, _spec(form), reference, f"/cases/{reference}",
                             f"Case {reference}: {described['school']}")
