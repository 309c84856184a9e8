"""The deadlines still running, as every list shows them (`scc deadlines`, the caseload, the
deadlines page, `/api/deadlines`), read from the deadline read model with each case's status.
Apart from recording and reminding (application/deadlines.py), so listing deadlines imports no
aggregate, notice or projector module: a short command's time is mostly its imports."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select

from scc.application.context import Context
from scc.application.deadline_view import RUNNING, CaseFacts, described
from scc.application.scope import Scope, reference_urn, scope_of
from scc.calendar import WorkingDayCalendar
from scc.calendar_law import calendar_variant
from scc.domain.values import Role
from scc.projections import tables as t
from scc.projections.officers import officer_on
from scc.projections.queries import acting_for, authority_of, chunks, in_authorities

# How many cases' facts a process keeps: every open case of a national register.
KNOWN = 20_000


class DeadlineList:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # Each case's facts with the version of the case they were read at, kept by the process
        # for all its lists: a long-lived one reads again only the cases that moved since.
        self._known: dict[str, tuple[int, CaseFacts]] = ctx.case_facts
        self._knowing = ctx.case_facts_lock

    def deadlines(self, user: str | None, due_before: date | None = None, overdue: bool = False,
                  mine: bool = False, authority: str | None = None) -> list[dict[str, Any]]:
        """The deadlines still running on open cases of the schools the user may see (of all
        their authorities, or the one named), soonest first, with their school, authority and
        case: neither met nor overtaken by a later act (a decided compliance period is met); an
        intervention window is `not-started` until its compliance period ends. `mine`: only
        those the user is reminded of."""
        actor = self.ctx.actor(user, "case.read")
        scope = scope_of(self.ctx, actor)
        today = self.ctx.clock.today()
        d, s = t.deadlines.c, t.schools.c
        query = deadline_rows().where(d.met_on.is_(None), d.case_open.is_(True))
        within = in_authorities(func.coalesce(d.authority, s.authority), scope.within(authority))
        query = query if within is None else query.where(within)
        if due_before is not None:
            query = query.where(d.due < due_before)
        rows = [row for row in self._described(query, today, scope)
                if row["status"] not in ("met", "superseded")]
        if overdue:
            rows = [row for row in rows if row["status"] in ("passed", "lapsed")]
        if mine:
            rows = [row for row, names in zip(rows, self.recipients(rows, today))
                    if actor.name in names]
        return rows

    def next_running(self, user: str | None, cases: Collection[str]) -> dict[str, dict[str, Any]]:
        """Each of `cases`' next running deadline (open, passed or lapsed: the soonest still
        needing someone), as `deadlines` gives it; a case with none is left out. Only those
        cases' rows of the read model are read, not every deadline the user may see."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "case.read"))
        today, d = self.ctx.clock.today(), t.deadlines.c
        found: dict[str, dict[str, Any]] = {}
        for chunk in chunks(sorted(cases)):
            query = deadline_rows().where(d.met_on.is_(None), d.case_open.is_(True),
                                          d.case_reference.in_(chunk))
            for row in self._described(query, today, scope):
                if row["status"] in RUNNING:
                    found.setdefault(row["case"], row)  # soonest first
        return found

    def _calendar(self, today: date, authority: str) -> WorkingDayCalendar:
        found = self.ctx.authority(authority)  # its jurisdiction's calendar (Wales: wales-strict)
        return self.ctx.calendar(calendar_variant(today, found.jurisdiction), found)

    def _described(self, query: Any, today: date,
                   scope: Scope | None = None) -> list[dict[str, Any]]:
        """The rows of `query` (inside `scope`), each with the status its case gives it, in
        working days of its school's authority."""
        rows = [row for row in self._rows(query) if scope is None or _covers(scope, row)]
        facts = self._facts({row["case"]: row["case_version"] for row in rows
                             if row["case_version"] is not None})
        found = []
        calendars: dict[str, WorkingDayCalendar] = {}  # each authority's, looked up once
        for row in rows:
            if row["authority"] not in calendars:
                calendars[row["authority"]] = self._calendar(today, row["authority"])
            calendar = calendars[row["authority"]]
            found.append({"case": row["case"], "school": row["school"], "urn": row["urn"],
                          "authority": row["authority"],
                          **described(row, facts.get(row["case"]), today, calendar)})
        return found

    def _facts(self, versions: dict[str, int]) -> dict[str, CaseFacts]:
        """Each case's facts (by reference, at the version given) from its row of the `cases`
        read model and its rows of `deadlines`, which the projection writes from the case itself
        in the command's own transaction (a visit's or a meeting's deadline has no case). Read
        in one statement per batch, so a case's rows are of one commit."""
        with self._knowing:
            found = {reference: known[1] for reference, version in versions.items()
                     if (known := self._known.get(reference)) and known[0] == version}
        c, d = t.cases.c, t.deadlines.c
        read: dict[str, tuple[int, dict[str, Any], list[dict[str, Any]]]] = {}
        with self.ctx.engine.connect() as conn:
            for chunk in chunks(sorted(versions.keys() - found.keys())):
                query = (select(c.reference, c.version, c.state, c.is_open, c.compliance_outcome,
                                c.exercised, d.kind, d.due, d.rule, d.met_on, d.passed_on,
                                d.set_by)
                         .outerjoin_from(t.cases, t.deadlines, d.case_reference == c.reference)
                         .where(c.reference.in_(chunk)))
                for row in conn.execute(query):
                    case = read.setdefault(row.reference, (row.version, dict(row._mapping), []))
                    if row.kind is not None:
                        case[2].append(dict(row._mapping))
        fresh = {reference: (version, CaseFacts.read(case, deadlines))
                 for reference, (version, case, deadlines) in read.items()}
        with self._knowing:
            for reference, known in fresh.items():  # the longest unread go first
                self._known.pop(reference, None)
                self._known[reference] = known
            while len(self._known) > KNOWN:
                del self._known[next(iter(self._known))]
        return found | {reference: facts for reference, (_, facts) in fresh.items()}

    def recipients(self, rows: list[dict[str, Any]], on: date) -> list[list[str]]:
        """Who is reminded on `on` of each deadline row (its `urn` and `authority`): the school's
        officer that day and every Service Manager acting for that authority, who must never
        lose track of a statutory deadline. A cluster's A3 (no school) goes to the Service
        Managers. Read once for all the rows: a day's reminders are thousands at national
        scale."""
        officers = officer_on(self.ctx.engine, on, {r["urn"] for r in rows if r["urn"]})
        managers = {a: acting_for(self.ctx.engine, a, Role.SERVICE_MANAGER.value)
                    for a in {r["authority"] for r in rows}}
        return [sorted(set(managers[r["authority"]]) | ({officers[r["urn"]]}
                                                       if r["urn"] in officers else set()))
                for r in rows]

    def reminders(self, user: str | None, theirs: bool = False) -> list[dict[str, Any]]:
        """The reminders queued about the schools the user may see (`theirs`: only those sent
        to the user, read alone: the dashboard's, whatever the outbox holds for others)."""
        from scc import reminders as outbox  # with the mailer's modules: only this list needs it

        scope = scope_of(self.ctx, self.ctx.actor(user, "case.read"))
        return [row for row in outbox.listing(self.ctx.engine, user if theirs else None)
                if (scope.covers_authority(row["case_reference"].removesuffix("-A3"))
                    if row["case_reference"].endswith("-A3")
                    else scope.covers(reference_urn(row["case_reference"])))]

    def _rows(self, query: Any) -> Iterator[dict[str, Any]]:
        with self.ctx.engine.connect() as conn:
            yield from (dict(row._mapping) for row in conn.execute(query))


def _covers(scope: Scope, row: dict[str, Any]) -> bool:
    """A deadline of a school, or a cluster's A3 (no school), which is the whole authority's."""
    return scope.covers(row["urn"]) if row["urn"] is not None \
        else scope.covers_authority(row["authority"])


def deadline_rows() -> Any:
    # Joined on the school rather than the case: visit and meeting deadlines have no case; a
    # cluster's A3 has no school either, and names its cluster and authority itself.
    d, s, c = t.deadlines.c, t.schools.c, t.cases.c
    return (select(d.case_reference.label("case"), func.coalesce(s.name, d.cluster).label("school"),
                   d.urn, func.coalesce(d.authority, authority_of(s.authority)).label("authority"),
                   d.kind, d.due, d.rule, d.met_on, d.passed_on, d.set_by,
                   c.version.label("case_version"))
            .outerjoin_from(t.deadlines, t.schools, d.urn == s.urn)
            .outerjoin(t.cases, c.reference == d.case_reference)
            .order_by(d.due, d.case_reference, d.kind))

