"""Administration: users (with headteachers' schools) and the authority's closure days."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.form_pages import add_form_routes
from scc.web.other_forms import ADD_CLOSURE, ADD_USER
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin(request: Request, who: Who) -> Response:
    state = web(request)
    people = state.services.admin.users(who.name)  # admins only
    for person in people:
        person["has_password"] = state.credentials.has_password(person["name"])
        person["school"] = (state.accounts.whois(person["name"]) or {}).get("school")
    return render(request, "admin.html", users=people,
                  closures=state.services.admin.closures(who.name))


add_form_routes(router, "/admin/add-user", lambda _request: ADD_USER, "/admin",
                "Administration")
add_form_routes(router, "/admin/closure", lambda _request: ADD_CLOSURE, "/admin", "Administration")
