"""Who is asking (the session), whether a form really came from our page (CSRF), and the
response headers every page carries."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scc.application.permissions import PERMISSIONS
from scc.domain import inputs
from scc.domain.errors import NotPermitted
from scc.domain.values import Role
from scc.web.sessions import Session
from scc.web.state import Web

COOKIE = "scc_session"

HEADERS = [
    (b"content-security-policy",
     # The service's own scripts (GOV.UK Frontend's, served from /static/) and nothing else.
     (b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware): adds the headers to every response,
    and `no-store` to everything but static files so signed-in pages are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS + (
                    [] if static else [NO_STORE])
            await send(message)

        await self.app(scope, receive, with_headers)


class SignInRequired(Exception):
    """The request needs a signed-in user and has none (or the session timed out)."""


class CsrfRejected(NotPermitted):
    """A form arrived without the token of the session that showed it."""


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str
    school: str | None
    csrf: str
    can: frozenset[str]  # the service layer's actions this role may take: for offering links only


def allowed(role: str) -> frozenset[str]:
    return frozenset(a for a, roles in PERMISSIONS.items() if Role(role) in roles)


def web(request: Request) -> Web:
    state: Web = request.app.state.web
    return state


_UNREAD = object()


def session_of(request: Request) -> Session | None:
    """The request's live session (read from the database once per request), or None."""
    found = getattr(request.state, "session", _UNREAD)
    if found is _UNREAD:
        found = web(request).sessions.get(request.cookies.get(COOKIE))
        request.state.session = found
    return found  # type: ignore[return-value]


def client_address(request: Request) -> str:
    """The client's address: the peer's, or the one a trusted proxy forwarded (the app's
    ProxyHeadersMiddleware has already replaced the peer's when it came from such a proxy)."""
    return request.client.host if request.client else "unknown"


def viewer_or_none(request: Request) -> Viewer | None:
    session = session_of(request)
    if session is None or session.user is None:
        return None
    who = web(request).accounts.whois(session.user)
    if who is None:
        return None
    return Viewer(who["name"], who["role"], who["school"], session.csrf, allowed(who["role"]))


def viewer(request: Request) -> Viewer:
    """FastAPI dependency: the signed-in user, or a redirect to the sign-in page."""
    found = viewer_or_none(request)
    if found is None:
        raise SignInRequired()
    request.state.viewer = found
    return found


Who = Annotated[Viewer, Depends(viewer)]


def clean_address(request: Request) -> None:
    """FastAPI dependency of every route: the parts of the address a route reads (path and query
    parameters) are text like any other input, so a control character or an overlong value is
    refused (400, naming the parameter) before a route or a service sees it."""
    for name, value in request.path_params.items():
        inputs.text(f"The {name} in the address", str(value), inputs.REFERENCE_MAX)
    for name, value in request.query_params.multi_items():
        inputs.text("A query parameter name", name, inputs.NAME_MAX)
        inputs.text(f"The query parameter {name}", value, inputs.LINE_MAX)


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's; otherwise nothing happens."""
    form = await request.form()
    session = await run_in_threadpool(session_of, request)  # a database read: off the loop
    sent = form.get("csrf_token")
    if session is None or not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        raise CsrfRejected("This form was not sent from a page of this service, or it has "
                           "expired. Go back, reload the page and try again.")
    return form


def set_session_cookie(response: Any, request: Request, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
