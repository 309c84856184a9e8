"""The events of many records read at once (a support board's bids, a legal officer's export
logs) are all read however many records there are: more than one statement may name (PostgreSQL
takes at most 65,535 parameters) are read in batches, each record's events in the order recorded.
On SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import uuid4

from scc.application.stored_events import events_of
from scc.domain import ids


def test_the_events_of_more_records_than_one_statement_may_name_are_all_read(services) -> None:
    people = [ids.user_id(name) for name in ("ada", "sam", "sue", "lee")]
    services.admin.change_role("ada", "sue", "legal")  # a second event of one record
    others = [uuid4() for _ in range(70_000)]  # records with no events, named in between
    found = events_of(services.ctx, [*others[:35_000], *people, *others[35_000:]])
    assert sorted({e.originator_id for e in found}) == sorted(people)
    sue = [e.originator_version for e in found if e.originator_id == ids.user_id("sue")]
    assert sue == sorted(sue) and len(sue) >= 2
