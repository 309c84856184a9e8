"""Schools: search and filters, the school page, and the school commands' forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.category_forms import category_forms
from scc.web.form_pages import add_form_routes, form_or_404, show_form, submit_form
from scc.web.listing import download, listing
from scc.web.meeting_forms import SCHEDULE_MEETING
from scc.web.other_forms import ADD_SCHOOL, SCHOOL_FORMS
from scc.web.security import Viewer, Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
# Registered before /schools/{urn}, which would otherwise read "new" as a URN.
add_form_routes(router, "/schools/new", lambda _request: ADD_SCHOOL, "/schools", "Schools")


@router.get("/schools")
def schools(request: Request, who: Who, q: str = "", governance: str = "",
            stage: str = "") -> Response:
    found = _found(request, who.name, q, governance, stage)
    page = listing(found, request.query_params, SCHOOL_COLUMNS, "name",
                   ("q", "governance", "stage"))
    return render(request, "schools.html", listing=page, q=q, governance=governance,
                  stage=stage, can_add="school.manage" in who.can)


@router.get("/schools.csv")
def schools_csv(request: Request, who: Who, q: str = "", governance: str = "",
                stage: str = "") -> Response:
    """The whole list, with the same search and filters, in the order asked for, as CSV."""
    return download("schools.csv", _found(request, who.name, q, governance, stage),
                    request.query_params, SCHOOL_COLUMNS, "name", SCHOOL_CSV, "Schools")


def _found(request: Request, user: str, q: str, governance: str,
           stage: str) -> list[dict[str, Any]]:
    """The schools the user may see that match the search and the filters, each with the stage
    of its open case."""
    services = web(request).services
    rows = services.schools.list(user, governance or None)
    stages = {c["id"]: c["stage"] for c in services.cases.list(user)}
    found = [dict(r, stage=stages.get(r["open_case"])) for r in rows if _matches(r, q)]
    if stage == "none":
        return [r for r in found if not r["open_case"]]
    if stage:
        return [r for r in found if str(r["stage"]) == stage]
    return found


# The columns the schools list sorts by, each with its sort key (text, so any two compare).
SCHOOL_COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "urn": lambda s: s["urn"], "name": lambda s: s["name"].casefold(),
    "type": lambda s: s["type"], "ofsted": lambda s: s["ofsted_outcome"],
    "case": lambda s: s["open_case"],
}
SCHOOL_CSV = ["urn", "name", "type", "governance", "phase", "la_name", "authority",
              "ofsted_outcome", "open_case", "stage"]


def _matches(row: dict[str, Any], q: str) -> bool:
    words = q.casefold().split()
    text = f"{row['urn']} {row['name']}".casefold()
    return all(word in text for word in words)


@router.get("/schools/{urn}")
def school(request: Request, urn: str, who: Who) -> Response:
    services = web(request).services
    details = services.schools.show(who.name, urn)
    cases = services.cases.list(who.name, include_closed=True, urn=urn)
    return render(request, "school.html", school=details, cases=cases,
                  categories=services.categorisation.categories(who.name, urn),
                  visits=services.visits.list(who.name, urn),
                  meetings=services.meetings.list(who.name, urn),
                  plans=services.plans.list(who.name, urn),
                  contacts=services.contacts.list(who.name, urn),
                  can_manage_contacts="contact.manage" in who.can,
                  support=_support(services, who.name, urn),
                  can_record_plan="plan.record" in who.can,
                  can_schedule_meeting=SCHEDULE_MEETING.permission in who.can,
                  can_plan_visit="visit.record" in who.can,
                  can_open=not details["open_case"] and "case.escalate" in who.can,
                  can_ofsted="school.ofsted" in who.can,
                  category_forms=[spec for spec in category_forms(web(request), who.name, urn).values()
                                  if spec.permission in who.can])


@router.get("/schools/{urn}/{form}")
def school_form(request: Request, urn: str, form: str, who: Who) -> Response:
    spec, heading = _spec(request, who, urn, form)
    return show_form(request, who, spec, urn, f"/schools/{urn}", heading)


@router.post("/schools/{urn}/{form}")
async def school_submit(request: Request, urn: str, form: str,
                        who: Who) -> Response:
    spec, heading = _spec(request, who, urn, form)
    return await submit_form(request, who, spec, urn, f"/schools/{urn}", heading)


def _spec(request: Request, who: Viewer, urn: str, form: str) -> tuple[Any, str]:
    spec = form_or_404(SCHOOL_FORMS.get(form) or category_forms(web(request), who.name, urn).get(form)
                       or (SCHEDULE_MEETING if form == SCHEDULE_MEETING.key else None))
    details = web(request).services.schools.show(who.name, urn)
    return spec, f"{details['name']} (URN {urn})"


def _support(services: Any, user: str, urn: str) -> dict[str, Any]:
    """The school's bids and support plans (issue 14), their amounts as pounds and pence, this
    year's entitlement and which support forms its pack offers."""
    from scc.domain.money import pounds

    def shown(row: dict[str, Any], *amounts: str) -> dict[str, Any]:
        return dict(row, **{a: pounds(row[a]) if row[a] is not None else "" for a in amounts})

    panel = services.support.panel(user, urn)
    return dict(panel, bids=[shown(b, "requested", "approved", "spent") for b in panel["bids"]],
                plans=[shown(p, "costed", "approved", "spent", "committed")
                       for p in panel["plans"]])
