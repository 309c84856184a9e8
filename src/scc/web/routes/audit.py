"""Audit pages: verify the tamper-evident history, see a case as it stood, export its bundle."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.audit import AuditService
from scc.clock import LONDON, parse_moment
from scc.domain.errors import InvalidInput, NotFound
from scc.web.security import Who, checked_form, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


def _audit(request: Request) -> AuditService:
    return web(request).services.audit


@router.get("/audit")
def audit(request: Request, who: Who) -> Response:
    service = _audit(request)
    report = service.verify(who.name)
    cases = web(request).services.cases.list(who.name, include_closed=True)
    return render(request, "audit.html", report=report, head=service.head(who.name), cases=cases)


@router.get("/cases/{reference}/audit")
def case_audit(request: Request, reference: str, who: Who, as_of: str = "") -> Response:
    """The case's audit; for a moment `as_of` (UK time), both answers: what the authority had
    recorded by then, and the case's position on that day by the dates of the acts."""
    services = web(request).services
    report = _audit(request).verify(who.name, reference)
    answers: list[dict[str, Any]] = []
    problem = None
    if as_of:
        try:
            moment = parse_moment(as_of)
            answers = [services.cases.known_at(who.name, reference, moment),
                       services.cases.position_on(who.name, reference,
                                                  moment.astimezone(LONDON).date())]
        except ValueError:
            problem = "Enter the moment as a date and time, for example 2026-01-15T09:30."
        except (InvalidInput, NotFound) as refusal:
            problem = str(refusal)
    case = services.cases.show(who.name, reference)
    return render(request, "case_audit.html", case=case, report=report, as_of=as_of,
                  answers=answers, problem=problem, status=400 if problem else 200)


@router.post("/cases/{reference}/audit/export")
async def export(request: Request, reference: str, who: Who) -> Response:
    await checked_form(request)
    bundle, summary = _audit(request).export(who.name, reference)
    return Response(bundle, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="case-{reference}-bundle.zip"',
        "X-Manifest-SHA256": str(summary["manifest_sha256"])})
