"""The dashboard (application/dashboard.py): the user's own work by their role, then what needs
doing across their schools, soonest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard(request: Request, who: Who) -> Response:
    return render(request, "dashboard.html", **web(request).services.dashboard.of(who.name))
