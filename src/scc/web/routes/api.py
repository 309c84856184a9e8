"""The JSON API for other systems: the same service calls, so the same permissions, as the pages.

Authentication: the session cookie of a signed-in browser, or HTTP Basic with a user's name and
password (rate-limited like the sign-in form). Read-only, so no CSRF token is involved."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from scc.application.caseload import Filters
from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.web.query import la_code
from scc.web.routes.auth import attempt
from scc.web.security import SignInRequired, client_address, viewer_or_none, web

router = APIRouter(prefix="/api", tags=["api"])


async def api_user(request: Request) -> str:
    found = await run_in_threadpool(viewer_or_none, request)
    if found is not None:
        return found.name
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        raise SignInRequired()
    try:
        name, _, password = base64.b64decode(header[6:]).decode().partition(":")
        inputs.text("The user name", name, inputs.NAME_MAX)
        inputs.text("The password", password, inputs.PASSWORD_MAX)
    except (binascii.Error, UnicodeDecodeError, InvalidInput):  # never a name to look up
        raise SignInRequired() from None
    # As the sign-in form does: counted per user and per address before the check (so parallel
    # guesses, or guessed names, check no more passwords than the limit), the limit's work in the
    # sign-in threads and argon2 in the hashing thread, never in the pool serving pages.
    who, _status = await attempt(web(request), name, password,
                                 f"address:{client_address(request)}")
    if who is None:
        raise SignInRequired()
    return name


ApiUser = Annotated[str, Depends(api_user)]


@router.get("/cases", summary="Open cases (add ?closed=true for all), each with its school's "
                              "officer and category and its next deadline; filtered by "
                              "?authority=LA code, officer=NAME, stage=N|none, category=CODE, "
                              "deadline=overdue|soon|none")
def cases(request: Request, user: ApiUser, closed: bool = False, authority: str = "",
          officer: str = "", stage: str = "", category: str = "",
          deadline: str = "") -> list[dict[str, Any]]:
    filters = Filters.of({"authority": authority, "officer": officer, "stage": stage,
                          "category": category, "deadline": deadline})
    return web(request).services.caseload.cases(user, filters, include_closed=closed)


@router.get("/cases/{reference}", summary="One case: state, stage, notice and deadlines")
def case(request: Request, reference: str, user: ApiUser) -> dict[str, Any]:
    return web(request).services.cases.show(user, reference)


@router.get("/cases/{reference}/history", summary="Every event of a case, oldest first")
def history(request: Request, reference: str, user: ApiUser) -> list[dict[str, Any]]:
    return web(request).services.cases.history(user, reference)


@router.get("/deadlines", summary="Deadlines not yet met on open cases, soonest first")
def deadlines(request: Request, user: ApiUser, due_before: date | None = None,
              overdue: bool = False, authority: str = "") -> list[dict[str, Any]]:
    if due_before is not None:
        inputs.day("due_before", due_before)
    return web(request).deadlines.deadlines(user, due_before=due_before, overdue=overdue,
                                            authority=la_code(authority))


@router.get("/register", summary="The register as of a date; confidential entries withheld "
                                 "from roles without the right")
def register(request: Request, user: ApiUser, as_of: date | None = None,
             authority: str = "") -> dict[str, Any]:
    if as_of is not None:
        inputs.day("as_of", as_of)
    return web(request).services.register.register(user, as_of, la_code(authority))
