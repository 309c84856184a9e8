"""`scc calendar feed ...`: the user's private iCalendar feed of their deadlines, visits and
meetings (the web's /calendar page does the same)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from scc.cli.common import NAME, acting, emit, json_flag, say, services


@click.group("feed", help="Your private calendar feed: deadlines, visits and meetings, with "
                          "reminders as alarms, for a calendar application to subscribe to.")
def feed() -> None:
    pass


def _feeds() -> Any:
    from scc.application.feeds import feeds_of

    return feeds_of(services())


@feed.command("create", help="Make a new feed address (any older one stops working); prints "
                             "its path, to put after the service's address. Shown only once.")
@acting
def create(user: str | None) -> None:
    click.echo(f"/feeds/{_feeds().create(user)}.ics")
    say("Keep the address to yourself: anyone with it sees what you see. "
        "Revoke it with 'scc calendar feed revoke'.")


@feed.command("revoke", help="Stop your feed's address working (an administrator: --user "
                             "NAME, someone else's, e.g. when they leave).")
@click.option("--user", "of", type=NAME, help="Whose feed (administrators only).")
@acting
def revoke(of: str | None, user: str | None) -> None:
    count = _feeds().revoke(user, of)
    whose = f"{of}'s" if of else "Your"
    say(f"{whose} calendar feed was revoked." if count else f"{of or 'You'} had no calendar feed.")


@feed.command("show", help="What your feed holds now: as a list, as JSON, or as iCalendar.")
@click.option("--ics", is_flag=True, help="Print the iCalendar document the feed serves.")
@json_flag
@acting
def show(ics: bool, as_json: bool, user: str | None) -> None:
    from scc.application.feeds import ical

    feeds = _feeds()
    entries = feeds.entries(user)
    if ics:
        click.echo(ical(entries, services().ctx.clock.now()).decode(), nl=False)
        return
    rows = [{**asdict(e), "day": e.day.isoformat(),
             "reminders": [d.isoformat() for d in e.reminders]} for e in entries]
    emit({"feed": feeds.status(user), "entries": rows}, as_json, _text)


def _text(data: dict[str, Any]) -> str:
    lines = [f"{row['day']}  {row['title']}" for row in data["entries"]] or ["(nothing)"]
    since = data["feed"]["since"]
    lines.append(f"feed: made {since}" if since else "feed: none (scc calendar feed create)")
    return "\n".join(lines)
