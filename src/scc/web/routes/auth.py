"""Signing in and out. A fresh session (and CSRF token) is issued at sign-in, so a token seen
before signing in is worth nothing after."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import Role
from scc.web.security import COOKIE, Who, checked_form, set_session_cookie, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


def home_of(role: str) -> str:
    return "/portal" if role == Role.HEADTEACHER.value else "/dashboard"


@router.get("/")
def home(request: Request, who: Who) -> Response:
    return RedirectResponse(home_of(who.role), status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "") -> Response:
    state = web(request)
    session = state.sessions.get(request.cookies.get(COOKIE)) or state.sessions.new()
    response = render(request, "sign_in.html", csrf=session.csrf, next=_safe(next), error=None)
    set_session_cookie(response, request, session.token)
    return response


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await checked_form(request)
    state = web(request)
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    target = _safe(str(form.get("next") or ""))
    client = f"address:{request.client.host if request.client else 'unknown'}"
    anonymous = state.sessions.get(request.cookies.get(COOKIE))
    csrf = anonymous.csrf if anonymous else ""
    try:  # checked before the name is looked up or counted against the limit
        inputs.text("The user name", name, inputs.NAME_MAX)
        inputs.text("The password", password, inputs.PASSWORD_MAX)
    except InvalidInput as problem:
        return render(request, "sign_in.html", status=400, csrf=csrf, next=target,
                      name=inputs.printable(name, inputs.NAME_MAX), error=str(problem))
    if state.limiter.blocked(f"user:{name}", client):
        return render(request, "sign_in.html", status=429, csrf=csrf, next=target, name=name,
                      error="Too many failed attempts. Wait 15 minutes, then try again.")
    who = state.accounts.whois(name) if name else None
    if not (name and password and state.credentials.verify(name, password) and who):
        state.limiter.failed(f"user:{name}", client)
        return render(request, "sign_in.html", status=401, csrf=csrf, next=target, name=name,
                      error="The user name or password is not right.")
    state.limiter.succeeded(f"user:{name}")
    if anonymous:
        state.sessions.drop(anonymous.token)
    session = state.sessions.new(user=who["name"])
    response = RedirectResponse(target or home_of(who["role"]), status_code=303)
    set_session_cookie(response, request, session.token)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await checked_form(request)
    token = request.cookies.get(COOKIE)
    if token:
        web(request).sessions.drop(token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _safe(target: str) -> str:
    """Only a path on this site: never an open redirect to another one."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else ""
