"""Calendars: a private, revocable iCalendar feed per user of the deadlines, visits and meetings
they may see, with the reminders as alarms, and the same entries as a month.

A feed's address carries a random token instead of a session (calendar clients sign in to
nothing). Only the token's SHA-256 is kept, beside who it belongs to and when it was revoked: a
copy of the table opens no feed, and a revoked token is refused. The token decides the user; what
the feed shows is then read exactly as that user's pages read it, through the services' scoped
queries (DeadlineService, VisitService, MeetingService and so the one scope rule), never the
tables directly. Like the web sessions, the table is not a read model (nothing in the events could
rebuild it), so it has its own MetaData and `scc projections rebuild` never touches it.
"""

from __future__ import annotations

import re
import secrets
import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256
from typing import Any

from icalendar import Alarm, Calendar, Event
from sqlalchemy import Column, Engine, MetaData, String, Table, insert, select, update

from scc.application.context import Context
from scc.application.deadlines import DeadlineService
from scc.application.meetings import MeetingService
from scc.application.planner import title, working_days_before
from scc.application.scope import acts_for, managed_user
from scc.application.visits import VisitService
from scc.calendar import WorkingDayCalendar
from scc.clock import LONDON
from scc.domain.errors import NotFound

feed_state = MetaData()
feeds = Table(
    "calendar_feeds", feed_state,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(200), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),  # ISO 8601, UTC
    Column("revoked_at", String(40)),
)
REMINDER_TIME = time(9, 0)  # an alarm rings at 09:00 UK time on its working day
SHOWN = frozenset({"open", "passed", "lapsed", "not-started"})  # deadlines still to be acted on
GONE = frozenset({"cancelled"})
_READY: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines whose feeds table exists
REFUSED = "There is no such calendar feed, or it was revoked; ask for a new one."


@dataclass(frozen=True)
class Entry:
    """One thing on a day: a deadline, a visit or a progress meeting."""

    day: date
    uid: str
    kind: str  # deadline, visit, meeting
    title: str
    detail: str
    href: str
    urn: str
    reminders: tuple[date, ...] = ()


def hashed(token: str) -> str:
    return sha256(token.encode()).hexdigest()


class FeedService:
    def __init__(self, ctx: Context, deadlines: DeadlineService, visits: VisitService,
                 meetings: MeetingService) -> None:
        self.ctx, self.deadlines, self.visits, self.meetings = ctx, deadlines, visits, meetings

    def _table(self) -> Table:
        """The feeds table, created on first use in each process (under the schema lock)."""
        engine = self.ctx.engine
        if engine not in _READY:
            from scc.application.schema import schema_lock

            with schema_lock(engine), engine.begin() as conn:
                feed_state.create_all(conn)
            _READY.add(engine)
        return feeds

    # Commands

    def create(self, user: str | None) -> str:
        """A new feed for the user; returns its token, which is shown once and never stored.
        Any feed the user had is revoked: each user has one address at a time."""
        actor = self.ctx.actor(user, "case.read")
        token = secrets.token_urlsafe(32)
        now = self.ctx.clock.now().isoformat()
        table = self._table()
        with self.ctx.engine.begin() as conn:
            self._revoke(conn, actor.name, now)
            conn.execute(insert(table).values(token_hash=hashed(token), user_name=actor.name,
                                              created_at=now, revoked_at=None))
        return token

    def revoke(self, user: str | None, of: str | None = None) -> int:
        """Revokes the user's feed, or (an administrator, for someone leaving) the feed of the
        user `of` in an authority they act for; returns how many addresses stopped working."""
        if of is None:
            name = self.ctx.actor(user, "case.read").name
        else:
            name = managed_user(self.ctx, self.ctx.actor(user, "user.manage"), of).name
        with self.ctx.engine.begin() as conn:
            return self._revoke(conn, name, self.ctx.clock.now().isoformat())

    def _revoke(self, conn: Any, name: str, now: str) -> int:
        f = self._table().c
        done = conn.execute(update(feeds).where(f.user_name == name, f.revoked_at.is_(None))
                            .values(revoked_at=now))
        return int(done.rowcount or 0)

    # Queries

    def status(self, user: str | None) -> dict[str, Any]:
        """Whether the user has a working feed, and since when."""
        actor = self.ctx.actor(user, "case.read")
        f = self._table().c
        with self.ctx.engine.connect() as conn:
            since = conn.execute(select(f.created_at).where(
                f.user_name == actor.name, f.revoked_at.is_(None))).scalar()
        return {"active": since is not None, "since": since}

    def owner(self, token: str) -> str:
        """The user a live token belongs to; a token unknown or revoked is not found."""
        f = self._table().c
        if not token or len(token) > 100:
            raise NotFound(REFUSED)
        with self.ctx.engine.connect() as conn:
            name = conn.execute(select(f.user_name).where(
                f.token_hash == hashed(token), f.revoked_at.is_(None))).scalar()
        if name is None:
            raise NotFound(REFUSED)
        return str(name)

    def feed(self, token: str, site: str | None = None) -> bytes:
        """The iCalendar document of the token's user: what that user may see now (each event
        linked to its page at `site`, the service's address, where given)."""
        return ical(self.entries(self.owner(token)), self.ctx.clock.now(), site)

    def entries(self, user: str | None) -> list[Entry]:
        """The user's running deadlines, planned visits and progress meetings, each read
        through the scope rule by its own service, soonest first."""
        self.ctx.actor(user, "case.read")
        found = [self._deadline(row) for row in self.deadlines.deadlines(user)
                 if row["status"] in SHOWN]
        found += [Entry(_day(row["visit_on"]), f"visit-{row['reference']}", "visit",
                        f"{row['school_name']}: progress-and-impact visit",
                        f"Visit {row['reference']} ({row['state']}), officer {row['officer']}",
                        f"/visits/{row['reference']}", row["urn"])
                  for row in self.visits.list(user) if row["state"] not in GONE]
        found += [Entry(_day(row["meets_on"]), f"meeting-{row['reference']}", "meeting",
                        f"{row['school_name']}: termly progress meeting",
                        f"Progress meeting {row['reference']} ({row['state']})",
                        f"/meetings/{row['reference']}", row["urn"])
                  for row in self.meetings.list(user)]
        return sorted(found, key=lambda e: (e.day, e.title, e.uid))

    def working_days(self, user: str | None) -> WorkingDayCalendar | None:
        """The calendar of the user's authority where they act for one only (with several, no
        one calendar is theirs)."""
        codes = acts_for(self.ctx, self.ctx.user(self.ctx.actor(user, "case.read").name))
        return self.deadlines._calendar(self.ctx.clock.today(), next(iter(codes))) \
            if len(codes) == 1 else None

    def _deadline(self, row: dict[str, Any]) -> Entry:
        due = date.fromisoformat(row["due"])
        reference = row["case"]
        return Entry(due, f"deadline-{reference}-{row['kind']}", "deadline",
                     f"{row['school']}: {label(row['kind'])}",
                     f"{reference}: {row['rule'] or ''} ({row['status']})",
                     page_of(reference, row["urn"]), row["urn"],
                     self._reminders(row["authority"], row["kind"], due, row["status"]))

    def _reminders(self, authority: str, kind: str, due: date, status: str) -> tuple[date, ...]:
        """The days the scheduler reminds of the deadline (the policy pack's thresholds, in
        working days of the school's authority)."""
        if status not in ("open", "not-started"):
            return ()
        # The scheduler's own thresholds and calendar (DeadlineService.queue_reminders).
        offsets = self.deadlines._reminder_offsets(authority)
        calendar = self.deadlines._calendar(self.ctx.clock.today(), authority)
        family = "intervention-window" if kind.startswith("intervention-window-") else kind
        return tuple(working_days_before(calendar, due, n)
                     for n in sorted(offsets.get(family, offsets["default"]), reverse=True))


PAGES = {"V": "/visits/", "M": "/meetings/", "P": "/plans/", "": "/cases/"}


def page_of(reference: str, urn: str) -> str:
    """The page of what a deadline belongs to: a case (URN-n), a visit (URN-Vn), a meeting
    (URN-Mn), an improvement plan (URN-Pn); the school's page for anything else."""
    found = re.fullmatch(r"\d{6}-([A-Z]?)\d+", reference)
    prefix = PAGES.get(found.group(1)) if found else None
    return f"{prefix}{reference}" if prefix else f"/schools/{urn}"


def label(kind: str) -> str:
    """What a deadline is, in words, whatever it belongs to."""
    for prefix, words in (("visit-report-return-", "agreed visit report due back from the school"),
                          ("visit-report-", "visit report due to the headteacher"),
                          ("meeting-documents-", "documents due for the progress meeting"),
                          ("plan-review-", "termly review of the improvement plan due")):
        if kind.startswith(prefix):
            return words
    return title(kind)


def ical(entries: list[Entry], now: datetime, site: str | None = None) -> bytes:
    """The entries as an iCalendar document: all-day events (linked to their pages at `site`),
    each reminder an alarm at 09:00 UK time on its day."""
    cal = Calendar()
    cal.add("prodid", "-//scc//schools causing concern//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Schools causing concern")
    cal.add("x-published-ttl", "PT1H")  # clients that honour it fetch the feed again hourly
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@scc")
        event.add("dtstamp", now)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.title)
        event.add("description", entry.detail)
        event.add("categories", [entry.kind])
        event.add("transp", "TRANSPARENT")
        if site:
            event.add("url", site.rstrip("/") + entry.href)
        for day in entry.reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Reminder: {entry.title} on {entry.day:%d %B %Y}")
            alarm.add("trigger", datetime.combine(day, REMINDER_TIME, LONDON).astimezone(UTC))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def feeds_of(services: Any) -> FeedService:
    """The feed service over the services of one process (scc.bootstrap.Services)."""
    return FeedService(services.ctx, services.deadlines, services.visits, services.meetings)


def month_view(entries: list[Entry], first: date, today: date,
               calendar: WorkingDayCalendar | None = None) -> dict[str, Any]:
    """The month starting on `first` as weeks of days, Monday first, each day with its entries
    (the days of the neighbouring months blank) and, on `calendar`, why a weekday is not a
    working day (a bank holiday, an authority's closure); the previous and next months."""
    start = first - timedelta(days=first.weekday())
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        if first <= entry.day < following:
            by_day.setdefault(entry.day, []).append(entry)
    weeks, day = [], start
    while day < following:
        weeks.append([{"day": day, "in_month": first <= day < following, "today": day == today,
                       "entries": by_day.get(day, []),
                       "closed": calendar.non_working_reason(day)
                       if calendar and day.weekday() < 5 else None}
                      for day in (day + timedelta(days=i) for i in range(7))])
        day += timedelta(days=7)
    previous = (first - timedelta(days=1)).replace(day=1)
    return {"first": first, "weeks": weeks, "previous": f"{previous:%Y-%m}",
            "next": f"{following:%Y-%m}", "count": sum(len(v) for v in by_day.values())}
