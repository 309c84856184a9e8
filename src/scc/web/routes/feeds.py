"""Calendars: the month view of the user's deadlines, visits and meetings, and their private
iCalendar feed (created, shown once, revoked here; read by calendar clients by its address)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from scc.application.feeds import feeds_of, month_view
from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.web.form_pages import flash
from scc.web.security import Viewer, Who, checked_form, web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)


def _month(text: str, today: date) -> date:
    """The first day of the month written YYYY-MM (empty: this month)."""
    if not text:
        return today.replace(day=1)
    return inputs.parse_day("The month", f"{inputs.text('The month', text, 7)}-01")


def _page(request: Request, who: Viewer, month: str = "", address: str | None = None) -> Response:
    services = web(request).services
    feeds = feeds_of(services)
    today = services.ctx.clock.today()
    try:
        first = _month(month, today)
    except InvalidInput:
        first = today.replace(day=1)
    view = month_view(feeds.entries(who.name), first, today, feeds.working_days(who.name))
    return render(request, "calendar.html", view=view, feed=feeds.status(who.name),
                  address=address)


@router.get("/calendar")
def calendar(request: Request, who: Who, month: str = "") -> Response:
    return _page(request, who, month)


@router.post("/calendar/feed")
async def create_feed(request: Request, who: Who) -> Response:
    await checked_form(request)
    token = feeds_of(web(request).services).create(who.name)
    # Shown this once: only the token's SHA-256 is kept.
    return _page(request, who, address=str(request.url_for("calendar_feed", token=token)))


@router.post("/calendar/feed/revoke")
async def revoke_feed(request: Request, who: Who) -> Response:
    await checked_form(request)
    feeds_of(web(request).services).revoke(who.name)
    flash(request, "Your calendar feed was revoked: its address no longer works.")
    return RedirectResponse("/calendar", status_code=303)


@router.get("/feeds/{token}.ics", name="calendar_feed")
def calendar_feed(request: Request, token: str) -> Response:
    """No session: the token decides the user, and the feed holds what that user may see (the
    scope rule, through the services' queries). Unknown or revoked: 404."""
    body = feeds_of(web(request).services).feed(token, str(request.base_url))
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="scc.ics"'})
