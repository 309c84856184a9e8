"""The application factory: routes, static files, security headers and error pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from scc.application.accounts import AccountService
from scc.bootstrap import Services
from scc.domain.errors import SccError
from scc.web.credentials import Credentials
from scc.web.routes import ROUTERS
from scc.web.security import SecurityHeaders, SignInRequired, clean_address
from scc.web.sessions import SessionStore, SignInLimiter
from scc.web.state import Web
from scc.web.templating import render
from scc.web.upload_limit import UploadLimit

STATIC = Path(__file__).parent / "static"


def create_app(services: Services, idle_minutes: float = 30, sign_in_attempts: int = 5,
               trusted_proxies: Sequence[str] = ()) -> FastAPI:
    """The web app. Its sessions and sign-in limits live in the database, so any number of
    processes may serve one database. `trusted_proxies` (SCC_TRUSTED_PROXIES: addresses and
    networks) are the only peers whose X-Forwarded-For and X-Forwarded-Proto are believed."""
    app = FastAPI(title="Schools causing concern", version="1",
                  description="Cases, deadlines and the register, with the same permissions as "
                              "the pages. Authenticate with the session cookie or HTTP Basic.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  dependencies=[Depends(clean_address)])
    engine = services.ctx.engine
    app.state.web = Web(services, AccountService(services.ctx), Credentials(engine),
                        SessionStore(engine, idle_minutes * 60),
                        SignInLimiter(engine, sign_in_attempts), services.notices,
                        services.deadlines)
    # Inside SecurityHeaders, so its refusal carries them too.
    app.add_middleware(UploadLimit, limit_bytes=services.ctx.upload_limit_bytes,
                       refuse=_http_error)
    app.add_middleware(SecurityHeaders)
    if trusted_proxies:  # added last, so it runs first: every later step sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(SccError, _refused)
    app.add_exception_handler(HTTPException, _http_error)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _sign_in(request: Request, _exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"error": "Sign in first."}, status_code=401,
                            headers={"WWW-Authenticate": 'Basic realm="scc"'})
    return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)


async def _refused(request: Request, exc: Exception) -> Response:
    status = exc.http_status if isinstance(exc, SccError) else 500
    if _is_api(request):
        return JSONResponse({"error": str(exc)}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = "Page not found." if status == 404 else str(getattr(exc, "detail", "Error"))
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=message)
