"""Visits: the visit page and its forms, and planning one from the school page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.caseload import VISIT_GROUPS, Filters
from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.listing import download, listing
from scc.web.security import Who, web
from scc.web.templating import render
from scc.web.visit_forms import NEXT, PLAN_VISIT, VISIT_FORMS

router = APIRouter(include_in_schema=False)


@router.get("/schools/{urn}/plan-visit")
def plan_page(request: Request, urn: str, who: Who) -> Response:
    web(request).services.categorisation.categories(who.name, urn)  # an SEO's allocation check
    return show_form(request, who, PLAN_VISIT, urn, f"/schools/{urn}", f"URN {urn}")


@router.post("/schools/{urn}/plan-visit")
async def plan(request: Request, urn: str, who: Who) -> Response:
    return await submit_form(request, who, PLAN_VISIT, urn, f"/schools/{urn}", f"URN {urn}")


# The columns the visits list sorts by; by what each visit needs first (overdue leads).
VISIT_COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "needs": lambda v: (list(VISIT_GROUPS).index(v["group"]), v["due"] or v["visit_on"]),
    "visit": lambda v: v["reference"], "school": lambda v: v["school_name"].casefold(),
    "date": lambda v: v["visit_on"], "officer": lambda v: v["officer_name"].casefold(),
    "due": lambda v: v["due"],
}
VISIT_CSV = ["reference", "urn", "school_name", "authority", "visit_on", "officer_name", "state",
             "group", "due"]
VISIT_FILTERS = ("authority", "officer", "status")


@router.get("/visits")
def my_visits(request: Request, who: Who) -> Response:
    """The visits that need something, across the schools the user may see (an SEO's own)."""
    filters = Filters.of(request.query_params)
    listed = web(request).services.caseload.visit_list(who.name, filters)
    page = listing(listed.rows, request.query_params, VISIT_COLUMNS, "needs", VISIT_FILTERS)
    return render(request, "my_visits.html", listing=page, filters=filters, groups=VISIT_GROUPS,
                  officers=listed.choices["officer"], authorities=listed.choices["authority"])


@router.get("/visits.csv")
def my_visits_csv(request: Request, who: Who) -> Response:
    rows = web(request).services.caseload.visits(who.name, Filters.of(request.query_params))
    return download("visits.csv", rows, request.query_params, VISIT_COLUMNS, "needs", VISIT_CSV,
                    "Visits that need something")


@router.get("/visits/{reference}")
def visit(request: Request, reference: str, who: Who) -> Response:
    shown = web(request).services.visits.show(who.name, reference)
    form = VISIT_FORMS.get(NEXT.get(shown["state"], ""))
    offered = form if form is not None and form.permission in who.can else None
    return render(request, "visit.html", visit=shown, offered=offered)


@router.get("/visits/{reference}/reports/{sha256}")
def report_document(request: Request, reference: str, sha256: str, who: Who) -> Response:
    """One part (PDF or HTML) of a sent version of the visit's report, exactly as kept."""
    document = web(request).services.visits.document(who.name, reference, sha256)
    disposition = "inline" if document["media_type"].startswith("text/html") else "attachment"
    return Response(document["content"], media_type=document["media_type"], headers={
        "Content-Disposition": f'{disposition}; filename="{document["filename"]}"'})


def _spec(form: str) -> FormSpec:
    return form_or_404(VISIT_FORMS.get(form))


@router.get("/visits/{reference}/{form}")
def visit_form(request: Request, reference: str, form: str, who: Who) -> Response:
    web(request).services.visits.show(who.name, reference)  # the SEO's allocation check
    return show_form(request, who, _spec(form), reference, f"/visits/{reference}",
                     f"Visit {reference}")


@router.post("/visits/{reference}/{form}")
async def visit_submit(request: Request, reference: str, form: str, who: Who) -> Response:
    web(request).services.visits.show(who.name, reference)
    return await submit_form(request, who, _spec(form), reference, f"/visits/{reference}",
                             f"Visit {reference}")
