"""The statutory planner page: "if a warning notice were given on DATE", every date that would
follow, computed by the commands' own steps (application/planner.py). Records nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.application.planner import planner_of
from scc.domain import inputs
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.values import WarningNoticeKind, valid_urn
from scc.web.security import Who, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
KINDS = {"": "The authority's own notice (s60 in England, s3 in Wales)",
         **{k.value: k.value for k in WarningNoticeKind}}


@router.get("/plan")
def plan_page(request: Request, who: Who, urn: str = "", on: str = "", kind: str = "",
              compliance_days: str = "") -> Response:
    services = web(request).services
    services.ctx.actor(who.name, "case.read")  # the form is for those who read cases
    asked = {"urn": urn, "on": on, "kind": kind, "compliance_days": compliance_days}
    found: dict[str, Any] | None = None
    error: tuple[str, str] | None = None
    if urn or on:
        try:
            found = planner_of(services).warning_notice(
                who.name, _urn(urn), inputs.parse_day("The date of the notice", on),
                _kind(kind), _days(compliance_days))
        except (InvalidInput, RuleViolation) as refusal:
            error = (_field(str(refusal)), str(refusal))
    # A school or case outside the user's scope is refused (403) or not found (404), as on
    # every page; only what was typed wrong is shown beside the form.
    return render(request, "planner.html", asked=asked, plan=found, error=error, kinds=KINDS)


def _urn(text: str) -> str:
    return valid_urn(inputs.text("The URN", text, inputs.REFERENCE_MAX).strip())


def _kind(text: str) -> str | None:
    if not text:
        return None
    return WarningNoticeKind.parse(inputs.text("The kind of notice", text, inputs.REFERENCE_MAX)).value


def _days(text: str) -> int | None:
    if not text.strip():
        return None
    return inputs.count("The compliance period", text, 1, inputs.COMPLIANCE_DAYS_MAX)


def _field(message: str) -> str:
    """The input an error message is about, for the error summary's link."""
    for field, words in (("on", "date"), ("compliance_days", "compliance"), ("kind", "kind")):
        if words in message.lower():
            return field
    return "urn"
