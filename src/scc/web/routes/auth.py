"""Signing in and out. A fresh session (and CSRF token) is issued at sign-in, so a token seen
before signing in is worth nothing after.

A flood of sign-in attempts must not slow anything else. So an attempt's database work (its
session, the limit, the user, the new session) runs in two threads of its own (`SIGNING_IN`),
never in the pool of 40 that serves static files and pages: attempts queue for those two
threads, and SQLite's single writer is never fought over by forty of them at once. An attempt
from a user or address this process already knows is over the limit is refused on the event
loop without reading its session or touching the database, and answered a second late; the
password check runs in the one low-priority hashing thread (`Credentials.check`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import Role
from scc.web.credentials import MIN_LENGTH
from scc.web.security import (
    COOKIE,
    Who,
    checked_form,
    client_address,
    session_of,
    set_session_cookie,
    web,
)
from scc.web.state import Web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
SIGNING_IN = ThreadPoolExecutor(2, thread_name_prefix="scc-sign-in")
T = TypeVar("T")


async def _signing_in(work: Callable[..., T], *args: object) -> T:
    """work(*args) in the sign-in threads, awaited."""
    return await asyncio.get_running_loop().run_in_executor(SIGNING_IN, work, *args)


def home_of(role: str) -> str:
    return "/portal" if role == Role.HEADTEACHER.value else "/dashboard"


@router.get("/")
def home(request: Request, who: Who) -> Response:
    return RedirectResponse(home_of(who.role), status_code=303)


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "") -> Response:
    # In the sign-in threads: many visitors at once (each a new session, a write) queue there,
    # not in the threads serving files and pages.
    return await _signing_in(_sign_in_page, request, _safe(next))


def _sign_in_page(request: Request, target: str) -> Response:
    session = session_of(request) or web(request).sessions.new()
    response = render(request, "sign_in.html", csrf=session.csrf, next=target, error=None)
    set_session_cookie(response, request, session.token)
    return response


# A refused attempt is answered this many seconds late (the wait costs nothing but an idle
# coroutine): a client posting again as soon as it is answered cannot keep the event loop busy
# with refusals, at most one a second per connection.
REFUSED_AFTER = 1.0
CSRF_MAX = 64  # a token is 43 characters
TOO_MANY = "Too many failed attempts. Wait 15 minutes, then try again."
NOT_RIGHT = "The user name or password is not right."


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    target = _safe(str(form.get("next") or ""))
    client = f"address:{client_address(request)}"
    if web(request).limiter.refused(f"user:{name}", client):
        return await _refused(request, form, name, target)
    await _signing_in(session_of, request)  # read here, so checked_form finds it read
    await checked_form(request)
    anonymous = session_of(request)  # read by checked_form
    csrf = anonymous.csrf if anonymous else ""
    try:  # checked before the name is looked up or counted against the limit
        inputs.text("The user name", name, inputs.NAME_MAX)
        inputs.text("The password", password, inputs.PASSWORD_MAX)
    except InvalidInput as problem:
        return render(request, "sign_in.html", status=400, csrf=csrf, next=target,
                      name=inputs.printable(name, inputs.NAME_MAX), error=str(problem))
    # The limit and the password check (argon2: 0.1 s of CPU) off the event loop, which goes on
    # serving other requests meanwhile.
    who, status = await attempt(web(request), name, password, client, temporary=True)
    if status == 429:
        return await _refused(request, form, name, target)
    if who is None:
        return render(request, "sign_in.html", status=status, csrf=csrf, next=target, name=name,
                      error=NOT_RIGHT)
    if anonymous:
        await _signing_in(web(request).sessions.drop, anonymous.token)
    if await _signing_in(web(request).credentials.must_change, who["name"]):
        # A temporary password: a session that is nobody's yet, only to choose their own.
        session = await _signing_in(web(request).sessions.new, CHANGING + who["name"])
        response = RedirectResponse("/change-password", status_code=303)
        set_session_cookie(response, request, session.token)
        return response
    session = await _signing_in(web(request).sessions.new, who["name"])
    response = RedirectResponse(target or home_of(who["role"]), status_code=303)
    set_session_cookie(response, request, session.token)
    return response


async def _refused(request: Request, form: FormData, name: str, target: str) -> Response:
    """429, a second late. Nothing happens, so neither the session nor the form's token is looked
    at (no thread, no database): the page carries the token the form sent, which is the session's
    own if the form came from our page, and no one is shown signed in."""
    request.state.session = None  # what render would otherwise read from the database
    sent = form.get("csrf_token")
    await asyncio.sleep(REFUSED_AFTER)
    return render(request, "sign_in.html", status=429, next=target,
                  csrf=sent if isinstance(sent, str) and len(sent) <= CSRF_MAX else "",
                  name=inputs.printable(name, inputs.NAME_MAX), error=TOO_MANY)


async def attempt(state: Web, name: str, password: str, client: str,
                  temporary: bool = False) -> tuple[dict | None, int]:
    """(the user, 303) when the password is right; (None, 401) when not, when the user is
    deactivated, or when the password is a temporary one and `temporary` is False (only the
    sign-in form, which then asks for a new one, takes it: the API does not); (None, 429) when
    the user or the address has had its attempts, without checking the password. For the sign-in
    form and the API's HTTP Basic alike."""
    user = f"user:{name}"
    if state.limiter.refused(user, client) or not await _signing_in(state.limiter.claim, user,
                                                                     client):
        return None, 429
    if not (name and password and await state.credentials.check(name, password)):
        return None, 401
    who = await _signing_in(state.accounts.whois, name)  # only once the password is right
    if who is None or not (temporary or not await _signing_in(state.credentials.must_change,
                                                              name)):
        return None, 401
    await _signing_in(state.limiter.succeeded, user, client)
    return who, 303


# The session of someone signed in with a temporary password holds this before their name: it
# is nobody's (no user name has a ':'), so it reaches no page but choosing a new password.
CHANGING = "change-password:"


def _changing(request: Request) -> str | None:
    """The user choosing a new password in this session, if that is what it is for."""
    session = session_of(request)
    user = session.user if session else None
    return user.removeprefix(CHANGING) if user and user.startswith(CHANGING) else None


@router.get("/change-password")
async def change_password_page(request: Request) -> Response:
    name = await _signing_in(_changing, request)
    if name is None:
        return RedirectResponse("/sign-in", status_code=303)
    return render(request, "change_password.html", csrf=session_of(request).csrf,  # type: ignore[union-attr]
                  name=name, error=None)


@router.post("/change-password")
async def change_password(request: Request) -> Response:
    """The new password (twice): once set, the temporary one is gone and the user is signed
    in. It must differ from the temporary one and be at least MIN_LENGTH characters."""
    await _signing_in(session_of, request)
    form = await checked_form(request)
    name = _changing(request)
    session = session_of(request)
    if name is None or session is None:
        return RedirectResponse("/sign-in", status_code=303)
    state = web(request)
    new = str(form.get("password") or "")
    error = _new_password_problem(new, str(form.get("confirm") or ""))
    if error is None and await state.credentials.check(name, new):
        error = "Choose a password other than the temporary one."
    if error:
        return render(request, "change_password.html", status=400, csrf=session.csrf, name=name,
                      error=error)
    who = await _signing_in(state.accounts.whois, name)
    await _signing_in(state.sessions.drop, session.token)
    if who is None:  # deactivated meanwhile
        return RedirectResponse("/sign-in", status_code=303)
    await _signing_in(state.credentials.set_password, name, new)
    fresh = await _signing_in(state.sessions.new, name)
    await _signing_in(state.sessions.add_flash, fresh, "Your new password is set.")
    response = RedirectResponse(home_of(who["role"]), status_code=303)
    set_session_cookie(response, request, fresh.token)
    return response


def _new_password_problem(new: str, confirm: str) -> str | None:
    try:
        inputs.text("The password", new, inputs.PASSWORD_MAX)
    except InvalidInput as problem:
        return str(problem)
    if len(new) < MIN_LENGTH:
        return f"A password needs at least {MIN_LENGTH} characters."
    if new != confirm:
        return "The two passwords are not the same."
    return None


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await checked_form(request)
    token = request.cookies.get(COOKIE)
    if token:
        await _signing_in(web(request).sessions.drop, token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _safe(target: str) -> str:
    """Only a path on this site: never an open redirect to another one."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else ""
