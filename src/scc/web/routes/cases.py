"""Cases: the list, the case page, and the forms of the steps the user may take now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from scc.application.case_page import case_page
from scc.application.documents import IssuedDocument
from scc.application.list_filters import NEXT_DEADLINE, Filters
from scc.web.case_forms import BY_TRIGGER, CASE_FORMS, for_case
from scc.web.diagram import workflow_svg
from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.listing import download, listing
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


# The columns the cases list sorts by, each with its sort key (text, so any two compare).
CASE_COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "case": lambda c: c["id"], "school": lambda c: c["school"].casefold(),
    "authority": lambda c: c["authority"],
    "stage": lambda c: None if c["stage"] is None else f"{c['stage']:03d}",
    "state": lambda c: c["state"], "opened": lambda c: c["opened_on"],
    "officer": lambda c: c["officer_name"].casefold() or None,
    "category": lambda c: c["category_title"], "deadline": lambda c: c["next_deadline"],
}
CSV_COLUMNS = ["id", "urn", "school", "authority", "stage", "state", "opened_on", "last_act_on",
               "is_open", "eligible", "officer_name", "category_title", "next_deadline",
               "next_deadline_kind", "next_deadline_left"]
# The query values the list's links keep besides sort, order and page.
CASE_FILTERS = ("closed", "authority", "officer", "stage", "category", "deadline")


@router.get("/cases")
def cases(request: Request, who: Who, closed: bool = False) -> Response:
    filters = Filters.of(request.query_params)
    listed = web(request).services.caseload.case_list(who.name, filters, include_closed=closed)
    page = listing(listed.rows, request.query_params, CASE_COLUMNS, "opened", CASE_FILTERS)
    return render(request, "cases.html", listing=page, closed=closed, filters=filters,
                  authorities=listed.choices["authority"], deadline_choices=NEXT_DEADLINE,
                  officers=listed.choices["officer"], categories=listed.choices["category"],
                  stages=listed.choices["stage"])


@router.get("/cases.csv")
def cases_csv(request: Request, who: Who, closed: bool = False) -> Response:
    """The whole list, filtered and in the order asked for, as CSV."""
    rows = web(request).services.caseload.cases(who.name, Filters.of(request.query_params),
                                                include_closed=closed)
    return download("cases.csv", rows, request.query_params, CASE_COLUMNS, "opened", CSV_COLUMNS,
                    f"{'All' if closed else 'Open'} cases")


@router.get("/cases/{reference}")
def case(request: Request, reference: str, who: Who, page: str = "") -> Response:
    services = web(request).services
    page_of = case_page(services.cases, who.name, reference, page or 1)
    described = page_of.case
    rules = services.ctx.rules.named(described["rule_set"])
    today = services.ctx.clock.today()
    offered = []
    for step in page_of.steps:
        offered += [dict(step, form=spec.key) for spec in BY_TRIGGER.get(step["trigger"], [])]
    return render(request, "case.html", case=described, timeline=page_of.timeline,
                  notices=_notices(reference, page_of.documents),
                  states=rules.states, svg=workflow_svg(rules, described["state"]),
                  steps=_one_per_form(offered, described["rule_set"]),
                  today=today.isoformat())


def _notices(reference: str, documents: list[IssuedDocument]) -> list[dict[str, Any]]:
    """The notices issued on the case, each with links to its HTML and PDF as sent."""
    found: dict[str, dict[str, Any]] = {}
    for document in documents:
        if document.part == "context":
            continue
        notice = found.setdefault(document.reference, {
            "reference": document.reference, "title": document.title,
            "issued_on": document.issued_on, "recipients": document.recipients, "links": []})
        notice["links"].append({
            "href": f"/cases/{reference}/documents/{document.sha256}",
            "text": f"{document.part.upper()} of {document.reference}"})
    return list(found.values())


@router.get("/cases/{reference}/documents/{sha256}")
def document(request: Request, reference: str, sha256: str, who: Who) -> Response:
    """An issued document exactly as kept: only one issued on this case."""
    state = web(request)
    listed = {d.sha256: d for d in state.notices.list(who.name, reference)
              if d.part != "context"}
    if sha256 not in listed:
        raise HTTPException(404)
    kept = listed[sha256]
    _digest, content = state.notices.get(who.name, sha256)
    disposition = "inline" if kept.part == "html" else "attachment"
    return Response(content, media_type=kept.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{kept.filename}"'})


def _one_per_form(steps: list[dict[str, Any]], rule_set: str) -> list[dict[str, Any]]:
    """Two triggers served by one form (complied / not complied) give one button; it is offered
    if either may be taken now."""
    by_form: dict[str, dict[str, Any]] = {}
    for step in steps:
        known = by_form.get(step["form"])
        if known is None or (known["refusal"] and not step["refusal"]):
            spec = for_case(step["form"], rule_set) or CASE_FORMS[step["form"]]
            by_form[step["form"]] = dict(step, title=spec.title)
    return list(by_form.values())


def _spec(form: str, described: dict[str, Any]) -> FormSpec:
    """The form as the case's own law offers it (a Welsh case: s3 and ss5-9 only)."""
    return form_or_404(for_case(form, described["rule_set"]))


@router.get("/cases/{reference}/{form}")
def case_form(request: Request, reference: str, form: str,
              who: Who) -> Response:
    described = web(request).services.cases.show(who.name, reference)
    return show_form(request, who, _spec(form, described), reference, f"/cases/{reference}",
                     f"Case {reference}: {described['school']}")


@router.post("/cases/{reference}/{form}")
async def case_submit(request: Request, reference: str, form: str,
                      who: Who) -> Response:
    described = web(request).services.cases.show(who.name, reference)
    return await submit_form(request, who, _spec(form, described), reference,
                             f"/cases/{reference}",
                             f"Case {reference}: {described['school']}")
