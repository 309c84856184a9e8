"""Calendars: each user's private iCalendar feed, read by a calendar client (here the icalendar
library's parser), holds what that user may see and stops working once revoked; the month view."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from scc.application.feeds import feeds, feeds_of, hashed
from scc.bootstrap import Services
from scc.demo import load
from scc.domain.errors import NotFound, NotPermitted
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import Browser, signed_in

SUES = {"900001", "900002", "900004"}  # sue's allocation in the demo
ADDRESS = re.compile(r"(http://testserver/feeds/[A-Za-z0-9_-]+\.ics)")


@pytest.fixture
def demo(database_url: str) -> Iterator[tuple[Services, Any, dict[str, str]]]:
    svc = make_services(database_url)
    passwords = load(svc).passwords
    yield svc, create_app(svc), passwords
    svc.close()


def made(browser: Browser) -> str:
    page = browser.post("/calendar/feed")
    assert page.status_code == 200, page.text
    found = ADDRESS.search(page.text)
    assert found, "the new address is shown once"
    return found.group(1)


def subscribed(app: Any, address: str) -> Calendar:
    """What a calendar client gets: no cookie, only the address."""
    answer = TestClient(app).get(address)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(answer.content)


def urns(calendar: Calendar) -> set[str]:
    return {str(e["uid"]).split("-", 2)[1][:6] for e in calendar.walk("VEVENT")}


def test_a_feed_round_trips_through_a_calendar_parser_with_its_deadlines_and_alarms(demo):
    svc, app, passwords = demo
    sam = signed_in(app, "sam", passwords["sam"])
    calendar = subscribed(app, made(sam))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    running = [d for d in svc.deadlines.deadlines("sam") if d["status"] != "met"]
    assert running
    for deadline in running:
        event = events[f"deadline-{deadline['case']}-{deadline['kind']}@scc"]
        assert event.decoded("dtstart") == date.fromisoformat(deadline["due"])
        assert deadline["school"] in str(event["summary"])
        assert str(event["url"]).startswith("http://testserver/")
    compliance = next(e for uid, e in events.items() if uid.endswith("compliance-period@scc"))
    alarms = [a.decoded("trigger") for a in compliance.walk("VALARM")]
    due = compliance.decoded("dtstart")
    # Calderdale reminds 5 and 1 working days before, at 09:00 UK time (UTC in the feed).
    assert len(alarms) == 2 and all(isinstance(t, datetime) and t.tzinfo for t in alarms)
    assert all(t < datetime(due.year, due.month, due.day, tzinfo=UTC) for t in alarms)
    assert {t.astimezone(UTC).hour for t in alarms} <= {8, 9}
    visits = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("visit-")]
    assert {str(e["uid"]) for e in visits} >= {f"visit-{v['reference']}@scc"
                                               for v in svc.visits.list("sam")
                                               if v["state"] != "cancelled"}


def test_a_revoked_feed_is_refused_and_a_new_address_replaces_the_old(demo):
    svc, app, passwords = demo
    sam = signed_in(app, "sam", passwords["sam"])
    first = made(sam)
    second = made(sam)  # a new address stops the old one working
    client = TestClient(app)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    revoked = sam.post("/calendar/feed/revoke")
    assert (revoked.status_code, revoked.headers["location"]) == (303, "/calendar")
    assert client.get(second).status_code == 404
    assert client.get("/feeds/made-up.ics").status_code == 404
    with pytest.raises(NotFound):
        feeds_of(svc).owner(second.rsplit("/", 1)[1].removesuffix(".ics"))
    page = sam.get("/calendar").text
    assert "Your calendar feed was revoked" in page and "Make a feed address" in page


def test_only_the_tokens_sha256_is_kept(demo):
    svc, _app, _passwords = demo
    token = feeds_of(svc).create("sue")
    with svc.ctx.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(feeds))]
    assert [r["token_hash"] for r in rows] == [hashed(token)]
    assert token not in repr(rows)


def test_a_feed_shows_only_its_users_scope(demo):
    svc, app, passwords = demo
    service = feeds_of(svc)
    sues = subscribed(app, f"/feeds/{service.create('sue')}.ics")
    sams = subscribed(app, f"/feeds/{service.create('sam')}.ics")
    lous = subscribed(app, f"/feeds/{service.create('lou')}.ics")
    assert urns(sues) and urns(sues) <= SUES
    assert urns(sams) - SUES, "sam, a Service Manager, sees schools beyond sue's"
    calderdale = {row["urn"] for row in svc.schools.list("sam")}
    assert urns(lous) and not urns(lous) & calderdale  # Leeds sees no Calderdale school
    sue = signed_in(app, "sue", passwords["sue"])
    for entry in service.entries("sue"):
        assert entry.urn in SUES
    month = sue.get(f"/calendar?month={service.entries('sue')[0].day:%Y-%m}")
    assert month.status_code == 200


def test_the_month_view_lists_the_entries_of_the_month(demo):
    svc, app, passwords = demo
    sam = signed_in(app, "sam", passwords["sam"])
    entry = feeds_of(svc).entries("sam")[-1]
    page = sam.get(f"/calendar?month={entry.day:%Y-%m}")
    assert page.status_code == 200
    assert entry.title.replace("'", "&#39;") in page.text
    assert f"{entry.day:%B %Y}" in page.text
    assert "Make a feed address" in page.text
    assert sam.get("/calendar?month=nonsense").status_code == 200  # this month instead
    # The days that are not working days in the user's authority (Calderdale: England).
    december = sam.get("/calendar?month=2026-12").text
    assert "Not a working day: Christmas Day" in december
    assert "Not a working day: Boxing Day (substitute day)" in december or \
        "Not a working day: Boxing Day" in december


def test_each_alarm_rings_on_the_day_the_scheduler_queues_that_reminder(sqlite_url):
    svc = make_services(sqlite_url)
    load(svc)
    entry = next(e for e in feeds_of(svc).entries("sam")
                 if e.uid.endswith("compliance-period") and len(e.reminders) == 2)
    reference = entry.uid.removeprefix("deadline-").removesuffix("-compliance-period")
    svc.close()

    def queued(day: date) -> set[int]:
        """The thresholds queued for the deadline by the scheduler running at 09:00 on `day`."""
        then = make_services(sqlite_url, now=f"{day.isoformat()}T09:00:00+00:00")
        try:
            then.deadlines.queue_reminders(then.ctx.clock.now())
            return {r["days_before"] for r in then.deadlines.reminders("sam")
                    if r["case_reference"] == reference and r["kind"] == "compliance-period"}
        finally:
            then.close()

    five, one = entry.reminders  # 5 working days before, then 1 (Calderdale)
    assert five < one < entry.day
    assert 5 not in queued(five - timedelta(days=1))  # in the order of the days
    assert 5 in queued(five)
    assert 1 not in queued(one - timedelta(days=1))
    assert 1 in queued(one)


def test_an_administrator_revokes_the_feed_of_someone_leaving(demo):
    svc, app, _passwords = demo
    service = feeds_of(svc)
    token = service.create("sue")
    with pytest.raises(NotPermitted):
        service.revoke("sam", "sue")  # a Service Manager manages no users
    assert service.revoke("ada", "sue") == 1
    assert TestClient(app).get(f"/feeds/{token}.ics").status_code == 404
    with pytest.raises(NotFound):
        service.revoke("ada", "nobody")


def test_scc_calendar_feed_create_show_and_revoke(sqlite_url):
    from tests.conftest import cli_against

    svc = make_services(sqlite_url)
    load(svc)
    svc.close()
    scc = cli_against(sqlite_url)
    made_ = scc("calendar", "feed", "create", user="sue")
    assert made_.code == 0 and made_.out.startswith("/feeds/")
    token = made_.out.strip().removeprefix("/feeds/").removesuffix(".ics")
    ics = scc("calendar", "feed", "show", "--ics", user="sue")
    assert ics.code == 0
    assert urns(Calendar.from_ical(ics.out)) <= SUES
    shown = scc("calendar", "feed", "show", "--json", user="sue").json()
    assert shown["feed"]["active"] and {e["urn"] for e in shown["entries"]} <= SUES
    assert scc("calendar", "feed", "revoke", "--user", "sue", user="sam").code == 6
    assert scc("calendar", "feed", "revoke", "--user", "sue", user="ada").code == 0
    svc = make_services(sqlite_url)
    with pytest.raises(NotFound):
        feeds_of(svc).owner(token)
    svc.close()
