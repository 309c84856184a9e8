"""Administration: users (with headteachers' schools) and the authority's closure days; one
user's page, to change their role, reset their password, bind a headteacher to a school, and
deactivate or reactivate them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from scc.domain import inputs
from scc.domain.errors import InvalidInput, RuleViolation
from scc.web.admin_forms import USER_FORMS
from scc.web.form_pages import add_form_routes, flash, form_or_404, show_form, submit_form
from scc.web.other_forms import ADD_CLOSURE, ADD_USER
from scc.web.security import Who, checked_form, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin(request: Request, who: Who) -> Response:
    state = web(request)
    people = state.services.admin.users(who.name)  # admins only
    for person in people:
        person["has_password"] = state.credentials.has_password(person["name"])
        person["school"] = state.services.ctx.user(person["name"]).school_urn
    return render(request, "admin.html", users=people,
                  closures=state.services.admin.closures(who.name))


add_form_routes(router, "/admin/add-user", lambda _request: ADD_USER, "/admin",
                "Administration")
add_form_routes(router, "/admin/closure", lambda _request: ADD_CLOSURE, "/admin", "Administration")


@router.get("/admin/users/{name}")
def user_page(request: Request, name: str, who: Who) -> Response:
    state = web(request)
    person = state.services.admin.user(who.name, name)  # 404: not a user they manage
    return render(request, "admin_user.html", person=person, confirm=False,
                  has_password=state.credentials.has_password(person["name"]),
                  must_change=state.credentials.must_change(person["name"]))


@router.get("/admin/users/{name}/deactivate")
def deactivate_page(request: Request, name: str, who: Who) -> Response:
    person = web(request).services.admin.user(who.name, name)
    return render(request, "admin_user.html", person=person, confirm=True, error=None)


@router.post("/admin/users/{name}/deactivate")
async def deactivate(request: Request, name: str, who: Who) -> Response:
    """Deactivates the user and ends every session they hold."""
    form = await checked_form(request)
    state = web(request)
    person = await run_in_threadpool(state.services.admin.user, who.name, name)
    reason = str(form.get("reason") or "")
    try:
        inputs.text("The reason", reason, inputs.TEXT_MAX)
        await run_in_threadpool(state.services.admin.deactivate, who.name, person["name"],
                                reason)
    except (InvalidInput, RuleViolation) as refusal:
        return render(request, "admin_user.html", status=refusal.http_status, person=person,
                      confirm=True, error=str(refusal))
    await run_in_threadpool(state.sessions.end_user, person["name"])
    await run_in_threadpool(flash, request, f"{person['name']} is deactivated: they can no "
                                            "longer sign in or act.")
    return RedirectResponse(f"/admin/users/{person['name']}", status_code=303)


@router.post("/admin/users/{name}/reactivate")
async def reactivate(request: Request, name: str, who: Who) -> Response:
    await checked_form(request)
    state = web(request)
    person = await run_in_threadpool(state.services.admin.user, who.name, name)
    await run_in_threadpool(state.services.admin.reactivate, who.name, person["name"])
    await run_in_threadpool(flash, request, f"{person['name']} is active again.")
    return RedirectResponse(f"/admin/users/{person['name']}", status_code=303)


@router.get("/admin/users/{name}/{form}")
def user_form_page(request: Request, name: str, form: str, who: Who) -> Response:
    spec = form_or_404(USER_FORMS.get(form))
    person = web(request).services.admin.user(who.name, name)
    return show_form(request, who, spec, person["name"], f"/admin/users/{person['name']}",
                     f"User {person['name']}")


@router.post("/admin/users/{name}/{form}")
async def user_form(request: Request, name: str, form: str, who: Who) -> Response:
    spec = form_or_404(USER_FORMS.get(form))
    person = await run_in_threadpool(web(request).services.admin.user, who.name, name)
    return await submit_form(request, who, spec, person["name"], f"/admin/users/{person['name']}",
                             f"User {person['name']}")
