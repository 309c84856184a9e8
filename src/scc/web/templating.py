"""jinja2 pages: one environment, the signed-in viewer and CSRF token in every template."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from scc.web.security import session_of, viewer_or_none, web

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES)


def long_date(value: str | date | None) -> str:
    """2026-01-15 -> Thursday 15 January 2026: dates in words, as in the letters."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%A} {day.day} {day:%B %Y}"


def plain(value: str | None) -> str:
    """A vocabulary value as words: intervention-window-s64 -> intervention window s64."""
    return (value or "").replace("-", " ").replace("_", " ")


def title_event(name: str) -> str:
    """WarningNoticeIssued -> Warning notice issued."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|[0-9]+", name)
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else name


templates.env.filters["long_date"] = long_date
templates.env.filters["title_event"] = title_event
templates.env.filters["plain"] = plain


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    viewer = getattr(request.state, "viewer", None) or viewer_or_none(request)
    session = session_of(request)
    messages = web(request).sessions.take_flash(session) if session else []
    return templates.TemplateResponse(request, template, {"viewer": viewer, "messages": messages,
                                                      **context}, status_code=status)
