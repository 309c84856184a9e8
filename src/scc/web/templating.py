"""jinja2 pages: one environment, the signed-in viewer and CSRF token in every template."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from scc.application.caseload import officer_names
from scc.web.dates import date_parts, dates_in_words, london_time, long_date
from scc.web.security import session_of, viewer_or_none, web

TEMPLATES = Path(__file__).parent / "templates"
# GOV.UK Frontend, installed from npm by the Makefile (.ci/frontend.sh); absent, pages go unstyled.
GOVUK = Path(__file__).parent / "static" / "govuk" / "govuk-frontend.min.css"
templates = Jinja2Templates(directory=TEMPLATES)


def plain(value: str | None) -> str:
    """A vocabulary value as words: intervention-window-s64 -> intervention window s64."""
    return (value or "").replace("-", " ").replace("_", " ")


def title_event(name: str) -> str:
    """WarningNoticeIssued -> Warning notice issued."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|[0-9]+", name)
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else name


@pass_context
def person(context: Any, name: str | None) -> str:
    """A user named on a page by the display name recorded for them (scc user contact), else by
    their user name."""
    if not name:
        return ""
    request = context["request"]
    # A page naming the same few officers on many rows reads each of them once.
    known: dict[str, str] | None = getattr(request.state, "people", None)
    if known is None:
        known = request.state.people = {}
    if name not in known:
        known.update(officer_names(web(request).services.ctx, [name]))
    return known[name]


templates.env.filters["long_date"] = long_date
templates.env.filters["person"] = person
templates.env.filters["title_event"] = title_event
templates.env.filters["plain"] = plain
templates.env.filters["london_time"] = london_time
templates.env.filters["date_parts"] = date_parts
templates.env.filters["dates_in_words"] = dates_in_words


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    viewer = getattr(request.state, "viewer", None) or viewer_or_none(request)
    session = session_of(request)
    messages = web(request).sessions.take_flash(session) if session else []
    return templates.TemplateResponse(request, template, {
        "viewer": viewer, "messages": messages, "govuk": GOVUK.exists(), "path": request.url.path,
        **context}, status_code=status)
